"""The rules an entry must meet before it goes into the ledger, in one place for the screens, the
API and the import. An entry names its budget line, project and organisation by code; the codes
are checked against the deal version in force on the entry's date (`version_in_force`), so a
budget line or Party that an amendment added or removed counts from its effective date.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from regiodeal.common.formatting import day, money
from regiodeal.deals import models as dm
from regiodeal.deals.constants import BudgetLineKind, PartyKind
from regiodeal.deals.selectors import version_in_force
from regiodeal.projects.models import Project

from .constants import ContributionForm, ContributionSector, ContributionStatus, EntryKind, Funding

# The allowed values of each choice, once: `Choices.values` builds a new list on every call, and
# every row of an import asks several times.
ALLOWED = {
    choices: frozenset(choices.values)
    for choices in (ContributionForm, ContributionSector, ContributionStatus, EntryKind, Funding)
}


@dataclass
class EntryDraft:
    kind: str
    booked_on: dt.date
    amount: Decimal
    budget_line: str
    source_document: str
    funding: str = ""
    project: str = ""  # code
    organisation: str = ""  # code
    contribution_status: str = ""
    sector: str = ""
    form: str = ""
    valuation_basis: str = ""
    description: str = ""


@dataclass
class Resolved:
    """A valid draft with its codes turned into ids."""

    draft: EntryDraft
    funding: str
    project_id: int | None
    organisation_id: int | None


@dataclass
class Problem:
    field: str
    rule: str
    message: str


@dataclass
class _VersionFacts:
    lines: dict[str, dm.BudgetLine]
    regional_parties: dict[str, int]  # code -> organisation id
    contributors: dict[str, int]  # regional Parties and Partners
    organisations: dict[str, int] = field(default_factory=dict)
    whole_budget: Decimal = Decimal("0.00")  # national + regional total of the version (Art. 4.2)


class EntryValidator:
    """Checks drafts for one deal. It caches what it looks up, so an import of a million rows
    asks the database once per distinct date, not once per row."""

    def __init__(self, deal: dm.Deal):
        self.deal = deal
        self._facts: dict[int, _VersionFacts] = {}
        self._by_version: dict[int, _VersionFacts] = {}
        # Which version is in force changes only on an effective date: all dates with the same
        # effective dates behind them share one version, so one `version_in_force` call serves them.
        self._effective = sorted(d for d in deal.versions.values_list("effective_from", flat=True) if d)
        self.projects = dict(Project.objects.filter(deal=deal).values_list("code", "id"))
        self.organisations = dict(dm.Organisation.objects.filter(deal=deal).values_list("code", "id"))

    def facts(self, on: dt.date) -> _VersionFacts:
        period = bisect_right(self._effective, on)
        if period not in self._facts:
            version = version_in_force(self.deal, on=on)
            if version.pk not in self._by_version:
                parties = version.parties.select_related("organisation")
                regional = {
                    p.organisation.code: p.organisation_id for p in parties if p.kind == PartyKind.REGIO
                }
                partners = {
                    p.organisation.code: p.organisation_id
                    for p in version.partners.select_related("organisation")
                }
                lines = {b.code: b for b in version.budget_lines.all()}
                self._by_version[version.pk] = _VersionFacts(
                    lines=lines,
                    regional_parties=regional,
                    contributors={**regional, **partners},
                    whole_budget=sum((b.total for b in lines.values()), Decimal("0.00")),
                )
            self._facts[period] = self._by_version[version.pk]
        return self._facts[period]

    def check(self, d: EntryDraft) -> tuple[Resolved | None, list[Problem]]:
        problems: list[Problem] = []

        def bad(field_name: str, rule: str, message: str) -> None:
            problems.append(Problem(field_name, rule, message))

        if d.kind not in ALLOWED[EntryKind]:
            bad("kind", "finance.entry-kind", _("onbekende soort %(kind)r") % {"kind": d.kind})
            return None, problems
        if not 2000 <= d.booked_on.year <= 2100:
            bad("booked_on", "finance.date-range", _("een datum tussen 2000 en 2100"))
            return None, problems
        if d.amount <= 0:
            bad(
                "amount",
                "finance.amount-positive",
                _("het bedrag moet groter dan nul zijn; corrigeer met een tegenboeking"),
            )
        if not d.source_document.strip():
            bad(
                "source_document",
                "finance.source-document",
                _("vermeld het brondocument (besluit, factuur, overeenkomst)"),
            )
        facts = self.facts(d.booked_on)
        if facts.whole_budget and d.amount > facts.whole_budget:
            # Art. 4.2: no single entry can be larger than the deal's whole budget; such an amount
            # is a typing error (a real overspend stays recordable and is found by the checks).
            bad(
                "amount",
                "finance.amount-beyond-budget",
                _(
                    "%(amount)s is meer dan de hele begroting van de Regio Deal (%(whole)s, rijk "
                    "en regio samen): een tikfout? Controleer het bedrag."
                )
                % {"amount": money(d.amount), "whole": money(facts.whole_budget)},
            )
        line = facts.lines.get(d.budget_line)
        if line is None:
            bad(
                "budget_line",
                "finance.unknown-budget-line",
                _("onbekende begrotingsregel %(code)r op %(date)s; bekend: %(known)s")
                % {"code": d.budget_line, "date": day(d.booked_on), "known": ", ".join(facts.lines)},
            )
        project_id = None
        if d.project:
            project_id = self.projects.get(d.project)
            if project_id is None:
                bad(
                    "project", "finance.unknown-project", _("onbekend project %(code)r") % {"code": d.project}
                )
        organisation_id = None
        if d.organisation:
            organisation_id = self.organisations.get(d.organisation)
            if organisation_id is None:
                bad(
                    "organisation",
                    "finance.unknown-organisation",
                    _("onbekende Partij of Partner %(code)r") % {"code": d.organisation},
                )

        funding = d.funding
        if d.kind == EntryKind.NATIONAL_ALLOCATION:
            funding = self._fixed_funding(d, Funding.NATIONAL, bad)
            if line is not None and line.kind == BudgetLineKind.EXECUTION_COSTS:
                bad(
                    "budget_line",
                    "finance.execution-costs-line",
                    _(
                        "rijksbijdrage voor uitvoeringskosten wordt niet aan een project toegekend: boek de "
                        "kosten als uitvoeringskosten"
                    ),
                )
            if not d.project:
                bad("project", "finance.allocation-project", _("een toekenning hoort bij een project"))
            if not d.organisation:
                bad(
                    "organisation",
                    "finance.allocation-party",
                    _("vermeld de regionale Partij die het ontvangt"),
                )
            elif organisation_id and d.organisation not in facts.regional_parties:
                bad(
                    "organisation",
                    "finance.allocation-party",
                    _(
                        "%(code)r is geen regionale Partij: alleen regionale Partijen ontvangen "
                        "rijksbijdrage (art. 4.2)"
                    )
                    % {"code": d.organisation},
                )
        elif d.kind == EntryKind.REGIONAL_CONTRIBUTION:
            funding = self._fixed_funding(d, Funding.REGIONAL, bad)
            if not d.organisation:
                bad("organisation", "finance.contributor", _("vermeld de Partij of Partner die bijdraagt"))
            elif organisation_id and d.organisation not in facts.contributors:
                bad(
                    "organisation",
                    "finance.contributor",
                    _("%(code)r is geen regionale Partij of Partner van de deal") % {"code": d.organisation},
                )
            self._choice(d.contribution_status, ContributionStatus, "contribution_status", bad)
            self._choice(d.sector, ContributionSector, "sector", bad)
            self._choice(d.form, ContributionForm, "form", bad)
            if d.form == ContributionForm.IN_KIND and not d.valuation_basis.strip():
                bad(
                    "valuation_basis",
                    "finance.in-kind-valuation",
                    _(
                        "een bijdrage in natura heeft een waarderingsgrondslag "
                        "(bijvoorbeeld uren maal tarief)"
                    ),
                )
            if d.form == ContributionForm.CASH and d.valuation_basis.strip():
                bad(
                    "valuation_basis",
                    "finance.in-kind-valuation",
                    _("alleen een bijdrage in natura wordt gewaardeerd"),
                )
        else:
            if d.funding not in ALLOWED[Funding]:
                bad(
                    "funding",
                    "finance.funding",
                    _("kies %(choices)s") % {"choices": " of ".join(Funding.values)},
                )
            if line is not None:
                wants_vat = d.kind == EntryKind.EXECUTION_COSTS
                if wants_vat and line.kind != BudgetLineKind.EXECUTION_COSTS:
                    bad(
                        "budget_line",
                        "finance.execution-costs-line",
                        _("uitvoeringskosten horen op de regel uitvoeringskosten (VAT)"),
                    )
                if not wants_vat and line.kind == BudgetLineKind.EXECUTION_COSTS:
                    bad(
                        "budget_line",
                        "finance.execution-costs-line",
                        _("op de regel uitvoeringskosten (VAT) staan alleen uitvoeringskosten"),
                    )
            if d.kind == EntryKind.SPENDING and d.funding == Funding.NATIONAL and not d.project:
                bad(
                    "project",
                    "finance.national-spending-project",
                    _(
                        "een besteding van rijksbijdrage hoort bij een project: zo is te zien of het "
                        "binnen de toekenning blijft"
                    ),
                )
        for name in ("contribution_status", "sector", "form", "valuation_basis"):
            if d.kind != EntryKind.REGIONAL_CONTRIBUTION and getattr(d, name):
                bad(name, "finance.contribution-only", _("alleen voor een regionale bijdrage"))
        if problems:
            return None, problems
        return Resolved(draft=d, funding=funding, project_id=project_id, organisation_id=organisation_id), []

    @staticmethod
    def _fixed_funding(d: EntryDraft, funding: str, bad) -> str:
        if d.funding and d.funding != funding:
            bad(
                "funding",
                "finance.funding",
                _("deze soort boeking is altijd %(funding)s") % {"funding": funding},
            )
        return funding

    @staticmethod
    def _choice(value: str, choices, field_name: str, bad) -> None:
        if value not in ALLOWED[choices]:
            bad(
                field_name,
                f"finance.{field_name.replace('_', '-')}",
                _("kies %(choices)s") % {"choices": " of ".join(choices.values)},
            )
