"""`regiodeal report --deal SLUG --year Y --format pdf|docx|xlsx|html|json --output FILE [--public]`:
the progress report on a year in one format. A submitted report comes from its frozen version
(the PDF byte for byte); any other is gathered from today's data. Exit code 2 for bad input."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import override

from regiodeal.common.db import require_database_ready
from regiodeal.deals.models import Deal
from regiodeal.reporting.constants import Audience, Format
from regiodeal.reporting.gather import check_year, gather
from regiodeal.reporting.models import Report
from regiodeal.reporting.renderers import render
from regiodeal.reporting.selectors import PdfNotReady, frozen_pdf, report_document


class Command(BaseCommand):
    help = "Write the yearly progress report (Art. 7.2) of a deal as PDF, Word, Excel, HTML or JSON."

    def add_arguments(self, parser):
        parser.add_argument("--deal", required=True, help="Deal slug.")
        parser.add_argument("--year", required=True, help="The reported year, e.g. 2025.")
        parser.add_argument("--format", required=True, dest="fmt", help="pdf, docx, xlsx, html or json.")
        parser.add_argument("--output", required=True, help="File to write ('-' for standard output).")
        parser.add_argument(
            "--public",
            action="store_true",
            help="The public version: without confidential matter or personal data.",
        )

    def handle(self, *args, **options):
        fmt = options["fmt"].lower()
        if fmt not in Format.values:
            raise CommandError(
                f"--format {options['fmt']}: use one of {', '.join(Format.values)}.", returncode=2
            )
        try:
            year = int(options["year"])
        except ValueError as exc:
            raise CommandError(f"--year {options['year']!r}: a year, like 2025.", returncode=2) from exc
        output = options["output"]
        if output != "-":
            path = Path(output)
            if path.is_dir():
                raise CommandError(f"--output {output}: is a folder; name a file.", returncode=2)
            if not path.parent.exists():
                raise CommandError(
                    f"--output {output}: the folder {path.parent} does not exist.", returncode=2
                )
        require_database_ready()
        try:
            deal = Deal.objects.get(slug=options["deal"])
        except Deal.DoesNotExist as exc:
            known = ", ".join(Deal.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(
                f"--deal {options['deal']}: no such deal (loaded: {known}).", returncode=2
            ) from exc
        try:
            check_year(deal, year)
        except ValidationError as exc:
            raise CommandError(f"--year {year}: {' '.join(exc.messages)}", returncode=2) from exc
        audience = Audience.PUBLIC if options["public"] else Audience.INTERNAL
        report = Report.objects.filter(deal=deal, year=year).first()
        with override(settings.LANGUAGE_CODE):
            data = self.frozen(report, audience) if report is not None and fmt == Format.PDF else None
            if data is None:
                structure = report_document(report, audience) if report else gather(deal, year, audience)
                data = render(structure, fmt)
        if output == "-":
            self.stdout.buffer.write(data) if hasattr(self.stdout, "buffer") else self.stdout.write(
                data.decode()
            )
            return
        try:
            Path(output).write_bytes(data)
        except OSError as exc:
            raise CommandError(f"--output {output}: cannot write: {exc.strerror}.", returncode=2) from exc
        self.stderr.write(f"{output}: {len(data)} bytes ({fmt}, {audience}, {deal.slug} {year}).")

    @staticmethod
    def frozen(report, audience: str) -> bytes | None:
        """The frozen PDF; rendered here when the worker has not done so yet (rendering.py)."""
        try:
            return frozen_pdf(report, audience)
        except PdfNotReady:
            from regiodeal.audit.services import Actor
            from regiodeal.reporting.rendering import frozen_render

            frozen_render(report, actor=Actor.cli())
            return frozen_pdf(report, audience)
