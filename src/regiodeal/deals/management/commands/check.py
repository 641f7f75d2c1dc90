"""`regiodeal check --deal SLUG [--json]`: every finding of every check the platform has.

Exit code 1 when any finding is an error. Without --deal this is Django's own system check.
"""

import json

from django.core.management.base import CommandError
from django.core.management.commands.check import Command as DjangoCheck

from regiodeal.common.db import require_database_ready
from regiodeal.common.findings import ERROR, findings_for, registered_checks
from regiodeal.deals.models import Deal


class Command(DjangoCheck):
    help = "Check a deal against the covenant (--deal), or run Django's system checks."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--deal", help="Deal slug: run the covenant checks on this deal.")
        parser.add_argument("--json", action="store_true", dest="as_json", help="Findings as JSON.")
        parser.add_argument("--on", help="Check as of this date (YYYY-MM-DD); default today.")

    def handle(self, *app_labels, **options):
        slug = options.get("deal")
        if not slug:
            return super().handle(*app_labels, **options)
        require_database_ready()
        try:
            deal = Deal.objects.get(slug=slug)
        except Deal.DoesNotExist as exc:
            known = ", ".join(Deal.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"--deal {slug}: no such deal (loaded: {known}).", returncode=2) from exc
        on = None
        if options.get("on"):
            import datetime as dt

            try:
                on = dt.date.fromisoformat(options["on"])
            except ValueError as exc:
                raise CommandError(f"--on {options['on']!r}: use YYYY-MM-DD.", returncode=2) from exc
        findings = findings_for(deal, on)
        errors = sum(1 for f in findings if f.severity == ERROR)
        if options["as_json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "deal": deal.slug,
                        "checks": sorted(registered_checks()),
                        "errors": errors,
                        "warnings": len(findings) - errors,
                        "findings": [f.as_dict() for f in findings],
                    },
                    indent=2,
                    ensure_ascii=False,
                )
            )
        else:
            for f in findings:
                self.stdout.write(
                    f"{f.severity.upper():<8} {f.rule} (art. {f.article}) {f.subject}: {f.message}"
                )
            self.stdout.write(
                f"{len(registered_checks())} checks, {errors} errors, {len(findings) - errors} warnings."
            )
        if errors:
            raise SystemExit(1)
