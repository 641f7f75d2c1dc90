"""Art. 6: meetings of the Rijk-Regio-overleg, the register and the escalation route, and the
finding for a year of the deal's life without a meeting."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from regiodeal.common.findings import findings_for
from regiodeal.common.locking import EditConflict
from regiodeal.governance import services as svc
from regiodeal.governance.models import Escalation

from .conftest import ACTOR, PARTIES

pytestmark = pytest.mark.django_db


def meet(deal, org, on, codes=PARTIES):
    return svc.meeting_create(
        actor=ACTOR,
        deal=deal,
        held_on=on,
        attendees=[org(c) for c in codes],
        agenda="1. Voortgang\n2. Risico's",
        minutes="Besproken.",
    )


def overleg_findings(deal, on):
    return [f for f in findings_for(deal, on, app="governance") if f.rule == "governance.overleg-yearly"]


def test_attendees_come_from_the_members_of_the_overleg(signed, org):
    with pytest.raises(ValidationError, match="Geen lid van het Rijk-Regio-overleg"):
        meet(signed, org, dt.date(2025, 3, 1), codes=["VRO", "TNO"])  # TNO is a Partner, not a member


def test_a_year_of_the_deals_life_without_a_meeting_is_a_finding(signed, org):
    meet(signed, org, dt.date(2024, 11, 1))  # year 1: 2 October 2024 - 1 October 2025
    meet(signed, org, dt.date(2026, 11, 1))  # year 3
    found = overleg_findings(signed, dt.date(2027, 11, 1))
    assert [(f.subject, f.article, f.severity) for f in found] == [("year 2", "6.2", "error")]
    assert "van 2 oktober 2025 tot en met 1 oktober 2026 0 keer bijeen" in found[0].message


def test_the_year_not_yet_over_is_not_a_finding(signed, org):
    assert overleg_findings(signed, dt.date(2025, 10, 1)) == []
    assert [f.subject for f in overleg_findings(signed, dt.date(2025, 10, 2))] == ["year 1"]
    meet(signed, org, dt.date(2025, 9, 30))
    assert overleg_findings(signed, dt.date(2025, 10, 2)) == []


def test_before_entry_into_force_no_year_counts(waterwegregio):
    assert overleg_findings(waterwegregio, dt.date(2027, 1, 1)) == []


def test_regiodeal_check_reports_the_year_without_a_meeting(signed, org, capsys):
    with pytest.raises(SystemExit):
        call_command("check", deal="waterwegregio", on="2026-02-01")
    out = capsys.readouterr().out
    assert "governance.overleg-yearly (art. 6.2) year 1" in out


def test_an_item_escalates_along_the_deals_levels_with_each_step_a_row(signed, org):
    one = svc.escalation_level_save(
        actor=ACTOR,
        deal=signed,
        position=1,
        name="Programmamanagers",
        handled_by="programmabureau en ambtelijk overleg",
        respond_within_days=14,
    )
    two = svc.escalation_level_save(
        actor=ACTOR, deal=signed, position=2, name="Bestuurlijk overleg", handled_by="VRO en de regiokassier"
    )
    item = svc.register_item_create(
        actor=ACTOR,
        deal=signed,
        kind="risk",
        title="Personeelstekort",
        description="Te weinig mensen voor de wijkhubs.",
        raised_by=org("SCHIEDAM"),
        raised_on=dt.date(2025, 3, 1),
    )
    svc.register_item_escalate(
        actor=ACTOR, item=item, to_level=one, reason="Niet binnen het project op te lossen."
    )
    svc.register_item_escalate(actor=ACTOR, item=item, to_level=two, reason="Geen oplossing in 14 dagen.")
    steps = list(Escalation.objects.filter(item=item).values_list("from_level__name", "to_level__name"))
    assert steps == [(None, "Programmamanagers"), ("Programmamanagers", "Bestuurlijk overleg")]
    item.refresh_from_db()
    assert item.level == two
    with pytest.raises(ValidationError, match="al op dat niveau"):
        svc.register_item_escalate(actor=ACTOR, item=item, to_level=two, reason="nogmaals")


def test_two_people_editing_one_meeting_cannot_overwrite_each_other(signed, org):
    meeting = meet(signed, org, dt.date(2025, 3, 1))
    svc.meeting_update(actor=ACTOR, meeting=meeting, expected_version=1, minutes="Eerste versie.")
    with pytest.raises(EditConflict):
        svc.meeting_update(
            actor=ACTOR, meeting=meeting, expected_version=1, minutes="Tweede, op een oude basis."
        )


def test_an_action_is_a_dated_duty_until_it_is_done(signed, org):
    from regiodeal.governance.selectors import obligations

    meeting = meet(signed, org, dt.date(2025, 3, 1))
    action = svc.action_add(
        actor=ACTOR,
        meeting=meeting,
        description="Escalatieregeling uitwerken",
        owner=org("ROTTERDAM"),
        due_on=dt.date(2025, 4, 1),
    )
    by_key = {o.key: o for o in obligations(signed, dt.date(2025, 4, 2))}
    assert by_key[f"actie-{action.pk}"].status == "overdue"
    svc.action_complete(
        actor=ACTOR, action=action, expected_version=action.lock_version, done_on=dt.date(2025, 4, 2)
    )
    assert {o.key: o for o in obligations(signed, dt.date(2025, 4, 2))}[f"actie-{action.pk}"].status == "done"
