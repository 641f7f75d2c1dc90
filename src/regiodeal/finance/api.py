"""The finance part of the REST API (`/api/v1/deals/<slug>/finance/...`), read and write.

Reading needs Capability.VIEW_FINANCE, writing MANAGE_FINANCE (programme office, regiokassier);
nothing here is public. Amounts are strings with two decimals. Writes go through the same
services as the screens and the command line, so the same rules and the same audit apply.
`?on=YYYY-MM-DD` reads the books as of a date (default today).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from regiodeal.accounts.roles import Capability
from regiodeal.api.fields import AmountField
from regiodeal.api.parsers import LimitedJSONParser
from regiodeal.api.views import DealAPIView
from regiodeal.common import limits
from regiodeal.common.dataversion import cached_for_deal
from regiodeal.common.findings import findings_for

from . import selectors
from .constants import (
    ContributionForm,
    ContributionSector,
    ContributionStatus,
    EntryKind,
    Funding,
    ImportKind,
    ProcurementRoute,
    PublicSource,
    StateAidBasis,
)
from .importing import ImportFailed, ledger_import
from .models import (
    ContributionSource,
    CooperationAgreement,
    EuLawBasis,
    LedgerEntry,
    ProgrammeBudget,
    SpukDecision,
    SpukPayment,
    VatPayment,
)
from .services import (
    YEARS,
    contribution_source_set,
    cooperation_agreement_set,
    entry_correct,
    entry_record,
    entry_reverse,
    eu_law_basis_set,
    programme_budget_set,
    spuk_account_submit,
    spuk_decision_record,
    spuk_payment_record,
    vat_payment_record,
)
from .validation import EntryDraft

ON_PARAM = OpenApiParameter("on", OpenApiTypes.DATE, description="As of this date (default: today).")


def _money(**kwargs) -> serializers.DecimalField:
    return AmountField(**kwargs)


class FinanceAPI(DealAPIView):
    read_capability = Capability.VIEW_FINANCE
    write_capability = Capability.MANAGE_FINANCE

    def as_of(self) -> dt.date:
        return self.on()


# --- ledger -------------------------------------------------------------------------------


class EntrySerializer(serializers.ModelSerializer):
    # A plain string here: the choices are documented once, on the create body (EntryCreate).
    kind = serializers.CharField(
        help_text="national_allocation, regional_contribution, spending, execution_costs"
    )
    project = serializers.CharField(source="project.code", allow_null=True, default=None)
    organisation = serializers.CharField(source="organisation.code", allow_null=True, default=None)
    reverses = serializers.IntegerField(source="reverses_id", allow_null=True)
    replaces = serializers.IntegerField(
        source="replaces_id", allow_null=True, help_text="The entry this one replaces (a correction)."
    )
    batch = serializers.IntegerField(source="batch_id", allow_null=True)

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "kind",
            "booked_on",
            "amount",
            "budget_line",
            "funding",
            "project",
            "organisation",
            "contribution_status",
            "sector",
            "form",
            "valuation_basis",
            "description",
            "source_document",
            "reverses",
            "replaces",
            "batch",
            "recorded_at",
            "recorded_by_label",
        ]


class EntryCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EntryKind.choices)
    booked_on = serializers.DateField()
    amount = _money(min_value=0)
    budget_line = serializers.CharField(max_length=40)
    source_document = serializers.CharField(max_length=300)
    funding = serializers.ChoiceField(choices=Funding.choices, required=False, allow_blank=True, default="")
    project = serializers.CharField(required=False, allow_blank=True, default="")
    organisation = serializers.CharField(required=False, allow_blank=True, default="")
    contribution_status = serializers.ChoiceField(
        choices=ContributionStatus.choices, required=False, allow_blank=True, default=""
    )
    sector = serializers.ChoiceField(
        choices=ContributionSector.choices, required=False, allow_blank=True, default=""
    )
    form = serializers.ChoiceField(
        choices=ContributionForm.choices, required=False, allow_blank=True, default=""
    )
    valuation_basis = serializers.CharField(required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")


class EntryList(FinanceAPI, generics.ListCreateAPIView):
    """The ledger, oldest first; POST books one entry (national allocation, regional
    contribution, spending or execution costs). Filters: kind, budget_line, project, year."""

    serializer_class = EntrySerializer
    queryset = LedgerEntry.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return LedgerEntry.objects.none()
        p = self.request.query_params
        year = p.get("year")
        return selectors.entry_list(
            deal=self.get_deal(),
            kind=p.get("kind"),
            budget_line=p.get("budget_line"),
            project=p.get("project"),
            year=int(year) if year and year.isdigit() and int(year) in YEARS else None,
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, enum=EntryKind.values),
            OpenApiParameter("budget_line", OpenApiTypes.STR),
            OpenApiParameter("project", OpenApiTypes.STR),
            OpenApiParameter("year", OpenApiTypes.INT),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=EntryCreateSerializer, responses={201: EntrySerializer})
    def post(self, request, *args, **kwargs):
        incoming = EntryCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        entry = entry_record(
            actor=self.actor(),
            deal=self.get_deal(),
            draft=EntryDraft(**incoming.validated_data),
        )
        return Response(EntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class EntryDetail(FinanceAPI, generics.RetrieveAPIView):
    """One entry."""

    serializer_class = EntrySerializer
    queryset = LedgerEntry.objects.none()

    def get_object(self):
        return get_object_or_404(
            LedgerEntry.objects.select_related("project", "organisation"),
            deal=self.get_deal(),
            pk=self.kwargs["pk"],
        )


class ReverseSerializer(serializers.Serializer):
    reason = serializers.CharField()
    booked_on = serializers.DateField(required=False)


class EntryReverse(FinanceAPI, APIView):
    """Correct an entry: a new entry with the opposite amount that points at it."""

    @extend_schema(request=ReverseSerializer, responses={201: EntrySerializer})
    def post(self, request, slug, pk):
        entry = get_object_or_404(LedgerEntry, deal=self.get_deal(), pk=pk)
        incoming = ReverseSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        reversal = entry_reverse(actor=self.actor(), entry=entry, **incoming.validated_data)
        return Response(EntrySerializer(reversal).data, status=status.HTTP_201_CREATED)


class CorrectSerializer(EntryCreateSerializer):
    reason = serializers.CharField()
    reversed_on = serializers.DateField(required=False, help_text="Date of the reversal; default today.")


class CorrectedSerializer(serializers.Serializer):
    reversal = EntrySerializer()
    corrected = EntrySerializer()


class EntryCorrect(FinanceAPI, APIView):
    """Correct an entry in one step: its reversal and the right entry (the body, as for a new
    entry), written together or not at all."""

    @extend_schema(request=CorrectSerializer, responses={201: CorrectedSerializer})
    def post(self, request, slug, pk):
        entry = get_object_or_404(LedgerEntry.objects.select_related("deal"), deal=self.get_deal(), pk=pk)
        incoming = CorrectSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        reason, reversed_on = data.pop("reason"), data.pop("reversed_on", None)
        reversal, corrected = entry_correct(
            actor=self.actor(),
            entry=entry,
            draft=EntryDraft(**data),
            reason=reason,
            reversed_on=reversed_on,
        )
        body = CorrectedSerializer({"reversal": reversal, "corrected": corrected}).data
        return Response(body, status=status.HTTP_201_CREATED)


# --- yearly programme -----------------------------------------------------------------------


class ProgrammeSerializer(serializers.ModelSerializer):
    expected_version = serializers.IntegerField(
        write_only=True,
        required=False,
        help_text="The lock_version you read: required to change an existing row (without it: 400).",
    )
    year = serializers.IntegerField(min_value=YEARS[0], max_value=YEARS[-1])
    national = _money(min_value=0)
    regional = _money(min_value=0)

    class Meta:
        model = ProgrammeBudget
        fields = ["year", "budget_line", "national", "regional", "note", "lock_version", "expected_version"]
        read_only_fields = ["lock_version"]
        validators: list = []  # the service decides between create and update


class ProgrammeList(FinanceAPI, generics.ListCreateAPIView):
    """The yearly uitvoeringsprogramma (Bijlage 1 B): planned amounts per budget line and year.
    POST sets one line of one year: creates it, or changes it given the `expected_version` you read
    (an existing row without it: 400; from a stale version: 409)."""

    serializer_class = ProgrammeSerializer
    pagination_class = None
    queryset = ProgrammeBudget.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProgrammeBudget.objects.none()
        return selectors.programme_list(self.get_deal())

    def create(self, request, *args, **kwargs):
        incoming = ProgrammeSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        row = programme_budget_set(actor=self.actor(), deal=self.get_deal(), **incoming.validated_data)
        return Response(ProgrammeSerializer(row).data, status=status.HTTP_201_CREATED)


# --- figures ----------------------------------------------------------------------------------


class FiguresSerializer(serializers.Serializer):
    line = serializers.CharField(source="code", allow_blank=True)
    name = serializers.CharField()
    maximum = _money(help_text="National maximum of the budget table (Art. 4.2), version in force.")
    minimum = _money(help_text="Regional minimum of the budget table.")
    planned_national = _money()
    planned_regional = _money()
    granted = _money(help_text="National money allocated to projects, plus national execution costs.")
    pledged = _money()
    paid = _money()
    national_spent = _money()
    regional_spent = _money()
    regional_actual = _money(help_text="Regional money spent, plus in-kind contributions delivered.")
    pledge_ratio = _money(allow_null=True)
    spending_ratio = _money(allow_null=True)


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    lines = FiguresSerializer(many=True)
    total = FiguresSerializer()


class OverviewSerializer(serializers.Serializer):
    on = serializers.DateField()
    version = serializers.IntegerField(source="version.number")
    lines = FiguresSerializer(many=True)
    total = FiguresSerializer()
    years = YearSerializer(many=True, source="year_rows")


class Overview(FinanceAPI, APIView):
    """Budget, allocated, pledged and spent per budget line (all years, and per year), national
    against regional, with the matching ratios."""

    @extend_schema(parameters=[ON_PARAM], responses=OverviewSerializer)
    def get(self, request, slug):
        deal, on = self.get_deal(), self.as_of()

        def data():
            ov = selectors.overview(deal, on)
            ov.year_rows = [{"year": y, "lines": ov.by_year[y], "total": ov.year_totals[y]} for y in ov.years]
            return OverviewSerializer(ov).data

        # Computed once per data version of the deal and date (common/dataversion.py).
        return Response(cached_for_deal(deal, f"api:finance-overview:{on.isoformat()}", data))


class VatShareSerializer(serializers.Serializer):
    party = serializers.CharField(source="code")
    name = serializers.CharField()
    received = _money()
    weight = serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True)
    planned = _money(allow_null=True)
    actual = _money(allow_null=True)


class VatSplitSerializer(serializers.Serializer):
    on = serializers.DateField()
    article = serializers.CharField()
    possible = serializers.BooleanField()
    received_total = _money()
    planned_total = _money()
    actual_total = _money()
    shares = VatShareSerializer(many=True)


class VatSplit(FinanceAPI, APIView):
    """Art. 4.2: regional execution costs (budgeted and booked) per regional Party, pro rata the
    national money each received; in cents, largest remainder, ties to the Party listed first."""

    @extend_schema(parameters=[ON_PARAM], responses=VatSplitSerializer)
    def get(self, request, slug):
        return Response(VatSplitSerializer(selectors.vat_split(self.get_deal(), self.as_of())).data)


class FindingSerializer(serializers.Serializer):
    rule = serializers.CharField()
    article = serializers.CharField()
    severity = serializers.ChoiceField(choices=["error", "warning"])
    message = serializers.CharField()
    subject = serializers.CharField()
    data = serializers.DictField()


class Findings(FinanceAPI, APIView):
    """The covenant's money checks (rules `finance.*`), as `regiodeal check` reports them."""

    @extend_schema(parameters=[ON_PARAM], responses=FindingSerializer(many=True))
    def get(self, request, slug):
        found = findings_for(self.get_deal(), self.as_of(), app="finance")
        return Response(FindingSerializer(found, many=True).data)


class SpukYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    national_spent = _money()
    national_spent_cumulative = _money()
    cofinancing = _money()
    cofinancing_cumulative = _money()
    is_final = serializers.BooleanField()
    due_on = serializers.DateField()
    submitted_on = serializers.DateField(source="submitted.submitted_on", allow_null=True, default=None)
    changed_since_submitted = serializers.BooleanField()


class SpukList(FinanceAPI, APIView):
    """Art. 5: the regiokassier's yearly SiSa account, per year; due 15 July of the next year."""

    @extend_schema(parameters=[ON_PARAM], responses=SpukYearSerializer(many=True))
    def get(self, request, slug):
        return Response(
            SpukYearSerializer(selectors.spuk_years(self.get_deal(), self.as_of()), many=True).data
        )


class SisaRowSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="The account's year T.")
    indicator = serializers.CharField(
        source="number", help_text="'<uitkeringscode>/<nummer>'; '…' while the code is unset."
    )
    label = serializers.CharField(source="indicator.label_nl", help_text="As in the SiSa bijlage (Dutch).")
    label_en = serializers.CharField(source="indicator.label_en")
    aard_controle = serializers.CharField(source="indicator.audit", help_text="R, D1, D2 or nvt.")
    figure = serializers.CharField(source="indicator.figure", help_text="The account's figure it shows.")
    value = serializers.SerializerMethodField(
        help_text="An amount as a string with two decimals, or true/false."
    )
    provider = serializers.CharField(source="template.provider")
    regulation = serializers.CharField(source="template.regulation")
    template_from = serializers.IntegerField(
        source="template.first_year", help_text="The layout's first year."
    )

    def get_value(self, row) -> str | bool:
        return row.value if isinstance(row.value, bool) else f"{row.value:.2f}"


class SisaList(FinanceAPI, APIView):
    """Art. 5: the yearly account as the cells of the SiSa bijlage, in each year's layout
    (finance/data/sisa.toml): the rows the regiokassier copies into the municipality's accounts."""

    @extend_schema(parameters=[ON_PARAM], responses=SisaRowSerializer(many=True))
    def get(self, request, slug):
        from .sisa import sisa_rows

        rows = sisa_rows(selectors.spuk_years(self.get_deal(), self.as_of()))
        return Response(SisaRowSerializer(rows, many=True).data)


class SpukSubmitSerializer(serializers.Serializer):
    submitted_on = serializers.DateField()


class SpukSubmit(FinanceAPI, APIView):
    """Record that the year's account was submitted; its figures are frozen as they are now."""

    @extend_schema(request=SpukSubmitSerializer, responses={201: SpukYearSerializer})
    def post(self, request, slug, year):
        incoming = SpukSubmitSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        spuk_account_submit(actor=self.actor(), deal=self.get_deal(), year=year, **incoming.validated_data)
        return Response(
            SpukYearSerializer(selectors.spuk_year(self.get_deal(), year)).data,
            status=status.HTTP_201_CREATED,
        )


class ImportSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ImportKind.choices)
    file = serializers.FileField(help_text=".csv (UTF-8) or .xlsx in the layout of docs/finance.md")


class ImportProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    column = serializers.CharField()
    rule = serializers.CharField()
    message = serializers.CharField()


class Import(FinanceAPI, APIView):
    """Import a file all-or-nothing: 201 with the number of rows, or 400 with every problem
    (row, column, rule) and nothing written."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request=ImportSerializer,
        responses={
            201: inline_serializer(
                "ImportResult", {"batch": serializers.IntegerField(), "rows": serializers.IntegerField()}
            ),
            400: inline_serializer("ImportErrors", {"problems": ImportProblemSerializer(many=True)}),
        },
    )
    def post(self, request, slug):
        incoming = ImportSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        upload = incoming.validated_data["file"]
        try:
            result = ledger_import(
                actor=self.actor(),
                deal=self.get_deal(),
                kind=incoming.validated_data["kind"],
                binary=upload,
                file_name=upload.name,
            )
        except ImportFailed as exc:
            return Response(
                {
                    "problems": [p.as_dict() for p in limits.shown_problems(exc.problems)],
                    "problem_count": len(exc.problems),
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response({"batch": result.batch.pk, "rows": result.rows}, status=status.HTTP_201_CREATED)


# --- The samenwerkingsovereenkomst, VAT payments, the SPUK beschikking ----------------


class CooperationAgreementSerializer(serializers.Serializer):
    """Read: every field null while no agreement is recorded (200, not 404: "none yet" is an answer)."""

    signed_on = serializers.DateField(allow_null=True)  # null only in the read of "none yet"
    vat_level = _money(min_value=0, allow_null=True)
    vat_estimate = _money(min_value=0, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    file = serializers.FileField(required=False, write_only=True)
    file_name = serializers.CharField(source="filename", read_only=True, allow_null=True)
    lock_version = serializers.IntegerField(read_only=True, allow_null=True)
    expected_version = serializers.IntegerField(required=False, write_only=True, allow_null=True)


class CooperationAgreementView(FinanceAPI, APIView):
    """Art. 4.2, Bijlage 1 A and C: the samenwerkingsovereenkomst (date, VAT level, estimate,
    file). PUT (multipart or JSON) records or revises it; revising needs `expected_version`
    (409 when someone else saved meanwhile)."""

    parser_classes = [MultiPartParser, FormParser, LimitedJSONParser]

    @extend_schema(responses={200: CooperationAgreementSerializer})
    def get(self, request, slug):
        row = CooperationAgreement.objects.filter(deal=self.get_deal()).first()
        if row is None:  # not recorded yet: the same shape, empty
            return Response(
                {
                    "signed_on": None,
                    "vat_level": None,
                    "vat_estimate": None,
                    "note": "",
                    "file_name": None,
                    "lock_version": None,
                }
            )
        return Response(CooperationAgreementSerializer(row).data)

    @extend_schema(request=CooperationAgreementSerializer, responses={200: CooperationAgreementSerializer})
    def put(self, request, slug):
        incoming = CooperationAgreementSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        row = cooperation_agreement_set(actor=self.actor(), deal=self.get_deal(), **incoming.validated_data)
        return Response(CooperationAgreementSerializer(row).data)


class VatPaymentShareSerializer(serializers.Serializer):
    party = serializers.CharField(source="code")
    share = _money(source="actual", allow_null=True)
    paid = _money()
    difference = _money(allow_null=True)


class VatPaymentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    party = serializers.CharField(source="organisation.code")
    paid_on = serializers.DateField()
    amount = _money()
    reference = serializers.CharField(max_length=200)


class VatPayments(FinanceAPI, APIView):
    """Art. 4.2: the regional Parties' payments of execution costs to the regiokassier: GET the
    reconciliation per Party (share of the costs booked, paid, difference) and the payments; POST
    one payment (a correction is negative)."""

    @extend_schema(
        parameters=[ON_PARAM],
        responses=inline_serializer(
            "VatPayments",
            {"parties": VatPaymentShareSerializer(many=True), "payments": VatPaymentSerializer(many=True)},
        ),
    )
    def get(self, request, slug):
        on = self.as_of()
        split = selectors.vat_split(self.get_deal(), on)
        payments = VatPayment.objects.filter(deal=self.get_deal(), paid_on__lte=on).select_related(
            "organisation"
        )
        return Response(
            {
                "parties": VatPaymentShareSerializer(split.shares, many=True).data,
                "payments": VatPaymentSerializer(payments, many=True).data,
            }
        )

    @extend_schema(request=VatPaymentSerializer, responses={201: VatPaymentSerializer})
    def post(self, request, slug):
        incoming = VatPaymentSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        code = data.pop("organisation")["code"]
        deal = self.get_deal()
        organisation = deal.organisations.filter(code=code).first()
        if organisation is None:
            raise ValidationError({"party": [_("%(code)r is geen Partij van deze deal.") % {"code": code}]})
        payment = vat_payment_record(actor=self.actor(), deal=deal, organisation=organisation, **data)
        return Response(VatPaymentSerializer(payment).data, status=status.HTTP_201_CREATED)


class SpukDecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    decided_on = serializers.DateField()
    reference = serializers.CharField(max_length=200)
    amount = _money(min_value=Decimal("0.01"))
    file = serializers.FileField(required=False, write_only=True)
    file_name = serializers.CharField(source="filename", read_only=True)


class SpukDecisions(FinanceAPI, APIView):
    """Art. 5: VRO's beschikkingen of the specific grant; POST (multipart) records one."""

    parser_classes = [MultiPartParser, FormParser, LimitedJSONParser]

    @extend_schema(responses=SpukDecisionSerializer(many=True))
    def get(self, request, slug):
        return Response(
            SpukDecisionSerializer(SpukDecision.objects.filter(deal=self.get_deal()), many=True).data
        )

    @extend_schema(request=SpukDecisionSerializer, responses={201: SpukDecisionSerializer})
    def post(self, request, slug):
        incoming = SpukDecisionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        decision = spuk_decision_record(actor=self.actor(), deal=self.get_deal(), **incoming.validated_data)
        return Response(SpukDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class SpukPaymentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    decision = serializers.CharField(source="decision.reference")
    received_on = serializers.DateField()
    amount = _money(min_value=Decimal("0.01"))
    reference = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class SpukPayments(FinanceAPI, APIView):
    """Art. 5: payments received from VRO, each under a beschikking (by its reference)."""

    @extend_schema(responses=SpukPaymentSerializer(many=True))
    def get(self, request, slug):
        rows = SpukPayment.objects.filter(deal=self.get_deal()).select_related("decision")
        return Response(SpukPaymentSerializer(rows, many=True).data)

    @extend_schema(request=SpukPaymentSerializer, responses={201: SpukPaymentSerializer})
    def post(self, request, slug):
        incoming = SpukPaymentSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        reference = data.pop("decision")["reference"]
        decision = SpukDecision.objects.filter(deal=self.get_deal(), reference=reference).first()
        if decision is None:
            raise ValidationError(
                {"decision": [_("Geen beschikking met kenmerk %(ref)r.") % {"ref": reference}]}
            )
        payment = spuk_payment_record(actor=self.actor(), deal=self.get_deal(), decision=decision, **data)
        return Response(SpukPaymentSerializer(payment).data, status=status.HTTP_201_CREATED)


class ContributionSourceSerializer(serializers.Serializer):
    """Read: `source` null while none is recorded for the entry (200, not 404)."""

    entry = serializers.IntegerField(source="entry_id", read_only=True)
    source = serializers.ChoiceField(choices=PublicSource.choices, allow_null=True)  # null: none yet
    note = serializers.CharField(required=False, allow_blank=True, default="")
    lock_version = serializers.IntegerField(read_only=True, allow_null=True)
    expected_version = serializers.IntegerField(required=False, write_only=True, allow_null=True)


class EntrySource(FinanceAPI, APIView):
    """The Begripsbepaling: where a regional public contribution comes from (not national money:
    a specific grant, assignment or subsidy of the Rijk). PUT records or revises it."""

    def entry(self, pk) -> LedgerEntry:
        return get_object_or_404(LedgerEntry, deal=self.get_deal(), pk=pk)

    @extend_schema(responses={200: ContributionSourceSerializer, 404: None})
    def get(self, request, slug, pk):
        entry = self.entry(pk)  # 404 for an entry that is not the deal's
        row = ContributionSource.objects.filter(entry=entry).first()
        if row is None:  # not recorded yet: the same shape, empty
            return Response({"entry": entry.pk, "source": None, "note": "", "lock_version": None})
        return Response(ContributionSourceSerializer(row).data)

    @extend_schema(request=ContributionSourceSerializer, responses={200: ContributionSourceSerializer})
    def put(self, request, slug, pk):
        incoming = ContributionSourceSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        row = contribution_source_set(actor=self.actor(), entry=self.entry(pk), **incoming.validated_data)
        return Response(ContributionSourceSerializer(row).data)


class EuLawBasisSerializer(serializers.Serializer):
    project = serializers.CharField(required=False, help_text="project code (or `entry`)")
    entry = serializers.IntegerField(required=False, help_text="national allocation id (or `project`)")
    procurement_route = serializers.ChoiceField(choices=ProcurementRoute.choices)
    state_aid_basis = serializers.ChoiceField(choices=StateAidBasis.choices)
    gber_article = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    expected_version = serializers.IntegerField(required=False, write_only=True, allow_null=True)

    def to_representation(self, row):
        return {
            "project": row.project.code if row.project_id else None,
            "entry": row.entry_id,
            "procurement_route": row.procurement_route,
            "state_aid_basis": row.state_aid_basis,
            "gber_article": row.gber_article,
            "note": row.note,
            "lock_version": row.lock_version,
        }


class EuLaw(FinanceAPI, APIView):
    """Art. 9: the procurement route and state-aid basis per project or per national allocation.
    GET lists them; PUT records or revises one (name `project` or `entry`)."""

    @extend_schema(responses=EuLawBasisSerializer(many=True))
    def get(self, request, slug):
        rows = EuLawBasis.objects.filter(deal=self.get_deal()).select_related("project")
        return Response([EuLawBasisSerializer().to_representation(r) for r in rows])

    @extend_schema(request=EuLawBasisSerializer, responses={200: EuLawBasisSerializer})
    def put(self, request, slug):
        from regiodeal.projects.models import Project

        incoming = EuLawBasisSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        deal = self.get_deal()
        code, entry_id = data.pop("project", None), data.pop("entry", None)
        project = get_object_or_404(Project, deal=deal, code=code) if code else None
        entry = get_object_or_404(LedgerEntry, deal=deal, pk=entry_id) if entry_id else None
        row = eu_law_basis_set(actor=self.actor(), deal=deal, project=project, entry=entry, **data)
        return Response(EuLawBasisSerializer().to_representation(row))
