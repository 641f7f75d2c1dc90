"""The norms of the approach (Art. 2.1: at least 30 residents per wijk) are judged from the latest
measurement of each wijk, found by the series index (a skip scan over the wijken, then a top-1
per wijk; results.selectors._latest_area_ids) instead of every measurement of the norm's
indicator: the same verdicts as the whole series, in a number of queries that does not grow
with the history."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from regiodeal.results.selectors import approach_norms, assess_link, norm_link_list, series_for

from .conftest import norm_link, talk

ON = dt.date(2025, 7, 2)


def whole_series_verdicts(deal, on=ON):
    """The norms judged from every measurement (what the page did before)."""
    links = list(norm_link_list(deal=deal))
    series = series_for(deal=deal, indicator_ids={x.indicator_id for x in links}, on=on)
    out = {}
    for link in links:
        v = assess_link(link, series[link.indicator_id], on)
        out[link.pk] = (v.verdict, {code: (a.verdict, a.actual) for code, a in v.areas.items()})
    return out


def latest_verdicts(deal, on=ON):
    return {
        n.link.pk: (n.verdict.verdict, {code: (a.verdict, a.actual) for code, a in n.verdict.areas.items()})
        for n in approach_norms(deal=deal, on=on)
    }


def count(deal) -> int:
    with CaptureQueriesContext(connection) as queries:
        approach_norms(deal=deal, on=ON)
    return len(queries.captured_queries)


def test_art_2_1_the_norm_per_wijk_is_judged_from_each_wijks_latest_measurement(wijken):
    deal = wijken["oost"].deal
    norm_link(deal)  # the baseline of the norm, so that its wijken are judged
    talk(deal, wijken["nieuwland"], 5, dt.date(2025, 3, 1))
    count(deal)  # the version in force is kept in the process from its first read on
    few = count(deal)
    talk(deal, wijken["nieuwland"], 30, dt.date(2025, 5, 1))  # a later, higher count
    talk(deal, wijken["oost"], 12, dt.date(2025, 4, 1))
    talk(deal, wijken["oost"], 3, dt.date(2025, 8, 1))  # after ON: not counted
    assert latest_verdicts(deal) == whole_series_verdicts(deal)
    areas = next(iter(latest_verdicts(deal).values()))[1]
    assert len(areas) >= 2
    assert all(verdict for verdict, _actual in areas.values())
    assert count(deal) == few
