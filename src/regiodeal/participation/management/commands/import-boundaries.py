"""`regiodeal import-boundaries FILE`

Boundaries of gemeenten and wijken from a GeoJSON file in the layout of the CBS wijk- en buurtkaart
(PDOK; EPSG:28992 or EPSG:4326), all-or-nothing (participation/places.py). Every gemeente and wijk
in the file is kept; the maps draw only the codes they show.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from regiodeal.audit.services import Actor
from regiodeal.common.db import require_database_ready
from regiodeal.participation.places import ImportRejected, boundaries_import


class Command(BaseCommand):
    help = "Import gemeente and wijk boundaries (CBS wijk- en buurtkaart GeoJSON, PDOK), all-or-nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        require_database_ready()
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.", returncode=2)
        try:
            outcome = boundaries_import(actor=Actor.cli(), filename=path.name, content=path.read_bytes())
        except ImportRejected as exc:
            for e in exc.errors:
                self.stderr.write(f"{path}: {e.column or '-'}: {e.message}")
            raise CommandError(
                f"{path}: {len(exc.errors)} problem(s); nothing was imported.", returncode=2
            ) from exc
        self.stdout.write(
            f"{path}: {outcome.stored} boundaries stored ({outcome.projection}): {', '.join(outcome.codes)}."
        )
