"""`regiodeal backup FILE`: every row of the database into one compressed file."""

from pathlib import Path

from django.core.management.base import BaseCommand

from regiodeal.common.backup import backup_write
from regiodeal.common.db import require_database_ready


class Command(BaseCommand):
    help = "Write a backup of the whole database (SQLite or PostgreSQL) to FILE (gzip JSON)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        require_database_ready()
        header = backup_write(Path(file))
        self.stdout.write(self.style.SUCCESS(f"Wrote {header['rows']} rows to {file}."))
