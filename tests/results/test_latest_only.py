"""The verdicts read from the latest measurement of each series only (the portfolio, the public
site, the API) are the verdicts of the whole series: the same verdict, the same latest figure,
the same count of areas on schedule, for one deal and for several at once (issue 9)."""

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
