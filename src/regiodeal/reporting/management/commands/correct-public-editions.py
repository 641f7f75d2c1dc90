"""`regiodeal correct-public-editions`: public editions frozen before public figures left the money
of confidential projects out are withdrawn and replaced by a corrected edition
(reporting/editions.correct_legacy_editions). Idempotent: run it once after upgrading."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from regiodeal.audit.services import Actor
from regiodeal.common.db import require_database_ready
from regiodeal.reporting.editions import correct_legacy_editions


class Command(BaseCommand):
    help = (
        "Withdraw public report editions whose figures included confidential money; publish corrected ones."
    )

    def handle(self, *args, **options):
        require_database_ready()
        made = correct_legacy_editions(actor=Actor(label="regiodeal correct-public-editions"))
        for edition in made:
            self.stdout.write(
                f"{edition.report.deal.slug} {edition.report.year}: public edition {edition.number}"
            )
        self.stdout.write(f"{len(made)} public edition(s) corrected.")
