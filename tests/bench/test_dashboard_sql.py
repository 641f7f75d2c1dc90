"""The hand-written SQL of the verdicts (bench/bench_queries.py:sql_dashboard), the yardstick of
the results dashboard and the portfolio, finds each target's verdict with the latest measurement
the platform reads: for the regional series and for each area of a norm per area, up to the date
asked for, never a later one."""

from __future__ import annotations

import datetime as dt

import pytest
from bench.bench_queries import check_dashboard, sql_dashboard

from regiodeal.results.selectors import dashboard
from tests.results.conftest import ON, link_of, measurable, measure, portfolio  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def test_the_verdicts_sql_finds_the_latest_measurement_of_every_series_up_to_the_date(portfolio):  # noqa: F811
    deal = portfolio
    per_wijk = link_of(deal, "1B").indicator
    measure(deal, per_wijk, "35", dt.date(2026, 3, 1), area_code="WK060601")  # after ON
    measure(deal, per_wijk, "12", dt.date(2025, 6, 1), area_code="WK062201")  # history
    measure(deal, link_of(deal, "1C").indicator, "52", dt.date(2026, 3, 1))  # after ON
    for on, areas in ((dt.date(2025, 7, 1), 1), (ON, 2), (dt.date(2026, 6, 30), 2)):
        board = dashboard(deal=deal, on=on, latest_only=True, with_projects=False)
        sql = sql_dashboard([deal.pk], on)[deal.pk]
        assert check_dashboard(board, sql) == len(board.links) > 2
        norm = board.result("1B").links[0]
        assert sql["links"][norm.link.pk][2] == norm.verdict.areas_total == areas
    regional = sql_dashboard([deal.pk], ON)[deal.pk]["links"][link_of(deal, "1C").pk]
    assert regional[:2] == ("at_risk", (dt.date(2025, 12, 1), 44))  # not March's 52, nor the group's 38
