"""`regiodeal import-boundaries FILE`

Boundaries of gemeenten and wijken from a GeoJSON file in the layout of the CBS wijk- en buurtkaart
(PDOK; EPSG:28992 or EPSG:4326), all-or-nothing (participation/places.py). Every gemeente and wijk
in the file is kept; the maps draw only the codes they show. The skeleton is every import's
(`deals.commands.ImportCommand`).
"""

from regiodeal.audit.services import Actor
from regiodeal.deals.commands import ImportCommand
from regiodeal.participation.places import boundaries_import


class Command(ImportCommand):
    help = "Import gemeente and wijk boundaries (CBS wijk- en buurtkaart GeoJSON, PDOK), all-or-nothing."
    takes_deal = False

    def add_file_argument(self, parser):
        parser.add_argument("file")

    def run_import(self, *, path, deal, options, progress, on_total):
        return boundaries_import(actor=Actor.cli(), filename=path.name, content=path.read_bytes())

    def problem_line(self, path, error):
        return f"{path}: {error.column or '-'}: {error.message}"

    def done(self, path, deal, outcome):
        return (
            f"{path}: {outcome.stored} boundaries stored ({outcome.projection}): {', '.join(outcome.codes)}."
        )
