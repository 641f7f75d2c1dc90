"""`regiodeal import KIND FILE --deal SLUG`: allocations, contributions or spending from CSV or
.xlsx into the ledger, all-or-nothing (layout: docs/finance.md).

Exit 0 when imported; 2 when the file, a row or the arguments are wrong, with every problem
printed as FILE:ROW: COLUMN: message [rule] on stderr, and nothing written. The skeleton is every
import's (`deals.commands.ImportCommand`).
"""

from regiodeal.audit.services import Actor
from regiodeal.deals.commands import ImportCommand
from regiodeal.finance.constants import ImportKind
from regiodeal.finance.importing import ledger_import

LARGE = 10_000  # rows: from here on a progress bar is worth its line


class Command(ImportCommand):
    help = "Import allocations, contributions or spending (CSV or .xlsx) into a deal's ledger."
    progress = True
    rejected = "{path}: {count} problems; nothing imported."

    def add_file_argument(self, parser):
        parser.add_argument("kind", choices=ImportKind.values, help="What the file holds.")
        super().add_file_argument(parser)

    def wants_progress(self, path, total):
        return total >= LARGE or (path.suffix.lower() == ".xlsx" and path.stat().st_size > 1 << 20)

    def run_import(self, *, path, deal, options, progress, on_total):
        with path.open("rb") as binary:
            return ledger_import(
                actor=Actor.cli(),
                deal=deal,
                kind=options["kind"],
                binary=binary,
                file_name=str(path),
                progress=progress,
                on_total=on_total,
            )

    def problem_line(self, path, error):
        return f"{path}:{error.row}: {error.column}: {error.message} [{error.rule}]"

    def done(self, path, deal, outcome):
        return f"{path}: {outcome.rows} rows imported into {deal.slug} (import #{outcome.batch.pk})."
