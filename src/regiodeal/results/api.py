"""The results part of the REST API (`/api/v1/deals/<slug>/monitoring/`).

Read: VIEW_INTERNAL. Indicators, baselines and targets: MANAGE_RESULTS. Measurements:
RECORD_PROGRESS (a project lead only with a `project` they manage); imports need
RECORD_PROGRESS for the whole deal. Values are decimal strings. A PATCH carries the
`lock_version` it started from; a stale one gets 409 Conflict.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from regiodeal.accounts.permissions import can
from regiodeal.accounts.roles import Capability
from regiodeal.api.parsers import LimitedJSONParser
from regiodeal.api.views import DealAPIView
from regiodeal.common.dataversion import cached_for_deal
from regiodeal.common.lookups import found_or_404
from regiodeal.common.params import date_param
from regiodeal.common.uploads import uploaded
from regiodeal.deals.constants import AreaKind
from regiodeal.deals.selectors import version_in_force
from regiodeal.disclosure.access import visibility_key, without_hidden_projects
from regiodeal.projects.models import Project

from . import services
from .importing import measurements_import
from .models import Indicator, Measurement, Milestone, ResultIndicator
from .selectors import (
    approach_norms,
    dashboard,
    indicator_list,
    link_list,
    measurement_list,
    milestone_get,
    milestone_list,
    unjudged,
)

VALUE = {"max_digits": 20, "decimal_places": 4}


class IndicatorSerializer(serializers.ModelSerializer):
    sdg_proposed = serializers.ListField(
        child=serializers.IntegerField(),
        source="sdgs",
        read_only=True,
        help_text="Proposed SDG links: a proposal, not a CBS table.",
    )

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "unit",
            "unit_en",
            "better",
            "origin",
            "dimension",
            "theme",
            "sdg_proposed",
        ]
        read_only_fields = ["id", "origin", "dimension"]


class IndicatorCreateSerializer(serializers.ModelSerializer):
    sdg_proposed = serializers.CharField(required=False, allow_blank=True)

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "name_en",
            "unit",
            "unit_en",
            "better",
            "theme",
            "sdg_proposed",
            "description",
        ]
        validators: list = []


class TargetSerializer(serializers.ModelSerializer):
    """An intended result measured by an indicator: baseline (Art. 7.1) and target."""

    result = serializers.CharField(source="result.code")
    indicator = serializers.CharField(source="indicator.code")
    baseline_value = serializers.DecimalField(allow_null=True, required=False, **VALUE)
    target_value = serializers.DecimalField(**VALUE)

    class Meta:
        model = ResultIndicator
        fields = [
            "id",
            "result",
            "indicator",
            "baseline_value",
            "baseline_on",
            "baseline_source",
            "target_kind",
            "target_value",
            "target_on",
            "area_kind",
            "article",
            "note",
            "lock_version",
        ]
        read_only_fields = ["id", "article", "lock_version"]


class TargetPatchSerializer(serializers.Serializer):
    lock_version = serializers.IntegerField()
    baseline_value = serializers.DecimalField(allow_null=True, required=False, **VALUE)
    baseline_on = serializers.DateField(allow_null=True, required=False)
    baseline_source = serializers.CharField(allow_blank=True, required=False)
    target_kind = serializers.ChoiceField(choices=["absolute", "relative", "per_area"], required=False)
    target_value = serializers.DecimalField(required=False, **VALUE)
    target_on = serializers.DateField(required=False)
    area_kind = serializers.CharField(allow_blank=True, required=False)
    note = serializers.CharField(allow_blank=True, required=False)


class MeasurementSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code")
    project = serializers.CharField(source="project.code", allow_null=True, required=False, default=None)
    value = serializers.DecimalField(**VALUE)
    # Blank for a figure of the whole deal; declared so that the schema allows the blank.
    area_kind = serializers.ChoiceField(choices=AreaKind.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Measurement
        fields = [
            "id",
            "indicator",
            "value",
            "on",
            "period_start",
            "source",
            "area_code",
            "area_name",
            "area_kind",
            "group_code",
            "project",
            "imported_from",
            "lock_version",
        ]
        read_only_fields = ["id", "area_kind", "imported_from", "lock_version"]


def _indicator(deal, code: str) -> Indicator:
    try:
        return indicator_list(deal=deal).get(code=code)
    except Indicator.DoesNotExist as exc:
        raise ValidationError({"indicator": [_("Onbekende indicator %(code)r.") % {"code": code}]}) from exc


class IndicatorList(DealAPIView, generics.ListCreateAPIView):
    """The CBS brede-welvaart catalogue and the deal's own indicators; POST adds one of the deal's
    own (MANAGE_RESULTS)."""

    write_capability = Capability.MANAGE_RESULTS
    serializer_class = IndicatorSerializer
    queryset = Indicator.objects.none()

    def get_queryset(self):
        return indicator_list(deal=self.get_deal())

    @extend_schema(request=IndicatorCreateSerializer, responses={201: IndicatorSerializer})
    def post(self, request, *args, **kwargs):
        serializer = IndicatorCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        indicator = services.indicator_create(
            actor=self.actor(), deal=self.get_deal(), **serializer.validated_data
        )
        return Response(IndicatorSerializer(indicator).data, status=status.HTTP_201_CREATED)


class TargetList(DealAPIView, generics.ListCreateAPIView):
    """Indicators per intended result, with baseline and target; POST links one (MANAGE_RESULTS)."""

    write_capability = Capability.MANAGE_RESULTS
    serializer_class = TargetSerializer
    queryset = ResultIndicator.objects.none()

    def get_queryset(self):
        return link_list(deal=self.get_deal())

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        deal = self.get_deal()
        result_code = data.pop("result")["code"]
        try:
            result = version_in_force(deal).results.get(code=result_code)
        except ObjectDoesNotExist as exc:
            raise ValidationError(
                {"result": [_("Onbekend beoogd resultaat %(code)r.") % {"code": result_code}]}
            ) from exc
        indicator = _indicator(deal, data.pop("indicator")["code"])
        data.setdefault("baseline_value", None)
        link = services.result_indicator_create(
            actor=self.actor(), deal=deal, result=result, indicator=indicator, **data
        )
        return Response(TargetSerializer(link).data, status=status.HTTP_201_CREATED)


class TargetDetail(DealAPIView, generics.RetrieveUpdateAPIView):
    """One indicator target; PATCH sets the baseline or changes the target, with `lock_version`."""

    write_capability = Capability.MANAGE_RESULTS
    serializer_class = TargetSerializer
    queryset = ResultIndicator.objects.none()
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        try:
            return link_list(deal=self.get_deal()).get(pk=self.kwargs["pk"])
        except ResultIndicator.DoesNotExist as exc:
            raise Http404 from exc

    @extend_schema(request=TargetPatchSerializer, responses={200: TargetSerializer})
    def patch(self, request, *args, **kwargs):
        link = self.get_object()
        serializer = TargetPatchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        expected = data.pop("lock_version")
        services.result_indicator_update(actor=self.actor(), link=link, expected_version=expected, **data)
        return Response(TargetSerializer(self.get_object()).data)


class MeasurementList(DealAPIView, generics.ListCreateAPIView):
    """Measurements (filter: indicator code); POST records one (RECORD_PROGRESS; a project lead
    only with a project they manage)."""

    write_capability = Capability.RECORD_PROGRESS
    object_level = True
    serializer_class = MeasurementSerializer
    queryset = Measurement.objects.none()

    def get_queryset(self):
        deal = self.get_deal()
        # Art. 10.1: not the measurements of a project kept from the user (disclosure/access.py).
        qs = without_hidden_projects(measurement_list(deal=deal), self.request.user, deal)
        code = self.request.query_params.get("indicator")
        return qs.filter(indicator__code=code) if code else qs

    @extend_schema(parameters=[OpenApiParameter("indicator", str, description="Indicator code")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        deal = self.get_deal()
        project_code = (data.pop("project", None) or {}).get("code")
        project = None
        if project_code:
            project = Project.objects.filter(deal=deal, code=project_code).first()
            if project is None:
                raise ValidationError({"project": [_("Onbekend project %(code)r.") % {"code": project_code}]})
        if not can(request.user, Capability.RECORD_PROGRESS, deal, obj=project):
            raise PermissionDenied
        indicator = _indicator(deal, data.pop("indicator")["code"])
        m = services.measurement_record(
            actor=self.actor(), deal=deal, indicator=indicator, project=project, **data
        )
        return Response(MeasurementSerializer(m).data, status=status.HTTP_201_CREATED)


class MeasurementImport(DealAPIView, APIView):
    """Import measurements from a .csv or .xlsx (standard or CBS layout), all-or-nothing. On any
    problem: 400 with every error's row and column, and nothing stored."""

    write_capability = Capability.RECORD_PROGRESS
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "MeasurementImportRequest",
                {
                    "file": serializers.FileField(),
                    "on": serializers.DateField(required=False),
                    "columns": serializers.CharField(
                        required=False, help_text="CBS column=indicator code, one per line"
                    ),
                    "source": serializers.CharField(required=False),
                },
            )
        },
        responses={201: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
    )
    def post(self, request, *args, **kwargs):
        filename, content = uploaded(request)
        on = date_param(request.data, "on", default=None)
        columns = {}
        for line in str(request.data.get("columns", "")).splitlines():
            if "=" in line:
                column, code = line.split("=", 1)
                columns[column.strip()] = code.strip()
        outcome = measurements_import(  # ImportRejected: 400 with every problem (api/handler.py)
            actor=self.actor(),
            deal=self.get_deal(),
            filename=filename,
            content=content,
            on=on,
            columns=columns,
            source=str(request.data.get("source", "")),
        )
        return Response(
            {
                "file": outcome.filename,
                "layout": outcome.layout,
                "created": outcome.created,
                "skipped": outcome.skipped,
            },
            status=status.HTTP_201_CREATED,
        )


def _fraction(value) -> str | None:
    return None if value is None else f"{float(value):.4f}"


class VerdictList(DealAPIView, APIView):
    """Art. 7.2.B: the verdict of every indicator target, intended result and pillar at a date
    (`?on=YYYY-MM-DD`, default today). The rule: docs/results.md."""

    @extend_schema(
        parameters=[OpenApiParameter("on", OpenApiTypes.DATE, description="Default: today")],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request, *args, **kwargs):
        deal, on = self.get_deal(), self.on()
        # Computed once per data version of the deal and date (common/dataversion.py), and per
        # what the user may see: a third party gets no confidential project (Art. 10.1).
        user = request.user
        key = f"api:verdicts:{on.isoformat()}:{visibility_key(user, deal)}"
        return Response(cached_for_deal(deal, key, lambda: _verdicts(deal, on, user)))


def _verdicts(deal, on: dt.date, viewer) -> dict:
    board = dashboard(deal=deal, on=on, latest_only=True, viewer=viewer)

    def counts(rollup):
        return {str(v): n for v, n in rollup.counts_worst_first()}

    def link(ls):
        v = ls.verdict
        a = v.assessment
        return {
            "id": ls.link.pk,
            "indicator": ls.link.indicator.code,
            "target_kind": ls.link.target_kind,
            "verdict": str(v.verdict),
            "p": _fraction(a.p) if a else None,
            "t": _fraction(a.t) if a else None,
            "latest_actual": str(a.actual.value) if a and a.actual else None,
            "latest_actual_on": a.actual.on.isoformat() if a and a.actual else None,
            "target_level": str(ls.target_level) if ls.target_level is not None else None,
            "areas_on_schedule": v.areas_on_schedule if v.areas else None,
            "areas_total": v.areas_total if v.areas else None,
            "areas": {code: str(av.verdict) for code, av in v.areas.items()},
        }

    return {
        "on": board.on.isoformat(),
        "verdict": str(board.rollup.verdict),
        "counts": counts(board.rollup),
        "pillars": [
            {
                "code": ps.pillar.code,
                "verdict": str(ps.rollup.verdict),
                "counts": counts(ps.rollup),
                "results": [
                    {
                        "code": rs.result.code,
                        "verdict": str(rs.rollup.verdict),
                        "counts": counts(rs.rollup),
                        "projects": [p.code for p in rs.projects],
                        "indicators": [link(ls) for ls in rs.links],
                    }
                    for rs in ps.results
                ],
            }
            for ps in board.pillars
        ],
    }


class ResultMilestoneSerializer(serializers.ModelSerializer):
    """A milestone that judges an intended result (or what residents will notice of a pillar)
    where the covenant names no number. Written as multipart (with its `document`) or JSON; the
    document is downloaded on screen. A change carries the `lock_version` it started from."""

    has_document = serializers.SerializerMethodField()
    document = serializers.FileField(write_only=True, required=False)
    lock_version = serializers.IntegerField(required=False)  # the version the change started from

    class Meta:
        model = Milestone
        fields = [
            "id",
            "result_code",
            "pillar_code",
            "title",
            "due_on",
            "delivered_on",
            "document",
            "has_document",
            "note",
            "from_definition",
            "lock_version",
        ]
        read_only_fields = ["id", "has_document", "from_definition"]

    def get_has_document(self, obj) -> bool:
        return bool(obj.document)


class ResultMilestoneList(DealAPIView, generics.ListCreateAPIView):
    """Milestones of the deal (Art. 3, Bijlage 1 §2.B). POST (MANAGE_RESULTS) plans one for an
    intended result (`result_code`) or for what residents will notice of a pillar (`pillar_code`)."""

    serializer_class = ResultMilestoneSerializer
    queryset = Milestone.objects.none()
    write_capability = Capability.MANAGE_RESULTS
    parser_classes = [LimitedJSONParser, MultiPartParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Milestone.objects.none()
        return milestone_list(deal=self.get_deal())

    def create(self, request, *args, **kwargs):
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = {k: v for k, v in ser.validated_data.items() if k != "lock_version"}
        milestone = services.milestone_create(actor=self.actor(), deal=self.get_deal(), **data)
        return Response(ResultMilestoneSerializer(milestone).data, status=status.HTTP_201_CREATED)


class ResultMilestoneDetail(DealAPIView, generics.RetrieveUpdateAPIView):
    """One milestone; PATCH (MANAGE_RESULTS) plans, delivers (a date and a document) or corrects it,
    with the `lock_version` it started from (409 when someone saved in between)."""

    serializer_class = ResultMilestoneSerializer
    queryset = Milestone.objects.none()
    write_capability = Capability.MANAGE_RESULTS
    parser_classes = [LimitedJSONParser, MultiPartParser]
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return found_or_404(milestone_get, deal=self.get_deal(), pk=self.kwargs["pk"])

    def update(self, request, *args, **kwargs):
        milestone = self.get_object()
        ser = self.get_serializer(milestone, data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        if "lock_version" not in data:
            raise ValidationError({"lock_version": [_("Stuur de lock_version mee waarvan u uitging.")]})
        expected = data.pop("lock_version")
        changes = {k: v for k, v in data.items() if k in services.MILESTONE_FIELDS}
        milestone = services.milestone_update(
            actor=self.actor(), milestone=milestone, expected_version=expected, **changes
        )
        return Response(ResultMilestoneSerializer(milestone).data)


class ApproachNormView(DealAPIView, APIView):
    """The norms of the approach (Art. 2: "minimaal dertig bewoners per wijk"), each with its
    verdict per area (`?on=`), and every intended result or pillar that nothing judges yet."""

    @extend_schema(
        parameters=[OpenApiParameter("on", OpenApiTypes.DATE, required=False)],
        responses={
            200: inline_serializer(
                "ResultsApproachNorms",
                {
                    "on": serializers.DateField(),
                    "norms": inline_serializer(
                        "ResultsApproachNorm",
                        {
                            "pillar": serializers.CharField(),
                            "indicator": serializers.CharField(),
                            "operator": serializers.CharField(),
                            "value": serializers.CharField(),
                            "area_kind": serializers.CharField(),
                            "article": serializers.CharField(),
                            "verdict": serializers.CharField(),
                            "areas_on_schedule": serializers.IntegerField(),
                            "areas_total": serializers.IntegerField(),
                        },
                        many=True,
                    ),
                    "unjudged": inline_serializer(
                        "ResultsUnjudged",
                        {"kind": serializers.CharField(), "code": serializers.CharField()},
                        many=True,
                    ),
                },
            )
        },
    )
    def get(self, request, *args, **kwargs):
        on = self.on()
        deal = self.get_deal()
        return Response(
            {
                "on": on.isoformat(),
                "norms": [
                    {
                        "pillar": n.norm.pillar.code,
                        "indicator": n.norm.indicator.code,
                        "operator": n.norm.operator,
                        "value": format(n.norm.value.normalize(), "f"),
                        "area_kind": n.norm.area_kind,
                        "article": n.norm.article,
                        "verdict": str(n.verdict.verdict),
                        "areas_on_schedule": n.verdict.areas_on_schedule,
                        "areas_total": n.verdict.areas_total,
                    }
                    for n in approach_norms(deal=deal, on=on)
                ],
                "unjudged": [{"kind": u.kind, "code": u.code} for u in unjudged(deal=deal, on=on)],
            }
        )
