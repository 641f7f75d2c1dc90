"""The one way a service stores a record and audits it: checked (`full_clean`), saved, and one
audit event with what it was before and what it is after.

- `record_created`: a new record (after only), or one saved whole (with `before`);
- `record_updated`: the changed fields of an editable record (`common.locking.Locked`), written
  only if nobody saved it since the form showed `expected_version` (else `EditConflict`).

Call them inside the service's `transaction.atomic()`, after its own rules: what is refused
changes nothing. What stays the service's own: its rules, the audit action, and where it differs,
the summary and the snapshot (a file field or a many-to-many list the plain `snapshot` leaves out).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db import models

from regiodeal.audit.services import Actor, audit_record, snapshot

from .locking import save_locked

Snapshot = Callable[[models.Model], Any]
Summary = str | Callable[[Any], str] | None


def _deal_slug(obj: models.Model, deal_slug: str | None) -> str:
    return obj.deal.slug if deal_slug is None else deal_slug


def _summary(obj: models.Model, summary: Summary) -> str:
    """The record's own words (`str`), the words given, or the words of the record as saved."""
    if summary is None:
        return str(obj)
    return summary(obj) if callable(summary) else summary


def record_created(
    obj: models.Model,
    *,
    actor: Actor,
    action: str,
    summary: Summary = None,
    deal_slug: str | None = None,
    snapshot_of: Snapshot = snapshot,
    then: Callable[[Any], None] | None = None,
    before: Any = None,
):
    """Check, save and audit a new record; the record, saved. The summary defaults to the
    record's own words (`str`), the deal to the record's; `then` runs after the save and before
    the audit (the record's many-to-many lists and child rows, so the audit sees them).

    With `before` (its snapshot before the caller changed it): a record saved whole, without a
    version to check (`record_updated` where the record has one)."""
    obj.full_clean()
    obj.save()
    return _then_audited(obj, then, actor, action, deal_slug, summary, before, snapshot_of)


def record_updated(
    obj: models.Model,
    *,
    actor: Actor,
    action: str,
    changes: Mapping[str, Any],
    expected_version: int | None,
    summary: Summary = None,
    deal_slug: str | None = None,
    snapshot_of: Snapshot = snapshot,
    also_saved: tuple[str, ...] = (),
    then: Callable[[Any], None] | None = None,
):
    """Set `changes` on the record, check it, write those fields (and `also_saved`, set by the
    caller) under the version the form showed, and audit before and after (`then` as above)."""
    before = snapshot_of(obj)
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.full_clean()
    save_locked(obj, expected_version=expected_version, update_fields=[*changes, *also_saved])
    return _then_audited(obj, then, actor, action, deal_slug, summary, before, snapshot_of)


def _then_audited(obj, then, actor, action, deal_slug, summary, before, snapshot_of):
    """After the save: the caller's `then`, then the one audit event of the change."""
    if then is not None:
        then(obj)
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        deal_slug=_deal_slug(obj, deal_slug),
        summary=_summary(obj, summary),
        before=before,
        after=snapshot_of(obj),
    )
    return obj
