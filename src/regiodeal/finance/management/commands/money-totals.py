"""`regiodeal money-totals [--deal SLUG] [--rebuild]`: compare the money totals (finance/totals.py)
with the ledger summed afresh, and with --rebuild make them again from the ledger.

Exit 0 when they match (or were rebuilt), 1 when they differ and --rebuild was not given."""

from django.core.management.base import BaseCommand, CommandError

from regiodeal.audit.services import Actor, audit_record
from regiodeal.common.db import require_database_ready
from regiodeal.deals.models import Deal
from regiodeal.finance import totals


class Command(BaseCommand):
    help = "Compare the money totals with the ledger; --rebuild makes them again from the ledger."

    def add_arguments(self, parser):
        parser.add_argument("--deal", help="Deal slug (default: every deal).")
        parser.add_argument("--rebuild", action="store_true", help="Make the totals again from the ledger.")

    def handle(self, *args, **options):
        require_database_ready()
        deals = Deal.objects.order_by("slug")
        if options["deal"]:
            deals = deals.filter(slug=options["deal"])
            if not deals.exists():
                raise CommandError(f"No deal {options['deal']!r}.", returncode=2)
        differing = 0
        for deal in deals:
            found = totals.differences([deal.pk])
            per_project = totals.project_differences([deal.pk])
            differing += len(found) + len(per_project)
            for (_deal, line, year), have, want in found:
                self.stdout.write(f"{deal.slug} {line} {year}: stored {have}, ledger {want}")
            for (_deal, project, organisation, line), have, want in per_project:
                self.stdout.write(
                    f"{deal.slug} {line} project {project} organisation {organisation}: "
                    f"stored {have}, ledger {want}"
                )
            if options["rebuild"]:
                rows = totals.rebuild([deal.pk])
                audit_record(
                    actor=Actor.cli(),
                    action="finance.money-totals.rebuilt",
                    obj=deal,
                    deal_slug=deal.slug,
                    summary=(
                        f"money totals rebuilt from the ledger: {rows} rows, "
                        f"{len(found) + len(per_project)} differed"
                    ),
                    after={"rows": rows, "differed": len(found) + len(per_project)},
                )
        self.stdout.write(f"{differing} differences" + (" (rebuilt)" if options["rebuild"] else ""))
        if differing and not options["rebuild"]:
            raise SystemExit(1)
