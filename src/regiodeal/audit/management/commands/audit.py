"""`regiodeal audit verify [--deal SLUG] [--json]`: check the audit trail's hash chains.

Exit codes: 0 every chain holds; 1 a chain is broken (the first edited, deleted or reordered event
of each broken chain is printed); 2 a wrong argument (an unknown deal).
"""

import json

from django.core.management.base import BaseCommand, CommandError

from regiodeal.audit import verification
from regiodeal.audit.models import AuditChain, AuditEvent
from regiodeal.common.db import require_database_ready


class Command(BaseCommand):
    help = "Work with the audit trail: `verify` checks its hash chains (docs/security.md)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{verify}")
        verify = sub.add_parser(
            "verify", help="Check every chain (or one deal's); exit 1 when one is broken."
        )
        verify.add_argument("--deal", help="Only the chain of this deal (its slug).")
        verify.add_argument("--json", action="store_true", dest="as_json", help="The result as JSON.")

    def handle(self, *args, action, **options):
        require_database_ready()
        return getattr(self, f"do_{action}")(**options)

    def do_verify(self, deal=None, as_json=False, **options):
        if deal is not None and not (
            AuditChain.objects.filter(key=deal).exists() or AuditEvent.objects.filter(deal_slug=deal).exists()
        ):
            known = ", ".join(k for k in verification.chain_keys() if k) or "none"
            raise CommandError(f"--deal {deal}: no audit trail for this deal (known: {known}).", returncode=2)
        results = verification.verify(deal)
        broken = [r for r in results if not r.ok]
        if as_json:
            self.stdout.write(
                json.dumps(
                    {
                        "ok": not broken,
                        "chains": [
                            {
                                "deal": r.key,
                                "events": r.events,
                                "ok": r.ok,
                                "problem": None
                                if r.ok
                                else {
                                    "kind": r.problem.kind,
                                    "event_id": r.problem.event_id,
                                    "seq": r.problem.seq,
                                    "detail": r.problem.detail,
                                },
                            }
                            for r in results
                        ],
                    },
                    indent=2,
                )
            )
        else:
            for r in results:
                name = r.key or "(no deal)"
                if r.ok:
                    self.stdout.write(f"{name}: {r.events} events, chain intact")
                else:
                    p = r.problem
                    at = f"event {p.event_id} (place {p.seq})" if p.event_id else f"place {p.seq}"
                    self.stdout.write(f"{name}: BROKEN at {at}: {p.kind}: {p.detail}")
        if broken:
            raise CommandError(
                f"{len(broken)} of {len(results)} audit chain(s) broken: "
                + ", ".join(r.key or "(no deal)" for r in broken),
                returncode=1,
            )
