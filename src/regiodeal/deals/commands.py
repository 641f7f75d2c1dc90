"""The one skeleton of every import command (`regiodeal import`, `import-measurements`,
`import-outreach`, `import-population`, `import-boundaries`).

A command says what it takes (its own arguments) and calls its app's import function in
`run_import`; the skeleton does the rest the same way for each: the database is ready, FILE
exists, `--deal SLUG` names a loaded deal, `--on` is a date, `--column A=B` pairs are read, a
progress bar on stderr, and a refusal (`common.importing.ImportRejected`) printed one problem a
line as FILE:ROW: COLUMN: message, with exit 2 and nothing written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from regiodeal.common.db import require_database_ready
from regiodeal.common.importing import ImportRejected, RowError

from .models import Deal


class ImportCommand(BaseCommand):
    """Subclasses set `help`, add their arguments in `add_import_arguments` and implement
    `run_import` (returning the outcome) and `done` (the line printed on success)."""

    takes_deal = True  # --deal SLUG
    progress = False  # --no-progress, and a bar while the file is written
    rejected = "{path}: {count} problem(s); nothing was imported."

    def add_arguments(self, parser):
        self.add_file_argument(parser)
        if self.takes_deal:
            parser.add_argument("--deal", required=True, help="Deal slug.")
        if self.progress:
            parser.add_argument("--no-progress", action="store_true", help="No progress bar on stderr.")
        self.add_import_arguments(parser)

    def add_file_argument(self, parser) -> None:
        parser.add_argument("file", help="A .csv (UTF-8, ; or , separated) or .xlsx file.")

    def add_import_arguments(self, parser) -> None:
        """The command's own arguments."""

    # --- what a command does ------------------------------------------------------------------

    def file_path(self, options: dict[str, Any]) -> Path:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.", returncode=2)
        return path

    def run_import(self, *, path: Path, deal: Deal | None, options: dict[str, Any], progress, on_total):
        raise NotImplementedError

    def done(self, path: Path, deal: Deal | None, outcome) -> str:
        raise NotImplementedError

    def problem_line(self, path: Path, error: RowError) -> str:
        line = f"{path}:{error.row}: {error.column or '-'}: {error.message}"
        return f"{line} [{error.rule}]" if error.rule else line

    def wants_progress(self, path: Path, total: int) -> bool:
        return True

    # --- the skeleton -------------------------------------------------------------------------

    def handle(self, *args, **options):
        require_database_ready()
        path = self.file_path(options)
        deal = self.deal(options["deal"]) if self.takes_deal else None
        bar = None

        def on_total(total: int) -> None:
            nonlocal bar
            if self.progress and not options["no_progress"] and self.wants_progress(path, total):
                bar = tqdm(
                    total=total or None,
                    unit=" rows",
                    file=self.stderr._out,  # the raw stream: the bar rewrites its line
                    desc=path.name,
                    mininterval=0.5,
                )

        try:
            outcome = self.run_import(
                path=path,
                deal=deal,
                options=options,
                progress=lambda n: bar.update(n) if bar else None,
                on_total=on_total,
            )
        except ImportRejected as exc:
            if bar:
                bar.close()
            for error in exc.errors:
                self.stderr.write(self.problem_line(path, error))
            raise CommandError(self.rejected.format(path=path, count=len(exc.errors)), returncode=2) from None
        if bar:
            bar.close()
        self.stdout.write(self.done(path, deal, outcome))

    # --- the arguments every import reads the same way ----------------------------------------

    @staticmethod
    def deal(slug: str) -> Deal:
        try:
            return Deal.objects.get(slug=slug)
        except Deal.DoesNotExist as exc:
            known = ", ".join(Deal.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"--deal {slug}: no such deal (loaded: {known}).", returncode=2) from exc

    @staticmethod
    def date_option(value: str | None, name: str = "--on") -> dt.date | None:
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(f"{name} {value!r}: use YYYY-MM-DD.", returncode=2) from exc

    @staticmethod
    def pairs_option(items: list[str], form: str, name: str = "--column") -> dict[str, str]:
        """`--column A=B` given any number of times, as {A: B}; `form` says how to write one."""
        pairs = {}
        for item in items:
            if "=" not in item:
                raise CommandError(f"{name} {item!r}: use {form}.", returncode=2)
            left, right = item.split("=", 1)
            pairs[left.strip()] = right.strip()
        return pairs
