"""Notifications: who is told what, and when, by e-mail through Django's test outbox, with the jobs
run as the worker runs them (conftest.run_jobs; test_worker.py runs the worker itself)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from regiodeal.audit.models import AuditEvent
from regiodeal.governance import services as gov
from regiodeal.notifications import services
from regiodeal.notifications.constants import Kind
from regiodeal.notifications.duties import DUTY_HOLDERS, duty_kind
from regiodeal.notifications.jobs import send_digests
from regiodeal.notifications.models import Notification
from regiodeal.notifications.selectors import notifications_for
from regiodeal.reporting import services as reporting
from tests.governance.test_amendment import file_amendment

from .conftest import ACTOR, run_jobs, sent_to

pytestmark = pytest.mark.django_db


def digest(user, language="nl"):
    services.preference_set(actor=ACTOR, user=user, delivery="digest", language=language)


# ---------------------------------------------------------------------------------------------
# A request needs the Parties' consent


def test_a_request_in_consultation_asks_each_partys_representatives_and_no_one_else(people, signed):
    org = signed.organisations.get
    request = file_amendment(signed, lambda code: org(code=code))
    assert Notification.objects.count() == 0  # filed: VRO has not asked yet
    gov.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 3, 10))
    assert mail.outbox == []  # not inside the request: the worker sends
    run_jobs()
    assert sent_to() == ["rep-rotterdam@example.nl", "rep-schiedam@example.nl"]
    message = next(m for m in mail.outbox if m.to == ["rep-schiedam@example.nl"])
    assert message.subject == "Regio Deal Waterwegregio: uw instemming gevraagd voor verzoek 1"
    assert "VRO vraagt gemeente Schiedam in te stemmen met verzoek 1" in message.body
    assert "http://127.0.0.1:8000/deals/waterwegregio/governance/requests/1/" in message.body
    assert "21 april 2025" in message.body  # the 6 weeks of art. 11.2
    # Each representative is asked for their own Party only; another deal's people hear nothing.
    rotterdam = next(m for m in mail.outbox if m.to == ["rep-rotterdam@example.nl"])
    assert (
        "VRO vraagt gemeente Rotterdam in te stemmen" in rotterdam.body and "Schiedam" not in rotterdam.body
    )


def test_a_request_that_needs_no_consent_notifies_no_one(people, signed):
    gov.withdrawal_file(
        actor=ACTOR,
        deal=signed,
        party=signed.organisations.get(code="MAASSLUIS"),
        notice_on=dt.date(2025, 5, 1),
        circumstances="De gemeente voegt samen.",
    )
    run_jobs()
    assert Notification.objects.count() == 0 and mail.outbox == []


def test_a_rolled_back_step_notifies_no_one(people, signed):
    request = file_amendment(signed, lambda code: signed.organisations.get(code=code))
    with pytest.raises(RuntimeError), transaction.atomic():
        gov.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 3, 10))
        raise RuntimeError("something after it fails: the whole change is rolled back")
    assert DBTaskResult.objects.count() == 0
    run_jobs()
    assert Notification.objects.count() == 0 and mail.outbox == []


# ---------------------------------------------------------------------------------------------
# A draft report goes to the Parties


def test_the_draft_report_asks_the_parties_representatives_to_comment(people, signed):
    report = reporting.report_generate(actor=ACTOR, deal=signed, year=2025)
    reporting.report_send(actor=ACTOR, report=report, sent_on=dt.date(2026, 6, 1))
    run_jobs()
    assert sent_to() == ["rep-rotterdam@example.nl", "rep-schiedam@example.nl"]
    message = mail.outbox[0]
    assert message.subject == "Regio Deal Waterwegregio: concept-voortgangsrapportage 2025 ter commentaar"
    assert "http://127.0.0.1:8000/deals/waterwegregio/reports/2025/" in message.body


def test_a_representative_who_chose_english_gets_english_with_an_english_link(people, signed):
    services.preference_set(actor=ACTOR, user=people["rep-schiedam"], delivery="immediate", language="en")
    report = reporting.report_generate(actor=ACTOR, deal=signed, year=2025)
    reporting.report_send(actor=ACTOR, report=report, sent_on=dt.date(2026, 6, 1))
    run_jobs()
    english = next(m for m in mail.outbox if m.to == ["rep-schiedam@example.nl"])
    assert english.subject == "Regio Deal Waterwegregio: draft progress report 2025 for comment"
    assert "http://127.0.0.1:8000/en/deals/waterwegregio/reports/2025/" in english.body
    dutch = next(m for m in mail.outbox if m.to == ["rep-rotterdam@example.nl"])
    assert "ter commentaar" in dutch.subject


# ---------------------------------------------------------------------------------------------
# At once or in the daily digest


def test_digest_people_get_one_mail_a_day_listing_their_notifications(people, signed):
    digest(people["rep-schiedam"])
    request = file_amendment(signed, lambda code: signed.organisations.get(code=code))
    gov.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 3, 10))
    report = reporting.report_generate(actor=ACTOR, deal=signed, year=2025)
    reporting.report_send(actor=ACTOR, report=report, sent_on=dt.date(2026, 6, 1))
    run_jobs()
    assert sent_to() == ["rep-rotterdam@example.nl", "rep-rotterdam@example.nl"]  # at once, twice
    mail.outbox.clear()
    assert send_digests.call() == 1
    assert sent_to() == ["rep-schiedam@example.nl"]
    message = mail.outbox[0]
    assert message.subject == "Regio Deal Waterwegregio: 2 meldingen"
    assert "uw instemming gevraagd voor verzoek 1" in message.body
    assert "concept-voortgangsrapportage 2025 ter commentaar" in message.body
    mail.outbox.clear()
    assert send_digests.call() == 0  # run again: nothing twice
    assert mail.outbox == []


def test_the_list_shows_a_persons_own_notifications_in_the_readers_language(people, signed):
    report = reporting.report_generate(actor=ACTOR, deal=signed, year=2025)
    reporting.report_send(actor=ACTOR, report=report, sent_on=dt.date(2026, 6, 1))
    mine = notifications_for(people["rep-schiedam"], limit=10)
    assert [n.subject for n in mine] == [
        "Regio Deal Waterwegregio: concept-voortgangsrapportage 2025 ter commentaar"
    ]
    with translation.override("en"):
        assert mine[0].subject == "Regio Deal Waterwegregio: draft progress report 2025 for comment"
        assert mine[0].url == "/en/deals/waterwegregio/reports/2025/"
    assert notifications_for(people["office"], limit=10) == []


# ---------------------------------------------------------------------------------------------
# Reminders of dated duties: 14 days before, on the day, the day after and weekly until met


def reminders(deal, today, key):
    made = services.obligation_reminders(today=today, deals=[deal])
    return sorted((n.user.username, n.kind) for n in made if f":{key}:" in n.key)


def test_a_duty_is_reminded_14_days_before_on_the_day_and_weekly_when_overdue_until_met(people, signed):
    key, due = "uitvoeringsprogramma-2026", dt.date(2026, 1, 1)
    expected = {
        due - dt.timedelta(days=15): [],
        due - dt.timedelta(days=14): [("office", Kind.OBLIGATION_SOON)],
        due - dt.timedelta(days=13): [],
        due - dt.timedelta(days=1): [],
        due: [("office", Kind.OBLIGATION_DUE)],
        due + dt.timedelta(days=1): [("office", Kind.OBLIGATION_OVERDUE)],
        due + dt.timedelta(days=2): [],
        due + dt.timedelta(days=7): [],
        due + dt.timedelta(days=8): [("office", Kind.OBLIGATION_OVERDUE)],
        due + dt.timedelta(days=14): [],
        due + dt.timedelta(days=15): [("office", Kind.OBLIGATION_OVERDUE)],
    }
    for today, want in expected.items():
        assert reminders(signed, today, key) == want, today
    gov.obligation_fulfil(
        actor=ACTOR, deal=signed, key=key, done_on=due + dt.timedelta(days=16), evidence="Vastgesteld."
    )
    assert reminders(signed, due + dt.timedelta(days=22), key) == []  # met: no more


def test_the_reminder_job_run_twice_on_a_day_reminds_once(people, signed):
    today = dt.date(2026, 7, 1)
    first = services.obligation_reminders(today=today, deals=[signed])
    assert first
    assert services.obligation_reminders(today=today, deals=[signed]) == []
    run_jobs()
    count = len(mail.outbox)
    assert services.obligation_reminders(today=today, deals=[signed]) == []
    run_jobs()
    assert len(mail.outbox) == count


def test_the_spuk_account_is_the_regiokassiers_and_the_report_the_programme_offices(people, signed):
    today = dt.date(2026, 7, 1)  # 14 days before the SPUK account (15 July) and the report to VRO (14 July)
    assert reminders(signed, today, "spuk-verantwoording-2026") == [("kassier", Kind.OBLIGATION_SOON)]
    services.obligation_reminders(today=today, deals=[signed])  # nothing more on the same day
    vro = Notification.objects.filter(key__contains=":voortgang-vro-2026:")
    assert sorted(vro.values_list("user__username", "kind")) == [("office", Kind.OBLIGATION_SOON)]
    run_jobs()
    spuk = next(m for m in mail.outbox if "(SPUK) 2025" in m.subject)
    assert spuk.to == ["kassier@example.nl"]
    assert spuk.subject == (
        "Regio Deal Waterwegregio: over 14 dagen: Verantwoording specifieke uitkering (SPUK) 2025"
    )
    assert "art. 7.3" in spuk.body
    assert "http://127.0.0.1:8000/deals/waterwegregio/governance/calendar/" in spuk.body
    # Nobody of another deal, no Party representative, no lead, auditor or ministry is reminded.
    reminded = set(Notification.objects.values_list("user__username", flat=True))
    assert reminded == {"office", "kassier"}


def test_an_action_is_reminded_to_its_owners_people(people, signed):
    meeting = gov.meeting_create(actor=ACTOR, deal=signed, held_on=dt.date(2026, 5, 1))
    action = gov.action_add(
        actor=ACTOR,
        meeting=meeting,
        description="Locatie buurttuin voorstellen",
        owner=signed.organisations.get(code="SCHIEDAM"),
        due_on=dt.date(2026, 6, 1),
    )
    assert reminders(signed, dt.date(2026, 6, 1), f"actie-{action.pk}") == [
        ("rep-schiedam", Kind.OBLIGATION_DUE)
    ]


def test_every_kind_of_duty_in_the_calendar_has_its_holders_in_the_table(signed):
    from regiodeal.governance.selectors import obligations

    kinds = {duty_kind(o.key) for o in obligations(signed, dt.date(2026, 6, 1))}
    assert kinds <= set(DUTY_HOLDERS)


# ---------------------------------------------------------------------------------------------
# The pages


def test_the_list_marks_read_and_the_preference_is_the_persons_own(people, signed):
    report = reporting.report_generate(actor=ACTOR, deal=signed, year=2025)
    reporting.report_send(actor=ACTOR, report=report, sent_on=dt.date(2026, 6, 1))
    client = Client()
    client.force_login(people["rep-schiedam"])
    page = client.get("/meldingen/").content.decode()
    assert "concept-voortgangsrapportage 2025 ter commentaar" in page and "1 ongelezen melding." in page
    mine = Notification.objects.get(user=people["rep-schiedam"])
    theirs = Notification.objects.get(user=people["rep-rotterdam"])
    client.post("/meldingen/gelezen/", {"notification": theirs.pk})  # not theirs to mark
    theirs.refresh_from_db()
    assert theirs.read_at is None
    client.post("/meldingen/gelezen/", {"notification": mine.pk})
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert "0 ongelezen meldingen." in client.get("/meldingen/").content.decode()

    response = client.post("/meldingen/voorkeuren/", {"delivery": "weekly", "language": "nl"})
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    response = client.post("/meldingen/voorkeuren/", {"delivery": "digest", "language": "en"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="notifications.preference.set").count() == 1


def test_anonymous_is_sent_to_login(signed):
    for url in ("/meldingen/", "/meldingen/voorkeuren/", "/en/meldingen/"):
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_home_page_can_include_the_list_with_the_template_tag(people, signed):
    from django.template import Context, Template

    report = reporting.report_generate(actor=ACTOR, deal=signed, year=2025)
    reporting.report_send(actor=ACTOR, report=report, sent_on=dt.date(2026, 6, 1))
    template = Template(
        "{% load notifications %}{% notifications_of user 5 as items %}{% unread_notifications user as n %}"
        '{{ n }}:{% include "notifications/_list.html" with notifications=items %}'
    )
    html = template.render(Context({"user": people["rep-schiedam"]}))
    assert html.startswith("1:") and "concept-voortgangsrapportage 2025 ter commentaar" in html
    assert "Geen meldingen." in template.render(Context({"user": people["office"]}))


def test_switching_back_to_at_once_sends_what_waited_for_the_digest(people, signed):
    digest(people["rep-schiedam"])
    report = reporting.report_generate(actor=ACTOR, deal=signed, year=2025)
    reporting.report_send(actor=ACTOR, report=report, sent_on=dt.date(2026, 6, 1))
    run_jobs()
    assert sent_to() == ["rep-rotterdam@example.nl"]
    services.preference_set(actor=ACTOR, user=people["rep-schiedam"], delivery="immediate", language="nl")
    run_jobs()
    assert sent_to() == ["rep-rotterdam@example.nl", "rep-schiedam@example.nl"]


def test_a_mail_the_server_refused_is_tried_again_with_the_next_digest_run(people, signed, monkeypatch):
    from django.core.mail import EmailMessage

    real_send = EmailMessage.send

    def refuse(self, *args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    report = reporting.report_generate(actor=ACTOR, deal=signed, year=2025)
    reporting.report_send(actor=ACTOR, report=report, sent_on=dt.date(2026, 6, 1))
    run_jobs()
    assert mail.outbox == [] and Notification.objects.filter(sent_at__isnull=True).count() == 2
    monkeypatch.setattr(EmailMessage, "send", real_send)
    send_digests.call()
    run_jobs()
    assert sent_to() == ["rep-rotterdam@example.nl", "rep-schiedam@example.nl"]
    assert Notification.objects.filter(sent_at__isnull=True).count() == 0


def test_a_notification_that_cannot_be_made_never_stops_the_procedure(people, signed, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("a bug in notifications")

    monkeypatch.setattr(services, "consent_requested", broken)
    request = file_amendment(signed, lambda code: signed.organisations.get(code=code))
    gov.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 3, 10))
    request.refresh_from_db()
    assert request.status == "consultation"
    assert "notifications: consent requested for request" in caplog.text
