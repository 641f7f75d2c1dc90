"""The daily scheduler and the worker, run for real: jobs go through the database queue of
django-tasks-db and `regiodeal worker --once` runs them."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from regiodeal.audit.models import AuditEvent
from regiodeal.ideas.models import Idea, IdeaContact
from regiodeal.ideas.services import idea_transition
from regiodeal.jobs.daily import purge_personal_data
from regiodeal.jobs.models import ScheduledRun
from regiodeal.jobs.schedule import daily_jobs, enqueue_due
from tests.ideas.conftest import ACTOR, submit_idea

AMS = ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db


def at(hour: int, day: int = 2) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, 5, tzinfo=AMS)


def test_the_purge_of_personal_data_is_a_daily_job_from_three_oclock():
    assert ("purge-personal-data", 3) in [(j.name, j.hour) for j in daily_jobs()]
    assert "purge-personal-data" not in enqueue_due(at(2))
    assert "purge-personal-data" in enqueue_due(at(3))


def test_a_daily_job_is_enqueued_once_a_day_however_often_the_scheduler_looks():
    assert "purge-personal-data" in enqueue_due(at(9))
    assert enqueue_due(at(10)) == []
    assert enqueue_due(at(23)) == []
    assert ScheduledRun.objects.filter(name="purge-personal-data").count() == 1
    assert "purge-personal-data" in enqueue_due(at(4, day=3))  # the next day again
    assert DBTaskResult.objects.filter(task_path__endswith=".purge_personal_data").count() == 2


@pytest.mark.django_db(transaction=True)  # the worker closes its connection after each job
def test_worker_once_runs_what_is_waiting_and_the_purge_deletes_expired_contacts(waterwegregio, settings):
    settings.REGIODEAL_IDEA_CONTACT_RETENTION_DAYS = 30
    idea = submit_idea(waterwegregio)
    idea_transition(actor=ACTOR, idea=idea, to_status="not_taken_up", public_reason="nee")
    Idea.objects.filter(pk=idea.pk).update(closed_at=timezone.now() - dt.timedelta(days=31))
    purge_personal_data.enqueue()
    assert IdeaContact.objects.count() == 1  # waiting for the worker
    call_command("worker", "--once", verbosity=0)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert IdeaContact.objects.count() == 0
    event = AuditEvent.objects.get(action="ideas.contact.purged")
    assert event.actor_label == "worker:purge-personal-data"
