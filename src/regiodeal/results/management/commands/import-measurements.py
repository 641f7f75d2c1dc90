"""`regiodeal import-measurements FILE --deal SLUG [--on DATE] [--column CBS=code ...] [--source S]`

Imports measurements from a .csv or .xlsx, all-or-nothing (results/importing.py). Every problem
is printed as FILE:ROW: COLUMN: message; exit 2 and nothing stored when there is any.
"""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from regiodeal.audit.services import Actor
from regiodeal.common.db import require_database_ready
from regiodeal.deals.models import Deal
from regiodeal.results.importing import ImportRejected, measurements_import


class Command(BaseCommand):
    help = "Import measurements from CSV or Excel (standard or CBS layout), all-or-nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--deal", required=True, help="Deal slug")
        parser.add_argument("--on", help="CBS layout: the table's reference date (YYYY-MM-DD)")
        parser.add_argument(
            "--column",
            action="append",
            default=[],
            metavar="CBSCOLUMN=INDICATOR",
            help="CBS layout: map a figure column to an indicator code (repeatable)",
        )
        parser.add_argument("--source", default="", help="Source, where the file names none")

    def handle(self, *args, **options):
        require_database_ready()
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.", returncode=2)
        try:
            deal = Deal.objects.get(slug=options["deal"])
        except Deal.DoesNotExist as exc:
            known = ", ".join(Deal.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(
                f"--deal {options['deal']}: no such deal (loaded: {known}).", returncode=2
            ) from exc
        on = None
        if options["on"]:
            try:
                on = dt.date.fromisoformat(options["on"])
            except ValueError as exc:
                raise CommandError(f"--on {options['on']!r}: use YYYY-MM-DD.", returncode=2) from exc
        columns = {}
        for item in options["column"]:
            if "=" not in item:
                raise CommandError(f"--column {item!r}: use CBSCOLUMN=INDICATOR.", returncode=2)
            column, code = item.split("=", 1)
            columns[column.strip()] = code.strip()
        try:
            outcome = measurements_import(
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
            f"{path}: {outcome.created} measurements imported ({outcome.layout} layout), "
            f"{outcome.skipped} rows skipped."
        )
