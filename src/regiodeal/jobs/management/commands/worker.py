"""`regiodeal worker`: run the background jobs (the database queue of django-tasks-db) and the daily
scheduler in one process. `regiodeal serve` starts it beside gunicorn; run it yourself when you
serve another way. `--once`: enqueue what is due today, run everything waiting, then stop (for
cron, and for tests)."""

from __future__ import annotations

import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand

from regiodeal.common.db import require_database_ready
from regiodeal.jobs.heartbeat import beat
from regiodeal.jobs.schedule import enqueue_due


class Command(BaseCommand):
    help = "Run background jobs and the daily scheduler (started by `regiodeal serve`)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Enqueue due daily jobs, run all waiting jobs, stop."
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between looks at the queue when it is empty."
        )

    def handle(self, *args, once=False, interval=1.0, **options):
        require_database_ready()
        verbosity = options["verbosity"]
        if once:
            beat()
            for name in enqueue_due():
                self.stdout.write(f"enqueued daily job {name}")
            call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=verbosity)
            return
        stop = threading.Event()

        def scheduler():
            while not stop.is_set():
                try:
                    beat()  # /healthz: the worker is alive
                    enqueue_due()
                except Exception:  # the scheduler must outlive a bad minute (database restart)
                    import logging

                    logging.getLogger(__name__).exception("daily scheduler")
                finally:
                    from django.db import connection

                    connection.close()
                stop.wait(60)

        thread = threading.Thread(target=scheduler, name="regiodeal-scheduler", daemon=True)
        thread.start()
        self.stdout.write("regiodeal worker: jobs from the database queue, daily jobs enqueued on time")
        self.stdout.flush()
        try:
            call_command("db_worker", interval=interval, reload=False, verbosity=verbosity)
        finally:
            stop.set()
