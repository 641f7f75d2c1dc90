"""The verdicts read from the latest measurement of each series only (the portfolio, the public
site, the API) are the verdicts of the whole series: the same verdict, the same latest figure,
the same count of areas on schedule, for one deal and for several at once."""

import datetime as dt

from regiodeal.deals.selectors import version_in_force
from regiodeal.results.selectors import dashboard, dashboards

from .conftest import ON, link_of, measure


def _verdicts(board):
    out = {}
    for ls in board.links:
        a = ls.verdict.assessment
        out[ls.link.pk] = (
            ls.verdict.verdict,
            a.actual if a else None,
            {code: (x.verdict, x.actual) for code, x in ls.verdict.areas.items()},
        )
    return out, [(p.pillar.code, p.rollup.verdict) for p in board.pillars], board.rollup.verdict


def test_the_latest_measurement_gives_the_verdict_of_the_whole_series(portfolio, other_deal):
    deal = portfolio
    a = link_of(deal, "1A").indicator
    measure(deal, a, "1", dt.date(2025, 6, 1))  # an older value of the series
    measure(deal, a, "9", dt.date(2026, 6, 1))  # a value after ON: not counted
    measure(deal, a, "0", dt.date(2025, 11, 1), group_code="jongeren")  # a group: not the region
    measure(deal, a, "7", dt.date(2025, 11, 1), area_code="WK060601")  # an area: not the region
    b = link_of(deal, "1B").indicator
    measure(deal, b, "40", dt.date(2024, 6, 1), area_code="WK060602")  # only before the baseline
    measure(deal, b, "12", dt.date(2025, 6, 1), area_code="WK060601")  # older than the latest
    whole = dashboard(deal=deal, on=ON, with_projects=False)
    latest = dashboard(deal=deal, on=ON, with_projects=False, latest_only=True)
    several = dashboards(
        versions={d.pk: version_in_force(d, ON) for d in (deal, other_deal)},
        on=ON,
    )
    assert _verdicts(latest) == _verdicts(whole)
    assert _verdicts(several[deal.pk]) == _verdicts(whole)
    other = dashboard(deal=other_deal, on=ON, with_projects=False)
    assert _verdicts(several[other_deal.pk]) == _verdicts(other)
    by_link = {ls.link.result.code: ls for ls in latest.links}
    assert by_link["1A"].verdict.assessment.actual.value == 3  # 2025-10-01, not the group, area or 2026
    assert by_link["1B"].verdict.areas_total == 3  # WK060602 is there, without data after the baseline
    assert [len(pts) for pts in by_link["1B"].series.by_area.values()] == [1, 1, 1]


def test_the_dashboards_yearly_series_keeps_the_verdicts_and_the_latest_of_each_year(portfolio):
    """The dashboard's charts draw the latest measurement of each year of a series (so the page
    does not grow with how often a series is measured); the verdicts stay those of the whole
    series."""
    deal = portfolio
    a = link_of(deal, "1A").indicator
    measure(deal, a, "1", dt.date(2025, 3, 1))  # older in 2025: not drawn
    measure(deal, a, "2", dt.date(2024, 5, 1))  # the only one of 2024 (before the baseline)
    measure(deal, a, "2.5", dt.date(2024, 4, 1))  # earlier in 2024: not drawn
    whole = dashboard(deal=deal, on=ON, with_projects=False)
    yearly = dashboard(deal=deal, on=ON, with_projects=False, per_year=True)
    assert _verdicts(yearly) == _verdicts(whole)
    by_link = {ls.link.result.code: ls for ls in yearly.links}
    regional = by_link["1A"].series.regional
    assert [(p.on, p.value) for p in regional] == [(dt.date(2024, 5, 1), 2), (dt.date(2025, 10, 1), 3)]
    assert by_link["1A"].verdict.assessment.actual.value == 3
    whole_areas = {ls.link.result.code: ls.series.by_area for ls in whole.links}["1B"]
    for code, points in by_link["1B"].series.by_area.items():
        years = {p.on.year for p in whole_areas[code]}
        assert [p.on.year for p in points] == sorted(years)
        assert points[-1] == max(whole_areas[code], key=lambda p: p.on)
