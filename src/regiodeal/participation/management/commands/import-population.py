"""`regiodeal import-population FILE --deal SLUG --on DATE [--column CBSCOLUMN=GROUP ...]`

Population per wijk from a CBS *Kerncijfers wijken en buurten* table (CSV or .xlsx), all-or-nothing
(participation/importing.py): `AantalInwoners_5` is the total, each `--column` maps a figure
column to a target group. Used to judge participation quality (who was reached against who lives
there). The skeleton is every import's (`deals.commands.ImportCommand`).
"""

from regiodeal.audit.services import Actor
from regiodeal.deals.commands import ImportCommand
from regiodeal.participation.importing import population_import


class Command(ImportCommand):
    help = "Import population per wijk (CBS Kerncijfers wijken en buurten layout), all-or-nothing."

    def add_file_argument(self, parser):
        parser.add_argument("file")

    def add_import_arguments(self, parser):
        parser.add_argument("--on", required=True, help="The table's reference date (YYYY-MM-DD).")
        parser.add_argument(
            "--column",
            action="append",
            default=[],
            metavar="CBSCOLUMN=GROUP",
            help="Map a figure column to a group.",
        )
        parser.add_argument("--source", default="CBS Kerncijfers wijken en buurten")

    def run_import(self, *, path, deal, options, progress, on_total):
        on = self.date_option(options["on"])
        columns = self.pairs_option(options["column"], "CBSCOLUMN=GROUP")
        return population_import(
            actor=Actor.cli(),
            deal=deal,
            filename=path.name,
            content=path.read_bytes(),
            on=on,
            columns=columns,
            source=options["source"],
        )

    def done(self, path, deal, outcome):
        return f"{path}: {outcome.stored} population figures stored, {outcome.skipped} rows skipped."
