"""`regiodeal import-population FILE --deal SLUG --on DATE [--column CBSCOLUMN=GROUP ...]`

Population per wijk from a CBS *Kerncijfers wijken en buurten* table (CSV or .xlsx), all-or-nothing
(participation/importing.py): `AantalInwoners_5` is the total, each `--column` maps a figure
column to a target group. Used to judge participation quality (who was reached against who lives
there).
"""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from regiodeal.audit.services import Actor
from regiodeal.common.db import require_database_ready
from regiodeal.deals.models import Deal
from regiodeal.participation.importing import ImportRejected, population_import


class Command(BaseCommand):
    help = "Import population per wijk (CBS Kerncijfers wijken en buurten layout), all-or-nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--deal", required=True, help="Deal slug.")
        parser.add_argument("--on", required=True, help="The table's reference date (YYYY-MM-DD).")
        parser.add_argument(
            "--column",
            action="append",
            default=[],
            metavar="CBSCOLUMN=GROUP",
            help="Map a figure column to a group.",
        )
        parser.add_argument("--source", default="CBS Kerncijfers wijken en buurten")

    def handle(self, *args, **options):
        require_database_ready()
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.", returncode=2)
        try:
            deal = Deal.objects.get(slug=options["deal"])
        except Deal.DoesNotExist as exc:
            raise CommandError(f"--deal {options['deal']}: no such deal.", returncode=2) from exc
        try:
            on = dt.date.fromisoformat(options["on"])
        except ValueError as exc:
            raise CommandError(f"--on {options['on']!r}: use YYYY-MM-DD.", returncode=2) from exc
        columns = {}
        for item in options["column"]:
            if "=" not in item:
                raise CommandError(f"--column {item!r}: use CBSCOLUMN=GROUP.", returncode=2)
            column, group = item.split("=", 1)
            columns[column.strip()] = group.strip()
        try:
            outcome = population_import(
                actor=Actor.cli(),
                deal=deal,
                filename=path.name,
                content=path.read_bytes(),
                on=on,
                columns=columns,
                source=options["source"],
            )
        except ImportRejected as exc:
            for e in exc.errors:
                self.stderr.write(f"{path}:{e.row}: {e.column or '-'}: {e.message}")
            raise CommandError(
                f"{path}: {len(exc.errors)} problem(s); nothing was imported.", returncode=2
            ) from exc
        self.stdout.write(
            f"{path}: {outcome.stored} population figures stored, {outcome.skipped} rows skipped."
        )
