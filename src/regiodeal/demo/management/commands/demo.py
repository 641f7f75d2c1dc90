"""`regiodeal demo --deal SLUG`: add an example portfolio (marked as example data everywhere)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from regiodeal.audit.services import Actor
from regiodeal.common.db import require_database_ready
from regiodeal.deals.models import Deal
from regiodeal.demo.portfolio import RealDataPresent, demo_portfolio_create


class Command(BaseCommand):
    help = "Add an example portfolio to a deal (projects, money, measurements, meetings), marked as such."

    def add_arguments(self, parser):
        parser.add_argument("--deal", required=True, help="Deal slug, e.g. waterwegregio.")
        parser.add_argument("--seed", type=int, default=2025, help="Random seed (same seed, same portfolio).")

    def handle(self, *args, deal, seed, **options):
        require_database_ready()
        try:
            target = Deal.objects.get(slug=deal)
        except Deal.DoesNotExist as exc:
            known = ", ".join(Deal.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"--deal {deal}: no such deal (loaded: {known}).", returncode=2) from exc
        try:
            outcome = demo_portfolio_create(deal=target, actor=Actor.cli(), seed=seed)
        except RealDataPresent as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except ValidationError as exc:
            raise CommandError(
                f"The example portfolio breaks a rule, nothing was written: {exc}", returncode=1
            ) from exc
        for note in outcome.notes:
            self.stdout.write(note)
        counts = (
            f"{outcome.projects} projects, {outcome.ledger_entries} ledger entries, "
            f"{outcome.measurements} measurements, {outcome.meetings} meetings"
        )
        self.stdout.write(
            self.style.SUCCESS(f"Example portfolio for {deal}: {counts} (all marked as example data).")
        )
