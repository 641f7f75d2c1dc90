"""The lifecycle of bewonersdeals and initiatives (one transitions table, every transition a row),
the wijken list's rules, co-creation rolled up per project, pillar and wijk, and the findings
for `regiodeal check`."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from regiodeal.common.findings import findings_for
from regiodeal.participation import services
from regiodeal.participation.models import InitiativeTransition
from regiodeal.participation.selectors import cocreation_rollup
from regiodeal.participation.workflow import TRANSITIONS
from tests.factories import make_project, run

from .conftest import ACTOR, talk


@pytest.fixture
def initiative(wijken):
    deal = wijken["oost"].deal
    return services.initiative_create(
        actor=ACTOR,
        deal=deal,
        kind="bewonersdeal",
        title="Buurttuin Westwijk",
        wijk=wijken["westwijk"],
        party=deal.organisations.get(code="VLAARDINGEN"),
        residents_do="Bewoners leggen de tuin aan en onderhouden hem.",
        party_does="De gemeente levert grond, planten en gereedschap.",
        amount=Decimal("2500.00"),
        starts_on=dt.date(2025, 4, 1),
        ends_on=dt.date(2025, 10, 1),
        projects=[make_project(deal, "WW-020", pillars=["1"], results=["1A"])],
        results=list(deal.versions.get().results.filter(code="1A")),
    )


def test_an_initiative_goes_from_proposed_to_completed_with_every_step_stored(initiative):
    for to, reason in [
        ("agreed", "afspraak getekend"),
        ("running", "gestart"),
        ("completed", "tuin ligt er"),
    ]:
        services.initiative_transition(actor=ACTOR, initiative=initiative, to_status=to, reason=reason)
    rows = list(
        InitiativeTransition.objects.filter(initiative=initiative).values_list(
            "from_status", "to_status", "reason"
        )
    )
    assert rows == [
        ("proposed", "agreed", "afspraak getekend"),
        ("agreed", "running", "gestart"),
        ("running", "completed", "tuin ligt er"),
    ]
    assert initiative.status == "completed"


def test_a_transition_not_in_the_table_is_refused_with_what_is_possible(initiative):
    with pytest.raises(ValidationError) as refused:
        services.initiative_transition(
            actor=ACTOR, initiative=initiative, to_status="completed", reason="klaar"
        )
    assert "wel mogelijk: afgesproken, gestopt" in refused.value.message_dict["to_status"][0]
    with pytest.raises(ValidationError):
        services.initiative_transition(actor=ACTOR, initiative=initiative, to_status="agreed", reason=" ")
    assert ("proposed", "completed") not in TRANSITIONS
    assert initiative.transitions.count() == 0


def test_an_initiative_with_personal_data_or_a_wrong_period_is_refused(wijken):
    deal = wijken["oost"].deal
    with pytest.raises(ValidationError) as refused:
        services.initiative_create(
            actor=ACTOR,
            deal=deal,
            kind="initiatief",
            title="Straatfeest",
            wijk=wijken["oost"],
            party=deal.organisations.get(code="SCHIEDAM"),
            residents_do="Organiseren, contact: feest@straat.nl",
            party_does="Vergunning",
            starts_on=dt.date(2025, 6, 1),
            ends_on=dt.date(2025, 5, 1),
        )
    assert set(refused.value.message_dict) == {"residents_do", "ends_on"}


@pytest.mark.parametrize(
    ("code", "gemeente", "field"),
    [
        ("WK06060", "SCHIEDAM", "code"),
        ("BU06060101", "SCHIEDAM", "code"),
        ("WK062201", "SCHIEDAM", "code"),
        ("WK060609", "SCHIEDAM_OOST", "gemeente"),
        ("WK060601", "SCHIEDAM", "code"),
    ],
)
def test_a_wijk_needs_a_cbs_code_of_its_gemeente(wijken, code, gemeente, field):
    with pytest.raises(ValidationError) as refused:
        services.wijk_add(actor=ACTOR, deal=wijken["oost"].deal, code=code, name="X", gemeente=gemeente)
    assert field in refused.value.message_dict


def test_co_creation_rolls_up_per_project_pillar_and_wijk(wijken):
    deal = wijken["oost"].deal
    a = make_project(deal, "WW-030", pillars=["1"])
    b = make_project(deal, "WW-031", pillars=["1", "2"])
    on = dt.date(2025, 3, 1)
    services.cocreation_record(
        actor=ACTOR,
        deal=deal,
        project=a,
        rung="consult",
        stage="explore",
        held_on=on,
        residents=20,
        description="Enquête",
        wijk=wijken["oost"],
    )
    services.cocreation_record(
        actor=ACTOR,
        deal=deal,
        project=b,
        rung="decide",
        stage="design",
        held_on=on,
        residents=6,
        description="Bewonersjury",
        wijk=wijken["oost"],
    )
    services.cocreation_record(
        actor=ACTOR,
        deal=deal,
        project=b,
        rung="inform",
        stage="execute",
        held_on=on,
        residents=50,
        description="Informatieavond",
    )
    rollup = cocreation_rollup(deal=deal)
    pillars = {r.key: (r.records, r.residents, r.highest) for r in rollup["pillars"]}
    assert (
        pillars["1"] == (3, 76, "decide")
        and pillars["2"] == (2, 56, "decide")
        and pillars["3"] == (0, 0, None)
    )
    assert [(r.key, r.residents, r.highest) for r in rollup["wijken"]] == [
        ("WK060602", 26, "decide"),
        ("", 50, "inform"),
    ]
    assert [(r.key, r.highest) for r in rollup["projects"]] == [("WW-030", "consult"), ("WW-031", "decide")]


def rules(deal, on):
    return sorted((f.rule, f.subject) for f in findings_for(deal, on) if f.rule.startswith("participation."))


def test_the_checks_name_wijken_below_the_norm_missing_feedback_and_overdue_initiatives(wijken, initiative):
    deal = wijken["oost"].deal
    c = talk(deal, wijken["nieuwland"], 30, dt.date(2025, 3, 1))
    talk(deal, wijken["oost"], 12, dt.date(2025, 3, 1), feedback="Brief", feedback_on=dt.date(2025, 3, 20))
    # Before a year on the list and within eight weeks: nothing to say.
    assert rules(deal, dt.date(2025, 4, 1)) == []
    found = rules(deal, dt.date(2026, 1, 2))
    assert found == [
        ("participation.feedback-missing", f"conversation {c.pk}"),
        ("participation.initiative-overdue", f"initiative {initiative.pk}"),
        ("participation.wijk-below-norm", "wijk WK060602"),
        ("participation.wijk-below-norm", "wijk WK062205"),
    ]
    message = next(f.message for f in findings_for(deal, dt.date(2026, 1, 2)) if f.subject == "wijk WK060602")
    assert "12 residents spoken, fewer than the 30 per wijk of art. 2.1" in message


def test_a_running_project_without_any_participation_is_named(wijken):
    deal = wijken["oost"].deal
    project = make_project(deal, "WW-040", pillars=["1"])
    run(project)
    assert ("participation.project-without-participation", "project WW-040") in rules(
        deal, dt.date(2025, 4, 1)
    )
    services.cocreation_record(
        actor=ACTOR,
        deal=deal,
        project=project,
        rung="advise",
        stage="execute",
        held_on=dt.date(2025, 3, 1),
        residents=8,
        description="Klankbordgroep",
    )
    assert ("participation.project-without-participation", "project WW-040") not in rules(
        deal, dt.date(2025, 4, 1)
    )
