"""Art. 6.5: the overleg's escalation arrangement, managed on screen: add a level, edit it (the
form opens with every value), end it or remove it when no item went through it; each audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from regiodeal.accounts.roles import Role
from regiodeal.audit.models import AuditEvent
from regiodeal.governance import services as svc
from regiodeal.governance.models import EscalationLevel

from .conftest import ACTOR

pytestmark = pytest.mark.django_db
BASE = "/deals/waterwegregio/governance/"


def level(deal, position=1, name="Programmamanagers", **kw):
    return svc.escalation_level_save(
        actor=ACTOR, deal=deal, position=position, name=name, handled_by="programmabureau", **kw
    )


def item(deal, org):
    return svc.register_item_create(
        actor=ACTOR,
        deal=deal,
        kind="risk",
        title="Personeelstekort",
        description="Te weinig mensen.",
        raised_by=org("SCHIEDAM"),
        raised_on=dt.date(2025, 3, 1),
    )


def test_a_position_is_taken_once_with_a_message_that_names_the_level(signed):
    level(signed)
    with pytest.raises(ValidationError, match="Niveau 1 is al Programmamanagers"):
        level(signed, name="Bestuurders")


def test_a_level_no_item_reached_can_be_removed_one_that_was_used_only_ended(signed, org):
    unused, used = level(signed), level(signed, position=2, name="Bestuurlijk overleg")
    svc.escalation_level_delete(actor=ACTOR, level=unused)
    assert not EscalationLevel.objects.filter(pk=unused.pk).exists()
    risk = item(signed, org)
    svc.register_item_escalate(actor=ACTOR, item=risk, to_level=used, reason="Te groot.")
    with pytest.raises(ValidationError, match="Beëindig het in plaats van het te verwijderen"):
        svc.escalation_level_delete(actor=ACTOR, level=used)
    with pytest.raises(ValidationError, match="nog 1 open punten"):
        svc.escalation_level_end(actor=ACTOR, level=used, ended_on=dt.date(2025, 4, 1))
    svc.register_item_update(actor=ACTOR, item=risk, expected_version=risk.lock_version, status="closed")
    svc.escalation_level_end(actor=ACTOR, level=used, ended_on=dt.date(2025, 4, 1))
    other = item(signed, org)
    with pytest.raises(ValidationError, match="beëindigd op"):
        svc.register_item_escalate(actor=ACTOR, item=other, to_level=used, reason="Nog eens.")
    actions = list(
        AuditEvent.objects.filter(action__startswith="governance.escalation_level")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "governance.escalation_level.created",
        "governance.escalation_level.created",
        "governance.escalation_level.deleted",
        "governance.escalation_level.ended",
    ]


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_programme_office_edits_a_level_and_the_form_reopens_with_every_value(signed, make_user):
    meeting = svc.meeting_create(actor=ACTOR, deal=signed, held_on=dt.date(2025, 2, 1))
    one = level(signed)
    office = login(make_user(Role.PROGRAMME_OFFICE, signed, username="office"))
    url = f"{BASE}register/levels/{one.pk}/"
    response = office.post(
        f"{url}edit/",
        {
            "edit-position": "3",
            "edit-name": "Stuurgroep",
            "edit-handled_by": "de bestuurders van de gemeenten",
            "edit-respond_within_days": "21",
            "edit-agreed_in": str(meeting.pk),
            "edit-lock_version": str(one.lock_version),
        },
    )
    assert response.status_code == 302
    page = office.get(url).content.decode()
    assert 'name="edit-position" value="3"' in page and 'value="Stuurgroep"' in page
    assert "de bestuurders van de gemeenten</textarea>" in page
    assert 'name="edit-respond_within_days" value="21"' in page
    assert f'<option value="{meeting.pk}" selected>' in page
    stale = office.post(
        f"{url}edit/",
        {
            "edit-position": "3",
            "edit-name": "Oud",
            "edit-handled_by": "x",
            "edit-lock_version": str(one.lock_version),
        },
    )
    assert "Stuurgroep" in EscalationLevel.objects.get(pk=one.pk).name and stale.status_code == 200


def test_only_the_programme_office_changes_levels(signed, role_users):
    one = level(signed)
    url = f"{BASE}register/levels/{one.pk}/"
    for role in ("regiokassier", "party_representative", "auditor", "ministry"):
        client = login(role_users[role])
        assert client.get(url).status_code == 200
        assert client.post(f"{url}delete/").status_code == 403
    assert login(role_users["other_deal"]).get(url).status_code == 403
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert EscalationLevel.objects.filter(pk=one.pk).exists()


def test_the_api_changes_ends_and_removes_levels(signed, org, make_user, representatives):
    from rest_framework.test import APIClient

    api = "/api/v1/deals/waterwegregio/governance/escalation-levels/"
    office = APIClient()
    office.force_authenticate(make_user(Role.PROGRAMME_OFFICE, signed, username="office"))
    made = office.post(api, {"position": 1, "name": "Programmamanagers", "handled_by": "bureau"}).json()
    assert made["lock_version"] == 1 and made["ended_on"] is None
    rep = APIClient()
    rep.force_authenticate(representatives["SCHIEDAM"])
    assert rep.patch(f"{api}{made['id']}/", {"name": "x", "lock_version": 1}).status_code == 403
    assert office.patch(f"{api}{made['id']}/", {"name": "x"}).status_code == 400  # no lock_version
    changed = office.patch(f"{api}{made['id']}/", {"name": "Ambtelijk overleg", "lock_version": 1})
    assert changed.status_code == 200, changed.content
    assert changed.json()["name"] == "Ambtelijk overleg"
    assert office.patch(f"{api}{made['id']}/", {"name": "Oud", "lock_version": 1}).status_code == 409
    # Ending is an update too: the version is required, a stale one is refused.
    assert office.post(f"{api}{made['id']}/end/", {"ended_on": "2025-04-01"}).status_code == 400
    stale = office.post(f"{api}{made['id']}/end/", {"ended_on": "2025-04-01", "lock_version": 1})
    assert stale.status_code == 409
    ended = office.post(f"{api}{made['id']}/end/", {"ended_on": "2025-04-01", "lock_version": 2})
    assert ended.status_code == 200 and ended.json()["ended_on"] == "2025-04-01"
    assert office.delete(f"{api}{made['id']}/").status_code == 204
    assert not EscalationLevel.objects.exists()
