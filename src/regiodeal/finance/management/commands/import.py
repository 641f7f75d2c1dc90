"""`regiodeal import KIND FILE --deal SLUG`: allocations, contributions or spending from CSV or
.xlsx into the ledger, all-or-nothing (layout: docs/finance.md).

Exit 0 when imported; 2 when the file, a row or the arguments are wrong, with every problem
printed as FILE:ROW: COLUMN: message [rule] on stderr, and nothing written.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from regiodeal.audit.services import Actor
from regiodeal.common.db import require_database_ready
from regiodeal.deals.models import Deal
from regiodeal.finance.constants import ImportKind
from regiodeal.finance.importing import ImportFailed, ledger_import

LARGE = 10_000  # rows: from here on a progress bar is worth its line


class Command(BaseCommand):
    help = "Import allocations, contributions or spending (CSV or .xlsx) into a deal's ledger."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=ImportKind.values, help="What the file holds.")
        parser.add_argument("file", help="A .csv (UTF-8, ; or , separated) or .xlsx file.")
        parser.add_argument("--deal", required=True, help="Deal slug.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar on stderr.")

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
        bar = None

        def on_total(total: int) -> None:
            nonlocal bar
            large = total >= LARGE or (path.suffix.lower() == ".xlsx" and path.stat().st_size > 1 << 20)
            if large and not options["no_progress"]:
                bar = tqdm(
                    total=total or None, unit=" rows", file=sys.stderr, desc=path.name, mininterval=0.5
                )

        try:
            with path.open("rb") as binary:
                result = ledger_import(
                    actor=Actor.cli(),
                    deal=deal,
                    kind=options["kind"],
                    binary=binary,
                    file_name=str(path),
                    progress=lambda n: bar.update(n) if bar else None,
                    on_total=on_total,
                )
        except ImportFailed as exc:
            if bar:
                bar.close()
            for line in exc.lines():
                self.stderr.write(line)
            raise CommandError(
                f"{path}: {len(exc.problems)} problems; nothing imported.", returncode=2
            ) from None
        if bar:
            bar.close()
        self.stdout.write(
            f"{path}: {result.rows} rows imported into {deal.slug} (import #{result.batch.pk})."
        )
