"""`regiodeal serve`: `setup`, then serve the platform with gunicorn (static files by WhiteNoise),
with the background worker and its daily scheduler (`regiodeal worker`) as a second process."""

import os
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Set up the database, then serve the web application with gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("REGIODEAL_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("REGIODEAL_PORT", "8000")))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("REGIODEAL_WORKERS", "2")),
            help="gunicorn worker processes (default 2)",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("REGIODEAL_THREADS", "4")),
            help="threads per worker (default 4): a request waiting on the database holds one thread, "
            "not the whole worker, so pages keep being served while an import runs",
        )
        parser.add_argument("--no-setup", action="store_true", help="Do not run `setup` first.")
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start `regiodeal worker` (run it elsewhere: mails, imports and daily jobs wait).",
        )

    def handle(self, *args, host, port, workers, threads, no_setup, no_worker=False, **options):
        if not 0 < port < 65536:
            raise CommandError(f"--port {port}: a port is a number from 1 to 65535.", returncode=2)
        if workers < 1:
            raise CommandError(f"--workers {workers}: at least 1.", returncode=2)
        if threads < 1:
            raise CommandError(f"--threads {threads}: at least 1.", returncode=2)
        if not no_setup:
            call_command("setup", verbosity=options["verbosity"])
        from gunicorn.app.base import BaseApplication

        from regiodeal.wsgi import application

        class Server(BaseApplication):
            def load_config(self):
                self.cfg.set("bind", f"{host}:{port}")
                self.cfg.set("workers", workers)
                self.cfg.set("threads", threads)  # more than 1: gunicorn's gthread worker
                self.cfg.set("accesslog", "-")
                self.cfg.set("timeout", 120)

            def load(self):
                return application

        worker = None
        if not no_worker:
            worker = subprocess.Popen([sys.executable, "-m", "regiodeal.cli", "worker"])
            self.stdout.write(f"Background worker started (process {worker.pid})")
        self.stdout.write(f"Serving regiodeal on http://{host}:{port}/ (Ctrl+C stops)")
        self.stdout.flush()
        try:
            Server().run()
        finally:
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
