"""`regiodeal import-measurements FILE --deal SLUG [--on DATE] [--column CBS=code ...] [--source S]`
`regiodeal import-measurements --table 85039NED --deal SLUG [--column MEASURE=code ...] [--timeout S]`

Imports measurements from a .csv, .xlsx or CBS StatLine .json (OData v3 TypedDataSet or v4
Observations), all-or-nothing (results/importing.py); `--table` fetches a StatLine table from
CBS's OData API instead (when the network reaches it; otherwise it says so and exits 2). Every
problem is printed as FILE:ROW: COLUMN: message; exit 2 and nothing stored when there is any.
The skeleton is every import's (`deals.commands.ImportCommand`).
"""

from pathlib import Path

from django.core.management.base import CommandError

from regiodeal.audit.services import Actor
from regiodeal.deals.commands import ImportCommand
from regiodeal.results.importing import StatLineUnavailable, measurements_import, statline_fetch


class Command(ImportCommand):
    help = (
        "Import measurements from CSV, Excel (standard or CBS layout) or a CBS StatLine JSON file, "
        "or fetch a StatLine table by its identifier; all-or-nothing."
    )

    def add_file_argument(self, parser):
        parser.add_argument("file", nargs="?", help="a .csv, .xlsx or StatLine .json file")

    def add_import_arguments(self, parser):
        parser.add_argument(
            "--table", help="StatLine: fetch this table (e.g. 85039NED) from CBS's OData API instead of FILE"
        )
        parser.add_argument("--timeout", type=float, default=30, help="--table: seconds to wait for CBS")
        parser.add_argument("--on", help="CBS layout: the table's reference date (YYYY-MM-DD)")
        parser.add_argument(
            "--column",
            action="append",
            default=[],
            metavar="CBSCOLUMN=INDICATOR",
            help="CBS layout or StatLine: map a figure column or measure to an indicator code (repeatable)",
        )
        parser.add_argument("--source", default="", help="Source, where the file names none")

    def file_path(self, options):
        if bool(options["file"]) == bool(options["table"]):
            raise CommandError("Give either FILE or --table TABLE (a StatLine identifier).", returncode=2)
        if options["file"]:
            return super().file_path(options)
        return Path(f"{options['table']}.json")

    def run_import(self, *, path, deal, options, progress, on_total):
        on = self.date_option(options["on"])
        columns = self.pairs_option(options["column"], "CBSCOLUMN=INDICATOR")
        if options["table"]:
            try:
                content = statline_fetch(options["table"], timeout=options["timeout"])
            except StatLineUnavailable as exc:
                raise CommandError(str(exc), returncode=2) from exc
        else:
            content = path.read_bytes()
        return measurements_import(
            actor=Actor.cli(),
            deal=deal,
            filename=path.name,
            content=content,
            on=on,
            columns=columns,
            source=options["source"],
        )

    def done(self, path, deal, outcome):
        return (
            f"{path}: {outcome.created} measurements imported ({outcome.layout} layout), "
            f"{outcome.skipped} rows skipped."
        )
