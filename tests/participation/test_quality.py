"""Participation quality: per wijk and group, who was reached against who lives there, from
population figures in the CBS layout; under-reached groups flagged (quality.py)."""

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regiodeal.participation.importing import ImportRejected, population_import
from regiodeal.participation.quality import assess_reach, suppress_small
from regiodeal.participation.selectors import participation_quality

from .conftest import ACTOR, talk

CBS_HEADER = "ID;WijkenEnBuurten;Gemeentenaam_1;SoortRegio_2;Codering_3;" + (
    "AantalInwoners_5;k_15Tot25Jaar_9;k_65JaarOfOuder_12"
)


def cbs_file(*rows: str) -> bytes:
    """A table in the layout of CBS 85984NED, as the open data CSV gives it (codes padded)."""
    return "\n".join([CBS_HEADER, *rows]).encode()


CBS = cbs_file(
    "1;NL00      ;Nederland;Land;NL00      ;17942942;2206339;3621452",
    "2;GM0606    ;Schiedam;Gemeente;GM0606    ;80000;9800;14000",
    "3;WK060601  ;Schiedam;Wijk;WK060601  ;2000;400;300",
    "4;WK060602  ;Schiedam;Wijk;WK060602  ;5000;500;.",
    "5;BU06060101;Schiedam;Buurt;BU06060101;900;100;50",
    "6;WK059901  ;Rotterdam;Wijk;WK059901  ;30000;4000;5000",
)


def test_population_figures_load_from_the_cbs_layout(wijken):
    deal = wijken["oost"].deal
    outcome = population_import(
        actor=ACTOR,
        deal=deal,
        filename="85984NED.csv",
        content=CBS,
        on=dt.date(2024, 1, 1),
        columns={"k_15Tot25Jaar_9": "jongeren"},
    )
    assert (
        outcome.stored == 4
    )  # two wijken, total and jongeren; the Rotterdam wijk is outside the deal's gemeenten
    figures = {(f.wijk_code, f.group_code): f.residents for f in deal.population_figures.all()}
    assert figures == {
        ("WK060601", ""): 2000,
        ("WK060601", "jongeren"): 400,
        ("WK060602", ""): 5000,
        ("WK060602", "jongeren"): 500,
    }


def test_a_bad_population_file_names_row_and_column_and_stores_nothing(wijken):
    deal = wijken["oost"].deal
    bad = cbs_file("3;WK060601;Schiedam;Wijk;WK060601;twee;400;300", "4;WK06;Schiedam;Wijk;WK06;5000;500;1")
    with pytest.raises(ImportRejected) as rejected:
        population_import(
            actor=ACTOR,
            deal=deal,
            filename="p.csv",
            content=bad,
            on=dt.date(2024, 1, 1),
            columns={"k_15Tot25Jaar_9": "jongeren", "k_65JaarOfOuder_12": "ouderen"},
        )
    assert [(e.row, e.column) for e in rejected.value.errors] == [(1, "k_65JaarOfOuder_12")]
    with pytest.raises(ImportRejected) as rejected:
        population_import(actor=ACTOR, deal=deal, filename="p.csv", content=bad, on=dt.date(2024, 1, 1))
    assert [(e.row, e.column) for e in rejected.value.errors] == [
        (2, "AantalInwoners_5"),
        (3, "WijkenEnBuurten"),
    ]
    assert not deal.population_figures.exists()


def test_an_under_reached_group_is_flagged_per_wijk(wijken):
    deal = wijken["oost"].deal
    population_import(
        actor=ACTOR,
        deal=deal,
        filename="85984NED.csv",
        content=CBS,
        on=dt.date(2024, 1, 1),
        columns={"k_15Tot25Jaar_9": "jongeren"},
    )
    # Nieuwland: 20% of residents are young; 2 of 40 spoken (5%): under-reached.
    talk(deal, wijken["nieuwland"], 40, dt.date(2025, 3, 1), groups={"jongeren": 2})
    # Oost: 10% young; 4 of 40 spoken (10%): in proportion.
    talk(deal, wijken["oost"], 40, dt.date(2025, 3, 1), groups={"jongeren": 4})
    rows = {q.wijk.code: q for q in participation_quality(deal=deal, on=dt.date(2025, 12, 31))}
    assert [(g.group_code, g.under_reached) for g in rows["WK060601"].groups] == [("jongeren", True)]
    assert [(g.group_code, g.under_reached) for g in rows["WK060602"].groups] == [("jongeren", False)]
    assert rows["WK062205"].population is None and rows["WK062205"].groups == []


def test_reach_is_judged_exactly_at_four_fifths_and_only_from_30_spoken():
    at_boundary = assess_reach(
        spoken_total=100, spoken_by_group={"j": 16}, population_total=1000, population_by_group={"j": 200}
    )[0]
    assert at_boundary.share_spoken == Fraction(16, 100) == Fraction(4, 5) * at_boundary.share_population
    assert at_boundary.under_reached is False
    just_under = assess_reach(
        spoken_total=100, spoken_by_group={"j": 15}, population_total=1000, population_by_group={"j": 200}
    )
    assert just_under[0].under_reached is True
    too_few = assess_reach(
        spoken_total=29, spoken_by_group={}, population_total=1000, population_by_group={"j": 200}
    )
    assert too_few[0].under_reached is None
    no_figures = assess_reach(
        spoken_total=100, spoken_by_group={"j": 1}, population_total=None, population_by_group={}
    )
    assert no_figures[0].under_reached is None


@given(st.dictionaries(st.sampled_from("abcdefgh"), st.integers(0, 200), max_size=8), st.integers(2, 20))
def test_suppression_hides_every_small_cell_and_never_exactly_one(counts, threshold):
    shown = suppress_small(counts, threshold, adds_up=True)
    assert set(shown) == set(counts)
    for key, value in counts.items():
        if 0 < value < threshold:
            assert shown[key] is None
        elif shown[key] is not None:
            assert shown[key] == value
    hidden = [k for k, v in shown.items() if v is None]
    assert len(hidden) != 1 or not [v for v in shown.values() if v]
