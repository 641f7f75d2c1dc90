"""Residents' IP addresses in the audit trail follow the one retention rule of residents' personal
data (AVG art. 5(1)(e)): blanked by the daily purge with the idea's contact details, left out of
the audit page and export unless asked for (and then the asking is recorded)."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from regiodeal.audit import verification
from regiodeal.audit.models import AuditEvent
from regiodeal.audit.services import Actor
from regiodeal.ideas.models import IdeaContact
from regiodeal.ideas.services import idea_submit, idea_transition, personal_data_purge

pytestmark = pytest.mark.django_db

URL = "/deals/waterwegregio/audit/"


def submit(deal, title="Moestuin bij de school", source="203.0.113.7"):
    return idea_submit(
        actor=Actor(label="anonymous", source=source),
        deal=deal,
        title=title,
        description="Een moestuin voor de buurt, samen met de school.",
        area_code="SCHIEDAM_NIEUWLAND",
        name="Fenna Rozendaal",
        email="fenna@voorbeeld.nl",
        consent=True,
    )


def addresses(idea):
    return set(
        AuditEvent.objects.filter(object_type__in=["ideas.idea", "ideas.ideacontact"], actor__isnull=True)
        .filter(summary__contains=str(idea))
        .values_list("source", flat=True)
    )


def in_months(n):
    return timezone.now() + dt.timedelta(days=31 * n)


@pytest.fixture
def staff(waterwegregio, make_user):
    office = make_user("programme_office", waterwegregio)
    return Actor(user=office, label=office.username, source="198.51.100.20")


def test_avg_art_5_1_e_a_residents_ip_address_is_blanked_with_the_contact_details(waterwegregio, staff):
    closed = submit(waterwegregio, "Eerste idee", source="203.0.113.7")
    still_open = submit(waterwegregio, "Tweede idee", source="203.0.113.8")
    idea_transition(actor=staff, idea=closed, to_status="not_taken_up", public_reason="nee")
    assert personal_data_purge(actor=Actor.cli(), now=in_months(11)) == ([], 0)  # twelve months by default
    done, blanked = personal_data_purge(actor=Actor.cli(), now=in_months(13))
    assert [idea.number for idea, _fields in done] == [closed.number, still_open.number]
    assert blanked == 4  # the submission and the contact details of each idea
    assert not AuditEvent.objects.filter(source__in=["203.0.113.7", "203.0.113.8"]).exists()
    assert IdeaContact.objects.count() == 0
    staff = AuditEvent.objects.get(action="ideas.idea.transition")
    assert staff.source == "198.51.100.20"  # people with an account: accountability, not purged
    purged = AuditEvent.objects.get(action="audit.source.purged")
    assert len(purged.after["events"]) == 4
    assert [r.ok for r in verification.verify("waterwegregio")] == [True]  # the chain still holds


def test_avg_art_5_1_e_an_open_idea_handled_lately_keeps_its_address(waterwegregio, staff):
    idea = submit(waterwegregio)
    idea_transition(actor=staff, idea=idea, to_status="under_consideration")
    from regiodeal.ideas.models import IdeaTransition

    IdeaTransition.objects.filter(idea=idea).update(at=in_months(6))  # last activity six months on
    assert personal_data_purge(actor=Actor.cli(), now=in_months(13)) == ([], 0)
    assert "203.0.113.7" in addresses(idea)
    done, blanked = personal_data_purge(actor=Actor.cli(), now=in_months(19))
    assert len(done) == 1 and blanked == 2


def test_the_purge_commands_dry_run_says_what_it_would_do(waterwegregio, staff, capsys, settings):
    settings.REGIODEAL_IDEA_CONTACT_RETENTION_DAYS = 30
    idea = submit(waterwegregio)
    idea_transition(actor=staff, idea=idea, to_status="not_taken_up", public_reason="nee")
    idea.__class__.objects.filter(pk=idea.pk).update(closed_at=timezone.now() - dt.timedelta(days=31))
    call_command("purge-personal-data", "--dry-run")
    out = capsys.readouterr().out
    assert "would delete: contact details of idea waterwegregio#1" in out
    assert "1 to delete, 0 IP addresses to blank in the audit trail (retention 30 days" in out
    assert IdeaContact.objects.count() == 1


@pytest.fixture
def trail_with_a_resident(waterwegregio, role_users):
    submit(waterwegregio)
    office = role_users["programme_office"]
    idea = waterwegregio.ideas.get()
    idea_transition(
        actor=Actor(user=office, label=office.username, source="198.51.100.20"),
        idea=idea,
        to_status="under_consideration",
    )
    return role_users


def export(client, *extra):
    response = client.get(URL, {"export": "csv", **dict(extra)})
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_audit_page_and_export_leave_residents_addresses_out(client, trail_with_a_resident):
    client.force_login(trail_with_a_resident["auditor"])
    page = client.get(URL).content.decode()
    assert "203.0.113.7" not in page and "198.51.100.20" in page
    rows = export(client)
    assert {r["source"] for r in rows if r["actor_label"] == "anonymous"} == {""}
    assert "198.51.100.20" in {r["source"] for r in rows}
    assert not AuditEvent.objects.filter(action="personal_data.read").exists()


def test_an_export_with_residents_addresses_is_recorded(client, trail_with_a_resident):
    auditor = trail_with_a_resident["auditor"]
    client.force_login(auditor)
    rows = export(client, ("resident_ips", "1"))
    assert "203.0.113.7" in {r["source"] for r in rows}
    event = AuditEvent.objects.get(action="personal_data.read")
    assert event.actor == auditor and event.deal_slug == "waterwegregio"
    assert "IP addresses of residents" in event.summary
