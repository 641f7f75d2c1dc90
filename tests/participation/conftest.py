"""A deal made measurable, with three wijken on the outreach list, a theme list and the 1B norm
(30 residents per wijk, Art. 2.1) given its baseline: 0 residents at the start."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from regiodeal.audit.services import Actor
from regiodeal.participation import services
from regiodeal.results.models import ResultIndicator
from regiodeal.results.services import result_indicator_update, results_setup
from tests.deal_template import replayed

ACTOR = Actor(label="test")
BASELINE_ON = dt.date(2025, 1, 1)
TARGET_ON = dt.date(2026, 1, 1)


@pytest.fixture
@replayed
def measurable(waterwegregio):
    results_setup(actor=ACTOR, deal=waterwegregio)
    return waterwegregio


def norm_link(deal) -> ResultIndicator:
    return ResultIndicator.objects.select_related("indicator").get(
        deal=deal, indicator__code="bewoners_gesproken_per_wijk"
    )


@pytest.fixture
@replayed
def with_baseline(measurable):
    link = norm_link(measurable)
    result_indicator_update(
        actor=ACTOR,
        link=link,
        expected_version=link.lock_version,
        baseline_value=D(0),
        baseline_on=BASELINE_ON,
        baseline_source="start van de outreach",
        target_on=TARGET_ON,
    )
    return measurable


@pytest.fixture
@replayed
def wijken(with_baseline):
    deal = with_baseline
    return {
        "nieuwland": services.wijk_add(
            actor=ACTOR,
            deal=deal,
            code="WK060601",
            name="Nieuwland",
            gemeente="SCHIEDAM",
            within="SCHIEDAM_NIEUWLAND",
            listed_on=BASELINE_ON,
        ),
        "oost": services.wijk_add(
            actor=ACTOR, deal=deal, code="WK060602", name="Oost", gemeente="SCHIEDAM", listed_on=BASELINE_ON
        ),
        "westwijk": services.wijk_add(
            actor=ACTOR,
            deal=deal,
            code="WK062205",
            name="Westwijk",
            gemeente="VLAARDINGEN",
            within="VLAARDINGEN_WESTWIJK",
            listed_on=BASELINE_ON,
        ),
    }


@pytest.fixture
@replayed
def themes(with_baseline):
    deal = with_baseline
    return {
        code: services.theme_add(actor=ACTOR, deal=deal, code=code, name=name)
        for code, name in [
            ("veiligheid", "Veiligheid"),
            ("ontmoeten", "Ontmoeten"),
            ("wonen", "Wonen en onderhoud"),
        ]
    }


def talk(deal, wijk, residents, on, *, organisation="SCHIEDAM", form="door_to_door", **kwargs):
    return services.conversation_record(
        actor=kwargs.pop("actor", ACTOR),
        deal=deal,
        wijk=wijk,
        held_on=on,
        organisation=deal.organisations.get(code=organisation),
        residents=residents,
        form=form,
        **kwargs,
    )


def garden(deal, wijk, *, party="SCHIEDAM"):
    """A bewonersdeal: residents keep a garden that the gemeente provides (Bijlage 1 §3)."""
    return services.initiative_create(
        actor=ACTOR,
        deal=deal,
        kind="bewonersdeal",
        title="Buurttuin Nieuwland",
        wijk=wijk,
        party=deal.organisations.get(code=party),
        residents_do="Bewoners onderhouden de tuin.",
        party_does="De gemeente levert grond en gereedschap.",
        starts_on=dt.date(2025, 4, 1),
        ends_on=dt.date(2025, 10, 1),
    )
