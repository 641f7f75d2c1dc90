"""The daily scheduler. django-tasks has no clock; `regiodeal worker` calls `enqueue_due()` every
minute, which enqueues each registered daily job once its hour has come (Europe/Amsterdam), once
a day. A job missed while the worker was down runs when it comes back the same day; a day missed
entirely is not made up (each daily job looks at the state of things, not at "yesterday")."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DailyJob:
    name: str
    hour: int
    task: object  # a django-tasks Task: has .enqueue()


_DAILY: dict[str, DailyJob] = {}


def daily(name: str, *, hour: int = 6):
    """Register a task (made with `regiodeal.jobs.task`) to run once a day from `hour` on."""
    if not 0 <= hour <= 23:
        raise ValueError(f"daily job {name}: hour {hour} is not 0-23")

    def register(job_task):
        if name in _DAILY and _DAILY[name].task is not job_task:
            raise ValueError(f"daily job {name!r} is registered twice")
        _DAILY[name] = DailyJob(name=name, hour=hour, task=job_task)
        return job_task

    return register


def daily_jobs() -> list[DailyJob]:
    return sorted(_DAILY.values(), key=lambda j: (j.hour, j.name))


def enqueue_due(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every daily job whose hour has come today and that was not enqueued today.
    Returns the names enqueued."""
    from .models import ScheduledRun

    local = timezone.localtime(now or timezone.now())
    enqueued = []
    for job in daily_jobs():
        if local.hour < job.hour:
            continue
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(name=job.name, day=local.date())
                job.task.enqueue()
        except IntegrityError:
            continue  # already enqueued today (by this or another worker)
        logger.info("enqueued daily job %s for %s", job.name, local.date())
        enqueued.append(job.name)
    return enqueued
