"""The audit trail's integrity: append-only rows, a keyed hash chain per deal, and the one
permitted rewrite (a resident's IP address blanked after its retention period).

- Every event belongs to the chain of its deal (`deal_slug`; events without a deal share the
  chain with key ""). It stores its place in the chain (`chain_seq`, 1, 2, 3, ...) and
  `chain_hash` = HMAC-SHA256(key, previous hash + "\\n" + canonical content). The head of each
  chain (last number and hash) is kept in `AuditChain`, whose row is locked while an event is
  appended, so two writers never take the same number.
- The key comes from REGIODEAL_AUDIT_KEY. Someone who can write the database but lacks the key
  cannot rebuild the chain after changing a row. Without the variable (development, tests) the key
  is derived from SECRET_KEY and a warning is logged.
- The IP address (`source`) is not hashed itself: the content holds `source_digest`, the SHA-256 of
  a random per-row salt and the address. While the address is kept, `verify` checks it against the
  digest; the retention purge blanks address and salt (`AuditEventQuerySet.purge_sources`), after
  which the digest no longer identifies anyone and the chain still verifies.
- `maintenance()` is the one way to empty or rewrite the table (a restore): it lifts the guard of
  the model and, on PostgreSQL, of the trigger, for one transaction.

This module knows no model: the model uses it (`AuditChain.take_place` appends an event to its
chain), and the walk over the stored chains is `verification.py`.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import hmac
import json
import logging
import secrets
from contextlib import contextmanager

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, transaction

logger = logging.getLogger(__name__)

_MAINTENANCE: contextvars.ContextVar[bool] = contextvars.ContextVar("audit_maintenance", default=False)
_SOURCE_PURGE: contextvars.ContextVar[bool] = contextvars.ContextVar("audit_source_purge", default=False)
_warned = False


def audit_key() -> bytes:
    """The HMAC key of the chain: REGIODEAL_AUDIT_KEY, or (with a warning) one derived from
    SECRET_KEY."""
    global _warned
    configured = getattr(settings, "REGIODEAL_AUDIT_KEY", "")
    if configured:
        return configured.encode()
    if not _warned:
        logger.warning(
            "REGIODEAL_AUDIT_KEY is not set: the audit trail's hash chain uses a key derived from "
            "SECRET_KEY. Set REGIODEAL_AUDIT_KEY in production (docs/security.md)."
        )
        _warned = True
    return hashlib.sha256(b"regiodeal-audit-chain:" + settings.SECRET_KEY.encode()).digest()


def maintenance_on() -> bool:
    return _MAINTENANCE.get()


def source_purge_on() -> bool:
    return _SOURCE_PURGE.get()


@contextmanager
def maintenance(using: str = "default"):
    """Permit emptying or rewriting the audit trail, inside one transaction: for a restore only.

        with maintenance():
            AuditEvent.objects.all().delete()
            ... load the backup's events and AuditChain rows as they were ...

    Rows restored must keep their chain fields, and the target must use the same
    REGIODEAL_AUDIT_KEY, or `regiodeal audit verify` will report them. On PostgreSQL it sets the
    transaction-local `regiodeal.audit_maintenance` that the trigger reads."""
    with transaction.atomic(using=using):
        connection = connections[using]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL regiodeal.audit_maintenance = 'on'")
        token = _MAINTENANCE.set(True)
        try:
            yield
            if connection.vendor == "postgresql":  # not past this block, in an enclosing transaction
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL regiodeal.audit_maintenance = 'off'")
        finally:
            _MAINTENANCE.reset(token)


@contextmanager
def _source_purge():
    token = _SOURCE_PURGE.set(True)
    try:
        yield
    finally:
        _SOURCE_PURGE.reset(token)


def jsonable(value):
    """The value as the JSON column gives it back, so that what is hashed is what is read."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def new_source_fields(source: str) -> tuple[str, str]:
    """(salt, digest) for an event's source; both empty without a source."""
    if not source:
        return "", ""
    salt = secrets.token_hex(16)
    return salt, source_digest(salt, source)


def source_digest(salt: str, source: str) -> str:
    return hashlib.sha256(f"{salt}\n{source}".encode()).hexdigest()


def _at(value: dt.datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return value.isoformat(timespec="microseconds")


def canonical(event) -> bytes:
    """The content an event's hash covers: everything but its id, the address and salt (which the
    digest stands for) and the hash itself."""
    content = {
        "chain": event.deal_slug,
        "seq": event.chain_seq,
        "at": _at(event.at),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "source_digest": event.source_digest,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "summary": event.summary,
        "before": event.before,
        "after": event.after,
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def chain_hash(previous: str, event, key: bytes | None = None) -> str:
    return hmac.new(
        key or audit_key(), previous.encode() + b"\n" + canonical(event), hashlib.sha256
    ).hexdigest()
