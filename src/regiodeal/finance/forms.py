"""The finance forms of the screens: a booking of each kind, its correction in one step, and one
line of the yearly programme. They only collect input; the rules are `validation.EntryValidator`
(the same as the import and the API judge by) and the services, whose problems come back at the
field they concern (`add_service_errors`), without their rule codes.

A booking form asks only what its kind needs. There are five on screen, one per kind of money
the covenant counts (Art. 4.2): a national allocation, a regional pledge, a regional contribution
paid or delivered in kind, spending, and execution costs. A pledge and a payment are both the
ledger kind `regional_contribution`, with status `pledged` or `paid`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from regiodeal.common.forms import AmountField, UtrechtForm, screen_message
from regiodeal.deals import models as dm
from regiodeal.deals.constants import BudgetLineKind, PartyKind
from regiodeal.projects.models import Project

from .constants import (
    ContributionForm,
    ContributionSector,
    ContributionStatus,
    EntryKind,
    Funding,
    ProcurementRoute,
    PublicSource,
    StateAidBasis,
)
from .models import LedgerEntry, SpukDecision
from .validation import EntryDraft, EntryValidator


@dataclass(frozen=True)
class Screen:
    """One booking form: its ledger kind (and contribution status), title and fields."""

    slug: str
    kind: str
    status: str
    title: Promise
    intro: Promise
    fields: tuple[str, ...]


COMMON_HEAD = ("booked_on", "amount", "budget_line")
COMMON_TAIL = ("source_document", "description")
CONTRIBUTION = (*COMMON_HEAD, "organisation", "sector", "contribution_form", "valuation_basis", "project",
                *COMMON_TAIL)  # fmt: skip
SCREENS = {
    s.slug: s
    for s in (
        Screen(
            "toekenning",
            EntryKind.NATIONAL_ALLOCATION,
            "",
            _("Toekenning rijksbijdrage"),
            _(
                "De regiokassier kent rijksbijdrage toe aan een project; de regionale Partij die het "
                "project trekt ontvangt het (art. 4.2)."
            ),
            (*COMMON_HEAD, "project", "organisation", *COMMON_TAIL),
        ),
        Screen(
            "toezegging",
            EntryKind.REGIONAL_CONTRIBUTION,
            ContributionStatus.PLEDGED,
            _("Toezegging regionale bijdrage"),
            _("Een regionale Partij of Partner zegt cofinanciering toe, in geld of in natura (art. 4.2)."),
            CONTRIBUTION,
        ),
        Screen(
            "bijdrage",
            EntryKind.REGIONAL_CONTRIBUTION,
            ContributionStatus.PAID,
            _("Regionale bijdrage betaald of geleverd"),
            _("Een regionale Partij of Partner heeft een bijdrage betaald of in natura geleverd."),
            CONTRIBUTION,
        ),
        Screen(
            "besteding",
            EntryKind.SPENDING,
            "",
            _("Besteding"),
            _(
                "Geld dat aan een programmalijn is uitgegeven, ten laste van de rijksbijdrage of de "
                "regionale financiering."
            ),
            (*COMMON_HEAD, "funding", "project", "organisation", *COMMON_TAIL),
        ),
        Screen(
            "uitvoeringskosten",
            EntryKind.EXECUTION_COSTS,
            "",
            _("Uitvoeringskosten"),
            _("Kosten van voorbereiding, administratie en toezicht, op de regel uitvoeringskosten (VAT)."),
            (*COMMON_HEAD, "funding", "organisation", *COMMON_TAIL),
        ),
    )
}


def screen_of(entry: LedgerEntry) -> Screen:
    for screen in SCREENS.values():
        if screen.kind == entry.kind and (not screen.status or screen.status == entry.contribution_status):
            return screen
    return SCREENS["bijdrage"]


# The validator's field names where the form names them differently.
FORM_FIELD = {"form": "contribution_form", "contribution_status": "contribution_status"}


def localised(obj, field: str) -> str:
    if (get_language() or "nl").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)


def _empty() -> list[tuple[str, str]]:
    return [("", _("Kies..."))]


class EntryForm(UtrechtForm):
    """One booking of the kind of `screen`. With `correcting`, also the reason and the date of the
    reversal, and for a contribution its status (a pledge corrected into a payment)."""

    service_field = {**FORM_FIELD, "entry": ""}

    booked_on = forms.DateField(
        label=_("Datum"), help_text=_("De datum van het besluit, de betaling, de levering of de factuur.")
    )
    amount = AmountField(label=_("Bedrag"))
    budget_line = forms.ChoiceField(label=_("Begrotingsregel"))
    funding = forms.ChoiceField(label=_("Ten laste van"), choices=Funding.choices, widget=forms.RadioSelect)
    contribution_status = forms.ChoiceField(
        label=_("Status van de bijdrage"), choices=ContributionStatus.choices, widget=forms.RadioSelect
    )
    project = forms.ChoiceField(label=_("Project"), required=False)
    organisation = forms.ChoiceField(label=_("Partij of Partner"), required=False)
    sector = forms.ChoiceField(
        label=_("Publiek of privaat"), choices=ContributionSector.choices, widget=forms.RadioSelect
    )
    contribution_form = forms.ChoiceField(
        label=_("Vorm"), choices=ContributionForm.choices, widget=forms.RadioSelect
    )
    valuation_basis = forms.CharField(
        label=_("Waarderingsgrondslag"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Alleen bij een bijdrage in natura: hoe de waarde is bepaald, bijvoorbeeld uren maal tarief."
        ),
    )
    source_document = forms.CharField(
        label=_("Brondocument"),
        max_length=300,
        help_text=_("Het besluit, de factuur of de overeenkomst waarop de boeking steunt, met kenmerk."),
    )
    description = forms.CharField(
        label=_("Omschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reversed_on = forms.DateField(
        label=_("Datum van de tegenboeking"),
        help_text=_(
            "De oorspronkelijke boeking wordt op deze datum tegengeboekt; de juiste boeking krijgt de "
            "datum hierboven. Niet vóór de oorspronkelijke boeking."
        ),
    )
    reason = forms.CharField(
        label=_("Reden van de correctie"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Komt in de omschrijving van de tegenboeking en in het auditspoor."),
    )

    def __init__(self, *args, deal: dm.Deal, screen: Screen, correcting: bool = False, **kwargs):
        self.deal, self.screen, self.correcting = deal, screen, correcting
        super().__init__(*args, **kwargs)
        keep = list(screen.fields)
        if correcting:
            if screen.kind == EntryKind.REGIONAL_CONTRIBUTION:
                keep.insert(keep.index("organisation"), "contribution_status")
            keep += ["reversed_on", "reason"]
        self.fields = {name: self.fields[name] for name in keep}
        versions = list(deal.versions.order_by("number"))
        self.fields["budget_line"].choices = _empty() + self._lines(versions)
        if "project" in self.fields:
            projects = Project.objects.filter(deal=deal).order_by("title")
            self.fields["project"].choices = _empty() + list(projects.values_list("code", "title"))
        organisation = self.fields["organisation"]
        organisation.choices = _empty() + self._organisations(versions)
        current = self.initial.get("organisation")
        if current and current not in dict(organisation.choices):
            # An entry being corrected keeps its organisation on the list; the validator judges it.
            named = dm.Organisation.objects.filter(deal=deal, code=current).values_list("code", "name")
            organisation.choices = list(organisation.choices) + list(named)
        if screen.kind == EntryKind.NATIONAL_ALLOCATION:
            self.fields["project"].required = True
            organisation.required = True
            organisation.label = _("Regionale Partij die het ontvangt")
        elif screen.kind == EntryKind.REGIONAL_CONTRIBUTION:
            organisation.required = True
            organisation.label = _("Partij of Partner die bijdraagt")
            self.fields["project"].help_text = _("Als de bijdrage voor één project is.")
        elif screen.kind == EntryKind.SPENDING:
            self.fields["project"].help_text = _(
                "Verplicht bij een besteding van rijksbijdrage: zo is te zien of die binnen de "
                "toekenning blijft."
            )
            organisation.label = _("Partij of Partner die uitgeeft")

    def _lines(self, versions: list[dm.DealVersion]) -> list[tuple[str, str]]:
        """The budget lines of every version, in the order of the latest (an amendment may add
        one from a date); the validator judges against the version in force on the date."""
        wants_vat = self.screen.kind == EntryKind.EXECUTION_COSTS
        lines: dict[str, str] = {}
        for version in reversed(versions):
            for line in version.budget_lines.all():
                if (line.kind == BudgetLineKind.EXECUTION_COSTS) == wants_vat and line.code not in lines:
                    lines[line.code] = localised(line, "name")
        return list(lines.items())

    def _organisations(self, versions: list[dm.DealVersion]) -> list[tuple[str, str]]:
        kind = self.screen.kind
        ids: set[int] = set()
        for version in versions:
            parties = version.parties.all()
            if kind == EntryKind.NATIONAL_ALLOCATION:
                parties = parties.filter(kind=PartyKind.REGIO)
            ids.update(parties.values_list("organisation_id", flat=True))
            if kind != EntryKind.NATIONAL_ALLOCATION:
                ids.update(version.partners.values_list("organisation_id", flat=True))
        organisations = dm.Organisation.objects.filter(deal=self.deal, pk__in=ids).order_by("name")
        return list(organisations.values_list("code", "name"))

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and abs(amount) >= Decimal("1000000000000"):
            raise ValidationError(_("Het bedrag is te groot: ten hoogste 999.999.999.999,99."))
        return amount

    def clean(self):
        """Judge the entry by the validator of the import and the API even when some fields
        failed to convert (with a stand-in value for those, whose own error stands), so every
        problem shows at once. The service judges again when it writes."""
        cleaned = super().clean()
        stand_in = {"booked_on": timezone.localdate(), "amount": Decimal("0.01")}
        draft = self.draft(stand_in=stand_in)
        _resolved, problems = EntryValidator(self.deal).check(draft)
        for p in problems:
            name = FORM_FIELD.get(p.field, p.field)
            if name in self.errors:
                continue
            message = self._names_for_codes(p.message)
            self.add_error(name if name in self.fields else None, screen_message(ValidationError(message)))
        return cleaned

    def _names_for_codes(self, message: str) -> str:
        """The validator names a Party, project or line by its quoted code; the screen by name."""
        for name in ("organisation", "project", "budget_line"):
            if name in self.fields:
                for code, label in self.fields[name].choices:
                    if code:
                        message = message.replace(repr(code), str(label))
        return message

    def draft(self, stand_in: dict | None = None) -> EntryDraft:
        data = {**(stand_in or {}), **{k: v for k, v in self.cleaned_data.items() if v is not None}}
        status = self.screen.status
        if "contribution_status" in self.fields:
            status = data.get("contribution_status", "")
        return EntryDraft(
            kind=self.screen.kind,
            booked_on=data["booked_on"],
            amount=data["amount"],
            budget_line=data.get("budget_line", ""),
            source_document=data.get("source_document", ""),
            funding=data.get("funding", ""),
            project=data.get("project", ""),
            organisation=data.get("organisation", ""),
            contribution_status=status,
            sector=data.get("sector", ""),
            form=data.get("contribution_form", ""),
            valuation_basis=data.get("valuation_basis", ""),
            description=data.get("description", ""),
        )

    @staticmethod
    def initial_from(entry: LedgerEntry) -> dict:
        """The values of `entry`, to start its correction from."""
        return {
            "booked_on": entry.booked_on,
            "amount": entry.amount,
            "budget_line": entry.budget_line,
            "funding": entry.funding,
            "contribution_status": entry.contribution_status,
            "project": entry.project.code if entry.project else "",
            "organisation": entry.organisation.code if entry.organisation else "",
            "sector": entry.sector,
            "contribution_form": entry.form,
            "valuation_basis": entry.valuation_basis,
            "source_document": entry.source_document,
            "description": entry.description,
        }


class ProgrammeLineForm(UtrechtForm):
    """The planned amounts of one budget line in one year's uitvoeringsprogramma (Bijlage 1 B)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    national = AmountField(label=_("Gepland rijksbijdrage"))
    regional = AmountField(label=_("Gepland regionale financiering"))
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    service_field = {"budget_line": "", "year": "", "expected_version": ""}  # above the form

    def clean_national(self):
        return self._not_negative("national")

    def clean_regional(self):
        return self._not_negative("regional")

    def _not_negative(self, name: str):
        value = self.cleaned_data[name]
        if value is not None and value < 0:
            raise ValidationError(_("Een gepland bedrag is nul of meer."))
        if value is not None and value >= Decimal("1000000000000"):
            raise ValidationError(_("Het bedrag is te groot: ten hoogste 999.999.999.999,99."))
        return value


class ReverseForm(UtrechtForm):
    """Only reverse an entry that should not have been booked at all."""

    service_field = {"booked_on": "reversed_on", "entry": ""}

    reversed_on = forms.DateField(
        label=_("Datum van de tegenboeking"), help_text=_("Niet vóór de oorspronkelijke boeking.")
    )
    reason = forms.CharField(
        label=_("Reden van de tegenboeking"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Komt in de omschrijving van de tegenboeking en in het auditspoor."),
    )


class CooperationAgreementForm(UtrechtForm):
    """Art. 4.2, Bijlage 1 A and C: the samenwerkingsovereenkomst and what it fixes."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    signed_on = forms.DateField(
        label=_("Datum van de samenwerkingsovereenkomst"),
        help_text=_("De dag waarop de regionale Partijen de overeenkomst sloten."),
    )
    vat_level = AmountField(
        label=_("Regionale uitvoeringskosten (VAT) volgens de overeenkomst"),
        help_text=_(
            "De hoogte van de VAT-kosten die de regionale Partijen in de overeenkomst vastleggen (art. 4.2); "
            "de verdeling over de Partijen gaat van dit bedrag uit. Bijvoorbeeld 530.000,00."
        ),
    )
    vat_estimate = AmountField(
        label=_("Inschatting VAT- en uitvoeringskosten"),
        help_text=_("De realistische inschatting uit de overeenkomst (bijlage 1 C), in euro's."),
    )
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(
        label=_("Bestand van de overeenkomst"),
        required=False,
        help_text=_(
            "PDF, Word, ODT of een afbeelding, ten hoogste 20 MB. Leeg laten houdt het huidige bestand."
        ),
    )

    def clean_vat_level(self):
        return _not_negative_amount(self.cleaned_data["vat_level"])

    def clean_vat_estimate(self):
        return _not_negative_amount(self.cleaned_data["vat_estimate"])


def _not_negative_amount(value):
    if value is not None and value < 0:
        raise ValidationError(_("Een bedrag is nul of meer."))
    if value is not None and value >= Decimal("1000000000000"):
        raise ValidationError(_("Het bedrag is te groot: ten hoogste 999.999.999.999,99."))
    return value


def _too_large(value):
    if value is not None and abs(value) >= Decimal("1000000000000"):
        raise ValidationError(_("Het bedrag is te groot: ten hoogste 999.999.999.999,99."))
    return value


class VatPaymentForm(UtrechtForm):
    """Art. 4.2: a regional Party's transfer of its part of the execution costs to the regiokassier."""

    organisation = forms.ModelChoiceField(
        label=_("Regionale Partij"), queryset=dm.Organisation.objects.none(), empty_label=_("Kies een Partij")
    )
    paid_on = forms.DateField(
        label=_("Ontvangen op"), help_text=_("De dag waarop de regiokassier het ontving.")
    )
    amount = AmountField(
        label=_("Bedrag"),
        help_text=_(
            "In euro's, bijvoorbeeld 12.500,00. Een correctie van een eerdere betaling is negatief: "
            "-12.500,00."
        ),
    )
    reference = forms.CharField(
        label=_("Kenmerk"), max_length=200, help_text=_("Het kenmerk van de betaling of het bankafschrift.")
    )

    def __init__(self, *args, deal: dm.Deal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            dm.Organisation.objects.filter(party_roles__version__deal=deal, party_roles__kind=PartyKind.REGIO)
            .distinct()
            .order_by("code")
        )

    def clean_amount(self):
        value = _too_large(self.cleaned_data["amount"])
        if value == 0:
            raise ValidationError(_("Een betaling is niet nul; een correctie is negatief."))
        return value


class SpukDecisionForm(UtrechtForm):
    """Art. 5: VRO's beschikking of the specific grant."""

    decided_on = forms.DateField(label=_("Datum beschikking"))
    reference = forms.CharField(
        label=_("Kenmerk"), max_length=200, help_text=_("Het kenmerk van de beschikking.")
    )
    amount = AmountField(label=_("Verleend bedrag"))
    file = forms.FileField(
        label=_("Bestand van de beschikking"),
        required=False,
        help_text=_("PDF, Word, ODT of een afbeelding, ten hoogste 20 MB."),
    )

    def clean_amount(self):
        value = _too_large(self.cleaned_data["amount"])
        if value is not None and value <= 0:
            raise ValidationError(_("Het verleende bedrag is groter dan nul."))
        return value


class SpukPaymentForm(UtrechtForm):
    """Art. 5: a payment received from VRO under a beschikking."""

    decision = forms.ModelChoiceField(
        label=_("Beschikking"), queryset=SpukDecision.objects.none(), empty_label=_("Kies een beschikking")
    )
    received_on = forms.DateField(label=_("Ontvangen op"))
    amount = AmountField(label=_("Bedrag"))
    reference = forms.CharField(label=_("Kenmerk"), max_length=200, required=False)

    def __init__(self, *args, deal: dm.Deal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = SpukDecision.objects.filter(deal=deal).order_by("decided_on", "id")

    def clean_amount(self):
        value = _too_large(self.cleaned_data["amount"])
        if value is not None and value <= 0:
            raise ValidationError(_("Een ontvangst is groter dan nul."))
        return value


class ContributionSourceForm(UtrechtForm):
    """The Begripsbepaling: where a regional public contribution comes from."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    source = forms.ChoiceField(
        label=_("Herkomst van het geld"),
        choices=PublicSource.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Regionale publieke financiering is geen specifieke uitkering, opdracht of subsidie van het Rijk "
            "(begripsbepaling)."
        ),
    )
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EuLawBasisForm(UtrechtForm):
    """Art. 9: the procurement route and state-aid basis of a project or an allocation."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    procurement_route = forms.ChoiceField(
        label=_("Aanbesteding"), choices=[("", _("Kies een route")), *ProcurementRoute.choices]
    )
    state_aid_basis = forms.ChoiceField(
        label=_("Staatssteun"), choices=StateAidBasis.choices, widget=forms.RadioSelect
    )
    gber_article = forms.CharField(
        label=_("Artikel AGVV"),
        required=False,
        max_length=40,
        help_text=_("Alleen bij steun vrijgesteld onder de AGVV (GBER): het artikel, bijvoorbeeld 56."),
    )
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
