"""`regiodeal import-measurements FILE --deal SLUG [--on DATE] [--column CBS=code ...] [--source S]`
`regiodeal import-measurements --table 85039NED --deal SLUG [--column MEASURE=code ...] [--timeout S]`

Imports measurements from a .csv, .xlsx or CBS StatLine .json (OData v3 TypedDataSet or v4
Observations), all-or-nothing (results/importing.py); `--table` fetches a StatLine table from
CBS's OData API instead (when the network reaches it; otherwise it says so and exits 2). Every
problem is printed as FILE:ROW: COLUMN: message; exit 2 and nothing stored when there is any.
"""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from regiodeal.audit.services import Actor
from regiodeal.common.db import require_database_ready
from regiodeal.deals.models import Deal
from regiodeal.results.importing import (
    ImportRejected,
    StatLineUnavailable,
    measurements_import,
    statline_fetch,
)


class Command(BaseCommand):
    help = (
        "Import measurements from CSV, Excel (standard or CBS layout) or a CBS StatLine JSON file, "
        "or fetch a StatLine table by its identifier; all-or-nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="a .csv, .xlsx or StatLine .json file")
        parser.add_argument(
            "--table", help="StatLine: fetch this table (e.g. 85039NED) from CBS's OData API instead of FILE"
        )
        parser.add_argument("--timeout", type=float, default=30, help="--table: seconds to wait for CBS")
        parser.add_argument("--deal", required=True, help="Deal slug")
        parser.add_argument("--on", help="CBS layout: the table's reference date (YYYY-MM-DD)")
        parser.add_argument(
            "--column",
            action="append",
            default=[],
            metavar="CBSCOLUMN=INDICATOR",
            help="CBS layout or StatLine: map a figure column or measure to an indicator code (repeatable)",
        )
        parser.add_argument("--source", default="", help="Source, where the file names none")

    def handle(self, *args, **options):
        require_database_ready()
        if bool(options["file"]) == bool(options["table"]):
            raise CommandError("Give either FILE or --table TABLE (a StatLine identifier).", returncode=2)
        path = Path(options["file"] or f"{options['table']}.json")
        if options["file"] and not path.is_file():
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
        if options["table"]:
            try:
                content = statline_fetch(options["table"], timeout=options["timeout"])
            except StatLineUnavailable as exc:
                raise CommandError(str(exc), returncode=2) from exc
        else:
            content = path.read_bytes()
        try:
            outcome = measurements_import(
                actor=Actor.cli(),
                deal=deal,
                filename=path.name,
                content=content,
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
