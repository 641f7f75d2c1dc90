"""Writing to the audit trail. Call inside the transaction of the change being recorded."""

from __future__ import annotations

import getpass
import socket
from dataclasses import dataclass
from typing import Any

from django.db import models

from regiodeal.common.formatting import actor as actor_text
from regiodeal.common.http import client_ip

from .models import AuditEvent


@dataclass(frozen=True)
class Actor:
    """Who did it: a user, or a command line run on the server."""

    user: Any = None
    label: str = ""
    source: str = ""

    @classmethod
    def cli(cls) -> Actor:
        return cls(label=f"cli:{getpass.getuser()}@{socket.gethostname()}", source="cli")

    @classmethod
    def worker(cls, job: str) -> Actor:
        """A background job of `regiodeal worker` (regiodeal.jobs)."""
        return cls(label=f"worker:{job}", source="worker")

    @classmethod
    def from_request(cls, request) -> Actor:
        user = request.user if request.user.is_authenticated else None
        return cls(
            user=user,
            label=user.get_username() if user else "anonymous",
            source=client_ip(request),
        )

    @property
    def record_label(self) -> str:
        """Who did it as every row and the audit trail store it (`by_label`, `recorded_by_label`,
        `actor_label`): the label given (the login name, "cli:user@host", "worker:job"), else the
        user's login name, else "system". The one place this fallback is written."""
        return self.label or (self.user.get_username() if self.user else "system")

    @property
    def display(self) -> str:
        """Who did it as a reader knows them: the person's name, or "beheerder (opdrachtregel)"
        for the command line (`common.formatting.actor`, the `|actor` filter). A display label
        only: the stored `record_label` stays as above."""
        return actor_text(self.record_label, self.user)


def audit_record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model,
    deal_slug: str = "",
    summary: str = "",
    before: Any = None,
    after: Any = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor.user,
        actor_label=actor.record_label,
        source=actor.source,
        action=action,
        deal_slug=deal_slug,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary,
        before=before,
        after=after,
    )


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The record's own fields as JSON-able values, for the before/after of an audit event.
    Many-to-many fields are listed as sorted primary keys."""
    import datetime as dt
    from decimal import Decimal

    out: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        value = getattr(obj, field.attname)
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        out[field.name] = value
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            if fields is None or field.name in fields:
                out[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return out


def audit_personal_data_read(
    *, actor: Actor, obj: models.Model, deal_slug: str, fields: list[str]
) -> AuditEvent:
    """AVG: reading personal data (a resident's contact details) is itself recorded."""
    return audit_record(
        actor=actor,
        action="personal_data.read",
        obj=obj,
        deal_slug=deal_slug,
        summary=f"read {', '.join(fields)}",
        after={"fields": fields},
    )
