"""One append-only audit trail: searchable per record and per user, exportable for an auditor."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from regiodeal.audit.models import AuditEvent
from regiodeal.audit.services import Actor, audit_personal_data_read, audit_record

pytestmark = pytest.mark.django_db

URL = "/deals/waterwegregio/audit/"


@pytest.fixture
def events(waterwegregio, role_users):
    version = waterwegregio.versions.get()
    office = role_users["programme_office"]
    audit_record(
        actor=Actor(user=office, label=office.username, source="10.0.0.1"),
        action="deal.noted",
        obj=version,
        deal_slug="waterwegregio",
        summary="een notitie",
        before={"a": 1},
        after={"a": 2},
    )
    return AuditEvent.objects.filter(deal_slug="waterwegregio")


def test_the_trail_cannot_be_changed_or_deleted(events):
    event = events.first()
    event.summary = "overgeschreven"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("auditor", 200),
        ("programme_office", 200),
        ("regiokassier", 403),
        ("party_representative", 403),
        ("project_lead", 403),
        ("ministry", 403),
        ("other_deal", 403),
        ("anonymous", 302),
    ],
)
def test_only_the_auditor_and_programme_office_read_the_trail(client, role_users, events, role, status):
    if role_users[role]:
        client.force_login(role_users[role])
    assert client.get(URL).status_code == status


def test_the_trail_is_searchable_per_user_and_per_record(client, role_users, events):
    client.force_login(role_users["auditor"])
    html = client.get(URL, {"user": role_users["programme_office"].username}).content.decode()
    assert "deal.noted" in html and "1 gebeurtenis" in html and "deal.loaded" not in html
    version = events.get(action="deal.noted")
    html = client.get(
        URL, {"object_type": "deals.dealversion", "object_id": version.object_id}
    ).content.decode()
    assert "deal.loaded" in html and "deal.noted" in html


def test_the_auditor_exports_every_matching_event_to_excel(client, role_users, events):
    client.force_login(role_users["auditor"])
    response = client.get(URL, {"action": "deal.noted", "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("at", "actor_label", "source", "action")
    assert len(rows) == 2
    assert rows[1][1:4] == (role_users["programme_office"].username, "10.0.0.1", "deal.noted")
    assert rows[1][7:] == ('{"a": 1}', '{"a": 2}')


def test_the_auditor_exports_to_csv(client, role_users, events):
    client.force_login(role_users["auditor"])
    response = client.get(URL, {"export": "csv"})
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[0] == "at,actor_label,source,action,object_type,object_id,summary,before,after"
    assert "deal.noted" in text and "deal.loaded" in text


def test_another_deals_events_stay_out_of_this_deals_trail(client, role_users, events, other_deal):
    client.force_login(role_users["auditor"])
    html = client.get(URL, {"export": "csv"})
    text = b"".join(html.streaming_content).decode()
    assert "proefdeal" not in text


def test_reading_personal_data_is_recorded(waterwegregio, role_users):
    version = waterwegregio.versions.get()
    audit_personal_data_read(
        actor=Actor(user=role_users["programme_office"], label="office"),
        obj=version,
        deal_slug="waterwegregio",
        fields=["email"],
    )
    event = AuditEvent.objects.get(action="personal_data.read")
    assert event.after == {"fields": ["email"]}
