"""The progress report in the REST API (`/api/v1/deals/<slug>/reports/...`).

Reading needs VIEW_INTERNAL, writing MANAGE_REPORT (programme office), commenting COMMENT_REPORT
(a Party's representative, for their own Party). `public/` is open to anyone: the submitted
reports with the checksum and address of their public PDF. `{year}/document/` gives the report's
structure as JSON (`?audience=public` for the public version); once submitted, the frozen one.
Writes go through the same services as the screens.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from regiodeal.accounts.permissions import organisations_represented
from regiodeal.accounts.roles import Capability
from regiodeal.api.views import DealAPIView

from . import selectors, services
from .constants import Audience, ReportStatus
from .models import Report


class ReportAPI(DealAPIView):
    write_capability = Capability.MANAGE_REPORT

    def get_report(self) -> Report:
        try:
            return selectors.report_get(self.get_deal(), self.kwargs["year"])
        except Report.DoesNotExist as exc:
            raise Http404 from exc


class ReportTransitionSerializer(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.ChoiceField(choices=ReportStatus.choices)
    on = serializers.DateField()
    at = serializers.DateTimeField()
    by = serializers.CharField(source="by_label")
    reason = serializers.CharField(source="reason_text")  # in the client's language
    note = serializers.CharField()
    due_before = serializers.DateField(allow_null=True)
    late = serializers.BooleanField()


class CommentSerializer(serializers.Serializer):
    organisation = serializers.CharField(source="organisation.code")
    organisation_name = serializers.CharField(source="organisation.name")
    text = serializers.CharField()
    at = serializers.DateTimeField()
    by = serializers.CharField(source="by_label")


class ReportSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ReportStatus.choices)
    sent_on = serializers.DateField(allow_null=True)
    submitted_on = serializers.DateField(allow_null=True)
    lessons = serializers.CharField()
    lock_version = serializers.IntegerField()
    internal_sha256 = serializers.CharField(allow_null=True, source="snapshot_internal")
    public_sha256 = serializers.CharField(allow_null=True, source="snapshot_public")


class ReportDetailSerializer(ReportSerializer):
    transitions = ReportTransitionSerializer(many=True, source="transitions.all")
    comments = CommentSerializer(many=True, source="comments.all")


def _with_checksums(report: Report) -> Report:
    frozen = selectors.snapshot_of(report)
    # Each is null until the worker has rendered the frozen PDF (rendering.py).
    report.snapshot_internal = (frozen.internal_sha256 or None) if frozen else None
    edition = selectors.current_edition(report)  # the public edition in force (Art. 10.1)
    public = (edition.sha256 if edition else frozen.public_sha256) if frozen else None
    report.snapshot_public = public or None
    return report


class GenerateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=1900, max_value=2999)
    lessons = serializers.CharField(required=False, allow_blank=True, default="")


class ReportList(ReportAPI, APIView):
    """The deal's progress reports, newest first; POST makes the draft on a year (Art. 7.2)."""

    @extend_schema(responses=ReportSerializer(many=True))
    def get(self, request, slug):
        reports = [_with_checksums(r) for r in selectors.report_list(self.get_deal())]
        return Response(ReportSerializer(reports, many=True).data)

    @extend_schema(request=GenerateSerializer, responses={201: ReportDetailSerializer})
    def post(self, request, slug):
        incoming = GenerateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        report = services.report_generate(actor=self.actor(), deal=self.get_deal(), **incoming.validated_data)
        report = _with_checksums(selectors.report_get(self.get_deal(), report.year))
        return Response(ReportDetailSerializer(report).data, status=status.HTTP_201_CREATED)


class WithdrawalSerializer(serializers.Serializer):
    edition = serializers.IntegerField()
    on = serializers.DateField(help_text="Day the edition was withdrawn (Art. 10.1)")


class PublicReportSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    submitted_on = serializers.DateField()
    checksum = serializers.CharField(help_text="SHA-256 of the public PDF (of the edition in force)")
    public_pdf_url = serializers.CharField()
    edition = serializers.IntegerField(help_text="Number of the public edition in force (1: as submitted)")
    withdrawn = WithdrawalSerializer(
        many=True, help_text="Earlier public editions withdrawn after a record in them was made confidential"
    )


class PublicReportList(ReportAPI, APIView):
    """Open to anyone (Art. 10): the submitted reports, newest first, each with the SHA-256 and
    the address of its public PDF, which leaves out confidential matter and personal data."""

    read_capability = None

    @extend_schema(responses=PublicReportSerializer(many=True))
    def get(self, request, slug):
        rows = selectors.public_reports(self.get_deal())
        data = [
            {
                **row.__dict__,
                "withdrawn": [w.__dict__ for w in row.withdrawn],
                "public_pdf_url": request.build_absolute_uri(row.public_pdf_url),
            }
            for row in rows
        ]
        return Response(PublicReportSerializer(data, many=True).data)


class ReportDetail(ReportAPI, APIView):
    """One report with its steps (who, when, why, late or not) and the Parties' comments."""

    @extend_schema(responses=ReportDetailSerializer)
    def get(self, request, slug, year):
        return Response(ReportDetailSerializer(_with_checksums(self.get_report())).data)


AUDIENCE_PARAM = OpenApiParameter(
    "audience", OpenApiTypes.STR, enum=Audience.values, description="internal (default) or public"
)


class ReportDocument(ReportAPI, APIView):
    """The report's structure (the same the PDF, Word, Excel and HTML are made from); once
    submitted, the frozen structure. Amounts are strings with two decimals."""

    @extend_schema(parameters=[AUDIENCE_PARAM], responses=OpenApiTypes.OBJECT)
    def get(self, request, slug, year):
        audience = request.query_params.get("audience", Audience.INTERNAL)
        if audience not in Audience.values:
            raise ValidationError(
                {"audience": [_("Een van: %(codes)s.") % {"codes": ", ".join(Audience.values)}]}
            )
        return Response(selectors.report_document_for(self.get_report(), audience, request.user))


class LessonsSerializer(serializers.Serializer):
    lessons = serializers.CharField(allow_blank=True)
    expected_version = serializers.IntegerField(min_value=1)


class Lessons(ReportAPI, APIView):
    """The lessons learned, written by the programme office until the report is final. A stale
    `expected_version` gets 409."""

    @extend_schema(request=LessonsSerializer, responses={200: ReportDetailSerializer})
    def post(self, request, slug, year):
        incoming = LessonsSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        report = self.get_report()
        services.report_lessons_set(actor=self.actor(), report=report, **incoming.validated_data)
        return Response(ReportDetailSerializer(_with_checksums(self.get_report())).data)


class DatedStepSerializer(serializers.Serializer):
    on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReportNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class _Step(ReportAPI, APIView):
    serializer = ReportNoteSerializer

    def act(self, request, report, data):
        raise NotImplementedError

    def post(self, request, slug, year):
        incoming = self.serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        report = self.get_report()
        self.act(request, report, incoming.validated_data)
        return Response(ReportDetailSerializer(_with_checksums(self.get_report())).data)


class Send(_Step):
    """Put the draft to the Parties (Art. 7.3: before 15 June; later is recorded as late)."""

    serializer = DatedStepSerializer

    @extend_schema(request=DatedStepSerializer, responses={200: ReportDetailSerializer})
    def post(self, request, slug, year):
        return super().post(request, slug, year)

    def act(self, request, report, data):
        services.report_send(actor=self.actor(), report=report, sent_on=data["on"], note=data["note"])


class Finalise(_Step):
    """The Parties have commented: the report is final."""

    @extend_schema(request=ReportNoteSerializer, responses={200: ReportDetailSerializer})
    def post(self, request, slug, year):
        return super().post(request, slug, year)

    def act(self, request, report, data):
        services.report_finalise(actor=self.actor(), report=report, note=data["note"])


class Reopen(_Step):
    """Back to the draft; the reason (`note`) is required."""

    @extend_schema(request=ReportNoteSerializer, responses={200: ReportDetailSerializer})
    def post(self, request, slug, year):
        return super().post(request, slug, year)

    def act(self, request, report, data):
        services.report_reopen(actor=self.actor(), report=report, note=data["note"])


class Submit(_Step):
    """Submit to VRO (Art. 7.3: before 15 July; later is recorded as late). Freezes the report."""

    serializer = DatedStepSerializer

    @extend_schema(request=DatedStepSerializer, responses={200: ReportDetailSerializer})
    def post(self, request, slug, year):
        return super().post(request, slug, year)

    def act(self, request, report, data):
        services.report_submit(actor=self.actor(), report=report, submitted_on=data["on"], note=data["note"])


class CommentCreateSerializer(serializers.Serializer):
    organisation = serializers.CharField(max_length=40, help_text="code of the Party you represent")
    text = serializers.CharField()


class Comments(ReportAPI, APIView):
    """The Parties' comments on the draft; POST comments on behalf of the Party you represent."""

    write_capability = Capability.COMMENT_REPORT

    @extend_schema(responses=CommentSerializer(many=True))
    def get(self, request, slug, year):
        return Response(CommentSerializer(self.get_report().comments.all(), many=True).data)

    @extend_schema(request=CommentCreateSerializer, responses={201: CommentSerializer})
    def post(self, request, slug, year):
        incoming = CommentCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        report = self.get_report()
        represented = organisations_represented(request.user, self.get_deal())
        organisation = next(
            (o for o in represented if o.code == incoming.validated_data["organisation"]), None
        )
        if organisation is None:
            raise ValidationError(
                {"organisation": ["You comment only on behalf of the Party you represent."]}
            )
        comment = services.report_comment(
            actor=self.actor(),
            report=report,
            organisation=organisation,
            text=incoming.validated_data["text"],
            represented=represented,
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
