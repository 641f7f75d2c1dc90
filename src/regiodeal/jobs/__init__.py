"""Background work: a database-backed queue (django-tasks with django-tasks-db) and a small daily
scheduler in the same process as the worker (`regiodeal worker`, started by `regiodeal serve`).

- `task`: the decorator for a job (`@task()`; `my_job.enqueue(...)` puts it on the queue). It is
  Django's own `django.tasks.task` on Django 6 and the django-tasks backport on 5.2.
- `schedule.daily(name, hour=...)`: a job the scheduler enqueues once a day (digests, reminders,
  the purge of personal data). A row per (job, day) makes it once a day even with several workers.
"""

try:  # Django 6 has the tasks framework built in
    from django.tasks import task  # type: ignore[import-not-found]
except ImportError:  # Django 5.2: the backport
    from django_tasks import task

__all__ = ["task"]
