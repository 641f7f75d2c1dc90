"""`regiodeal backup FILE`: every row of the database into one compressed file (docs/backup.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from regiodeal.common.backup import backup_write
from regiodeal.common.db import require_database_ready


class Command(BaseCommand):
    help = (
        "Write a backup of the whole database (SQLite or PostgreSQL) to FILE: gzip-compressed JSON Lines "
        "with a SHA-256 checksum, readable only by its owner (0600). It restores into either kind of "
        "database with `regiodeal restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        require_database_ready()
        made = backup_write(Path(file))
        self.stdout.write(
            self.style.SUCCESS(
                _("%(rows)s rijen uit %(tables)s tabellen geschreven naar %(file)s.")
                % {"rows": made["total"], "tables": len(made["rows"]), "file": file}
            )
        )
