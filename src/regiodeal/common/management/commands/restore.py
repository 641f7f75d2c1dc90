"""`regiodeal restore FILE`: replace the database's content by a backup, all-or-nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from regiodeal.common.backup import backup_restore
from regiodeal.common.db import require_database_ready


class Command(BaseCommand):
    help = "Replace everything in the database by the content of a backup FILE (all-or-nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="Don't ask: replace the current data.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Never ask (then --yes is required).",
        )

    def handle(self, *args, file, yes, **options):
        require_database_ready()
        if not yes:
            if not options["interactive"]:
                raise CommandError("Restore replaces all data: add --yes to confirm.", returncode=2)
            answer = input(f"Replace ALL data in this database by {file}? Type 'yes': ")
            if answer != "yes":
                raise CommandError("Restore cancelled; nothing changed.", returncode=2)
        header = backup_restore(Path(file))
        self.stdout.write(
            self.style.SUCCESS(f"Restored {header['rows']} rows from {file} (made {header['created_at']}).")
        )
