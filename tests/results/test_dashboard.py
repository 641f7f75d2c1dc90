"""The verdicts of a deal at a date, through the selectors the dashboard, API and checks use."""

import datetime as dt
from decimal import Decimal as D

from regiodeal.results.selectors import dashboard, indicator_detail
from regiodeal.results.verdict import Verdict

from .conftest import ON, link_of, measure


def test_each_covenant_target_gets_its_verdict(portfolio):
    board = dashboard(deal=portfolio, on=ON)
    assert board.result("1A").rollup.verdict == Verdict.ACHIEVED
    assert board.result("1C").rollup.verdict == Verdict.AT_RISK
    b = board.result("1B").links[0].verdict
    assert b.verdict == Verdict.BEHIND
    assert (b.areas_on_schedule, b.areas_total) == (1, 2)
    assert board.result("1D").rollup.verdict == Verdict.NO_DATA  # no indicator


def test_a_pillar_rolls_up_its_results_worst_first_with_counts(portfolio):
    pillar = dashboard(deal=portfolio, on=ON).pillar("1")
    assert pillar.rollup.verdict == Verdict.BEHIND
    assert pillar.rollup.counts == {
        Verdict.ACHIEVED: 1,
        Verdict.BEHIND: 1,
        Verdict.AT_RISK: 1,
        Verdict.NO_DATA: 1,
    }


def test_the_relative_target_is_reached_at_the_baseline_plus_25_percent(portfolio):
    status = dashboard(deal=portfolio, on=ON).result("1C").links[0]
    assert status.target_level == D("50")
    assert status.verdict.assessment.p == D("0.4")


def test_the_verdict_is_asked_at_a_date_and_ignores_later_measurements(portfolio):
    before = dashboard(deal=portfolio, on=dt.date(2025, 9, 30))
    assert before.result("1A").rollup.verdict == Verdict.NO_DATA


def test_projects_are_shown_with_the_results_they_work_on(portfolio):
    board = dashboard(deal=portfolio, on=ON)
    assert [p.code for p in board.result("1A").projects] == ["WW-001"]
    assert [p.code for p in board.result("1B").projects] == ["WW-002"]


def test_the_gap_of_young_people_to_the_region_narrows(portfolio):
    link = link_of(portfolio, "1C")
    measure(portfolio, link.indicator, "47", dt.date(2026, 6, 1))
    measure(portfolio, link.indicator, "45", dt.date(2026, 6, 1), group_code="jongeren")
    view = indicator_detail(deal=portfolio, indicator=link.indicator, on=dt.date(2026, 7, 1))
    [young] = view.groups
    assert young.key == "jongeren"
    assert [g.gap for g in young.gaps] == [D("-6"), D("-2")]
    assert young.trend == "narrowing"
    assert young.lags_behind
