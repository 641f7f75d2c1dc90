"""The platform's own daily jobs. Other apps register theirs with `schedule.daily` in their own
modules (imported from their AppConfig.ready)."""

from __future__ import annotations

from . import task
from .schedule import daily


@daily("purge-personal-data", hour=3)
@task()
def purge_personal_data() -> int:
    """AVG: delete residents' contact details and blank their IP addresses in the audit trail past
    their retention period (as `regiodeal purge-personal-data` does); each deletion is audited.
    Returns how many contact details were deleted."""
    from regiodeal.audit.services import Actor
    from regiodeal.ideas.services import personal_data_purge

    done, _blanked = personal_data_purge(actor=Actor.worker("purge-personal-data"))
    return len(done)
