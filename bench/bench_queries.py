"""Benchmark: the platform's reads against hand-written SQL on the same database. For
each read a user makes, the time of

- the page (Django's test Client: URL routing, middleware, session, permissions, template), and
  the API response where there is one,
- the selector alone (the function behind the page), and
- the same answer computed by hand-written SQL through `connection.cursor()` (one query, or the
  fewest that can give it),

their ratio (platform / SQL), the number of queries and the response size in bytes. Median of
`--runs` runs after one warm-up, and of more runs for a fast read (until half a second of timed
work, at most 200), so that a read of a few milliseconds is not judged on five samples. Before
any figure is taken the benchmark checks that the platform and the SQL give the same answer (the
money per budget line and year, per deal, per project; every verdict with its latest measurement;
the projects on the list; what the deal page shows), so the yardstick is honest.

    .venv/bin/python bench/bench_queries.py [--deal SLUG] [--runs 5] [--report-runs 3]
                                            [--year Y] [--no-pdf] [--json FILE]

The database is whatever DATABASE_URL (PostgreSQL) or REGIODEAL_DATA_DIR (SQLite) names, loaded
beforehand (bench/portfolio.py for the national portfolio, or `regiodeal demo`). With neither set,
a throwaway SQLite database with the Waterwegregio demo portfolio is made. `migrate` is run first
(it only adds what a newer version of the platform brings, such as an index).

Cases (rows of the table):
- finance overview of one deal: /deals/<slug>/finance/, its API, `finance.selectors.overview`;
  SQL: the ledger summed per budget line, year and kind of money, with the yearly programme, and
  the covenant's budget table.
- portfolio: /portfolio/ (the ministry's view, every deal), cold (cache invalidated before each
  run) and warm, `portal.portfolio.portfolio_rows`;
  SQL: the money of every deal in one query, the verdict inputs of every deal (the latest
  measurement of each series) in one, the budget maxima and the submitted reports.
- results dashboard of one deal: /deals/<slug>/results/ (the verdicts), the largest of its chart
  parts (/deals/<slug>/results/charts/<result>/, which the page fetches as it scrolls there),
  /api/.../monitoring/verdicts/, `results.selectors.dashboard`; SQL: the deal's pillars, results
  and indicator targets, and the latest measurement of each series up to today (a top-1 probe
  of the series index per series, as the platform reads it); the verdicts are computed from these
  with the same pure rule (results/verdict.py).
- public project list (a pillar and a gemeente chosen), page and public API, cold (cache
  invalidated before each run, as after any write) and warm (cached);
  `portal.selectors.public_projects`; SQL: the published, non-confidential projects with their
  national money, filtered in the query.
- public project page, cold and warm; SQL: one project with its money, and its linked pillars,
  results, areas, participants and ideas.
- public deal page (the home of every deal, /deals/<slug>/), cold, warm and mixed; SQL
  (`sql_public_deal_page`, and the dashboard's for the verdicts): the version in force with its
  rules, every block of its covenant in one UNION, the entry into force, the money card from the
  money totals less what a public figure leaves out, the counts of public projects and ideas, the
  submitted reports, the outreach per wijk, form, group and theme with the norm, the publishable
  texts and the map's boundaries. Checked against the page's selectors (`check_deal_page`, and
  tests/bench/test_deal_page_sql.py with a confidential project and an entry booked later).
- yearly report: `reporting.gather.gather` (all the data) and the PDF rendering (Typst);
  the share of gathering in the whole.

Levels, in this order:
- **cold**: every cache layer emptied before each run (`cold()`: the shared cache cleared, the
  data versions of every deal new, and the per-process caches emptied: the covenant read once per
  process, deals/selectors.py), as on the first request after a restart;
- **after a write**: only the data version of the kind of one write in the deal made new before
  each run (`after_write(kind)`): what a user meets after a booking, a measurement;
- **warm**: nothing emptied;
- **mixed**: 1 write per 20 reads in the deal (`MIX`), the writes rotating over the kinds of data
  (money, results, projects, governance, participation): the median over the reads of the
  mixed sequence. A write is represented by the invalidation it makes (its data version), not by
  a row written, so the data stay those the SQL was checked against.

`run(...)` returns the rows as dicts for a runner (bench/run.py or the like); `summary(rows)` the
cold, warm and mixed ratio of each read, cold first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

_THROWAWAY = not os.environ.get("DATABASE_URL") and not os.environ.get("REGIODEAL_DATA_DIR")
os.environ.setdefault("REGIODEAL_DATA_DIR", tempfile.mkdtemp(prefix="regiodeal-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regiodeal.conf.settings")
os.environ.setdefault("REGIODEAL_LOG_LEVEL", "WARNING")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.translation import override  # noqa: E402

from regiodeal.common import dataversion as dv  # noqa: E402
from regiodeal.common.dataversion import bump_generation  # noqa: E402
from regiodeal.deals.models import Deal  # noqa: E402
from regiodeal.participation.constants import NORM_INDICATOR  # noqa: E402
from regiodeal.results.verdict import Point, assess_target, roll_up  # noqa: E402

CENT = Decimal("0.01")
MONEY_FIELDS = (
    "allocated",
    "pledged",
    "paid",
    "in_kind_delivered",
    "national_spent",
    "national_execution",
    "regional_spent",
    "planned_national",
    "planned_regional",
)


# ---------------------------------------------------------------------------------------------
# Timing


MIN_SECONDS = 0.5  # a read of a few milliseconds is timed this long at least, not 5 times
MAX_RUNS = 200


def median_time(fn, runs: int, *, before=None, warmup: int = 1) -> tuple[float, object]:
    """Median wall time of `fn()` over at least `runs` runs after `warmup` runs, and more (up to
    MAX_RUNS) until MIN_SECONDS of timed work: the median of five 5-ms reads on a shared 2-core
    machine moves by half its value from run to run. `before()` runs untimed before each (to
    invalidate a cache)."""
    result = None
    for _ in range(warmup):
        if before:
            before()
        result = fn()
    times: list[float] = []
    while len(times) < runs or (sum(times) < MIN_SECONDS and len(times) < MAX_RUNS):
        if before:
            before()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def every_layer_emptied() -> None:
    """Cold: the shared cache cleared (figures, fragments, sessions read through it), a new data
    version for every deal, and the per-process caches emptied (the covenant of each version)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    cache.clear()
    bump_generation()
    dv.forget_process_caches()
    ContentType.objects.clear_cache()


MIX = 20  # reads per write in the mixed measurement
MIX_KINDS = (dv.MONEY, dv.RESULTS, dv.PROJECTS, dv.GOVERNANCE, dv.PARTICIPATION)


def mean_mixed_time(fn, deal_id: int, runs: int) -> float:
    """The mean of the mixed sequence (a cold read every MIX reads weighs in as it does for the
    users), at least `runs` writes."""
    times: list[float] = []
    for w in range(max(runs, 3)):
        bump_generation(deal_id, (MIX_KINDS[w % len(MIX_KINDS)],))
        for _ in range(MIX):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return statistics.fmean(times)


def count_queries(fn, *, before=None) -> int:
    if before:
        before()
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _dec(value, places: str = "0.0001") -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal(places))


def _cents_to_euros(cents) -> Decimal:
    return (Decimal(int(cents or 0)) / 100).quantize(CENT)


def _year_sql() -> str:
    if connection.vendor == "postgresql":
        return "CAST(EXTRACT(YEAR FROM le.booked_on) AS INTEGER)"
    return "CAST(strftime('%%Y', le.booked_on) AS INTEGER)"


def _fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# The version of a deal in force on a date: the newest whose effective date has come
# (deals.selectors.version_in_force). `{deal}` is the column holding the deal's id.
VERSION_IN_FORCE = """(SELECT v.id FROM deals_dealversion v WHERE v.deal_id = {deal}
    AND (v.effective_from IS NULL OR v.effective_from <= %s) ORDER BY v.number DESC LIMIT 1)"""

# Money, summed per deal (or budget line and year) in whole cents, by kind of money: the fold of
# finance.selectors._fold written as conditional sums.
MONEY_COLUMNS = """
    SUM(CASE WHEN le.kind = 'national_allocation' THEN c ELSE 0 END) AS allocated,
    SUM(CASE WHEN le.kind = 'regional_contribution' AND le.contribution_status = 'pledged'
        THEN c ELSE 0 END) AS pledged,
    SUM(CASE WHEN le.kind = 'regional_contribution' AND le.contribution_status <> 'pledged'
        THEN c ELSE 0 END) AS paid,
    SUM(CASE WHEN le.kind = 'regional_contribution' AND le.contribution_status <> 'pledged'
        AND le.form = 'in_kind' THEN c ELSE 0 END) AS in_kind,
    SUM(CASE WHEN le.kind IN ('spending', 'execution_costs') AND le.funding = 'national'
        THEN c ELSE 0 END) AS national_spent,
    SUM(CASE WHEN le.kind = 'execution_costs' AND le.funding = 'national'
        THEN c ELSE 0 END) AS national_execution,
    SUM(CASE WHEN le.kind IN ('spending', 'execution_costs') AND le.funding <> 'national'
        THEN c ELSE 0 END) AS regional_spent"""


_FIGURES = (
    "allocated",
    "pledged",
    "paid",
    "in_kind",
    "national_spent",
    "national_execution",
    "regional_spent",
)


def _money_as_of(keys: tuple[str, ...], deals: str) -> str:
    """The money of `MONEY_COLUMNS` per `keys` (of "deal_id", "budget_line", "year") of the deals
    `deals` (a list of placeholders) up to a date, from the totals kept when written (finance's
    MoneyTotal, as the platform reads them) less what is booked after the date, found by the
    ledger's date index (usually nothing). Summing the ledger itself took 240-250 ms for one deal
    of 300,000 entries. Parameters: the deals' ids, then the deals' ids and the date."""
    ledger = {"deal_id": "le.deal_id", "budget_line": "le.budget_line", "year": _year_sql()}
    kept = {"in_kind": "t.in_kind_delivered"}
    columns = ", ".join(keys)
    totals = ", ".join([*(f"t.{k}" for k in keys), *(f"{kept.get(f, 't.' + f)} AS {f}" for f in _FIGURES)])
    later = ", ".join(f"-{f}" for f in _FIGURES)
    return f"""
        SELECT {columns}, {", ".join(f"SUM({f}) AS {f}" for f in _FIGURES)}
        FROM (SELECT {totals}
              FROM finance_moneytotal t WHERE t.deal_id IN ({deals})
              UNION ALL
              SELECT {columns}, {later}
              FROM (SELECT {", ".join(f"{ledger[k]} AS {k}" for k in keys)}, {MONEY_COLUMNS}
                    FROM (SELECT le.*, CAST(ROUND(le.amount * 100) AS BIGINT) AS c
                          FROM finance_ledgerentry le WHERE le.deal_id IN ({deals}) AND le.booked_on > %s) le
                    GROUP BY {", ".join(ledger[k] for k in keys)}) z
        ) m
        GROUP BY {columns}"""


# ---------------------------------------------------------------------------------------------
# The hand-written SQL


def sql_finance_overview(deal_id: int, on: dt.date) -> dict:
    """Per (budget line, year): the money and the yearly programme; and the budget table."""
    rows = _fetch(
        f"""
        SELECT budget_line, year, SUM(allocated), SUM(pledged), SUM(paid), SUM(in_kind),
               SUM(national_spent), SUM(national_execution), SUM(regional_spent),
               SUM(planned_national), SUM(planned_regional)
        FROM (
            SELECT m.*, 0 AS planned_national, 0 AS planned_regional
            FROM ({_money_as_of(("budget_line", "year"), "%s")}) m
            UNION ALL
            SELECT pb.budget_line, pb.year, 0, 0, 0, 0, 0, 0, 0,
                   CAST(ROUND(pb.national * 100) AS BIGINT), CAST(ROUND(pb.regional * 100) AS BIGINT)
            FROM finance_programmebudget pb WHERE pb.deal_id = %s
        ) x
        GROUP BY budget_line, year
        """,
        [deal_id, deal_id, on, deal_id],
    )
    table = _fetch(
        f"""SELECT b.code, b.rijk, b.regional FROM deals_budgetline b
            WHERE b.version_id = {VERSION_IN_FORCE.format(deal="%s")} ORDER BY b.position""",
        [deal_id, on],
    )
    cells = {(line, int(year)): [_cents_to_euros(c) for c in cents] for line, year, *cents in rows}
    return {"cells": cells, "table": {code: (_dec(r, "0.01"), _dec(g, "0.01")) for code, r, g in table}}


def sql_dashboard(deal_ids: list[int], on: dt.date) -> dict[int, dict]:
    """Per deal: the pillars, results and indicator targets of the version in force, and the
    latest measurement up to `on` of each series a verdict reads (the regional series, or each
    area of the target's kind for a norm per area). Two queries for any number of deals."""
    marks = ", ".join(["%s"] * len(deal_ids))
    structure = _fetch(
        f"""
        SELECT d.id, p.code, p.position, r.id, r.code, r.position,
               ri.id, ri.baseline_value, ri.baseline_on, ri.target_kind, ri.target_value,
               ri.target_on, ri.area_kind, i.better
        FROM deals_deal d
        JOIN deals_pillar p ON p.version_id = {VERSION_IN_FORCE.format(deal="d.id")}
        LEFT JOIN deals_intendedresult r ON r.pillar_id = p.id
        LEFT JOIN results_resultindicator ri ON ri.result_id = r.id AND ri.deal_id = d.id
        LEFT JOIN results_indicator i ON i.id = ri.indicator_id
        WHERE d.id IN ({marks})
        ORDER BY d.id, p.position, r.position
        """,
        [on, *deal_ids],
    )
    # The latest measurement of each series a verdict reads, as the platform finds it
    # (results/selectors.py): the regional series by a top-1 probe of the index
    # `measurement_latest_series` per link, the areas of a norm per area by a skip scan of the same
    # index (a recursive walk from each area code to the next) and a top-1 probe per area. A
    # window function ranking every measurement, as this SQL had it until 2026-12-05, took 63 ms
    # of the portfolio's 89 at full size; this takes the rows the verdicts read, whatever the
    # history.
    top_1 = """(SELECT m.id FROM results_measurement m WHERE m.deal_id = {alias}.deal_id
                AND m.indicator_id = {alias}.indicator_id AND m.group_code = '' AND m.area_code = {area}
                AND m."on" <= %s ORDER BY m."on" DESC LIMIT 1)"""
    next_area = """(SELECT MIN(m.area_code) FROM results_measurement m WHERE m.deal_id = {alias}.deal_id
                AND m.indicator_id = {alias}.indicator_id AND m.group_code = '' AND m.area_code > {after}
                AND m.area_kind = {alias}.area_kind AND m."on" <= %s)"""
    latest = _fetch(
        f"""
        WITH RECURSIVE in_force AS (
            SELECT d.id AS deal_id, {VERSION_IN_FORCE.format(deal="d.id")} AS version_id
            FROM deals_deal d WHERE d.id IN ({marks})
        ), links AS (
            SELECT ri.id, ri.deal_id, ri.indicator_id, ri.target_kind, ri.area_kind
            FROM results_resultindicator ri
            JOIN deals_intendedresult r ON r.id = ri.result_id
            JOIN in_force f ON f.deal_id = ri.deal_id AND f.version_id = r.version_id
        ), areas(link_id, deal_id, indicator_id, area_kind, area_code) AS (
            SELECT l.id, l.deal_id, l.indicator_id, l.area_kind, {next_area.format(alias="l", after="''")}
            FROM links l WHERE l.target_kind = 'per_area'
            UNION ALL
            SELECT a.link_id, a.deal_id, a.indicator_id, a.area_kind,
                   {next_area.format(alias="a", after="a.area_code")}
            FROM areas a WHERE a.area_code IS NOT NULL
        )
        SELECT x.link_id, m.area_code, m."on", m.value
        FROM (
            SELECT l.id AS link_id, {top_1.format(alias="l", area="''")} AS measurement_id
            FROM links l WHERE l.target_kind <> 'per_area'
            UNION ALL
            SELECT a.link_id, {top_1.format(alias="a", area="a.area_code")}
            FROM areas a WHERE a.area_code IS NOT NULL
        ) x
        JOIN results_measurement m ON m.id = x.measurement_id
        """,
        [on, *deal_ids, on, on, on, on],
    )
    points: dict[int, dict[str, Point]] = defaultdict(dict)
    for link_id, area, when, value in latest:
        points[link_id][area] = Point(_date(when), Decimal(str(value)))
    boards: dict[int, dict] = {}
    for (
        deal_id,
        pcode,
        _pp,
        rid,
        rcode,
        _rp,
        link_id,
        base,
        base_on,
        kind,
        tval,
        t_on,
        _akind,
        better,
    ) in structure:
        board = boards.setdefault(deal_id, {"pillars": {}, "links": {}})
        pillar = board["pillars"].setdefault(pcode, {})
        if rid is None:
            continue
        result = pillar.setdefault(rcode, [])
        if link_id is None:
            continue
        series = points.get(link_id, {})
        verdict = assess_target(
            kind=kind,
            baseline=_dec(base),
            baseline_on=_date(base_on),
            target_value=_dec(tval),
            target_on=_date(t_on),
            on=on,
            regional=[series[""]] if "" in series else [],
            by_area={k: [p] for k, p in series.items() if k},
            lower_is_better=better == "lower",
        )
        result.append(verdict.verdict)
        a = verdict.assessment
        board["links"][link_id] = (
            str(verdict.verdict),
            (a.actual.on, _dec(a.actual.value)) if a and a.actual else None,
            verdict.areas_total,
            verdict.areas_on_schedule,
        )
    for board in boards.values():
        pillar_rollups = {}
        for pcode, results in board["pillars"].items():
            pillar_rollups[pcode] = roll_up(roll_up(v).verdict for v in results.values()).verdict
        board["pillar_verdicts"] = {k: str(v) for k, v in pillar_rollups.items()}
        board["verdict"] = str(roll_up(pillar_rollups.values()).verdict)
    return boards


def sql_portfolio(deal_ids: list[int], on: dt.date) -> dict[int, dict]:
    """Per deal: national maximum, granted, spent, regional pledged and actual; the verdicts; the
    submitted reports. Four queries for any number of deals."""
    marks = ", ".join(["%s"] * len(deal_ids))
    money = _fetch(_money_as_of(("deal_id",), marks), [*deal_ids, *deal_ids, on])
    maxima = _fetch(
        f"""SELECT d.id, SUM(b.rijk) FROM deals_deal d
            JOIN deals_budgetline b ON b.version_id = {VERSION_IN_FORCE.format(deal="d.id")}
            WHERE d.id IN ({marks}) GROUP BY d.id""",
        [on, *deal_ids],
    )
    reports = _fetch(
        f"""SELECT r.deal_id, r.year, r.submitted_on FROM reporting_report r
            JOIN reporting_reportsnapshot s ON s.report_id = r.id
            WHERE r.deal_id IN ({marks}) AND r.status = 'submitted'""",
        deal_ids,
    )
    boards = sql_dashboard(deal_ids, on)
    out: dict[int, dict] = {d: {"money": [Decimal("0.00")] * 4, "reports": {}} for d in deal_ids}
    for deal_id, alloc, pledged, _paid, in_kind, nat_spent, nat_exec, reg_spent in money:
        out[deal_id]["money"] = [
            _cents_to_euros(alloc + nat_exec),
            _cents_to_euros(nat_spent),
            _cents_to_euros(pledged),
            _cents_to_euros(reg_spent + in_kind),
        ]
    for deal_id, total in maxima:
        out[deal_id]["maximum"] = _dec(total, "0.01")
    for deal_id, year, submitted_on in reports:
        out[deal_id]["reports"][year] = _date(submitted_on)
    for deal_id in deal_ids:
        out[deal_id]["verdict"] = boards.get(deal_id, {}).get("verdict", "no_data")
        out[deal_id]["pillars"] = boards.get(deal_id, {}).get("pillar_verdicts", {})
    return out


PUBLIC_STATUSES = ("approved", "running", "completed", "stopped")


def _not_confidential(column: str) -> str:
    return f"""{column} NOT IN (SELECT c.object_id FROM disclosure_confidentiality c
        WHERE c.content_type_id = %s AND c.starts_on <= %s AND (c.until IS NULL OR c.until >= %s))"""


def _confidential_entry_ids() -> str:
    """`IN` the ledger entries a confidentiality runs for (usually none), to go after an `OR` with
    an indexed condition: on PostgreSQL as an array, which the planner reads once and looks up by
    the primary key beside the other condition's index; as a subquery there, it read every entry of
    the deal (190 ms at 300,000 entries)."""
    ids = """(SELECT c.object_id FROM disclosure_confidentiality c
        WHERE c.content_type_id = %s AND c.starts_on <= %s AND (c.until IS NULL OR c.until >= %s))"""
    return f"= ANY(ARRAY{ids})" if connection.vendor == "postgresql" else f"IN {ids}"


def _gemeente_sql(alias: str) -> str:
    """The gemeente an area lies in (itself, its parent or grandparent): portal's _gemeente_of."""
    return f"""(SELECT CASE WHEN a0.kind = 'gemeente' THEN a0.code WHEN a1.kind = 'gemeente' THEN a1.code
                 WHEN a2.kind = 'gemeente' THEN a2.code END
            FROM deals_area a0 LEFT JOIN deals_area a1 ON a1.id = a0.within_id
            LEFT JOIN deals_area a2 ON a2.id = a1.within_id WHERE a0.id = {alias}.area_id)"""


# The national money allocated to and spent by a project, in cents, up to a date: the columns and
# joins shared by the public list's and the project page's hand-written SQL. From the totals kept
# per project (finance's ProjectMoneyTotal, as the platform reads them), less what is booked after
# the date, found by the ledger's date index (usually nothing). Summing the project's ledger
# instead took 66-71 ms for the list at 300,000 entries in the deal.
_LATER = """(SELECT COALESCE(SUM(CASE WHEN {when} THEN CAST(ROUND(le.amount * 100) AS BIGINT) END), 0)
            FROM finance_ledgerentry le
            WHERE le.deal_id = p.deal_id AND le.booked_on > %s AND le.project_id = p.id)"""
_KEPT = """(SELECT COALESCE(SUM({figure}), 0) FROM finance_projectmoneytotal t
            WHERE t.deal_id = p.deal_id AND t.project_pk = p.id)"""
_PROJECT_NATIONAL_MONEY = f"""{_KEPT.format(figure="t.allocated")}
                 - {_LATER.format(when="le.kind = 'national_allocation'")},
               {_KEPT.format(figure="t.national_spent - t.national_execution")}
                 - {_LATER.format(when="le.kind = 'spending' AND le.funding = 'national'")}
        FROM projects_project p
        JOIN deals_organisation o ON o.id = p.lead_id"""


def sql_public_projects(deal_id: int, on: dt.date, project_ct: int, pillar=None, gemeente=None) -> list:
    """The published, non-confidential projects of a deal (filtered by pillar and gemeente) with
    the national money allocated to and spent on each, ordered by code: one query."""
    where, params = [], []
    if pillar:
        where.append(
            """EXISTS (SELECT 1 FROM projects_project_pillars pp JOIN deals_pillar pl ON pl.id = pp.pillar_id
                       WHERE pp.project_id = p.id AND pl.code = %s)"""
        )
        params.append(pillar)
    if gemeente:
        where.append(
            f"""EXISTS (SELECT 1 FROM projects_project_areas pa
                        WHERE pa.project_id = p.id AND {_gemeente_sql("pa")} = %s)"""
        )
        params.append(gemeente)
    statuses = ", ".join(f"'{s}'" for s in PUBLIC_STATUSES)
    rows = _fetch(
        f"""
        SELECT p.code, p.title, p.status, o.name,
               {_PROJECT_NATIONAL_MONEY}
        WHERE p.deal_id = %s AND p.status IN ({statuses}) AND {_not_confidential("p.id")}
              {"".join(" AND " + w for w in where)}
        ORDER BY p.code
        """,
        [on, on, deal_id, project_ct, on, on, *params],
    )
    return [(code, _cents_to_euros(a), _cents_to_euros(s)) for code, _t, _s, _o, a, s in rows]


def sql_public_project(deal_id: int, code: str, on: dt.date, project_ct: int) -> dict:
    """One published project with its money, and what it links to: two queries."""
    statuses = ", ".join(f"'{s}'" for s in PUBLIC_STATUSES)
    rows = _fetch(
        f"""
        SELECT p.id, p.code, p.title, p.description, p.status, o.name, p.starts_on, p.ends_on,
               {_PROJECT_NATIONAL_MONEY}
        WHERE p.deal_id = %s AND p.code = %s AND p.status IN ({statuses}) AND {_not_confidential("p.id")}
        """,
        [on, on, deal_id, code, project_ct, on, on],
    )
    if not rows:
        raise LookupError(code)
    pid, *_rest, allocated, spent = rows[0]
    links = _fetch(
        """
        SELECT 'pillar', x.code FROM projects_project_pillars l JOIN deals_pillar x ON x.id = l.pillar_id
            WHERE l.project_id = %s
        UNION ALL SELECT 'result', x.code FROM projects_project_results l
            JOIN deals_intendedresult x ON x.id = l.intendedresult_id WHERE l.project_id = %s
        UNION ALL SELECT 'area', x.code FROM projects_project_areas l JOIN deals_area x ON x.id = l.area_id
            WHERE l.project_id = %s
        UNION ALL SELECT 'participant', x.name FROM projects_project_participants l
            JOIN deals_organisation x ON x.id = l.organisation_id WHERE l.project_id = %s
        UNION ALL SELECT 'idea', CAST(i.number AS VARCHAR(20)) FROM ideas_idea i
            WHERE i.project_id = %s AND i.status <> 'removed'
        """,
        [pid] * 5,
    )
    linked = defaultdict(set)
    for kind, value in links:
        linked[kind].add(value)
    return {"allocated": _cents_to_euros(allocated), "spent": _cents_to_euros(spent), **linked}


# The blocks of the covenant the public deal page shows, one row each in a common shape (block,
# position, parent id, then up to six values as text): one statement for all of them.
_COVENANT_BLOCKS = """
    SELECT 'party', p.position, CAST(NULL AS BIGINT), p.kind, p.name, p.name_en, p.short_name,
           p.signatory_name, p.signatory_function FROM deals_party p WHERE p.version_id = {v}
    UNION ALL SELECT 'partner', p.position, NULL, p.name, NULL, NULL, NULL, NULL, NULL
        FROM deals_partner p WHERE p.version_id = {v}
    UNION ALL SELECT 'area', a.position, NULL, a.code, a.name, CAST(a.in_deal_area AS TEXT),
           CAST(a.nplv_focus_area AS TEXT), NULL, NULL FROM deals_area a WHERE a.version_id = {v}
    UNION ALL SELECT 'group', g.position, NULL, g.code, g.name, g.name_en, NULL, NULL, NULL
        FROM deals_targetgroup g WHERE g.version_id = {v}
    UNION ALL SELECT 'sector', x.position, NULL, x.code, x.name, x.name_en, NULL, NULL, NULL
        FROM deals_sector x WHERE x.version_id = {v}
    UNION ALL SELECT 'glossary', t.position, NULL, t.term, t.definition, NULL, NULL, NULL, NULL
        FROM deals_glossaryterm t WHERE t.version_id = {v}
    UNION ALL SELECT 'budget_line', b.position, NULL, b.code, b.name, b.name_en, CAST(b.rijk AS TEXT),
           CAST(b.regional AS TEXT), CAST(b.total AS TEXT) FROM deals_budgetline b WHERE b.version_id = {v}
    UNION ALL SELECT 'pillar', p.position, p.id, p.code, p.name, p.name_en, p.approach,
           p.residents_will_notice, NULL FROM deals_pillar p WHERE p.version_id = {v}
    UNION ALL SELECT 'objective', o.position, o.pillar_id, o.code, o.title, o.title_en, NULL, NULL, NULL
        FROM deals_objective o WHERE o.version_id = {v}
    UNION ALL SELECT 'result', r.position, r.pillar_id, r.code, r.title, r.title_en, CAST(r.id AS TEXT),
           NULL, NULL FROM deals_intendedresult r WHERE r.version_id = {v}
    UNION ALL SELECT 'target', t.position, t.result_id, t.operator, CAST(t.value AS TEXT), t.kind,
           i.name, i.name_en, t.area_kind FROM deals_resulttarget t
        LEFT JOIN deals_programmeindicator i ON i.id = t.indicator_id WHERE t.version_id = {v}
    ORDER BY 1, 2"""


def sql_public_deal_page(deal_id: int, on: dt.date, project_ct: int, entry_ct: int) -> dict:
    """What the public deal page shows: the version in force with its rules and every block of the
    covenant, the entry into force, the money card (public entries only), the counts of public
    projects and ideas, the submitted reports, and the outreach (per wijk, form, group and theme,
    the norm, the publishable texts, the map's boundaries): eight queries. The verdicts are those
    of `sql_dashboard` (two more)."""
    in_force = VERSION_IN_FORCE.format(deal="%s")
    version = _fetch(
        f"""SELECT v.id, v.name, v.aim, v.ends_on, o.name, r.*
            FROM deals_dealversion v LEFT JOIN deals_organisation o ON o.id = v.regiokassier_id
            LEFT JOIN deals_rules r ON r.version_id = v.id WHERE v.id = {in_force}""",
        [deal_id, on],
    )[0]
    blocks: dict[str, list[tuple]] = defaultdict(list)
    for block, *row in _fetch(_COVENANT_BLOCKS.format(v="%s"), [version[0]] * 11):
        blocks[block].append(tuple(row))
    signatures = _fetch(
        """SELECT p.short_name, s.signed_on FROM deals_party p
           LEFT JOIN deals_signature s ON s.deal_id = %s AND s.organisation_id = p.organisation_id
           WHERE p.version_id = (SELECT v.id FROM deals_dealversion v WHERE v.deal_id = %s
                                 ORDER BY v.number LIMIT 1)
           ORDER BY p.position""",
        [deal_id, deal_id],
    )
    statuses = ", ".join(f"'{s}'" for s in PUBLIC_STATUSES)
    # The money card from the totals kept per project and budget line (finance's
    # ProjectMoneyTotal), less what a public figure leaves out that the totals hold: entries
    # booked after the day and confidential entries (usually none). Not of a confidential project.
    lines = "SELECT b.code FROM deals_budgetline b WHERE b.version_id = %s"
    granted_cents = "CAST(ROUND(le.amount * 100) AS BIGINT)"
    granted, pledged, maximum, projects, ideas = _fetch(
        f"""
        SELECT t.granted - x.granted, t.pledged - x.pledged,
               (SELECT SUM(b.rijk) FROM deals_budgetline b WHERE b.version_id = %s),
               (SELECT COUNT(*) FROM projects_project p WHERE p.deal_id = %s AND p.status IN ({statuses})
                       AND {_not_confidential("p.id")}),
               (SELECT COUNT(*) FROM ideas_idea i WHERE i.deal_id = %s AND i.status <> 'removed')
        FROM (SELECT COALESCE(SUM(t.allocated + t.national_execution), 0) AS granted,
                     COALESCE(SUM(t.pledged), 0) AS pledged
              FROM finance_projectmoneytotal t
              WHERE t.deal_id = %s AND t.budget_line IN ({lines}) AND {_not_confidential("t.project_pk")}) t,
             (SELECT COALESCE(SUM(CASE WHEN le.kind = 'national_allocation'
                                         OR (le.kind = 'execution_costs' AND le.funding = 'national')
                                  THEN {granted_cents} END), 0) AS granted,
                     COALESCE(SUM(CASE WHEN le.kind = 'regional_contribution'
                                        AND le.contribution_status = 'pledged'
                                  THEN {granted_cents} END), 0) AS pledged
              FROM finance_ledgerentry le
              WHERE le.deal_id = %s AND le.budget_line IN ({lines})
                AND (le.booked_on > %s OR le.id {_confidential_entry_ids()})
                AND (le.project_id IS NULL OR {_not_confidential("le.project_id")})) x
        """,
        [
            *(version[0], deal_id, project_ct, on, on, deal_id),  # the maximum and the counts
            *(deal_id, version[0], project_ct, on, on),  # the totals
            *(deal_id, version[0], on, entry_ct, on, on, project_ct, on, on),  # less what is left out
        ],
    )[0]
    reports = _fetch(
        """SELECT r.year, e.number FROM reporting_publicedition e
           JOIN reporting_report r ON r.id = e.report_id
           WHERE r.deal_id = %s AND r.status = 'submitted' AND e.withdrawn_at IS NULL
           ORDER BY r.year DESC, e.number""",
        [deal_id],
    )
    # Each breakdown reads the deal's conversations by their index; the groups by theirs too, on
    # PostgreSQL as an array of the conversations' ids (a join or `IN` made the planner hash the
    # whole of the groups' table: 6.7 ms against 0.8).
    held = "participation_conversation c WHERE c.deal_id = %s AND c.held_on <= %s"
    ids = f"(SELECT c.id FROM {held})"
    of_held = f"= ANY(ARRAY{ids})" if connection.vendor == "postgresql" else f"IN {ids}"
    outreach = _fetch(
        f"""
        SELECT 'wijk', w.code, w.name, COALESCE(SUM(c.residents), 0), COUNT(c.id)
            FROM participation_wijk w LEFT JOIN participation_conversation c
                 ON c.wijk_id = w.id AND c.deal_id = w.deal_id AND c.held_on <= %s
            WHERE w.deal_id = %s GROUP BY w.id, w.code, w.name
        UNION ALL SELECT 'form', c.form, NULL, SUM(c.residents), COUNT(*) FROM {held} GROUP BY c.form
        UNION ALL SELECT 'group', g.group_code, NULL, SUM(g.residents), COUNT(*)
            FROM participation_conversationgroup g WHERE g.conversation_id {of_held} GROUP BY g.group_code
        UNION ALL SELECT 'theme', t.code, t.name, SUM(c.residents), COUNT(*)
            FROM participation_conversation_themes ct JOIN participation_theme t ON t.id = ct.theme_id
            JOIN {held.replace(" WHERE ", " ON c.id = ct.conversation_id AND ")}
            GROUP BY t.id, t.code, t.name
        UNION ALL SELECT 'norm', i.code, NULL, CAST(ri.target_value AS INTEGER), 0
            FROM results_resultindicator ri JOIN results_indicator i ON i.id = ri.indicator_id
            JOIN deals_approachnorm n ON n.id = ri.norm_id
            WHERE ri.deal_id = %s AND n.version_id = %s AND i.code = %s AND ri.target_kind = 'per_area'
        """,
        [on, deal_id, deal_id, on, deal_id, on, deal_id, on, deal_id, version[0], NORM_INDICATOR],
    )
    texts = _fetch(
        """SELECT w.code, w.name, c.held_on, c.form, c.themes_other, c.raised, c.input_followup, c.feedback
           FROM participation_conversation c JOIN participation_wijk w ON w.id = c.wijk_id
           WHERE c.deal_id = %s AND c.held_on <= %s AND c.text_publishable ORDER BY c.held_on, c.id""",
        [deal_id, on],
    )
    boundaries = _fetch(
        """WITH wijken AS (SELECT b.code, b.kind, b.gemeente_code, b.geometry FROM participation_boundary b
                           WHERE b.code IN (SELECT w.code FROM participation_wijk w WHERE w.deal_id = %s))
           SELECT code, kind, geometry FROM wijken
           UNION ALL SELECT b.code, b.kind, b.geometry FROM participation_boundary b
           WHERE b.kind = 'gemeente' AND b.code IN (SELECT gemeente_code FROM wijken)""",
        [deal_id],
    )
    counts: dict[str, dict] = defaultdict(dict)
    for kind, code, name, residents, conversations in outreach:
        counts[kind][code] = (name, int(residents or 0), conversations)
    unsigned = [name for name, signed_on in signatures if signed_on is None]
    last = max((_date(signed_on) for _name, signed_on in signatures if signed_on), default=None)
    return {
        "version": version,
        "blocks": dict(blocks),
        "unsigned": unsigned,
        "starts_on": last + dt.timedelta(days=1) if signatures and not unsigned else None,
        "granted": _cents_to_euros(granted),
        "pledged": _cents_to_euros(pledged),
        "maximum": _dec(maximum, "0.01"),
        "projects": projects,
        "ideas": ideas,
        "reports": reports,
        "outreach": dict(counts),
        "texts": texts,
        "boundaries": boundaries,
    }


# ---------------------------------------------------------------------------------------------
# The platform's answers, in the same shape, for the checks


def platform_finance_cells(ov) -> dict:
    cells = {}
    for year in ov.years:
        for f in ov.by_year[year]:
            values = [getattr(f, name) for name in MONEY_FIELDS]
            if any(values):
                cells[f.code, year] = values
    return cells


def check_finance(ov, sql: dict) -> int:
    sql_cells = {k: v for k, v in sql["cells"].items() if any(v)}
    ours = platform_finance_cells(ov)
    assert ours == {
        k: [v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]] for k, v in sql_cells.items()
    }, "finance overview: the platform's figures per line and year differ from the SQL's"
    for f in ov.lines:
        if f.code in sql["table"]:
            assert (f.maximum, f.minimum) == sql["table"][f.code], f"budget table differs for {f.code}"
    return len(ours)


def check_dashboard(board, sql_board: dict) -> int:
    n = 0
    for ls in board.links:
        a = ls.verdict.assessment
        ours = (
            str(ls.verdict.verdict),
            (a.actual.on, _dec(a.actual.value)) if a and a.actual else None,
            ls.verdict.areas_total,
            ls.verdict.areas_on_schedule,
        )
        assert ours == sql_board["links"][ls.link.pk], f"verdict of link {ls.link.pk}: {ours} != SQL"
        n += 1
    assert {p.pillar.code: str(p.rollup.verdict) for p in board.pillars} == sql_board["pillar_verdicts"]
    assert str(board.rollup.verdict) == sql_board["verdict"]
    return n


def check_portfolio(rows, sql: dict) -> int:
    for row in rows:
        s = sql[row.deal.pk]
        ours = [row.national_granted, row.national_spent, row.regional_pledged, row.regional_actual]
        assert ours == s["money"], f"portfolio money of {row.deal.slug}: {ours} != {s['money']}"
        assert row.national_maximum == s.get("maximum", Decimal("0.00")), row.deal.slug
        assert row.verdict == s["verdict"], f"portfolio verdict of {row.deal.slug}"
        assert {code: v for code, _name, v in row.pillars} == s["pillars"], row.deal.slug
        submitted = {r.year: r.submitted_on for r in row.reports if r.submitted_on}
        assert submitted == {y: d for y, d in s["reports"].items() if y in {r.year for r in row.reports}}
    return len(rows)


def check_deal_page(deal, sql: dict, sql_board: dict) -> int:
    """The deal page's figures against the SQL's: the covenant's blocks, the entry into force, the
    money card, the counts, the reports, the outreach and the verdicts. Returns the rows checked."""
    from regiodeal.deals.selectors import deal_entry_into_force
    from regiodeal.portal.selectors import public_deal_page_version, public_summary

    version = public_deal_page_version(deal)
    blocks = sql["blocks"]
    ours = {
        "party": [p.name for p in version.parties.all()],
        "partner": [p.name for p in version.partners.all()],
        "area": [a.code for a in version.areas.all()],
        "group": [g.code for g in version.groups.all()],
        "sector": [x.code for x in version.sectors.all()],
        "glossary": [t.term for t in version.glossary.all()],
        "budget_line": [b.code for b in version.budget_lines.all()],
        "pillar": [p.code for p in version.pillars.all()],
        "objective": sorted(o.code for p in version.pillars.all() for o in p.objectives.all()),
        "result": sorted(r.code for p in version.pillars.all() for r in p.results.all()),
        "target": len([t for p in version.pillars.all() for r in p.results.all() for t in r.targets.all()]),
    }
    theirs = {
        block: [row[2] if block != "party" else row[3] for row in blocks.get(block, [])] for block in ours
    }
    theirs["objective"], theirs["result"] = sorted(theirs["objective"]), sorted(theirs["result"])
    theirs["target"] = len(blocks.get("target", []))
    assert ours == theirs, f"deal page: the covenant's blocks differ from the SQL's: {ours} != {theirs}"
    assert sql["version"][1] == version.name
    force = deal_entry_into_force(deal, version)
    assert (force.starts_on, [p.short_name for p in force.unsigned]) == (sql["starts_on"], sql["unsigned"])
    summary = public_summary(deal, version)
    money = summary.money_total
    ours_money = (money.national_granted, money.national_maximum, money.regional_pledged)
    sql_money = (sql["granted"], sql["maximum"], sql["pledged"])
    assert ours_money == sql_money, f"deal page: the money card {ours_money}, the SQL {sql_money}"
    assert (summary.project_count, summary.idea_count) == (sql["projects"], sql["ideas"])
    assert [(r.year, r.number) for r in summary.reports] == sql["reports"]
    outreach, counts = summary.outreach, sql["outreach"]
    assert outreach.conversations == sum(c for _n, _r, c in counts.get("wijk", {}).values())
    assert {r.key for r in outreach.per_wijk} == set(counts.get("wijk", {}))
    assert {r.key for r in outreach.per_theme} == set(counts.get("theme", {}))
    norm = [residents for _n, residents, _c in counts.get("norm", {}).values()]
    assert outreach.norm == (norm[0] if norm else outreach.norm)
    assert {p.code: p.verdict for p in summary.results.pillars} == sql_board["pillar_verdicts"]
    assert summary.results.verdict == sql_board["verdict"]
    return sum(len(v) if isinstance(v, list) else v for v in ours.values())


# ---------------------------------------------------------------------------------------------
# The run


def _bench_user():
    """An account of the ministry (every deal: VIEW_FINANCE, VIEW_INTERNAL, RECEIVE_REPORTS)."""
    from django.contrib.auth import get_user_model

    from regiodeal.accounts.roles import Role
    from regiodeal.accounts.services import user_create
    from regiodeal.audit.services import Actor

    user = get_user_model().objects.filter(username="bench-ministry").first()
    if user is None:
        user = user_create(
            actor=Actor(label="bench"),
            username="bench-ministry",
            email="bench@example.nl",
            password=None,
            role=Role.MINISTRY,
            deal=None,
        )
    return user


def _sizes() -> dict:
    from regiodeal.finance.models import LedgerEntry
    from regiodeal.projects.models import Project
    from regiodeal.results.models import Measurement

    return {
        "deals": Deal.objects.count(),
        "projects": Project.objects.count(),
        "ledger_entries": LedgerEntry.objects.count(),
        "measurements": Measurement.objects.count(),
    }


def _prepare_throwaway() -> None:
    from regiodeal.audit.services import Actor
    from regiodeal.deals.services import deal_load_bundled

    deal_load_bundled(actor=Actor(label="bench"))
    if not Deal.objects.get(slug="waterwegregio").projects.exists():
        call_command("demo", deal="waterwegregio", verbosity=0)


def _static_files() -> None:
    """Pages name their CSS by the hashed names of `regiodeal setup`'s collected static files; a
    database made with `setup --no-static` (bench/portfolio.py) has none yet: collect them."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    try:
        staticfiles_storage.url("vendor/voorbeeld-theme.css")
    except ValueError:
        call_command("collectstatic", interactive=False, verbosity=0)
        storage = staticfiles_storage
        storage.hashed_files, storage.manifest_hash = storage.load_manifest()


def _row(case, level, seconds, queries, size, sql_seconds, sql_queries, checked, note="") -> dict:
    return {
        "case": case,
        "level": level,
        "seconds": seconds,
        "queries": queries,
        "bytes": size,
        "sql_seconds": sql_seconds,
        "sql_queries": sql_queries,
        "ratio": (seconds / sql_seconds) if sql_seconds else None,
        "checked": checked,
        "note": note,
    }


def run(
    deal_slug: str | None = None,
    runs: int = 5,
    report_runs: int | None = None,
    year: int | None = None,
    pdf: bool = True,
    log=print,
) -> list[dict]:
    """Every case, as a list of rows (dicts: case, level, seconds, queries, bytes, sql_seconds,
    sql_queries, ratio, checked, note)."""
    from regiodeal.finance import selectors as finance
    from regiodeal.portal import portfolio
    from regiodeal.portal import selectors as public
    from regiodeal.reporting.gather import gather, reportable_years
    from regiodeal.reporting.renderers import render
    from regiodeal.results.selectors import dashboard

    call_command("migrate", verbosity=0)
    _static_files()
    if _THROWAWAY:
        _prepare_throwaway()
    if deal_slug is None:
        deal_slug = "waterwegregio" if Deal.objects.filter(slug="waterwegregio").exists() else None
    deal = Deal.objects.get(slug=deal_slug) if deal_slug else Deal.objects.order_by("slug").first()
    user = _bench_user()
    host = (settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip(".") or "localhost"
    client = Client(HTTP_HOST=host if host != "*" else "localhost")
    client.force_login(user)
    anonymous = Client(HTTP_HOST=host if host != "*" else "localhost")
    today = timezone.localdate()
    project_ct = ContentType.objects.get_for_model(deal.projects.model).pk
    rows: list[dict] = []

    def page(c, url):
        def get():
            response = c.get(url)
            assert response.status_code == 200, f"{url}: HTTP {response.status_code}"
            return response

        return get

    def measure(case, level, fn, sql_s, sql_q, checked, *, before=None, note="", size=None):
        seconds, result = median_time(fn, runs, before=before)
        queries = count_queries(fn, before=before)
        if size is None and hasattr(result, "content"):
            size = len(result.content)
        row = _row(case, level, seconds, queries, size, sql_s, sql_q, checked, note)
        rows.append(row)
        log(_format_row(row))
        return result

    def mixed(case, level, fn, sql_s, sql_q, checked, deal_id, note=""):
        seconds = mean_mixed_time(fn, deal_id, runs)
        row = _row(
            case, level, seconds, None, None, sql_s, sql_q, checked, note or f"1 write per {MIX} reads"
        )
        rows.append(row)
        log(_format_row(row))

    def after_write(kind):
        return lambda: bump_generation(deal.pk, (kind,))

    log(_header())

    # --- finance overview of one deal ---------------------------------------------------------
    case = f"finance overview ({deal.slug})"
    sql_s, sql = median_time(lambda: sql_finance_overview(deal.pk, today), runs)
    sql_q = count_queries(lambda: sql_finance_overview(deal.pk, today))
    checked = check_finance(finance.overview(deal, today), sql)
    cold = every_layer_emptied  # as after a restart: nothing cached anywhere
    measure(
        case, "page, cold", page(client, f"/deals/{deal.slug}/finance/"), sql_s, sql_q, checked, before=cold
    )
    measure(
        case,
        "page, booking",
        page(client, f"/deals/{deal.slug}/finance/"),
        sql_s,
        sql_q,
        checked,
        before=after_write(dv.MONEY),
        note="after a booking in the deal",
    )
    measure(case, "page, warm", page(client, f"/deals/{deal.slug}/finance/"), sql_s, sql_q, checked)
    mixed(case, "page, mixed", page(client, f"/deals/{deal.slug}/finance/"), sql_s, sql_q, checked, deal.pk)
    api = page(client, f"/api/v1/deals/{deal.slug}/finance/overview/")
    measure(case, "api, cold", api, sql_s, sql_q, checked, before=cold)
    measure(case, "api, warm", api, sql_s, sql_q, checked)
    mixed(case, "api, mixed", api, sql_s, sql_q, checked, deal.pk)
    measure(case, "selector", lambda: finance.overview(deal, today), sql_s, sql_q, checked)
    rows.append(_row(case, "sql", sql_s, sql_q, None, sql_s, sql_q, checked))
    log(_format_row(rows[-1]))

    # --- portfolio ----------------------------------------------------------------------------
    deal_ids = list(Deal.objects.order_by("pk").values_list("pk", flat=True))
    case = f"portfolio ({len(deal_ids)} deals)"
    sql_s, sql = median_time(lambda: sql_portfolio(deal_ids, today), runs)
    sql_q = count_queries(lambda: sql_portfolio(deal_ids, today))
    checked = check_portfolio(portfolio.portfolio_rows(user), sql)
    measure(case, "page, cold", page(client, "/portfolio/"), sql_s, sql_q, checked, before=cold)
    measure(
        case,
        "page, booking",
        page(client, "/portfolio/"),
        sql_s,
        sql_q,
        checked,
        before=after_write(dv.MONEY),
        note="after a booking in one deal",
    )
    measure(case, "page, warm", page(client, "/portfolio/"), sql_s, sql_q, checked)
    mixed(case, "page, mixed", page(client, "/portfolio/"), sql_s, sql_q, checked, deal.pk)
    measure(
        case, "selector, cold", lambda: portfolio.portfolio_rows(user), sql_s, sql_q, checked, before=cold
    )
    rows.append(_row(case, "sql", sql_s, sql_q, None, sql_s, sql_q, checked))
    log(_format_row(rows[-1]))

    # --- results dashboard of one deal --------------------------------------------------------
    case = f"results dashboard ({deal.slug})"
    sql_s, sql = median_time(lambda: sql_dashboard([deal.pk], today), runs)
    sql_q = count_queries(lambda: sql_dashboard([deal.pk], today))
    checked = check_dashboard(dashboard(deal=deal, on=today), sql[deal.pk])
    url = f"/deals/{deal.slug}/results/"
    measure(case, "page, cold", page(client, url), sql_s, sql_q, checked, before=cold)
    measure(
        case,
        "page, measured",
        page(client, url),
        sql_s,
        sql_q,
        checked,
        before=after_write(dv.RESULTS),
        note="after a measurement in the deal",
    )
    measure(case, "page, warm", page(client, url), sql_s, sql_q, checked)
    mixed(case, "page, mixed", page(client, url), sql_s, sql_q, checked, deal.pk)
    # The dashboard's charts come in one part per result, fetched as the page scrolls there: the
    # largest part (the result with the most indicators, areas and years) is timed.
    charts_part = _largest_charts_part(client, url)
    if charts_part:
        part = page(client, charts_part)
        measure(case, "charts part, cold", part, sql_s, sql_q, checked, before=cold, note=charts_part)
        measure(case, "charts part, warm", part, sql_s, sql_q, checked, note="the largest of the parts")
    api = page(client, f"/api/v1/deals/{deal.slug}/monitoring/verdicts/")
    measure(case, "api, cold", api, sql_s, sql_q, checked, before=cold)
    measure(case, "api, warm", api, sql_s, sql_q, checked)
    mixed(case, "api, mixed", api, sql_s, sql_q, checked, deal.pk)
    if "per_year" in inspect.signature(dashboard).parameters:  # the page's charts: the latest of each year
        check_dashboard(dashboard(deal=deal, on=today, per_year=True), sql[deal.pk])
        measure(
            case,
            "selector",
            lambda: dashboard(deal=deal, on=today, per_year=True),
            sql_s,
            sql_q,
            checked,
            note="with the charts' series: the latest of each year",
        )
    else:
        measure(case, "selector", lambda: dashboard(deal=deal, on=today), sql_s, sql_q, checked)
    if "latest_only" in inspect.signature(dashboard).parameters:  # an older platform has no such mode
        board = dashboard(deal=deal, on=today, with_projects=False, latest_only=True)
        check_dashboard(board, sql[deal.pk])
        measure(
            case,
            "selector, latest",
            lambda: dashboard(deal=deal, on=today, with_projects=False, latest_only=True),
            sql_s,
            sql_q,
            checked,
            note="verdicts only (API, portfolio, public site)",
        )
    rows.append(_row(case, "sql", sql_s, sql_q, None, sql_s, sql_q, checked))
    log(_format_row(rows[-1]))

    # --- public project list, with a pillar and a gemeente ------------------------------------
    listed = public.public_projects(deal)
    pillar = Counter(x.code for p in listed for x in p.pillars).most_common(1)
    pillar = pillar[0][0] if pillar else None
    gemeente = Counter(g for p in listed if pillar in {x.code for x in p.pillars} for g in p.gemeenten)
    gemeente = gemeente.most_common(1)[0][0] if gemeente else None
    filters = {k: v for k, v in (("pillar", pillar), ("gemeente", gemeente)) if v}
    query = "&".join(f"{k}={v}" for k, v in filters.items())
    case = f"public project list ({deal.slug}, {query or 'all'})"
    sql_s, sql = median_time(lambda: sql_public_projects(deal.pk, today, project_ct, **filters), runs)
    sql_q = count_queries(lambda: sql_public_projects(deal.pk, today, project_ct, **filters))
    ours = [(p.code, p.national_allocated, p.national_spent) for p in public.public_projects(deal, **filters)]
    assert ours == sql, f"public project list differs: {len(ours)} rows against {len(sql)} from SQL"
    checked = len(ours)
    list_url = f"/deals/{deal.slug}/public/projects/?{query}"
    api_url = f"/api/v1/public/deals/{deal.slug}/projects/?{query}"
    measure(case, "page, cold", page(anonymous, list_url), sql_s, sql_q, checked, before=cold)
    measure(case, "page, warm", page(anonymous, list_url), sql_s, sql_q, checked)
    mixed(case, "page, mixed", page(anonymous, list_url), sql_s, sql_q, checked, deal.pk)
    measure(case, "api, cold", page(anonymous, api_url), sql_s, sql_q, checked, before=cold)
    measure(case, "api, warm", page(anonymous, api_url), sql_s, sql_q, checked)
    mixed(case, "api, mixed", page(anonymous, api_url), sql_s, sql_q, checked, deal.pk)
    measure(
        case,
        "selector, cold",
        lambda: public.public_projects(deal, **filters),
        sql_s,
        sql_q,
        checked,
        before=cold,
    )
    rows.append(_row(case, "sql", sql_s, sql_q, None, sql_s, sql_q, checked))
    log(_format_row(rows[-1]))

    # --- public project page ------------------------------------------------------------------
    if listed:
        item = max(listed, key=lambda p: (len(p.areas) + len(p.pillars), p.national_allocated))
        case = f"public project page ({deal.slug} {item.code})"
        sql_s, sql = median_time(lambda: sql_public_project(deal.pk, item.code, today, project_ct), runs)
        sql_q = count_queries(lambda: sql_public_project(deal.pk, item.code, today, project_ct))
        p = public.public_project(deal, item.code)
        assert (p.national_allocated, p.national_spent) == (sql["allocated"], sql["spent"]), item.code
        assert {x.code for x in p.pillars} == sql.get("pillar", set()), item.code
        assert {x.code for x in p.areas} == sql.get("area", set()), item.code
        url = f"/deals/{deal.slug}/public/projects/{item.code}/"
        measure(case, "page, cold", page(anonymous, url), sql_s, sql_q, 1, before=cold)
        measure(case, "page, warm", page(anonymous, url), sql_s, sql_q, 1)
        mixed(case, "page, mixed", page(anonymous, url), sql_s, sql_q, 1, deal.pk)
        measure(
            case,
            "selector, cold",
            lambda: public.public_project(deal, item.code),
            sql_s,
            sql_q,
            1,
            before=cold,
        )
        rows.append(_row(case, "sql", sql_s, sql_q, None, sql_s, sql_q, 1))
        log(_format_row(rows[-1]))

    # --- public deal page (the home of every deal) ---------------------------------------------
    case = f"public deal page ({deal.slug})"
    entry_ct = ContentType.objects.get(app_label="finance", model="ledgerentry").pk

    def deal_page_sql():
        return sql_public_deal_page(deal.pk, today, project_ct, entry_ct), sql_dashboard([deal.pk], today)

    sql_s, (sql, sql_board) = median_time(deal_page_sql, runs)
    sql_q = count_queries(deal_page_sql)
    checked = check_deal_page(deal, sql, sql_board[deal.pk])
    home = page(anonymous, f"/deals/{deal.slug}/")
    measure(case, "page, cold", home, sql_s, sql_q, checked, before=cold)
    measure(
        case,
        "page, booking",
        page(client, f"/deals/{deal.slug}/"),
        sql_s,
        sql_q,
        checked,
        before=after_write(dv.MONEY),
        note="logged in, after a booking in the deal (the public sees it after the lag)",
    )
    measure(case, "page, warm", home, sql_s, sql_q, checked)
    mixed(case, "page, mixed", home, sql_s, sql_q, checked, deal.pk)
    rows.append(_row(case, "sql", sql_s, sql_q, None, sql_s, sql_q, checked))
    log(_format_row(rows[-1]))

    # --- yearly report ------------------------------------------------------------------------
    years = reportable_years(deal, today)
    if years:
        year = year or max((y for y in years if y < today.year), default=years[-1])
        case = f"yearly report ({deal.slug} {year})"
        r_runs = report_runs or min(runs, 3)
        seconds, structure = median_time(lambda: gather(deal, year, "internal"), runs)
        queries = count_queries(lambda: gather(deal, year, "internal"))
        size = len(json.dumps(structure, default=str))
        rows.append(_row(case, "gather", seconds, queries, size, None, None, len(structure["projects"])))
        log(_format_row(rows[-1]))
        if pdf:
            with override("nl"):
                pdf_s, data = median_time(lambda: render(structure, "pdf"), r_runs)
            whole = seconds + pdf_s
            rows.append(
                _row(
                    case,
                    "render pdf",
                    pdf_s,
                    0,
                    len(data),
                    None,
                    None,
                    len(structure["projects"]),
                    note=f"gathering is {seconds / whole:.1%} of the whole ({whole:.2f} s); {r_runs} runs",
                )
            )
            log(_format_row(rows[-1]))
    return rows


def summary(rows: list[dict]) -> list[str]:
    """Per read (case and page or api): the cold ratio first, then warm, then mixed."""
    found: dict[tuple[str, str], dict[str, float | None]] = {}
    for r in rows:
        where, _sep, level = r["level"].partition(", ")
        if level in ("cold", "warm", "mixed"):
            cell = found.setdefault((r["case"], where), {})
            cell[level] = r["ratio"] if r["ratio"] is not None else None
            cell[level + "_ms"] = r["seconds"] * 1000

    def fmt(cell, level):
        ratio, ms = cell.get(level), cell.get(level + "_ms")
        if ms is None:
            return "-"
        return f"{ms:.1f} ms" + (f" ({ratio:.2f}x)" if ratio is not None else "")

    lines = [f"{'read':<52} {'cold':>20} {'warm':>20} {'mixed 1:' + str(MIX):>20}"]
    for (case, where), cell in found.items():
        lines.append(
            f"{(case + ', ' + where)[:52]:<52} {fmt(cell, 'cold'):>20} {fmt(cell, 'warm'):>20} "
            f"{fmt(cell, 'mixed'):>20}"
        )
    return lines


def _largest_charts_part(client, dashboard_url: str) -> str | None:
    """The address of the dashboard's largest chart part (None for a platform that has none)."""
    import re

    html = client.get(dashboard_url).content.decode()
    urls = [u.replace("&amp;", "&") for u in re.findall(r'data-lazy-charts="[^"]+"\s+hx-get="([^"]+)"', html)]
    return max(urls, key=lambda u: len(client.get(u).content), default=None)


def _header() -> str:
    return (
        f"{'case':<44} {'level':<15} {'ms':>9} {'queries':>7} {'bytes':>9} "
        f"{'SQL ms':>8} {'SQL q':>5} {'ratio':>7} {'checked':>7}  note"
    )


def _format_row(r: dict) -> str:
    def num(x, fmt):
        return "" if x is None else format(x, fmt)

    return (
        f"{r['case'][:44]:<44} {r['level']:<15} {num(r['seconds'] * 1000, '9.1f'):>9} "
        f"{num(r['queries'], 'd'):>7} {num(r['bytes'], 'd'):>9} "
        f"{num(r['sql_seconds'] and r['sql_seconds'] * 1000, '8.1f'):>8} {num(r['sql_queries'], 'd'):>5} "
        f"{num(r['ratio'], '7.2f'):>7} {num(r['checked'], 'd'):>7}  {r['note']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deal", help="the deal for the one-deal cases (default: waterwegregio)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--report-runs", type=int, help="runs of the PDF rendering (default: min(runs, 3))")
    parser.add_argument("--year", type=int, help="the report's year (default: the last complete one)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF rendering")
    parser.add_argument("--json", type=Path, help="also write the rows and the setting to this file")
    args = parser.parse_args()
    load = os.getloadavg()
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}; "
        f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; median of {args.runs} runs"
    )
    rows = run(args.deal, args.runs, args.report_runs, args.year, not args.no_pdf)
    print("\nRatios to the hand-written SQL, cold first (every cache layer emptied), then warm, then mixed:")
    for line in summary(rows):
        print(line)
    sizes = _sizes()
    print("data: " + ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in sizes.items()))
    load_after = os.getloadavg()
    print(f"load average after: {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "database": connection.vendor,
                    "runs": args.runs,
                    "data": sizes,
                    "load_average": {"before": load, "after": load_after},
                    "measured_at": timezone.now().isoformat(),
                    "rows": rows,
                },
                indent=2,
                default=str,
            )
        )


if __name__ == "__main__":
    main()
