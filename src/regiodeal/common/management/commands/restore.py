"""`regiodeal restore FILE [--replace]`: replace the database's content by a backup, all or
nothing (docs/backup.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from regiodeal.common.backup import backup_restore, describe
from regiodeal.common.db import require_database_ready


class Command(BaseCommand):
    help = (
        "Replace everything in the database by the content of a backup FILE made by `regiodeal backup`, "
        "all or nothing, with every row under its own id. The file is checked first (complete, unchanged, "
        "same schema). A database holding more than `regiodeal setup` loads is refused unless --replace "
        "is given; then what is lost is printed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace the data this database holds (projects, ledger, accounts, audit trail ...).",
        )

    def handle(self, *args, file, replace, **options):
        require_database_ready()
        restored = backup_restore(Path(file), replace=replace)
        if restored.replaced:
            self.stdout.write(
                _("Vervangen (niet meer in deze database): %(lost)s.") % {"lost": describe(restored.replaced)}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("%(rows)s rijen teruggezet uit %(file)s (gemaakt %(made)s op %(vendor)s).")
                % {
                    "rows": restored.total,
                    "file": file,
                    "made": restored.header["created_at"],
                    "vendor": restored.header.get("vendor", "?"),
                }
            )
        )
