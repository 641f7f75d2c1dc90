"""`regiodeal report-render`: render every frozen PDF of a submitted report that the worker has not
rendered yet, and every draft's PDF asked for and not yet made (reporting/rendering.py), here and
now. For an operator without a running worker;
`regiodeal worker` does the same in the background after each submission."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from regiodeal.audit.services import Actor
from regiodeal.common.db import require_database_ready
from regiodeal.reporting.rendering import frozen_render, frozen_waiting, reader_render, readers_waiting


class Command(BaseCommand):
    help = "Render the frozen PDFs of submitted reports that are still waiting for the worker."

    def handle(self, *args, **options):
        require_database_ready()
        total = 0
        for report in frozen_waiting():
            made = frozen_render(report, actor=Actor.cli())
            total += made
            self.stdout.write(f"{report.deal.slug} {report.year}: {made} PDF(s)")
        for rendering in readers_waiting():
            total += reader_render(rendering)
            self.stdout.write(f"{rendering.report.deal.slug} {rendering.report.year}: draft ({rendering})")
        self.stdout.write(f"{total} PDF(s) rendered.")
