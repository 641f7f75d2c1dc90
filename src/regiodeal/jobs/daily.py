"""The platform's own daily jobs. Other apps register theirs with `schedule.daily` in their own
modules (imported from their AppConfig.ready)."""

from __future__ import annotations

from . import task
from .schedule import daily


@daily("purge-personal-data", hour=3)
@task()
def purge_personal_data() -> int:
    """AVG: delete residents' contact details past their retention period (as
    `regiodeal purge-personal-data` does); each deletion is audited. Returns how many."""
    from regiodeal.audit.services import Actor
    from regiodeal.ideas.selectors import contacts_expired
    from regiodeal.ideas.services import contacts_purge

    done = contacts_purge(actor=Actor.worker("purge-personal-data"), contacts=list(contacts_expired()))
    return len(done)
