"""Reads for results: the verdicts of a deal at a date, each indicator's series, distribution
effects and the theory of change. Every function here uses a fixed number of queries, whatever
the number of projects, links or measurements (tests assert it)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractYear, RowNumber
from django.utils import timezone

from regiodeal.deals import models as dm
from regiodeal.deals.selectors import pillars_with_results, version_in_force, version_in_force_cached

from .distribution import PartGaps, gaps_for
from .models import Indicator, Measurement, ResultIndicator
from .verdict import Point, RollUp, TargetVerdict, assess_target, roll_up


def indicator_list(*, deal: dm.Deal) -> QuerySet[Indicator]:
    """The catalogue and the deal's own indicators."""
    return Indicator.objects.filter(Q(deal=None) | Q(deal=deal)).order_by("origin", "code")


def indicator_get(*, deal: dm.Deal, pk: int) -> Indicator:
    return indicator_list(deal=deal).get(pk=pk)


def link_list(*, deal: dm.Deal, version: dm.DealVersion | None = None) -> QuerySet[ResultIndicator]:
    version = version or version_in_force(deal)
    return (
        ResultIndicator.objects.filter(deal=deal, result__version=version)
        .select_related("indicator", "result", "result__pillar")
        .order_by("result__pillar__position", "result__position", "indicator__code", "id")
    )


def measurement_list(*, deal: dm.Deal, indicator: Indicator | None = None) -> QuerySet[Measurement]:
    qs = Measurement.objects.filter(deal=deal).select_related("indicator", "project")
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    return qs.order_by("indicator__code", "on", "area_code", "group_code", "id")


@dataclass
class Series:
    """An indicator's measurements up to a date: regional, per area, per group."""

    regional: list[Point] = field(default_factory=list)
    by_area: dict[str, list[Point]] = field(default_factory=lambda: defaultdict(list))
    by_area_kind: dict[str, str] = field(default_factory=dict)
    area_names: dict[str, str] = field(default_factory=dict)
    by_group: dict[str, list[Point]] = field(default_factory=lambda: defaultdict(list))

    def areas_of_kind(self, kind: str) -> dict[str, list[Point]]:
        return {code: pts for code, pts in self.by_area.items() if self.by_area_kind.get(code) == kind}


def series_for(*, deal: dm.Deal, indicator_ids, on: dt.date) -> dict[int, Series]:
    """One query: every measurement of these indicators up to `on`, split by series."""
    out: dict[int, Series] = defaultdict(Series)
    rows = (
        Measurement.objects.filter(deal=deal, indicator_id__in=list(indicator_ids), on__lte=on)
        .order_by("on", "id")
        .values_list("indicator_id", "on", "value", "area_code", "area_name", "area_kind", "group_code")
    )
    for indicator_id, when, value, area, area_name, area_kind, group in rows:
        s = out[indicator_id]
        point = Point(when, value)
        if area and not group:
            s.by_area[area].append(point)
            s.by_area_kind[area] = area_kind
            s.area_names[area] = area_name or area
        elif group and not area:
            s.by_group[group].append(point)
        elif not area and not group:
            s.regional.append(point)
    return out


def _verdict_parts(deal_ids: list[int], links, on: dt.date) -> list[QuerySet[Measurement]]:
    """The measurements the verdicts (and their charts) read, up to `on`: the regional series of
    every linked indicator, and for a norm per area the areas of that kind; never the group
    breakdowns, nor the areas of an indicator judged on its regional value (those are for
    indicator_detail)."""
    base = Measurement.objects.filter(deal_id__in=deal_ids, group_code="", on__lte=on)
    parts = [base.filter(indicator_id__in=sorted({x.indicator_id for x in links}), area_code="")]
    # Per deal, indicator and kind of area: each a range of the index `measurement_latest_series`
    # (deal, indicator, group, area), so several deals are still read by index, not by a scan.
    per_area = sorted(
        {(x.deal_id, x.indicator_id, x.area_kind) for x in links if x.target_kind == "per_area"}
    )
    if per_area:
        which = Q()
        for deal_id, indicator_id, kind in per_area:
            which |= Q(deal_id=deal_id, indicator_id=indicator_id, area_kind=kind)
        parts.append(base.filter(which, area_code__gt=""))
    return parts


def _latest_regional_ids(links, on: dt.date) -> RawSQL:
    """The id of the latest regional measurement up to `on` of each link's deal and indicator, as
    a subquery: per link the newest row of its regional series by a top-1 probe of the index
    `measurement_latest_series` (a catalogue indicator is shared by the deals, so the series is
    the link's deal and indicator). Written out, as `_latest_area_ids` is: composed by the ORM (an
    annotation with a correlated subquery) it took Django longer to build than the database to
    run it (some 2.5 ms of the dashboard's 22, cProfile)."""
    ids = sorted({x.pk for x in links})
    q = connection.ops.quote_name
    table, links_table, day = q(Measurement._meta.db_table), q(ResultIndicator._meta.db_table), q("on")
    sql = (
        f"SELECT (SELECT m.id FROM {table} m WHERE m.deal_id = ri.deal_id "  # noqa: S608
        f"AND m.indicator_id = ri.indicator_id AND m.group_code = '' AND m.area_code = '' "
        f"AND m.{day} <= %s ORDER BY m.{day} DESC LIMIT 1) "
        f"FROM {links_table} ri WHERE ri.id IN ({', '.join(['%s'] * len(ids))})"
    )
    return RawSQL(sql, [on, *ids])  # noqa: S611 (names quoted by the backend, values as parameters)


def _latest_area_ids(links, on: dt.date) -> RawSQL | None:
    """The ids of the latest measurement up to `on` of every area series the norms per area of
    these links read (per deal, indicator and kind of area), as a subquery that works on
    PostgreSQL and SQLite alike: the area codes are found by a skip scan of the index
    `measurement_latest_series` (a recursive walk: from each code to the next, one index probe a
    step), then each area's newest row by a top-1 probe of the same index. The rows read grow
    with the number of areas, not with the history (the window function it replaces ranked every
    measurement)."""
    wanted = sorted({(x.deal_id, x.indicator_id, x.area_kind) for x in links if x.target_kind == "per_area"})
    if not wanted:
        return None
    q = connection.ops.quote_name
    table, day = q(Measurement._meta.db_table), q("on")
    seeds = " UNION ALL ".join(
        ["SELECT CAST(%s AS BIGINT) AS deal_id, CAST(%s AS BIGINT) AS indicator_id, %s AS kind"] * len(wanted)
    )

    def next_code(after: str) -> str:
        return (
            f"(SELECT MIN(m.area_code) FROM {table} m WHERE m.deal_id = s.deal_id "  # noqa: S608
            f"AND m.indicator_id = s.indicator_id AND m.group_code = '' AND m.area_code > {after} "
            f"AND m.area_kind = s.kind AND m.{day} <= %s)"
        )

    sql = (
        f"WITH RECURSIVE series(deal_id, indicator_id, kind, area_code) AS ("  # noqa: S608
        f"SELECT s.deal_id, s.indicator_id, s.kind, {next_code(chr(39) * 2)} FROM ({seeds}) s "
        f"UNION ALL SELECT s.deal_id, s.indicator_id, s.kind, {next_code('s.area_code')} FROM series s "
        f"WHERE s.area_code IS NOT NULL) "
        f"SELECT (SELECT m.id FROM {table} m WHERE m.deal_id = s.deal_id AND m.indicator_id = s.indicator_id "
        f"AND m.group_code = '' AND m.area_code = s.area_code AND m.{day} <= %s "
        f"ORDER BY m.{day} DESC LIMIT 1) FROM series s WHERE s.area_code IS NOT NULL"
    )
    # In the order of the text: the first step's date, the seeds, the next step's, the top-1's.
    params = [on, *(value for triple in wanted for value in triple), on, on]
    return RawSQL(sql, params)  # noqa: S611 (names quoted by the backend, values as parameters)


def _series_of_deals(
    deal_ids: list[int], links, on: dt.date, latest_only: bool, per_year: bool = False
) -> dict[tuple[int, int], Series]:
    """(deal id, indicator id) -> the series its links' verdicts read; one query for the
    regional series, one for the areas of the norms per area, for any number of deals."""
    out: dict[tuple[int, int], Series] = defaultdict(Series)
    links = list(links)
    if not links:
        return out
    if latest_only and not per_year:
        # The latest measurement of each series by the index `measurement_latest_series`, not
        # the history ranked by a window function: the regional series one top-1 walk per
        # indicator (a correlated subquery), the areas of the norms per area by a skip scan.
        # A norm or target per area is judged on its areas alone: no regional query for it.
        regional = [x for x in links if x.target_kind != "per_area"]
        parts = [Measurement.objects.filter(id__in=_latest_regional_ids(regional, on))] if regional else []
        areas = _latest_area_ids(links, on)
        parts += [Measurement.objects.filter(id__in=areas)] if areas is not None else []
    else:
        parts = _verdict_parts(deal_ids, links, on)
    for qs in parts:
        if per_year:
            partition = [F("deal_id"), F("indicator_id"), F("area_code")]
            if per_year and not latest_only:
                partition.append(ExtractYear("on"))
            qs = qs.annotate(
                newest=Window(RowNumber(), partition_by=partition, order_by=[F("on").desc(), F("id")])
            ).filter(newest=1)
        rows = qs.order_by("on", "id").values_list(
            "deal_id", "indicator_id", "on", "value", "area_code", "area_name", "area_kind"
        )
        for deal_id, indicator_id, when, value, area, area_name, area_kind in rows:
            s = out[deal_id, indicator_id]
            if area:
                s.by_area[area].append(Point(when, value))
                s.by_area_kind[area] = area_kind
                s.area_names[area] = area_name or area
            else:
                s.regional.append(Point(when, value))
    return out


def verdict_series(
    *, deal: dm.Deal, links, on: dt.date, latest_only: bool = False, per_year: bool = False
) -> dict[int, Series]:
    """The series the verdicts of these links read, up to `on` (one query for the regional
    series, one for the areas of the norms per area). With `latest_only`, only the latest
    measurement of each series (the only one a verdict uses: verdict.latest_after), picked by the
    database, so the rows read do not grow with the history. With `per_year`, the latest
    measurement of each series in each year (the dashboard's charts): the same verdicts, since the
    latest of all is the latest of its year, and rows that grow with the years, not with how often
    a series is measured."""
    found = _series_of_deals([deal.pk], links, on, latest_only, per_year)
    out: dict[int, Series] = defaultdict(Series)
    out.update({indicator_id: s for (_deal_id, indicator_id), s in found.items()})
    return out


@dataclass
class LinkStatus:
    link: ResultIndicator
    verdict: TargetVerdict
    series: Series

    @property
    def target_level(self):
        from .verdict import target_level

        if self.link.baseline_value is None:
            return None if self.link.target_kind == "relative" else self.link.target_value
        return target_level(self.link.target_kind, self.link.baseline_value, self.link.target_value)


@dataclass
class ResultStatus:
    result: dm.IntendedResult
    links: list[LinkStatus]
    rollup: RollUp
    projects: list = field(default_factory=list)
    project_count: int = 0  # of `projects`, or with `count_projects` counted by the database


@dataclass
class PillarStatus:
    pillar: dm.Pillar
    results: list[ResultStatus]
    rollup: RollUp


@dataclass
class Dashboard:
    on: dt.date
    version: dm.DealVersion
    pillars: list[PillarStatus]
    rollup: RollUp
    norms: list[NormStatus] = field(default_factory=list)  # with `with_norms` (Art. 2)

    @property
    def links(self) -> list[LinkStatus]:
        return [ls for p in self.pillars for r in p.results for ls in r.links]

    def result(self, code: str) -> ResultStatus:
        for p in self.pillars:
            for r in p.results:
                if r.result.code == code:
                    return r
        raise KeyError(code)

    def pillar(self, code: str) -> PillarStatus:
        for p in self.pillars:
            if p.pillar.code == code:
                return p
        raise KeyError(code)


def assess_link(link: ResultIndicator, series: Series, on: dt.date) -> TargetVerdict:
    by_area = None
    if link.target_kind == "per_area":
        by_area = series.areas_of_kind(link.area_kind)
    return assess_target(
        kind=link.target_kind,
        baseline=link.baseline_value,
        baseline_on=link.baseline_on,
        target_value=link.target_value,
        target_on=link.target_on,
        on=on,
        regional=series.regional,
        by_area=by_area,
        lower_is_better=link.indicator.lower_is_better,
    )


def dashboard(
    *,
    deal: dm.Deal,
    on: dt.date | None = None,
    with_projects: bool = True,
    latest_only: bool = False,
    per_year: bool = False,
    viewer=None,
    with_norms: bool = False,
    count_projects: bool = False,
) -> Dashboard:
    """The verdict of every indicator target, intended result and pillar at `on` (Art. 7.2.B).

    Each LinkStatus carries the series its verdict reads (regional, or per area for a norm per
    area), for charts and the report. `latest_only=True` (verdicts without charts: the public
    site, the API, the checks) reads only the latest measurement of each series: the same
    verdicts, with rows read that do not grow with the years of measurements. `per_year=True`
    (the dashboard's charts) reads the latest of each year: the same verdicts again.
    `with_norms=True` adds the norms of the approach (`approach_norms`), their series read in the
    same queries as the results'.

    Given a `viewer`, the projects of each result are those the viewer may see (Art. 10.1: a third
    party does not see a confidential project; disclosure/access.py). A cache of such a board
    varies with `access.visibility_key`. `count_projects=True` gives only their number per result
    (`ResultStatus.project_count`), counted by the database, and no project rows: what the
    dashboard's table shows (it read each project of each result)."""
    on = on or timezone.localdate()
    with_projects = with_projects and not count_projects
    version = version_in_force_cached(deal, on)
    from regiodeal.projects.models import Project

    results_qs = dm.IntendedResult.objects.order_by("position")
    projects = Project.objects.filter(deal=deal)
    if viewer is not None and (with_projects or count_projects):
        from regiodeal.disclosure.access import visible_to

        projects = visible_to(projects, viewer, deal)
    counts: dict[int, int] = {}
    if with_projects:
        results_qs = results_qs.prefetch_related(
            Prefetch(
                "projects",
                # What the screens, the API and the report show of a project here: code, title, status.
                queryset=projects.only("id", "deal_id", "code", "title", "status").order_by("code"),
            )
        )
    elif count_projects:
        counts = dict(
            projects.filter(results__version=version)
            .order_by()
            .values_list("results")
            .annotate(n=Count("id", distinct=True))
        )
    if with_projects:
        pillars = list(
            dm.Pillar.objects.filter(version=version)
            .order_by("position")
            .prefetch_related(Prefetch("results", queryset=results_qs))
        )
    else:  # covenant data alone: kept per process
        pillars = pillars_with_results(deal, version)
    links = list(link_list(deal=deal, version=version))
    norm_links = list(norm_link_list(deal=deal, version=version)) if with_norms else []
    series = verdict_series(
        deal=deal, links=links + norm_links, on=on, latest_only=latest_only, per_year=per_year
    )
    results_of = {pillar.pk: list(pillar.results.all()) for pillar in pillars}
    board = _board(version, pillars, results_of, links, series, on, with_projects, counts)
    board.norms = _norm_statuses(norm_links, series, on)
    return board


def dashboards(*, versions: dict[int, dm.DealVersion], on: dt.date | None = None) -> dict[int, Dashboard]:
    """The verdicts of several deals at `on`, each deal read at the given version (its version in
    force): deal id -> Dashboard, as `dashboard(deal=..., with_projects=False, latest_only=True)`
    gives it: the structure of every deal in four queries, then the latest measurements of every
    deal's series in two (the ministry's portfolio)."""
    on = on or timezone.localdate()
    deal_ids = sorted(versions)
    version_ids = {v.pk for v in versions.values()}
    pillars: dict[int, list[dm.Pillar]] = defaultdict(list)
    for pillar in dm.Pillar.objects.filter(version_id__in=version_ids).order_by("position"):
        pillars[pillar.version_id].append(pillar)
    # The results by pillar in a query of their own, not prefetched: the same rows without a
    # related manager and queryset per pillar (120 pillars, 600 results: 14 ms to 9 ms).
    results_of: dict[int, list[dm.IntendedResult]] = defaultdict(list)
    for result in dm.IntendedResult.objects.filter(pillar__version_id__in=version_ids).order_by("position"):
        results_of[result.pillar_id].append(result)
    links: dict[int, list[ResultIndicator]] = defaultdict(list)
    # The indicators apart (one query, one object each however many deals link them), and of the
    # result only its version: the rows a verdict reads, not 700 results and pillars again.
    for link in (
        ResultIndicator.objects.filter(deal_id__in=deal_ids, result__version_id__in=version_ids)
        .annotate(result_version_id=F("result__version_id"))
        .prefetch_related("indicator")
        .order_by("result__pillar__position", "result__position", "indicator__code", "id")
    ):
        if link.result_version_id == versions[link.deal_id].pk:
            links[link.deal_id].append(link)
    # Every deal's series at once (two queries, however many deals): the regional series by a
    # top-1 walk of the series index per link, the areas of the norms per area by one index
    # range per deal, indicator and kind of area.
    found = _series_of_deals(deal_ids, [x for ls in links.values() for x in ls], on, latest_only=True)
    per_deal: dict[int, dict[int, Series]] = defaultdict(lambda: defaultdict(Series))
    for (deal_id, indicator_id), s in found.items():
        per_deal[deal_id][indicator_id] = s
    return {
        deal_id: _board(
            version, pillars[version.pk], results_of, links[deal_id], per_deal[deal_id], on, False
        )
        for deal_id, version in versions.items()
    }


def _board(
    version,
    pillars,
    results_of: dict[int, list],
    links,
    series,
    on: dt.date,
    with_projects: bool,
    counts: dict[int, int] | None = None,
) -> Dashboard:
    """`results_of`: each pillar's results (in order) by the pillar's id."""
    by_result: dict[int, list[LinkStatus]] = defaultdict(list)
    for link in links:
        s = series[link.indicator_id]
        by_result[link.result_id].append(LinkStatus(link, assess_link(link, s, on), s))
    pillar_statuses = []
    for pillar in pillars:
        result_statuses = []
        for result in results_of[pillar.pk]:
            statuses = by_result.get(result.pk, [])
            projects = list(result.projects.all()) if with_projects else []
            result_statuses.append(
                ResultStatus(
                    result=result,
                    links=statuses,
                    rollup=roll_up(ls.verdict.verdict for ls in statuses),
                    projects=projects,
                    project_count=len(projects) if with_projects else (counts or {}).get(result.pk, 0),
                )
            )
        pillar_statuses.append(
            PillarStatus(pillar, result_statuses, roll_up(r.rollup.verdict for r in result_statuses))
        )
    return Dashboard(on, version, pillar_statuses, roll_up(p.rollup.verdict for p in pillar_statuses))


@dataclass
class IndicatorView:
    indicator: Indicator
    series: Series
    groups: list[PartGaps]
    areas: list[PartGaps]
    group_names: dict[str, str]
    links: list[ResultIndicator]


def indicator_detail(*, deal: dm.Deal, indicator: Indicator, on: dt.date | None = None) -> IndicatorView:
    """An indicator's series and its distribution effects: the gap of each group and area to the
    regional value, narrowing or widening (Bijlage 1 §4)."""
    on = on or timezone.localdate()
    version = version_in_force_cached(deal, on)
    series = series_for(deal=deal, indicator_ids=[indicator.pk], on=on)[indicator.pk]
    lower = indicator.lower_is_better
    return IndicatorView(
        indicator=indicator,
        series=series,
        groups=gaps_for(regional=series.regional, parts=series.by_group, lower_is_better=lower),
        areas=gaps_for(regional=series.regional, parts=series.by_area, lower_is_better=lower),
        group_names=dict(version.groups.values_list("code", "name")),
        links=list(
            ResultIndicator.objects.filter(
                deal=deal, indicator=indicator, result__version=version
            ).select_related("result")
        ),
    )


# ---------------------------------------------------------------------------------------------
# Norms of the approach (Art. 2), and what judges each intended result where the covenant names
# no number: an indicator or a milestone (Bijlage 1 §2.B)


def norm_link_list(*, deal: dm.Deal, version: dm.DealVersion | None = None) -> QuerySet[ResultIndicator]:
    """The links that judge the norms of the approach (Art. 2) in this version: never part of an
    intended result's verdict."""
    version = version or version_in_force(deal)
    return (
        ResultIndicator.objects.filter(deal=deal, norm__version=version)
        .select_related("indicator", "norm", "norm__pillar", "norm__indicator")
        .order_by("norm__pillar__position", "norm__position", "id")
    )


@dataclass
class NormStatus:
    """A norm of a pillar's approach ("minimaal dertig bewoners per wijk", Art. 2.1) with its
    verdict per area, judged like a target from its baseline (Art. 7.1). `series` holds the
    latest measurement of each series the verdict reads, not the history."""

    norm: dm.ApproachNorm
    link: ResultIndicator
    verdict: TargetVerdict
    series: Series


def approach_norms(*, deal: dm.Deal, on: dt.date | None = None) -> list[NormStatus]:
    """Every norm of the approach in the version in force at `on`, with its verdict."""
    on = on or timezone.localdate()
    links = list(norm_link_list(deal=deal, version=version_in_force_cached(deal, on)))
    if not links:
        return []
    # Only what the verdicts read: the latest measurement of each series (the region's, each
    # area's), by the index, not every measurement of the norms' indicators.
    return _norm_statuses(links, verdict_series(deal=deal, links=links, on=on, latest_only=True), on)


def _norm_statuses(links: list[ResultIndicator], series: dict[int, Series], on: dt.date) -> list[NormStatus]:
    return [
        NormStatus(
            link.norm, link, assess_link(link, series[link.indicator_id], on), series[link.indicator_id]
        )
        for link in links
    ]


def milestone_list(*, deal: dm.Deal) -> QuerySet:
    from .models import Milestone

    return Milestone.objects.filter(deal=deal).order_by("pillar_code", "result_code", "due_on", "id")


def milestone_get(*, deal: dm.Deal, pk: int):
    return milestone_list(deal=deal).get(pk=pk)


@dataclass
class Unjudged:
    """An intended result, or what residents will notice of a pillar, with neither an indicator
    nor a milestone: nothing says whether it is on schedule (Art. 7.2.B)."""

    kind: str  # "result" or "pillar"
    code: str
    title: str


def unjudged(
    *, deal: dm.Deal, on: dt.date | None = None, board: Dashboard | None = None, milestones=None
) -> list[Unjudged]:
    """Each intended result without an indicator or a milestone, and each pillar's "inwoners gaan
    merken" without a milestone, in the version in force. Given the `board` of the same date (its
    pillars, results and links) and the deal's `milestones`, read from those: no query of its own
    (the dashboard page, `regiodeal check`)."""
    if board is None:
        version = version_in_force_cached(deal, on)
        linked = set(
            ResultIndicator.objects.filter(deal=deal, result__version=version).values_list(
                "result__code", flat=True
            )
        )
        pillars = [
            (pillar, sorted(pillar.results.all(), key=lambda r: r.position))
            for pillar in dm.Pillar.objects.filter(version=version)
            .order_by("position")
            .prefetch_related("results")
        ]
    else:
        linked = {rs.result.code for p in board.pillars for rs in p.results if rs.links}
        pillars = [(p.pillar, [rs.result for rs in p.results]) for p in board.pillars]
    if milestones is None:
        marked = set(milestone_list(deal=deal).values_list("result_code", "pillar_code"))
    else:
        marked = {(m.result_code, m.pillar_code) for m in milestones}
    result_codes = {r for r, _p in marked if r}
    pillar_codes = {p for _r, p in marked if p}
    out = []
    for pillar, results in pillars:
        for result in results:
            if result.code not in linked and result.code not in result_codes:
                out.append(Unjudged("result", result.code, result.title))
        if pillar.code not in pillar_codes:
            out.append(Unjudged("pillar", pillar.code, pillar.name))
    return out
