"""Reads of the audit trail: per deal, searchable per record, per user, per action and period."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from .models import AuditEvent


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
