"""What the public may see. Every public read goes through here: the public pages, the public API
(/api/v1/public/), the open-data downloads and the public reports' listing. This module decides
what is public, in one place (Art. 10):

- only what is published: projects once approved (status approved, running, completed or
  stopped: ideas and proposals are deliberation), residents' ideas once the programme office
  has read them (before that only their number, place, date and status), submitted reports;
- never what a confidentiality decision covers (`disclosure.selectors`): a confidential project
  is left out of every list, page and download, its money is left out of the money figures, and
  an idea taken up in it says "a project" without naming it;
- never personal data: the resident's contact details (`ideas.IdeaContact`) are never read here,
  nor the names of people (project leads' accounts, who recorded what);
- never internal notes: risks, transition notes, the notes of indicator links, moderation notes.

What leaves here are plain dataclasses holding only public fields, not model instances, so a
template or serializer can't reach further than this module allows.

The covenant itself is public: it is published in the Staatscourant (Art. 20), so the whole deal
version is.

Caching: the computed figures (projects, money, verdicts, ideas) are cached per deal under the
deal's data version (common/dataversion.py), so a change is visible on the next request: the
version changes with every save or delete of the deal's rows (signals), every audit event of the
deal (every service write adds one, also in another server process or without a signal), every
change that belongs to no one deal, and with today's date, because a confidentiality starts and
ends on a date without anything being written.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from regiodeal.common import dataversion as dv
from regiodeal.common.dataversion import cached_for_deal, cached_fragment
from regiodeal.deals import models as dm
from regiodeal.deals.constants import AreaKind, PartyKind
from regiodeal.deals.selectors import (
    deal_area_rows,
    deal_by_slug,
    deal_list,
    deals_with_names,
    version_in_force_cached,
    version_with_content,
)
from regiodeal.disclosure import public as layer
from regiodeal.participation import selectors as participation
from regiodeal.reporting import selectors as reporting

ZERO = Decimal("0.00")
T = TypeVar("T")

# ---------------------------------------------------------------------------------------------
# The deal (public as a whole: Art. 20)


def public_deals() -> QuerySet[dm.Deal]:
    return deal_list()


def public_deals_with_names() -> QuerySet[dm.Deal]:
    """`public_deals`, each with the `name` of its version in force, in one query (the home page:
    reading each deal's covenant for its name took 1.15 s and 683 queries for 40 deals cold)."""
    return deals_with_names()


def public_deal(slug: str) -> dm.Deal:
    return deal_by_slug(slug)


def public_deal_version(deal: dm.Deal) -> dm.DealVersion:
    """The version in force today with all its content (every public page shows it), read once per
    process under the version of the deal's covenant data (deals/selectors.py): a new version is
    a write in `deals`, and the date is part of the key, so a version that comes into force at
    midnight is picked up."""
    return version_with_content(version_in_force_cached(deal))


# ---------------------------------------------------------------------------------------------
# Caching under the deal's data version (common/dataversion.py)


# Per process, as `deals.selectors.version_with_content`: the deal page's covenant under the
# version's immutable key (id, checksum, and the version of the deal's covenant data).
_PAGE_VERSIONS: dict[tuple, dm.DealVersion] = {}


def public_deal_page_version(deal: dm.Deal) -> dm.DealVersion:
    """The version in force with what the deal page shows of the covenant and nothing more: one
    query per block (the version with its rules and regiokassier, the Parties, Partners, areas,
    groups, sectors, glossary, budget lines, pillars, their objectives, results and targets),
    kept in this process under the version's key. Read it, never change it."""
    from django.db.models import Prefetch

    from regiodeal.common.dataversion import COVENANT, deal_versions

    version = version_in_force_cached(deal)
    key = (version.pk, version.checksum, deal_versions([deal.pk], (COVENANT,))[deal.pk])
    found = _PAGE_VERSIONS.get(key)
    if found is None:
        if len(_PAGE_VERSIONS) >= 200:
            _PAGE_VERSIONS.clear()
        found = _PAGE_VERSIONS[key] = (
            dm.DealVersion.objects.defer("source_text", "content")
            .select_related("deal", "regiokassier", "rules")
            .prefetch_related(
                Prefetch("parties", queryset=dm.Party.objects.select_related("organisation")),
                Prefetch("partners", queryset=dm.Partner.objects.select_related("organisation")),
                "areas",
                "groups",
                "sectors",
                "glossary",
                "budget_lines",
                Prefetch(
                    "pillars",
                    queryset=dm.Pillar.objects.prefetch_related(
                        "objectives",
                        Prefetch(
                            "results",
                            queryset=dm.IntendedResult.objects.prefetch_related(
                                Prefetch(
                                    "targets", queryset=dm.ResultTarget.objects.select_related("indicator")
                                )
                            ),
                        ),
                    ),
                ),
            )
            .get(pk=version.pk)
        )
    return found


def cached(deal: dm.Deal, name: str, build: Callable[[], T]) -> T:
    return cached_for_deal(deal, f"portal:{name}", build)


# ---------------------------------------------------------------------------------------------
# Plain public records


@dataclass(frozen=True)
class Ref:
    """A pillar, result or organisation as the public sees it: code, Dutch and English name."""

    code: str
    name: str
    name_en: str = ""


@dataclass(frozen=True)
class PublicArea:
    code: str
    name: str
    kind: str
    gemeente: str  # code of the gemeente it lies in (itself for a gemeente), "" if none


@dataclass(frozen=True)
class PublicProject:
    code: str
    title: str
    description: str
    status: str
    pillars: tuple[Ref, ...]
    results: tuple[Ref, ...]
    areas: tuple[PublicArea, ...]
    lead: str
    participants: tuple[str, ...]
    starts_on: dt.date | None
    ends_on: dt.date | None
    residents_participation: str
    credits_rijk_regio: bool
    credits_evidence: str
    national_allocated: Decimal
    national_spent: Decimal
    is_example: bool

    @property
    def status_label(self) -> str:
        from regiodeal.projects.constants import ProjectStatus

        return str(ProjectStatus(self.status).label)

    @property
    def gemeenten(self) -> list[str]:
        return sorted({a.gemeente for a in self.areas if a.gemeente})

    @property
    def wijken(self) -> list[str]:
        return [a.code for a in self.areas if a.kind not in (AreaKind.GEMEENTE, AreaKind.PROVINCIE)]


PUBLIC_PROJECT_STATUSES = layer.PUBLIC_PROJECT_STATUSES


def _gemeente_of(area: dm.Area) -> str:
    node, seen = area, 0
    while node is not None and seen < 10:
        if node.kind == AreaKind.GEMEENTE:
            return node.code
        node, seen = node.within, seen + 1
    return ""


def _public_project_queryset(deal: dm.Deal, on: dt.date):
    return layer.public_projects(deal, on)  # the one decision (disclosure/public.py)


def _gemeente_in(areas: dict[int, tuple], area: tuple) -> str:
    """The code of the gemeente `area` lies in (itself for a gemeente), "" if none."""
    node, seen = area, 0
    while node is not None and seen < 10:
        if node[4] == AreaKind.GEMEENTE:
            return node[2]
        node, seen = areas.get(node[5]), seen + 1
    return ""


def _matching_codes(
    deal: dm.Deal, on: dt.date, pillar: str | None, gemeente: str | None, wijk: str | None
) -> list[str]:
    """The codes of the public projects with that pillar, in that gemeente (a wijk of it counts)
    and in that wijk or gebied, asked of the database: the same test as `public_projects` makes
    on the whole list (tested)."""
    chosen = _public_project_queryset(deal, on)
    if pillar:
        chosen = chosen.filter(pillars__code=pillar)
    if wijk:
        chosen = chosen.filter(areas__code=wijk)
    if gemeente:
        areas = deal_area_rows(deal)
        inside = [pk for pk, area in areas.items() if _gemeente_in(areas, area) == gemeente]
        chosen = chosen.filter(areas__in=inside)
    return list(chosen.values_list("code", flat=True).distinct())


def _build_projects(deal: dm.Deal, on: dt.date, codes: Collection[str] | None = None) -> list[PublicProject]:
    """Every public project (or those of `codes`) with what the list and the page show. Plain rows
    (values_list), one query per kind of link, no model instances: the cost of building the list
    is the cost of reading it."""
    from regiodeal.finance.amounts import from_cents
    from regiodeal.projects.models import Project

    chosen = _public_project_queryset(deal, on)
    if codes is not None:
        chosen = chosen.filter(code__in=list(codes))
    projects = list(
        chosen.order_by("code").values_list(
            "pk",
            "code",
            "title",
            "description",
            "status",
            "lead__name",
            "starts_on",
            "ends_on",
            "residents_participation",
            "credits_rijk_regio",
            "credits_evidence",
            "is_example",
        )
    )
    ids = [row[0] for row in projects]
    through = {name: getattr(Project, name).through.objects.filter(project_id__in=ids) for name in LINKS}
    pillars: dict[int, list[tuple]] = defaultdict(list)
    for pid, *ref in through["pillars"].values_list(
        "project_id", "pillar__position", "pillar__code", "pillar__name", "pillar__name_en"
    ):
        pillars[pid].append(tuple(ref))
    results: dict[int, list[tuple]] = defaultdict(list)
    for pid, *ref in through["results"].values_list(
        "project_id", "intendedresult__position", "intendedresult__code", "intendedresult__title",
        "intendedresult__title_en",
    ):  # fmt: skip
        results[pid].append(tuple(ref))
    participants: dict[int, list[str]] = defaultdict(list)
    for pid, name in through["participants"].values_list("project_id", "organisation__name"):
        participants[pid].append(name)
    areas = deal_area_rows(deal)
    project_areas: dict[int, list[tuple]] = defaultdict(list)
    for pid, area_id in through["areas"].values_list("project_id", "area_id"):
        project_areas[pid].append(areas[area_id])

    def gemeente_of(area) -> str:
        return _gemeente_in(areas, area)

    # Each project's national money (allocated; spent, execution costs not counted) from the
    # money totals kept per project, without confidential entries (disclosure/public.py).
    only = ids if codes is not None else None  # the money of the projects read, or of all
    money = {
        pk: (from_cents(c["allocated"]), from_cents(c["national_spent"] - c["national_execution"]))
        for (pk,), c in layer.public_money_totals(deal, on, by=("project_pk",), project_ids=only).items()
        if pk
    }
    out = []
    for (
        pk,
        code,
        title,
        description,
        status,
        lead,
        starts,
        ends,
        residents,
        credits,
        evidence,
        example,
    ) in projects:
        allocated, spent = money.get(pk, (ZERO, ZERO))
        out.append(
            PublicProject(
                code=code,
                title=title,
                description=description,
                status=status,
                pillars=tuple(Ref(c, n, e) for _pos, c, n, e in sorted(pillars[pk])),
                results=tuple(Ref(c, n, e) for _pos, c, n, e in sorted(results[pk])),
                areas=tuple(
                    PublicArea(a[2], a[3], a[4], gemeente_of(a))
                    for a in sorted(project_areas[pk], key=_by_position)
                ),
                lead=lead,
                participants=tuple(sorted(participants[pk])),
                starts_on=starts,
                ends_on=ends,
                residents_participation=residents,
                credits_rijk_regio=credits,
                credits_evidence=evidence,
                national_allocated=allocated,
                national_spent=spent,
                is_example=example,
            )
        )
    return out


LINKS = ("pillars", "results", "participants", "areas")


def _by_position(area) -> tuple:
    return (area[1], area[0])


def public_projects(
    deal: dm.Deal, *, pillar: str | None = None, gemeente: str | None = None, wijk: str | None = None
) -> list[PublicProject]:
    """Published, non-confidential projects, filtered by pillar, gemeente (a project in a wijk of
    the gemeente counts) and wijk (or gebied)."""
    on = timezone.localdate()
    if not (pillar or gemeente or wijk):
        return cached(deal, "projects", lambda: _build_projects(deal, on))
    # Only the projects asked for are read (after a write in the deal the whole list need not be
    # built for a filtered page); the page and the API cache what they make of them.
    return _build_projects(deal, on, codes=_matching_codes(deal, on, pillar, gemeente, wijk))


def public_project(deal: dm.Deal, code: str) -> PublicProject:
    """One public project: read on its own (the page of a project, after a write in the deal,
    need not build every project of the deal), cached like the list; equal to its entry in
    `public_projects` (tested)."""
    on = timezone.localdate()

    def build() -> PublicProject:
        found = _build_projects(deal, on, codes=[code])
        if not found:
            raise LookupError(code)  # nothing is cached for an address that is no project
        return found[0]

    return cached(deal, f"project:{code}", build)


@dataclass(frozen=True)
class FilterChoices:
    pillars: list[Ref]
    gemeenten: list[PublicArea]
    wijken: list[PublicArea]


def public_filter_choices(deal: dm.Deal) -> FilterChoices:
    return cached(deal, "filter-choices", lambda: _build_filter_choices(deal))


def _build_filter_choices(deal: dm.Deal) -> FilterChoices:
    version = version_in_force_cached(deal)
    areas = [
        PublicArea(a.code, a.name, a.kind, _gemeente_of(a))
        for a in version.areas.select_related("within__within").order_by("position")
        if a.in_deal_area or a.kind == AreaKind.GEMEENTE
    ]
    return FilterChoices(
        pillars=[Ref(p.code, p.name, p.name_en) for p in version.pillars.order_by("position")],
        gemeenten=[a for a in areas if a.kind == AreaKind.GEMEENTE],
        wijken=[a for a in areas if a.kind not in (AreaKind.GEMEENTE, AreaKind.PROVINCIE)],
    )


# ---------------------------------------------------------------------------------------------
# Where the money goes


@dataclass(frozen=True)
class MoneyLine:
    """One budget line (a pillar, or the execution costs), national and regional, in euros."""

    code: str
    name: str
    name_en: str
    national_maximum: Decimal
    regional_minimum: Decimal
    national_granted: Decimal
    national_spent: Decimal
    regional_pledged: Decimal
    regional_actual: Decimal


@dataclass(frozen=True)
class MoneyParty:
    """A regional Party (gemeente or provincie), or the Partners together."""

    code: str
    name: str
    kind: str  # "gemeente", "provincie", "partners"
    national_received: Decimal
    regional_pledged: Decimal
    regional_paid: Decimal


@dataclass(frozen=True)
class MoneyReconciliation:
    """How the totals of the two money tables add up, from the same entries.

    national granted (per line) = national_received (per Party) + national_execution + national_unassigned
    regional pledged (per line) = regional pledged (per Party) + regional_pledged_unassigned
    regional actual (per line) = regional_cash_spent + in_kind_delivered
    regional paid (per Party) = in_kind_delivered + regional_paid_cash"""

    national_execution: Decimal  # execution costs paid from the national money: granted as spent
    national_unassigned: Decimal  # national allocations booked without a receiving organisation
    regional_pledged_unassigned: Decimal  # pledges booked without a contributor
    regional_cash_spent: Decimal  # what projects spent of regional money, in cash
    in_kind_delivered: Decimal  # contributions delivered in kind (in both totals)
    regional_paid_cash: Decimal  # contributions paid in cash (to a project or the regiokassier)

    @property
    def regional_difference(self) -> Decimal:
        """Regional realised minus paid or delivered: regional money spent in cash beyond the
        contributions booked as paid in cash (negative: paid but not yet spent)."""
        return self.regional_cash_spent - self.regional_paid_cash


@dataclass(frozen=True)
class PublicMoney:
    on: dt.date
    lines: list[MoneyLine]
    total: MoneyLine
    parties: list[MoneyParty]
    parties_total: MoneyParty
    reconciliation: MoneyReconciliation | None = None


# The figures of the money totals (finance/totals.py), as `finance.selectors.Figures` names them.
PUBLIC_FIGURES = (
    "allocated",
    "pledged",
    "paid",
    "in_kind_delivered",
    "national_spent",
    "national_execution",
    "regional_spent",
)


def _build_money(deal: dm.Deal, on: dt.date) -> PublicMoney:
    # The money totals kept per project, summed by the public layer without the withheld
    # projects and entries (disclosure/public.py): the same cents as the books' own fold.
    from regiodeal.finance.amounts import from_cents
    from regiodeal.finance.selectors import Figures

    version = version_in_force_cached(deal, on)
    per_line: dict[str, Figures] = defaultdict(lambda: Figures(code=""))
    # Per organisation: national allocations received, regional contributions pledged and paid.
    by_org: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO])
    for (code, org_id), cents in layer.public_money_totals(
        deal, on, by=("budget_line", "organisation_pk")
    ).items():
        f = per_line[code]
        for name in PUBLIC_FIGURES:
            setattr(f, name, getattr(f, name) + from_cents(cents[name]))
        if org_id:
            by_org[org_id][0] += from_cents(cents["allocated"])
            by_org[org_id][1] += from_cents(cents["pledged"])
            by_org[org_id][2] += from_cents(cents["paid"])
    lines = []
    for b in version.budget_lines.order_by("position"):
        f = per_line.get(b.code) or Figures(code=b.code)
        lines.append(
            MoneyLine(
                b.code,
                b.name,
                b.name_en,
                b.rijk,
                b.regional,
                f.granted,
                f.national_spent,
                f.pledged,
                f.regional_actual,
            )
        )
    total = MoneyLine(
        "",
        "Totaal",
        "Total",
        *(
            sum((getattr(x, n) for x in lines), ZERO)
            for n in (
                "national_maximum",
                "regional_minimum",
                "national_granted",
                "national_spent",
                "regional_pledged",
                "regional_actual",
            )
        ),
    )
    # Per regional Party; the Partners' contributions together, not per company (Art. 10.2:
    # competition-sensitive information).
    regional = [
        p
        for p in version.parties.select_related("organisation").order_by("position")
        if p.kind == PartyKind.REGIO
    ]
    # A gemeente or the provincie is also an area of the deal, under the same code: its name there
    # is the plain one (Schiedam, Zuid-Holland).
    areas = {code: (kind, name) for code, kind, name in version.areas.values_list("code", "kind", "name")}
    parties = []
    for p in regional:
        received, pledged, paid = by_org.get(p.organisation_id, [ZERO, ZERO, ZERO])
        kind, name = areas.get(p.code, (AreaKind.GEMEENTE, p.short_name))
        parties.append(MoneyParty(p.code, name, kind, received, pledged, paid))
    party_orgs = {p.organisation_id for p in regional}
    others = [v for k, v in by_org.items() if k not in party_orgs]
    parties.append(
        MoneyParty(
            "PARTNERS",
            "Partners",
            "partners",
            sum((v[0] for v in others), ZERO),
            sum((v[1] for v in others), ZERO),
            sum((v[2] for v in others), ZERO),
        )
    )
    parties_total = MoneyParty(
        "",
        "Totaal",
        "",
        sum((x.national_received for x in parties), ZERO),
        sum((x.regional_pledged for x in parties), ZERO),
        sum((x.regional_paid for x in parties), ZERO),
    )
    books = Figures(code="")
    for x in lines:  # the lines of the version in force, as the table above
        if x.code in per_line:
            books.add(per_line[x.code])
    reconciliation = MoneyReconciliation(
        national_execution=books.national_execution,
        national_unassigned=(
            total.national_granted - parties_total.national_received - books.national_execution
        ),
        regional_pledged_unassigned=total.regional_pledged - parties_total.regional_pledged,
        regional_cash_spent=books.regional_spent,
        in_kind_delivered=books.in_kind_delivered,
        regional_paid_cash=parties_total.regional_paid - books.in_kind_delivered,
    )
    return PublicMoney(on, lines, total, parties, parties_total, reconciliation)


def public_money(deal: dm.Deal) -> PublicMoney:
    """National and regional money per budget line and per regional Party, as of today, without
    the money of confidential projects or confidential entries."""
    on = timezone.localdate()
    return cached(deal, "money", lambda: _build_money(deal, on))


# ---------------------------------------------------------------------------------------------
# Intended results and their verdicts (results.selectors.dashboard)


@dataclass(frozen=True)
class PublicTarget:
    indicator: str
    indicator_name: str
    indicator_name_en: str
    unit: str
    unit_en: str
    baseline: Decimal | None
    baseline_on: dt.date | None
    target: Decimal | None
    target_on: dt.date
    latest: Decimal | None
    latest_on: dt.date | None
    verdict: str
    areas_on_schedule: int
    areas_total: int


@dataclass(frozen=True)
class PublicResult:
    code: str
    name: str
    name_en: str
    residents_will_notice: str
    verdict: str
    targets: tuple[PublicTarget, ...]
    projects: tuple[Ref, ...]


@dataclass(frozen=True)
class PublicPillar:
    code: str
    name: str
    name_en: str
    verdict: str
    counts: tuple[tuple[str, int], ...]
    results: tuple[PublicResult, ...]


@dataclass(frozen=True)
class PublicResults:
    on: dt.date
    verdict: str
    pillars: tuple[PublicPillar, ...]


def _build_results(deal: dm.Deal, on: dt.date) -> PublicResults:
    from regiodeal.projects.models import Project
    from regiodeal.results.selectors import dashboard

    board = dashboard(deal=deal, on=on, with_projects=False, latest_only=True)
    # The public projects working on each result, by project code: one query on the links (the
    # same as the results of `public_projects`, without building the whole list).
    by_result: dict[str, list[Ref]] = defaultdict(list)
    links = Project.results.through.objects.filter(project__in=_public_project_queryset(deal, on))
    for result, code, title in links.order_by("project__code", "intendedresult__code").values_list(
        "intendedresult__code", "project__code", "project__title"
    ):
        by_result[result].append(Ref(code, title))
    pillars = []
    for ps in board.pillars:
        results = []
        for rs in ps.results:
            targets = []
            for ls in rs.links:
                a = ls.verdict.assessment
                targets.append(
                    PublicTarget(
                        indicator=ls.link.indicator.code,
                        indicator_name=ls.link.indicator.name,
                        indicator_name_en=ls.link.indicator.name_en,
                        unit=ls.link.indicator.unit,
                        unit_en=ls.link.indicator.unit_en,
                        baseline=ls.link.baseline_value,
                        baseline_on=ls.link.baseline_on,
                        target=ls.target_level,
                        target_on=ls.link.target_on,
                        latest=a.actual.value if a and a.actual else None,
                        latest_on=a.actual.on if a and a.actual else None,
                        verdict=str(ls.verdict.verdict),
                        areas_on_schedule=ls.verdict.areas_on_schedule,
                        areas_total=ls.verdict.areas_total,
                    )
                )
            r = rs.result
            results.append(
                PublicResult(
                    r.code,
                    r.title,
                    r.title_en,
                    r.residents_will_notice,
                    str(rs.rollup.verdict),
                    tuple(targets),
                    tuple(by_result.get(r.code, ())),
                )
            )
        p = ps.pillar
        pillars.append(
            PublicPillar(
                p.code,
                p.name,
                p.name_en,
                str(ps.rollup.verdict),
                tuple((str(v), n) for v, n in ps.rollup.counts_worst_first()),
                tuple(results),
            )
        )
    return PublicResults(on, str(board.rollup.verdict), tuple(pillars))


def public_results(deal: dm.Deal) -> PublicResults:
    """Every pillar and intended result with its on-schedule verdict today (Art. 7.2.B), the
    figures behind each indicator target, and the public projects working on each result."""
    on = timezone.localdate()
    return cached(deal, "results", lambda: _build_results(deal, on))


# ---------------------------------------------------------------------------------------------
# Submitted reports (reporting.selectors)


@dataclass(frozen=True)
class PublicWithdrawal:
    """An earlier public edition of a report, withdrawn on `on` because a record it held was made
    confidential afterwards (Art. 10.1). What it held is never said."""

    edition: int
    on: dt.date


@dataclass(frozen=True)
class PublicReport:
    year: int
    submitted_on: dt.date | None
    checksum: str
    url: str
    edition: int = 1
    withdrawn: tuple[PublicWithdrawal, ...] = ()


def _attr(obj: Any, *names: str):
    for name in names:
        value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
        if callable(value):
            value = value()
        if value not in (None, ""):
            return value
    return None


def public_reports(deal: dm.Deal) -> list[PublicReport]:
    """The submitted reports' public versions (without confidential matter), newest first, from
    `regiodeal.reporting.selectors.public_reports_of`."""
    return public_reports_of([deal])[deal.pk]


URL_ATTRIBUTES = ("public_pdf_url", "url", "pdf_url", "public_url", "get_absolute_url")


def public_reports_of(deals: list[dm.Deal]) -> dict[int, list[PublicReport]]:
    """`public_reports` of several deals at once (the ministry's portfolio)."""
    out = {}
    for deal_id, reports in reporting.public_reports_of(deals).items():
        found = []
        for r in reports:
            submitted = _attr(r, "submitted_on")
            if isinstance(submitted, dt.datetime):
                submitted = (
                    timezone.localtime(submitted).date() if timezone.is_aware(submitted) else submitted.date()
                )
            found.append(
                PublicReport(
                    year=int(_attr(r, "year")),
                    submitted_on=submitted,
                    checksum=str(_attr(r, "checksum") or ""),
                    url=str(_attr(r, *URL_ATTRIBUTES) or ""),
                    edition=int(_attr(r, "edition") or 1),
                    withdrawn=tuple(
                        PublicWithdrawal(int(_attr(w, "edition")), _attr(w, "on"))
                        for w in (_attr(r, "withdrawn") or ())
                    ),
                )
            )
        out[deal_id] = sorted(found, key=lambda r: r.year, reverse=True)
    return out


def public_outreach(deal: dm.Deal, norm: int | None = None):
    """The participation app's public summary of outreach (conversations with residents per
    wijk); `norm`: the residents to speak per wijk, when the caller has it."""
    return participation.public_outreach_summary(deal, norm=norm)


# ---------------------------------------------------------------------------------------------
# Residents' ideas (never their contact details)


@dataclass(frozen=True)
class PublicIdea:
    number: int
    title: str | None  # None until the programme office has read it
    description: str | None
    area_code: str
    area_name: str
    status: str
    submitted_on: dt.date
    public_reason: str
    project: Ref | None  # the public project that took it up
    in_project: bool  # taken up in a project (possibly one that is not public)

    @property
    def status_label(self) -> str:
        from regiodeal.ideas.constants import IdeaStatus

        return str(IdeaStatus(self.status).label)


def _build_ideas(deal: dm.Deal, on: dt.date, of_project: PublicProject | None = None) -> list[PublicIdea]:
    from regiodeal.ideas.constants import HIDDEN, TEXT_PUBLIC, IdeaStatus
    from regiodeal.ideas.models import Idea

    ideas = Idea.objects.filter(deal=deal)
    if of_project is None:
        public_codes = {p.code: p for p in public_projects(deal)}
    else:
        public_codes = {of_project.code: of_project}
        ideas = ideas.filter(project__code=of_project.code)
    rows = (
        ideas.exclude(status__in=HIDDEN)
        .order_by("-number")
        .values_list(
            "number",
            "title",
            "description",
            "area_code",
            "area_name",
            "status",
            "submitted_at",
            "public_reason",
            "project__code",
        )
    )
    out = []
    for number, title, description, area_code, area_name, status, submitted_at, reason, project_code in rows:
        shown = status in TEXT_PUBLIC
        project = public_codes.get(project_code) if project_code else None
        out.append(
            PublicIdea(
                number=number,
                title=title if shown else None,
                description=description if shown else None,
                area_code=area_code,
                area_name=area_name,
                status=status,
                submitted_on=timezone.localtime(submitted_at).date(),
                public_reason=reason if shown else "",
                project=Ref(project.code, project.title) if project else None,
                in_project=status == IdeaStatus.TAKEN_UP,
            )
        )
    return out


def public_ideas(deal: dm.Deal, *, area: str | None = None, status: str | None = None) -> list[PublicIdea]:
    on = timezone.localdate()
    ideas = cached(deal, "ideas", lambda: _build_ideas(deal, on))
    if area:
        ideas = [i for i in ideas if i.area_code == area]
    if status:
        ideas = [i for i in ideas if i.status == status]
    return ideas


def public_ideas_of(deal: dm.Deal, project: PublicProject) -> list[PublicIdea]:
    """The public ideas taken up in this public project: read on their own, equal to those of
    `public_ideas` that name it (tested)."""
    on = timezone.localdate()
    return cached(deal, f"ideas-of:{project.code}", lambda: _build_ideas(deal, on, of_project=project))


def public_idea(deal: dm.Deal, number: int) -> PublicIdea:
    for idea in public_ideas(deal):
        if idea.number == number:
            return idea
    raise LookupError(number)


@dataclass
class DealSummary:
    """What the deal's public home page shows beside the covenant itself."""

    results: PublicResults
    money_total: MoneyLine  # the total line of `public_money`
    project_count: int
    idea_count: int
    reports: list[PublicReport] = field(default_factory=list)
    outreach: Any = None
    outreach_map: Any = None  # participation.places.WijkMap, None without boundaries


def public_outreach_map(outreach):
    """The map of residents spoken per wijk against the norm, drawn from the public (already
    suppressed) summary: a wijk whose count is not shown is drawn as "not shown". None without
    boundaries: the page shows its table alone."""
    if outreach is None or not getattr(outreach, "per_wijk", None):
        return None
    from regiodeal.participation.places import norm_map

    below = _("minder dan %(k)s") % {"k": outreach.threshold}
    return norm_map(
        [
            (r.key, r.name, r.residents, below if r.residents is None else str(r.residents))
            for r in outreach.per_wijk
        ],
        norm=outreach.norm,
    )


@dataclass(frozen=True)
class WijkProjects:
    code: str  # CBS wijk code
    name: str
    gemeente: str
    area: str  # the deal's area the wijk lies in ("" if none): the projects filter
    projects: int


@dataclass(frozen=True)
class ProjectsPerWijk:
    rows: list[WijkProjects]
    map: Any  # participation.places.WijkMap, None without boundaries


def public_projects_per_wijk(deal: dm.Deal) -> ProjectsPerWijk:
    """Public projects per wijk of the outreach list: a project counts for a wijk when one of its
    areas is the deal's area the wijk lies in (`Wijk.within`). Only `public_projects` are
    counted, so no confidential project is on the public map."""
    from regiodeal.participation.places import wijk_map
    from regiodeal.participation.selectors import wijk_list

    found = public_projects(deal)
    rows = []
    for w in wijk_list(deal=deal):
        n = sum(1 for p in found if w.within and any(a.code == w.within for a in p.areas))
        rows.append(WijkProjects(w.code, w.name, w.gemeente, w.within, n))
    drawn = wijk_map(
        [(r.code, r.name, r.projects, str(r.projects)) for r in rows],
        breaks=[1, 2, 3],
        labels=[_("geen project"), _("1 project"), _("2 projecten"), _("3 of meer projecten")],
        no_data_label="",
    )
    return ProjectsPerWijk(rows=rows, map=drawn)


def public_wijk_indicators(deal: dm.Deal) -> list[tuple[str, str, str]]:
    """The indicators with a public measurement per wijk (CBS code WK…): (code, name, name_en)."""
    from regiodeal.disclosure.public import public_measurements
    from regiodeal.results.models import Measurement

    rows = public_measurements(Measurement.objects.filter(deal=deal, area_code__startswith="WK"), deal)
    # No ordering: with the models' own, DISTINCT took every measurement's date and area along.
    found = rows.values_list("indicator__code", "indicator__name", "indicator__name_en").order_by().distinct()
    return sorted(found)


def public_indicator_per_wijk(deal: dm.Deal, code: str):
    """An indicator's latest public value in each wijk, as a table and a map
    (`participation.places.values_per_wijk`); None for an unknown indicator or one without values
    per wijk. Only public measurements (disclosure/public.py)."""
    from regiodeal.disclosure.public import public_measurements
    from regiodeal.participation.places import values_per_wijk
    from regiodeal.results.models import Measurement

    return values_per_wijk(
        public_measurements(Measurement.objects.filter(deal=deal, indicator__code=code), deal)
    )


def _money_total(deal: dm.Deal, version: dm.DealVersion, on: dt.date) -> MoneyLine:
    """The public money of the deal page's card: the total line of `public_money` (the lines of
    the version in force), from the money totals per line alone (two queries, no party table)."""
    from regiodeal.finance.amounts import from_cents

    per_line = layer.public_money_totals(deal, on, by=("budget_line",))
    lines = list(version.budget_lines.all())
    cents = {
        name: sum(per_line.get((b.code,), {}).get(name, 0) for b in lines)
        for name in ("allocated", "national_execution", "national_spent", "pledged", "regional_spent")
    }
    in_kind = sum(per_line.get((b.code,), {}).get("in_kind_delivered", 0) for b in lines)
    return MoneyLine(
        "",
        "Totaal",
        "Total",
        sum((b.rijk for b in lines), ZERO),
        sum((b.regional for b in lines), ZERO),
        from_cents(cents["allocated"] + cents["national_execution"]),
        from_cents(cents["national_spent"]),
        from_cents(cents["pledged"]),
        from_cents(cents["regional_spent"] + in_kind),
    )


def public_summary(deal: dm.Deal, version: dm.DealVersion | None = None) -> DealSummary:
    """What the deal page shows beside the covenant, each block read for what it shows: the
    number of public projects and of ideas are counted by the database, the money card's total
    read from the money totals (not the whole list, the idea list, the money tables).

    Each block is cached on its own, per language, under the kinds of data it is made from
    (`PUBLIC_READS`, registered in portal/apps.py): after a booking the page computes its money
    card again and takes the outreach, the verdicts, the counts and the reports from the cache."""
    from regiodeal.ideas.constants import HIDDEN
    from regiodeal.ideas.models import Idea

    on = timezone.localdate()
    version = version or version_in_force_cached(deal, on)

    def block(name: str, build: Callable[[], T], *vary) -> T:
        # Kept in a tuple: a block that is None (no map without boundaries) is cached as well.
        return cached_fragment(deal, f"{SUMMARY}{name}", lambda: (build(),), *vary)[0]

    # The outreach's norm is results data (a link's target), the rest participation data: the norm
    # is a block of its own and a key of the outreach's, so a measurement does not count the
    # conversations again.
    norm = block("norm", lambda: participation.outreach_norm(deal=deal, on=on))
    outreach = block("outreach", lambda: public_outreach(deal, norm), norm)
    return DealSummary(
        results=public_results(deal),
        money_total=block("money", lambda: _money_total(deal, version, on)),
        project_count=block("projects", lambda: _public_project_queryset(deal, on).count()),
        idea_count=block("ideas", lambda: Idea.objects.filter(deal=deal).exclude(status__in=HIDDEN).count()),
        reports=block("reports", lambda: public_reports(deal)),
        outreach=outreach,
        outreach_map=block("outreach-map", lambda: public_outreach_map(outreach), norm),
    )


# What each block of the deal page's summary, and each public figure cached under `cached`, is
# made from (common/dataversion.py, `reads`): a write of another kind leaves it in the cache. A
# confidentiality decision is a change of every kind of its deal. By prefix: "outreach" names the
# outreach's map too (the boundaries are participation data).
SUMMARY = "portal:summary:"
PUBLIC_READS = {
    "portal:project": (dv.COVENANT, dv.MONEY, dv.PROJECTS),  # the list and each project's page
    "portal:filter-choices": (dv.COVENANT,),
    "portal:ideas": (dv.COVENANT, dv.MONEY, dv.PROJECTS, dv.PARTICIPATION),  # with their projects
    "portal:results": (dv.COVENANT, dv.RESULTS, dv.PROJECTS),
    "portal:money": (dv.COVENANT, dv.MONEY, dv.PROJECTS),
    f"{SUMMARY}money": (dv.COVENANT, dv.MONEY, dv.PROJECTS),
    f"{SUMMARY}projects": (dv.PROJECTS,),
    f"{SUMMARY}ideas": (dv.PARTICIPATION,),
    f"{SUMMARY}reports": (dv.REPORTS,),
    f"{SUMMARY}norm": (dv.COVENANT, dv.RESULTS),
    f"{SUMMARY}outreach": (dv.COVENANT, dv.PARTICIPATION),  # and the norm, a key of it
    # Whole pages (portal/views.py `_page`: the content, and for anonymous visitors the same under
    # the page with its frame): the results page shows the verdicts, the projects per result and
    # an indicator per wijk on the map (participation's boundaries), the money page the public
    # money. Without a registration a page is rendered again after a write of any kind: after a
    # booking, the results page read its wijk indicators again (70 ms at full size).
    "portal:page:results": (dv.COVENANT, dv.RESULTS, dv.PROJECTS, dv.PARTICIPATION),
    "portal:page:money": (dv.COVENANT, dv.MONEY, dv.PROJECTS),
    # The documents published under the Woo (portal/woo.py): the covenant's versions and
    # signatures, the public reports, the decisions.
    "portal:woo": (dv.COVENANT, dv.REPORTS, dv.GOVERNANCE),
}


# ---------------------------------------------------------------------------------------------
# What the open-data standards need besides the above (IATI, DCAT: portal/iati.py, dcat.py)


@dataclass(frozen=True)
class PublicOrganisation:
    code: str
    name: str
    iati_ref: str  # NL-OIN-... or NL-KVK-..., "" when unknown
    role: str  # "rijk", "regio" (a Party of that kind) or "partner"


def public_organisations(deal: dm.Deal) -> list[PublicOrganisation]:
    """The Parties and Partners of the version in force, in the covenant's order (the covenant and
    its Parties are public: Art. 20)."""
    version = public_deal_version(deal)
    out = [
        PublicOrganisation(p.code, p.name, p.organisation.iati_ref, p.kind)
        for p in version.parties.select_related("organisation").order_by("position")
    ]
    out += [
        PublicOrganisation(p.code, p.name, p.organisation.iati_ref, "partner")
        for p in version.partners.select_related("organisation").order_by("position")
    ]
    return out


@dataclass(frozen=True)
class PublicProjectLinks:
    """Who works on a public project (organisation codes) and the CBS codes of its areas."""

    code: str
    lead: str
    participants: tuple[str, ...]
    area_cbs: dict[str, str]  # area code -> CBS code ("" when not confirmed)


def public_project_links(deal: dm.Deal) -> dict[str, PublicProjectLinks]:
    on = timezone.localdate()
    from regiodeal.projects.models import Project

    chosen = _public_project_queryset(deal, on)
    ids = dict(chosen.values_list("pk", "code"))
    leads = dict(chosen.values_list("code", "lead__code"))
    participants: dict[str, list[str]] = defaultdict(list)
    for pid, org in Project.participants.through.objects.filter(project_id__in=ids).values_list(
        "project_id", "organisation__code"
    ):
        participants[ids[pid]].append(org)
    areas: dict[str, dict[str, str]] = defaultdict(dict)
    for pid, code, cbs in Project.areas.through.objects.filter(project_id__in=ids).values_list(
        "project_id", "area__code", "area__cbs_code"
    ):
        areas[ids[pid]][code] = cbs
    return {
        code: PublicProjectLinks(code, leads.get(code) or "", tuple(sorted(participants[code])), areas[code])
        for code in sorted(ids.values())
    }


def public_area_cbs_codes(deal: dm.Deal) -> dict[str, str]:
    """Area code -> CBS code (GM0606, WK060601; "" where the platform has none) of the version in
    force."""
    return dict(public_deal_version(deal).areas.values_list("code", "cbs_code"))


@dataclass(frozen=True)
class PublicLedgerSum:
    """Public ledger entries summed per project, kind, whose money, contribution status, the
    organisation (a regional Party's code, PARTNERS for the Partners together: Art. 10.2) and
    year. `last_on` is the latest booking date in the group."""

    project: str  # "" for money not booked on a project
    kind: str
    funding: str
    status: str
    organisation: str
    year: int
    amount: Decimal
    last_on: dt.date


def public_ledger_sums(deal: dm.Deal) -> list[PublicLedgerSum]:
    """The public ledger (disclosure/public.py: without confidential projects and entries) as of
    today, in sums that name no single Partner (Art. 10.2)."""
    from django.db.models import Max
    from django.db.models.functions import ExtractYear

    from regiodeal.finance.amounts import from_cents
    from regiodeal.finance.selectors import _cents, entries_as_of

    on = timezone.localdate()
    version = version_in_force_cached(deal, on)
    regional = set(version.parties.filter(kind=PartyKind.REGIO).values_list("organisation__code", flat=True))
    entries = layer.public_entries(entries_as_of(deal, on), deal, on)
    rows = (
        entries.annotate(year=ExtractYear("booked_on"))
        .values_list("project__code", "kind", "funding", "contribution_status", "organisation__code", "year")
        .annotate(cents=_cents(), last_on=Max("booked_on"))
        .order_by()
    )
    sums: dict[tuple, list] = {}
    for project, kind, funding, status, org, year, cents, last_on in rows:
        org = "" if not org else (org if org in regional else "PARTNERS")
        key = (project or "", kind, funding, status or "", org, year)
        if key in sums:
            sums[key][0] += from_cents(cents)
            sums[key][1] = max(sums[key][1], last_on)
        else:
            sums[key] = [from_cents(cents), last_on]
    return [
        PublicLedgerSum(*key[:5], key[5], amount, last_on) for key, (amount, last_on) in sorted(sums.items())
    ]


def public_programme_budgets(deal: dm.Deal) -> dict[int, tuple[Decimal, Decimal]]:
    """The yearly uitvoeringsprogramma's budget (Bijlage 1 B) per year: (national, regional)."""
    from regiodeal.finance.selectors import programme_list

    out: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for p in programme_list(deal):
        out[p.year][0] += p.national
        out[p.year][1] += p.regional
    return {year: (n, r) for year, (n, r) in sorted(out.items())}
