"""Reads of the audit trail: per deal, searchable per record, per user, per action and period."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from . import verification
from .models import AuditEvent

VERIFY_SECONDS = 600


def audit_events(
    *,
    deal_slug: str,
    user: str = "",
    object_type: str = "",
    object_id: str = "",
    action: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.filter(deal_slug=deal_slug).order_by("-at", "-id")
    if user:
        qs = qs.filter(actor_label__icontains=user)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if action:
        qs = qs.filter(action__startswith=action)
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs


EXPORT_COLUMNS = [
    "at",
    "actor_label",
    "source",
    "action",
    "object_type",
    "object_id",
    "summary",
    "before",
    "after",
]


def chain_status(*, deal_slug: str) -> dict:
    """Whether the deal's chain verifies, for the audit page: {"ok", "event_id", "kind",
    "checked_at"}. Checked again after every new event, and at least every ten minutes (a row
    changed behind the platform's back adds no event); `regiodeal audit verify` always checks now."""
    latest = (
        AuditEvent.objects.filter(deal_slug=deal_slug).order_by("-id").values_list("id", flat=True).first()
    )
    key = f"audit-chain-status:{deal_slug}:{latest or 0}"
    status = cache.get(key)
    if status is None:
        result = verification.verify_chain(deal_slug)
        status = {
            "ok": result.ok,
            "event_id": result.problem.event_id if result.problem else None,
            "seq": result.problem.seq if result.problem else None,
            "kind": result.problem.kind if result.problem else "",
            "checked_at": timezone.now(),
        }
        cache.set(key, status, VERIFY_SECONDS)
    return status
