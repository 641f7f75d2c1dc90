"""`regiodeal import-outreach FILE --deal SLUG [--no-progress]`

Imports outreach conversations from a .csv or .xlsx, all-or-nothing (participation/importing.py,
layout in docs/participation.md). Progress on stderr; every problem printed as
FILE:ROW: COLUMN: message; exit 2 and nothing stored when there is any. The skeleton is every
import's (`deals.commands.ImportCommand`).
"""

from regiodeal.audit.services import Actor
from regiodeal.deals.commands import ImportCommand
from regiodeal.participation.importing import outreach_import


class Command(ImportCommand):
    help = "Import outreach conversations (CSV or .xlsx) into a deal, all-or-nothing."
    progress = True

    def run_import(self, *, path, deal, options, progress, on_total):
        return outreach_import(
            actor=Actor.cli(),
            deal=deal,
            filename=path.name,
            content=path.read_bytes(),
            progress=progress,
            on_total=on_total,
        )

    def done(self, path, deal, outcome):
        return (
            f"{path}: {outcome.created} conversation records imported ({outcome.residents} residents) "
            f"in {len(outcome.wijken)} wijken; the norm per wijk is recounted."
        )
