"""A small portfolio built through the services: the covenant's own targets with baselines,
measurements and projects, so every verdict can be seen."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from regiodeal.audit.services import Actor
from regiodeal.results.services import results_setup
from tests.deal_template import replayed

# The results' tests import these from here too.
from tests.factories import link_of, make_project, measure, set_baseline

ACTOR = Actor(label="test")
BASELINE_ON = dt.date(2025, 1, 1)
TARGET_ON = dt.date(2027, 1, 1)  # 730 days later
ON = dt.date(2026, 1, 1)  # 365 days: t = 1/2


@pytest.fixture
@replayed
def measurable(waterwegregio):
    """The deal with its catalogue, programme indicators and the covenant's targets as links; and
    the office's choice of a per-wijk indicator for result 1B (the covenant names no number for
    1B, so the office may choose one, Bijlage 1 §2.B): the dashboard's norm-per-area example."""
    results_setup(actor=ACTOR, deal=waterwegregio)
    from regiodeal.deals.selectors import version_in_force
    from regiodeal.results.models import Indicator
    from regiodeal.results.services import result_indicator_create

    version = version_in_force(waterwegregio)
    result_indicator_create(
        actor=ACTOR,
        deal=waterwegregio,
        result=version.results.get(code="1B"),
        indicator=Indicator.objects.get(deal=waterwegregio, code="bewoners_gesproken_per_wijk"),
        target_kind="per_area",
        target_value=D("30"),
        target_on=version.ends_on,
        area_kind="wijk",
    )
    return waterwegregio


@pytest.fixture
@replayed
def portfolio(measurable):
    """1A (3 meeting places from 0) achieved; 1C (+25% from 40%) at risk; 1B (30 residents per
    wijk) behind in one of two wijken. At ON (t = 1/2)."""
    deal = measurable
    a = set_baseline(link_of(deal, "1A"), "0")
    measure(deal, a.indicator, "3", dt.date(2025, 10, 1))
    c = set_baseline(link_of(deal, "1C"), "40")
    measure(deal, c.indicator, "44", dt.date(2025, 12, 1))  # p = 4/10 = 0.4, t = 0.5: at risk
    measure(deal, c.indicator, "38", dt.date(2025, 12, 1), group_code="jongeren")
    b = set_baseline(link_of(deal, "1B"), "0")
    measure(deal, b.indicator, "20", dt.date(2025, 11, 1), area_code="WK060601")  # p = 2/3: on schedule
    measure(deal, b.indicator, "5", dt.date(2025, 11, 1), area_code="WK062201")  # p = 1/6: behind
    make_project(deal, "WW-001", pillars=["1"], results=["1A", "1C"], areas=["SCHIEDAM"], groups=["jongeren"])
    make_project(deal, "WW-002", pillars=["1", "3"], results=["1B"], areas=["VLAARDINGEN"])
    return deal
