"""`regiodeal import-outreach FILE --deal SLUG [--no-progress]`

Imports outreach conversations from a .csv or .xlsx, all-or-nothing (participation/importing.py,
layout in docs/participation.md). Progress on stderr; every problem printed as
FILE:ROW: COLUMN: message; exit 2 and nothing stored when there is any.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from regiodeal.audit.services import Actor
from regiodeal.common.db import require_database_ready
from regiodeal.deals.models import Deal
from regiodeal.participation.importing import ImportRejected, outreach_import


class Command(BaseCommand):
    help = "Import outreach conversations (CSV or .xlsx) into a deal, all-or-nothing."

    def add_arguments(self, parser):
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
            bar = tqdm(
                total=total,
                unit=" rows",
                file=self.stderr._out,  # the raw stream: the bar rewrites its line
                desc=path.name,
                mininterval=0.5,
                disable=options["no_progress"],
            )

        try:
            outcome = outreach_import(
                actor=Actor.cli(),
                deal=deal,
                filename=path.name,
                content=path.read_bytes(),
                progress=lambda n: bar.update(n) if bar else None,
                on_total=on_total,
            )
        except ImportRejected as exc:
            if bar:
                bar.close()
            for e in exc.errors:
                self.stderr.write(f"{path}:{e.row}: {e.column or '-'}: {e.message}")
            raise CommandError(
                f"{path}: {len(exc.errors)} problem(s); nothing was imported.", returncode=2
            ) from exc
        if bar:
            bar.close()
        self.stdout.write(
            f"{path}: {outcome.created} conversation records imported ({outcome.residents} residents) "
            f"in {len(outcome.wijken)} wijken; the norm per wijk is recounted."
        )
