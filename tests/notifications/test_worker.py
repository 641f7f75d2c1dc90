"""The notification jobs run by `regiodeal worker --once`, for real: the mail at once after a
request reaches consultation, and the daily jobs (reminders from 06:00, digest from 07:00) once a
day however often the worker runs."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from regiodeal.governance import services as gov
from regiodeal.jobs.schedule import daily_jobs, enqueue_due
from regiodeal.notifications import services
from regiodeal.notifications.models import Notification
from tests.governance.test_amendment import file_amendment

from .conftest import ACTOR, sent_to

pytestmark = pytest.mark.django_db(transaction=True)  # the worker closes its connection after each job
AMS = ZoneInfo("Europe/Amsterdam")


def _daily_jobs_already_ran_today():
    from django.utils import timezone

    from regiodeal.jobs.models import ScheduledRun

    for job in daily_jobs():
        ScheduledRun.objects.get_or_create(name=job.name, day=timezone.localdate())


def test_the_worker_mails_the_parties_representatives_once_the_request_is_in_consultation(people, signed):
    request = file_amendment(signed, lambda code: signed.organisations.get(code=code))
    gov.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 3, 10))
    assert mail.outbox == []
    _daily_jobs_already_ran_today()  # whatever the hour: only the consultation's mails count here
    call_command("worker", "--once", verbosity=0)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert sent_to() == ["rep-rotterdam@example.nl", "rep-schiedam@example.nl"]
    assert Notification.objects.filter(sent_at__isnull=True).count() == 0
    call_command("worker", "--once", verbosity=0)
    assert len(mail.outbox) == 2  # nothing twice


def test_the_daily_jobs_remind_and_send_the_digest_once_a_day(people, signed):
    assert {("obligation-reminders", 6), ("notification-digest", 7)} <= {
        (j.name, j.hour) for j in daily_jobs()
    }
    services.preference_set(actor=ACTOR, user=people["kassier"], delivery="digest", language="nl")
    enqueued = enqueue_due(dt.datetime(2026, 12, 3, 7, 5, tzinfo=AMS))
    assert {"obligation-reminders", "notification-digest"} <= set(enqueued)
    call_command("worker", "--once", verbosity=0)
    # The deal has overdue duties of the programme office (a mail each, at once) and of the
    # regiokassier (the reminders job runs first, so they are in the digest).
    reminded = set(Notification.objects.values_list("user__username", flat=True))
    assert reminded == {"office", "kassier"}
    office = [m for m in mail.outbox if m.to == ["office@example.nl"]]
    assert len(office) == Notification.objects.filter(user=people["office"]).count() > 0
    assert all(m.subject.startswith("Regio Deal Waterwegregio: ") for m in office)
    (kassier,) = [m for m in mail.outbox if m.to == ["kassier@example.nl"]]
    count = Notification.objects.filter(user=people["kassier"]).count()
    assert kassier.subject == f"Regio Deal Waterwegregio: {count} melding{'en' if count > 1 else ''}"
    assert "SPUK" in kassier.body
    assert set(sent_to()) == {"office@example.nl", "kassier@example.nl"}
    total = len(mail.outbox)
    assert enqueue_due(dt.datetime(2026, 12, 3, 9, 0, tzinfo=AMS)) == []  # once a day
    call_command("worker", "--once", verbosity=0)
    services.obligation_reminders()  # even run by hand again the same day: nothing new
    call_command("worker", "--once", verbosity=0)
    assert len(mail.outbox) == total
