"""The daily check of the audit trail's hash chains (as `regiodeal audit verify`): a broken chain
is logged as an error, for the monitoring that reads the worker's log (docs/security.md)."""

from __future__ import annotations

import logging

from regiodeal.jobs import task
from regiodeal.jobs.schedule import daily

logger = logging.getLogger(__name__)


@daily("audit-verify", hour=5)
@task()
def audit_verify() -> int:
    """Verify every chain; returns how many are broken."""
    from . import verification

    broken = [r for r in verification.verify() if not r.ok]
    for result in broken:
        logger.error(
            "audit trail chain %s broken at event %s (place %s): %s, %s",
            result.key or "(no deal)",
            result.problem.event_id,
            result.problem.seq,
            result.problem.kind,
            result.problem.detail,
        )
    return len(broken)
