"""Reads for finance: the ledger summed per budget line and year, the VAT split, the SPUK account.

Sums are taken by the database in whole cents (`_cents`): SQLite keeps a decimal column as a
binary float, and summing 100,000 floats can drift by a cent; each amount rounded to its cents
first is exact, and so is a sum of integers. Every figure is "as of" a date: only entries booked
on or before it count, and the covenant's maxima come from the version in force on it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from regiodeal.deals import models as dm
from regiodeal.deals.constants import PartyKind
from regiodeal.deals.selectors import version_in_force, version_in_force_cached

from . import totals as money_totals
from .amounts import from_cents, ratio, split_cents, to_cents
from .constants import ZERO, ContributionForm, ContributionStatus, EntryKind, Funding
from .models import (
    CooperationAgreement,
    EuLawBasis,
    LedgerEntry,
    ProgrammeBudget,
    SpukAccount,
    SpukDecision,
    SpukPayment,
    VatPayment,
)
from .sums import FOLD_SUMS, _cents


def entries_as_of(deal: dm.Deal, on: dt.date | None = None) -> QuerySet[LedgerEntry]:
    on = on or timezone.localdate()
    return LedgerEntry.objects.filter(deal=deal, booked_on__lte=on)


def entry_list(
    *,
    deal: dm.Deal,
    kind: str | None = None,
    budget_line: str | None = None,
    project: str | None = None,
    year: int | None = None,
) -> QuerySet[LedgerEntry]:
    qs = LedgerEntry.objects.filter(deal=deal).select_related("project", "organisation", "reverses")
    if kind:
        qs = qs.filter(kind=kind)
    if budget_line:
        qs = qs.filter(budget_line=budget_line)
    if project:
        qs = qs.filter(project__code=project)
    if year:
        qs = qs.filter(booked_on__year=year)
    return qs.order_by("booked_on", "id")


@dataclass
class Figures:
    """The money of one budget line (in one year, or in all years), in euros."""

    code: str
    name: str = ""
    maximum: Decimal = ZERO  # national maximum of the budget table (Art. 4.2)
    minimum: Decimal = ZERO  # regional minimum of the budget table
    planned_national: Decimal = ZERO  # uitvoeringsprogramma (Bijlage 1 B)
    planned_regional: Decimal = ZERO
    allocated: Decimal = ZERO  # national allocations
    pledged: Decimal = ZERO  # regional contributions pledged
    paid: Decimal = ZERO  # regional contributions paid or delivered
    in_kind_delivered: Decimal = ZERO
    national_spent: Decimal = ZERO  # spending and execution costs charged to national money
    national_execution: Decimal = ZERO  # of which execution costs (VAT): granted as spent
    regional_spent: Decimal = ZERO

    @property
    def granted(self) -> Decimal:
        """National money committed on the line: allocations to projects, and execution costs,
        which the regiokassier pays without a project allocation in between."""
        return self.allocated + self.national_execution

    @property
    def regional_actual(self) -> Decimal:
        """Regional money realised: spent in cash, or delivered in kind (never passes a till)."""
        return self.regional_spent + self.in_kind_delivered

    @property
    def pledge_ratio(self) -> Decimal | None:
        return ratio(self.pledged, self.granted)

    @property
    def spending_ratio(self) -> Decimal | None:
        return ratio(self.regional_actual, self.national_spent)

    @property
    def planned_total(self) -> Decimal:
        return self.planned_national + self.planned_regional

    @property
    def spent_total(self) -> Decimal:
        return self.national_spent + self.regional_actual

    def add(self, other: Figures) -> None:
        for name in (
            "maximum",
            "minimum",
            "planned_national",
            "planned_regional",
            "allocated",
            "pledged",
            "paid",
            "in_kind_delivered",
            "national_spent",
            "national_execution",
            "regional_spent",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _fold(figures: Figures, kind: str, funding: str, status: str, form: str, amount: Decimal) -> None:
    if kind == EntryKind.NATIONAL_ALLOCATION:
        figures.allocated += amount
    elif kind == EntryKind.REGIONAL_CONTRIBUTION:
        if status == ContributionStatus.PLEDGED:
            figures.pledged += amount
        else:
            figures.paid += amount
            if form == ContributionForm.IN_KIND:
                figures.in_kind_delivered += amount
    elif funding == Funding.NATIONAL:
        figures.national_spent += amount
        if kind == EntryKind.EXECUTION_COSTS:
            figures.national_execution += amount
    else:
        figures.regional_spent += amount


@dataclass
class Overview:
    on: dt.date
    version: dm.DealVersion
    lines: list[Figures]  # all years, in the order of the budget table
    total: Figures
    years: list[int]
    budget_lines: list[dm.BudgetLine] = field(default_factory=list)  # the table as read, once
    by_year: dict[int, list[Figures]] = field(default_factory=dict)
    year_totals: dict[int, Figures] = field(default_factory=dict)


def overview(deal: dm.Deal, on: dt.date | None = None) -> Overview:
    """Budget (covenant and yearly programme), allocated, pledged and spent per line and year."""
    on = on or timezone.localdate()
    version = version_in_force_cached(deal, on=on)
    budget_lines = list(version.budget_lines.all())
    table = {b.code: b for b in budget_lines}
    cells: dict[tuple[str, int], Figures] = {}

    def cell(code: str, year: int) -> Figures:
        if (code, year) not in cells:
            cells[code, year] = Figures(code=code)
        return cells[code, year]

    # The money totals kept when written (finance/totals.py), not the whole ledger summed.
    for (_deal, code, year), row in money_totals.cells([deal.pk], on).items():
        c = cell(code, year)
        for name in FOLD_SUMS:
            setattr(c, name, getattr(c, name) + from_cents(row[name]))
    for p in ProgrammeBudget.objects.filter(deal=deal).only("budget_line", "year", "national", "regional"):
        c = cell(p.budget_line, p.year)
        c.planned_national += p.national
        c.planned_regional += p.regional
    codes = list(table) + sorted({code for code, _year in cells} - set(table))
    years = sorted({year for _code, year in cells})

    def named(code: str) -> Figures:
        line = table.get(code)
        return Figures(code=code, name=line.name if line else code)

    lines = []
    for code in codes:
        f = named(code)
        if code in table:
            f.maximum, f.minimum = table[code].rijk, table[code].regional
        for year in years:
            if (code, year) in cells:
                f.add(cells[code, year])
        lines.append(f)
    total = Figures(code="", name="Totaal")
    for f in lines:
        total.add(f)
    result = Overview(
        on=on, version=version, lines=lines, total=total, years=years, budget_lines=budget_lines
    )
    for year in years:
        year_lines = []
        year_total = Figures(code="", name=str(year))
        for code in codes:
            f = named(code)
            if (code, year) in cells:
                f.add(cells[code, year])
            year_lines.append(f)
            year_total.add(f)
        result.by_year[year] = year_lines
        result.year_totals[year] = year_total
    return result


def totals_by_deal(deals, on: dt.date | None = None) -> dict[int, Figures]:
    """The ledger's money of several deals as of `on`, one Figures per deal id (the money of
    `overview(deal, on).total`, without the budget table and the yearly programme), from the
    money totals kept when written (finance/totals.py): two queries for any number of deals, for
    the ministry's portfolio."""
    on = on or timezone.localdate()
    # Summed in whole cents, made euros once per deal (600 cells of 40 deals: 4 ms less).
    cents: dict[int, dict[str, int]] = {}
    for (deal_id, _code, _year), row in money_totals.cells([d.pk for d in deals], on).items():
        summed = cents.setdefault(deal_id, dict.fromkeys(FOLD_SUMS, 0))
        for name in FOLD_SUMS:
            summed[name] += row[name]
    return {
        deal_id: Figures(code="", **{name: from_cents(value) for name, value in summed.items()})
        for deal_id, summed in cents.items()
    }


@dataclass
class ProjectMoney:
    project_id: int
    code: str
    title: str
    allocated: Decimal = ZERO
    national_spent: Decimal = ZERO


def national_by_project(
    deal: dm.Deal, on: dt.date | None = None, *, project_ids: Collection[int] | None = None
) -> list[ProjectMoney]:
    """National money allocated to and spent on each project (spending only: execution costs
    are not a project's); only of `project_ids` if given."""
    entries = entries_as_of(deal, on)
    if project_ids is not None:
        entries = entries.filter(project_id__in=list(project_ids))
    rows = (
        entries.filter(project__isnull=False, funding=Funding.NATIONAL)
        .values_list("project_id", "project__code", "project__title", "kind")
        .annotate(cents=_cents())
        .order_by()
    )
    out: dict[int, ProjectMoney] = {}
    for pid, code, title, kind, cents in rows:
        pm = out.setdefault(pid, ProjectMoney(pid, code, title))
        if kind == EntryKind.NATIONAL_ALLOCATION:
            pm.allocated += from_cents(cents)
        elif kind == EntryKind.SPENDING:
            pm.national_spent += from_cents(cents)
    return sorted(out.values(), key=lambda p: p.code)


@dataclass
class VatShare:
    code: str
    name: str
    received: Decimal  # national money received (allocations to the Party's projects)
    weight: Decimal | None  # its part of all national money received, as a fraction
    planned: Decimal | None  # its share of the regional VAT level (agreement, else covenant)
    actual: Decimal | None  # its share of the regional execution costs booked
    paid: Decimal = ZERO  # what it transferred to the regiokassier (VatPayment) as of `on`

    @property
    def difference(self) -> Decimal | None:
        """Paid minus its share of the costs booked: negative is short."""
        return None if self.actual is None else self.paid - self.actual


@dataclass
class VatSplit:
    on: dt.date
    article: str
    planned_total: Decimal
    actual_total: Decimal
    received_total: Decimal
    shares: list[VatShare]
    agreement: CooperationAgreement | None = None  # whose VAT level is split, when recorded
    paid_total: Decimal = ZERO

    @property
    def possible(self) -> bool:
        return self.received_total > 0


def vat_split(deal: dm.Deal, on: dt.date | None = None) -> VatSplit:
    """Art. 4.2: the execution costs borne by the Regio, and any overrun, split over the regional
    Parties pro rata the national money each received. In cents, largest remainder, ties to the
    Party listed first in the covenant. The level split is the one the samenwerkingsovereenkomst
    fixes (Art. 4.2: "vastgelegd in de Samenwerkingsovereenkomst"), or the covenant's table until it
    is recorded. Beside each share: what the Party paid to the regiokassier as of `on`."""
    on = on or timezone.localdate()
    version = version_in_force_cached(deal, on=on)
    parties = [p for p in version.parties.select_related("organisation") if p.kind == PartyKind.REGIO]
    vat_line = version.budget_lines.filter(kind="execution_costs").first()
    received_cents = dict(
        entries_as_of(deal, on)
        .filter(kind=EntryKind.NATIONAL_ALLOCATION)
        .values_list("organisation_id")
        .annotate(cents=_cents())
        .order_by()
    )
    actual_cents = (
        entries_as_of(deal, on)
        .filter(kind=EntryKind.EXECUTION_COSTS, funding=Funding.REGIONAL)
        .aggregate(cents=_cents())["cents"]
        or 0
    )
    agreement = CooperationAgreement.objects.filter(deal=deal, signed_on__lte=on).first()
    planned = agreement.vat_level if agreement else (vat_line.regional if vat_line else ZERO)
    paid_cents = dict(
        VatPayment.objects.filter(deal=deal, paid_on__lte=on)
        .values_list("organisation_id")
        .annotate(cents=_cents())
        .order_by()
    )
    weights = [max(received_cents.get(p.organisation_id, 0), 0) for p in parties]
    total_weight = sum(weights)
    if total_weight:
        planned_shares = split_cents(to_cents(planned), weights)
        actual_shares = split_cents(actual_cents, weights)
    else:
        planned_shares = actual_shares = [None] * len(parties)
    shares = [
        VatShare(
            code=p.organisation.code,
            name=p.short_name,
            received=from_cents(w),
            weight=(Decimal(w) / Decimal(total_weight)).quantize(Decimal("0.0001")) if total_weight else None,
            planned=from_cents(ps) if ps is not None else None,
            actual=from_cents(acs) if acs is not None else None,
            paid=from_cents(paid_cents.get(p.organisation_id, 0)),
        )
        for p, w, ps, acs in zip(parties, weights, planned_shares, actual_shares, strict=True)
    ]
    return VatSplit(
        on=on,
        article=version.rules.money_article,
        planned_total=planned,
        actual_total=from_cents(actual_cents),
        received_total=from_cents(total_weight),
        shares=shares,
        agreement=agreement,
        paid_total=from_cents(sum(paid_cents.values())),
    )


@dataclass
class SpukYear:
    """One year of the SiSa account of the specific grant (Art. 5)."""

    year: int
    national_spent: Decimal
    national_spent_cumulative: Decimal
    cofinancing: Decimal
    cofinancing_cumulative: Decimal
    is_final: bool
    due_on: dt.date
    submitted: SpukAccount | None = None

    @property
    def changed_since_submitted(self) -> bool:
        s = self.submitted
        return s is not None and (s.national_spent_cumulative, s.cofinancing_cumulative) != (
            self.national_spent_cumulative,
            self.cofinancing_cumulative,
        )


def spuk_due_on(year: int) -> dt.date:
    """The SiSa account of year T is due on 15 July of T+1."""
    return dt.date(year + 1, 7, 15)


def _spent_per_year(deal: dm.Deal, on: dt.date) -> dict[int, tuple[int, int]]:
    rows = (
        entries_as_of(deal, on)
        .annotate(year=ExtractYear("booked_on"))
        .values_list("year", "kind", "funding", "contribution_status", "form")
        .annotate(cents=_cents())
        .order_by()
    )
    per_year: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for year, kind, funding, status, form, cents in rows:
        totals = per_year[year]  # every year with an entry has an account, even without spending
        if kind in (EntryKind.SPENDING, EntryKind.EXECUTION_COSTS):
            totals[0 if funding == Funding.NATIONAL else 1] += cents
        elif (kind, status, form) == (EntryKind.REGIONAL_CONTRIBUTION, ContributionStatus.PAID, "in_kind"):
            totals[1] += cents
    return {y: (n, r) for y, (n, r) in per_year.items()}


def spuk_years(deal: dm.Deal, on: dt.date | None = None) -> list[SpukYear]:
    """Every year from the first entry to the end of the deal (or `on`'s year, if earlier)."""
    on = on or timezone.localdate()
    per_year = _spent_per_year(deal, on)
    if not per_year:
        return []
    ends_on = version_in_force_cached(deal, on=on).ends_on
    submitted = {a.year: a for a in SpukAccount.objects.filter(deal=deal)}
    out = []
    national_cum = regional_cum = 0
    for year in range(min(per_year), min(on.year, ends_on.year) + 1):
        national, regional = per_year.get(year, (0, 0))
        national_cum += national
        regional_cum += regional
        out.append(
            SpukYear(
                year=year,
                national_spent=from_cents(national),
                national_spent_cumulative=from_cents(national_cum),
                cofinancing=from_cents(regional),
                cofinancing_cumulative=from_cents(regional_cum),
                is_final=year >= ends_on.year,
                due_on=spuk_due_on(year),
                submitted=submitted.get(year),
            )
        )
    return out


def spuk_year(deal: dm.Deal, year: int) -> SpukYear | None:
    years = {y.year: y for y in spuk_years(deal, on=dt.date(year, 12, 31))}
    return years.get(year)


def programme_list(deal: dm.Deal) -> QuerySet[ProgrammeBudget]:
    return ProgrammeBudget.objects.filter(deal=deal).order_by("year", "budget_line")


def programme_years(deal: dm.Deal, today: dt.date | None = None) -> list[int]:
    """The years a yearly programme can be made for: from the year of entry into force (Art. 19)
    to the last year of the deal. A deal not yet in force starts at the earliest year already
    planned or booked, or this year."""
    from regiodeal.deals.selectors import deal_entry_into_force

    today = today or timezone.localdate()
    force = deal_entry_into_force(deal)
    last = max(deal.versions.values_list("ends_on", flat=True)).year
    if force.starts_on:
        first = force.starts_on.year
    else:
        known = [today.year]
        known += list(ProgrammeBudget.objects.filter(deal=deal).values_list("year", flat=True))
        first_booked = LedgerEntry.objects.filter(deal=deal).order_by("booked_on").first()
        if first_booked:
            known.append(first_booked.booked_on.year)
        first = min(known)
    return list(range(first, max(first, last) + 1))


@dataclass
class ProgrammeLine:
    """One budget line in one year's programme, beside the covenant's budget table."""

    line: dm.BudgetLine
    row: ProgrammeBudget | None
    national_all_years: Decimal  # this line's planned national money over every year
    regional_all_years: Decimal

    @property
    def over_maximum(self) -> bool:
        return self.national_all_years > self.line.rijk

    @property
    def national_room(self) -> Decimal:
        """National money of the line's maximum not yet planned in any year."""
        return self.line.rijk - self.national_all_years


@dataclass
class ProgrammeYear:
    year: int
    version: dm.DealVersion
    lines: list[ProgrammeLine]

    @property
    def planned_national(self) -> Decimal:
        return sum((p.row.national for p in self.lines if p.row), ZERO)

    @property
    def planned_regional(self) -> Decimal:
        return sum((p.row.regional for p in self.lines if p.row), ZERO)

    @property
    def maximum(self) -> Decimal:
        return sum((p.line.rijk for p in self.lines), ZERO)

    @property
    def minimum(self) -> Decimal:
        return sum((p.line.regional for p in self.lines), ZERO)

    @property
    def national_all_years(self) -> Decimal:
        return sum((p.national_all_years for p in self.lines), ZERO)


def programme_year(deal: dm.Deal, year: int) -> ProgrammeYear:
    """Bijlage 1 B: a year's programme per budget line of the version in force on 31 December of
    that year (the lines `programme_budget_set` accepts), with the covenant's maxima and minima
    and what all years together plan on each line."""
    version = version_in_force(deal, on=dt.date(year, 12, 31))
    rows = list(ProgrammeBudget.objects.filter(deal=deal))
    this_year = {r.budget_line: r for r in rows if r.year == year}
    national: dict[str, Decimal] = defaultdict(lambda: ZERO)
    regional: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for r in rows:
        national[r.budget_line] += r.national
        regional[r.budget_line] += r.regional
    lines = [
        ProgrammeLine(
            line=b,
            row=this_year.get(b.code),
            national_all_years=national[b.code],
            regional_all_years=regional[b.code],
        )
        for b in version.budget_lines.all()
    ]
    return ProgrammeYear(year=year, version=version, lines=lines)


@dataclass
class SpukGrant:
    """Art. 5: VRO's beschikkingen and payments, beside the regiokassier's yearly account."""

    decisions: list[SpukDecision]
    payments: list[SpukPayment]
    decided: Decimal
    received: Decimal
    received_per_year: dict[int, Decimal]


def spuk_grant(deal: dm.Deal, on: dt.date | None = None) -> SpukGrant:
    on = on or timezone.localdate()
    decisions = list(SpukDecision.objects.filter(deal=deal, decided_on__lte=on))
    payments = list(SpukPayment.objects.filter(deal=deal, received_on__lte=on).select_related("decision"))
    per_year: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for p in payments:
        per_year[p.received_on.year] += p.amount
    return SpukGrant(
        decisions=decisions,
        payments=payments,
        decided=sum((d.amount for d in decisions), ZERO),
        received=sum((p.amount for p in payments), ZERO),
        received_per_year=dict(per_year),
    )


@dataclass
class EuLawRow:
    """Art. 9: a project with national money, its basis, and its allocations with theirs."""

    project: object
    basis: EuLawBasis | None
    allocations: list[tuple[LedgerEntry, EuLawBasis | None]]

    @property
    def missing(self) -> list[LedgerEntry]:
        """The allocations covered neither by their own basis nor by the project's."""
        return [] if self.basis else [e for e, b in self.allocations if b is None]


def eu_law_overview(deal: dm.Deal, on: dt.date | None = None) -> list[EuLawRow]:
    on = on or timezone.localdate()
    allocations = (
        entries_as_of(deal, on)
        .filter(kind=EntryKind.NATIONAL_ALLOCATION, reverses__isnull=True, project__isnull=False)
        .exclude(reversed_by__booked_on__lte=on)
        .select_related("project")
        .order_by("project__code", "booked_on", "id")
    )
    bases = {b.project_id: b for b in EuLawBasis.objects.filter(deal=deal, project__isnull=False)}
    entry_bases = {b.entry_id: b for b in EuLawBasis.objects.filter(deal=deal, entry__isnull=False)}
    rows: dict[int, EuLawRow] = {}
    for e in allocations:
        row = rows.setdefault(
            e.project_id, EuLawRow(project=e.project, basis=bases.get(e.project_id), allocations=[])
        )
        row.allocations.append((e, entry_bases.get(e.pk)))
    return list(rows.values())
