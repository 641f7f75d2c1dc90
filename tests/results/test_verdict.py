"""The on-schedule verdict: each outcome, both directions, the relative target,
the per-area norm, roll-up and the boundaries, plus properties that must hold for any figures."""

import datetime as dt
from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from regiodeal.results.verdict import (
    Point,
    Verdict,
    assess_series,
    assess_target,
    classify,
    elapsed,
    progress,
    roll_up,
    target_level,
    worst,
)

B_ON = dt.date(2025, 1, 1)
T_ON = dt.date(2029, 1, 1)  # 1461 days later
MID = dt.date(2027, 1, 1)  # 730 days: t = 730/1461


def at(days: int) -> dt.date:
    return B_ON + dt.timedelta(days=days)


def absolute(baseline, target, actual, on, *, lower=False, actual_on=None, span_days=1000):
    return assess_target(
        kind="absolute",
        baseline=D(baseline),
        baseline_on=B_ON,
        target_value=D(target),
        target_on=at(span_days),
        on=on,
        regional=[Point(actual_on or on, D(actual))] if actual is not None else [],
        lower_is_better=lower,
    ).verdict


# Baseline 0 on day 0, target 100 on day 1000: the path is value = day / 10.
def test_it_calls_a_target_achieved_when_progress_reaches_one():
    assert absolute(0, 100, 100, at(10)) == Verdict.ACHIEVED
    assert absolute(0, 100, 130, at(500)) == Verdict.ACHIEVED


def test_it_is_on_schedule_exactly_on_the_path():
    assert absolute(0, 100, 50, at(500)) == Verdict.ON_SCHEDULE


def test_just_below_the_path_is_at_risk():
    assert absolute(0, 100, "49.99", at(500)) == Verdict.AT_RISK


def test_exactly_fifteen_hundredths_behind_the_path_is_still_at_risk():
    # t = 0.5, p = 0.35 = t - 0.15
    assert absolute(0, 100, 35, at(500)) == Verdict.AT_RISK


def test_more_than_fifteen_hundredths_behind_the_path_is_behind():
    assert absolute(0, 100, "34.99", at(500)) == Verdict.BEHIND


def test_without_a_measurement_after_the_baseline_there_is_no_data():
    assert absolute(0, 100, None, at(500)) == Verdict.NO_DATA
    # a measurement on the baseline date itself is the baseline, not progress
    assert absolute(0, 100, 80, at(500), actual_on=B_ON) == Verdict.NO_DATA


def test_a_measurement_after_the_date_asked_is_not_used():
    assert absolute(0, 100, 80, at(500), actual_on=at(501)) == Verdict.NO_DATA


def test_without_a_baseline_there_is_no_data():
    verdict = assess_target(
        kind="absolute",
        baseline=None,
        baseline_on=None,
        target_value=D(3),
        target_on=T_ON,
        on=MID,
        regional=[Point(MID, D(3))],
    )
    assert verdict.verdict == Verdict.NO_DATA
    assert verdict.reason == "no_baseline"


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        ("8", Verdict.ACHIEVED),  # reached the lower target
        ("14", Verdict.ON_SCHEDULE),  # 20 -> 8: p = 6/12 = 0.5 = t
        ("15.8", Verdict.AT_RISK),  # p = 0.35 = t - 0.15
        ("16", Verdict.BEHIND),  # p = 4/12 < 0.35
        ("22", Verdict.BEHIND),  # worse than the baseline
    ],
)
def test_where_lower_is_better_the_same_formula_works_with_the_target_below_the_baseline(actual, expected):
    assert absolute(20, 8, actual, at(500), lower=True) == expected


def test_a_relative_target_is_a_change_against_the_baseline():
    assert target_level("relative", D("40"), D("25")) == D("50.00")
    verdict = assess_target(
        kind="relative",
        baseline=D("40"),
        baseline_on=B_ON,
        target_value=D("25"),
        target_on=at(1000),
        on=at(500),
        regional=[Point(at(400), D("45"))],  # +5 of +10: p = 0.5 = t
    )
    assert verdict.verdict == Verdict.ON_SCHEDULE
    assert verdict.assessment.target == D("50")
    assert verdict.assessment.p == Fraction(1, 2)


def test_a_relative_decrease_for_a_lower_is_better_indicator():
    assert target_level("relative", D("20"), D("-25")) == D("15.00")
    assert absolute(20, 15, 15, at(500), lower=True) == Verdict.ACHIEVED


def per_area(points: dict[str, list[Point]], on=None):
    return assess_target(
        kind="per_area",
        baseline=D(0),
        baseline_on=B_ON,
        target_value=D(30),
        target_on=at(1000),
        on=on or at(500),
        by_area=points,
    )


def test_a_per_area_norm_is_on_schedule_when_every_area_is():
    verdict = per_area({"WK055601": [Point(at(400), D(15))], "WK055602": [Point(at(450), D(31))]})
    assert verdict.verdict == Verdict.ON_SCHEDULE
    assert (verdict.areas_on_schedule, verdict.areas_total) == (2, 2)
    assert verdict.areas["WK055602"].verdict == Verdict.ACHIEVED


def test_one_area_behind_puts_the_norm_behind_and_counts_n_of_m():
    verdict = per_area(
        {
            "WK055601": [Point(at(400), D(30))],
            "WK055602": [Point(at(400), D(15))],
            "WK055603": [Point(at(400), D(3))],
        }
    )
    assert verdict.verdict == Verdict.BEHIND
    assert (verdict.areas_on_schedule, verdict.areas_total) == (2, 3)


def test_a_per_area_norm_without_areas_has_no_data():
    assert per_area({}).verdict == Verdict.NO_DATA


def test_an_area_without_a_recent_measurement_has_no_data_and_is_not_counted_on_schedule():
    verdict = per_area({"WK1": [Point(at(400), D(30))], "WK2": [Point(B_ON, D(0))]})
    assert verdict.areas["WK2"].verdict == Verdict.NO_DATA
    assert verdict.verdict == Verdict.NO_DATA
    assert (verdict.areas_on_schedule, verdict.areas_total) == (1, 2)


def test_the_latest_measurement_counts():
    verdict = assess_series(
        baseline=D(0),
        baseline_on=B_ON,
        target=D(100),
        target_on=at(1000),
        points=[Point(at(300), D(90)), Point(at(450), D(20)), Point(at(100), D(5))],
        on=at(500),
    )
    assert verdict.actual == Point(at(450), D(20))
    assert verdict.verdict == Verdict.BEHIND


def test_a_target_equal_to_its_baseline_is_achieved_unless_worse():
    assert progress(D(5), D(5), D(5), lower_is_better=False) == 1
    assert progress(D(5), D(5), D(4), lower_is_better=False) == 0
    assert progress(D(5), D(5), D(4), lower_is_better=True) == 1


def test_the_target_date_must_lie_after_the_baseline():
    with pytest.raises(ValueError):
        elapsed(B_ON, B_ON, MID)


def test_roll_up_takes_the_worst_and_counts_each_verdict():
    up = roll_up([Verdict.ON_SCHEDULE, Verdict.ACHIEVED, Verdict.AT_RISK, Verdict.ON_SCHEDULE])
    assert up.verdict == Verdict.AT_RISK
    assert up.counts == {Verdict.ON_SCHEDULE: 2, Verdict.ACHIEVED: 1, Verdict.AT_RISK: 1}
    assert up.counts_worst_first() == [(Verdict.AT_RISK, 1), (Verdict.ON_SCHEDULE, 2), (Verdict.ACHIEVED, 1)]


def test_no_data_hides_no_known_problem_but_is_worse_than_on_schedule():
    assert worst([Verdict.BEHIND, Verdict.NO_DATA]) == Verdict.BEHIND
    assert worst([Verdict.AT_RISK, Verdict.NO_DATA]) == Verdict.AT_RISK
    assert worst([Verdict.ON_SCHEDULE, Verdict.NO_DATA]) == Verdict.NO_DATA
    assert roll_up([]).verdict == Verdict.NO_DATA


# Properties -------------------------------------------------------------------------------------

values = st.decimals(min_value=-10_000, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)
days = st.integers(min_value=1, max_value=4000)


@given(baseline=values, target=values, actual=values, span=days, day=st.integers(min_value=1, max_value=8000))
def test_mirroring_all_figures_gives_the_same_verdict(baseline, target, actual, span, day):
    """Lower-is-better is higher-is-better upside down: negating every figure changes nothing."""
    assume(target != baseline)
    up = absolute(baseline, target, actual, at(day), span_days=span)
    down = absolute(-baseline, -target, -actual, at(day), lower=True, span_days=span)
    assert up == down


@given(p=st.fractions(min_value=-5, max_value=5), t=st.fractions(min_value=-1, max_value=3))
def test_classify_follows_the_rule_in_order(p, t):
    verdict = classify(p, t)
    if p >= 1:
        assert verdict == Verdict.ACHIEVED
    elif p >= t:
        assert verdict == Verdict.ON_SCHEDULE
    elif p >= t - Fraction(15, 100):
        assert verdict == Verdict.AT_RISK
    else:
        assert verdict == Verdict.BEHIND


@given(baseline=values, target=values, a=values, b=values, span=days, day=days)
def test_a_better_figure_never_gives_a_worse_verdict(baseline, target, a, b, span, day):
    assume(target != baseline)
    low, high = sorted([a, b])
    better, other = (high, low) if target > baseline else (low, high)
    rank = {Verdict.ACHIEVED: 0, Verdict.ON_SCHEDULE: 1, Verdict.AT_RISK: 2, Verdict.BEHIND: 3}
    assert (
        rank[absolute(baseline, target, better, at(day), span_days=span)]
        <= rank[absolute(baseline, target, other, at(day), span_days=span)]
    )


@given(st.lists(st.sampled_from(list(Verdict)), min_size=1))
def test_a_roll_up_is_never_better_than_any_of_its_parts(items):
    from regiodeal.results.verdict import SEVERITY

    up = roll_up(items)
    assert all(SEVERITY[up.verdict] >= SEVERITY[v] for v in items)
    assert up.total == len(items)


fine = st.decimals(min_value=-(10**9), max_value=10**9, places=6, allow_nan=False, allow_infinity=False)


@given(baseline=fine, target=fine, actual=fine)
def test_progress_is_exactly_the_gain_over_the_distance_asked(baseline, target, actual):
    """p = (actual - baseline) / (target - baseline), exactly: no rounding moves a figure across
    the path or the at-risk margin."""
    assume(target != baseline)
    assert progress(baseline, target, actual, lower_is_better=False) == Fraction(
        actual - baseline
    ) / Fraction(target - baseline)


def test_the_time_gone_by_is_the_same_asked_again_and_a_bad_span_is_refused_each_time():
    assert elapsed(B_ON, T_ON, MID) == elapsed(B_ON, T_ON, MID) == Fraction(730, 1461)
    for _ in range(2):
        with pytest.raises(ValueError):
            elapsed(T_ON, B_ON, MID)
