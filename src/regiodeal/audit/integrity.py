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
from dataclasses import dataclass

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


def append(event) -> None:
    """Give a new event its place in its deal's chain. Call inside the transaction that saves it:
    the chain's head row stays locked until that transaction ends."""
    from .models import AuditChain

    chain = AuditChain.objects.select_for_update().filter(key=event.deal_slug).first()
    if chain is None:  # the chain's first event: make its head (safe against a concurrent first)
        AuditChain.objects.get_or_create(key=event.deal_slug)
        chain = AuditChain.objects.select_for_update().get(key=event.deal_slug)
    event.chain_seq = chain.last_seq + 1
    event.chain_hash = chain_hash(chain.last_hash, event)
    chain.last_seq = event.chain_seq
    chain.last_hash = event.chain_hash
    chain.save(update_fields=["last_seq", "last_hash"])


# -- verification ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Break:
    kind: str  # "edited", "deleted", "reordered", "unchained"
    event_id: int | None  # the first event at which the chain does not hold
    seq: int  # the place in the chain
    detail: str


@dataclass(frozen=True)
class ChainResult:
    key: str  # the deal's slug, or "" for events without a deal
    events: int
    problem: Break | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify_chain(key: str) -> ChainResult:
    """Walk one chain from its first event and report the first row that does not hold."""
    from .models import AuditChain, AuditEvent

    secret = audit_key()
    head = AuditChain.objects.filter(key=key).first()
    events = AuditEvent.objects.filter(deal_slug=key)
    unchained = events.filter(chain_seq__isnull=True).order_by("id").first()
    if unchained is not None:
        return ChainResult(
            key, events.count(), Break("unchained", unchained.pk, 0, "event has no place in the chain")
        )
    previous, expected, last_id, count = "", 1, 0, 0
    for event in events.order_by("chain_seq", "id").iterator(chunk_size=2000):
        count += 1
        if event.chain_seq < expected:
            return ChainResult(
                key, count, Break("edited", event.pk, event.chain_seq, "two events share a place")
            )
        if event.chain_seq > expected:
            return ChainResult(
                key,
                count,
                Break("deleted", event.pk, expected, f"event {expected} of the chain is missing"),
            )
        if event.pk < last_id:
            return ChainResult(
                key, count, Break("reordered", event.pk, event.chain_seq, "out of order with the one before")
            )
        if (event.source or event.source_salt) and not hmac.compare_digest(
            source_digest(event.source_salt, event.source), event.source_digest
        ):
            return ChainResult(
                key, count, Break("edited", event.pk, event.chain_seq, "source does not match its digest")
            )
        if not hmac.compare_digest(chain_hash(previous, event, secret), event.chain_hash):
            if events.filter(chain_seq__gt=event.chain_seq, id__lt=event.pk).exists():
                return ChainResult(
                    key,
                    count,
                    Break("reordered", event.pk, event.chain_seq, "a later event was moved before it"),
                )
            return ChainResult(
                key, count, Break("edited", event.pk, event.chain_seq, "content does not match its hash")
            )
        previous, expected, last_id = event.chain_hash, expected + 1, event.pk
    last = expected - 1
    if head is not None and (head.last_seq != last or head.last_hash != previous):
        if head.last_seq > last:
            return ChainResult(
                key,
                count,
                Break("deleted", None, last + 1, f"events {last + 1} to {head.last_seq} are missing"),
            )
        return ChainResult(key, count, Break("edited", None, last, "the chain's head does not match"))
    if head is None and count:
        return ChainResult(key, count, Break("edited", None, last, "the chain's head is missing"))
    return ChainResult(key, count, None)


def chain_keys() -> list[str]:
    from .models import AuditChain, AuditEvent

    keys = set(AuditChain.objects.values_list("key", flat=True))
    keys.update(AuditEvent.objects.values_list("deal_slug", flat=True).distinct())
    return sorted(keys)


def verify(deal_slug: str | None = None) -> list[ChainResult]:
    """Every chain (or the one of a deal), each with its first problem or none."""
    keys = [deal_slug] if deal_slug is not None else chain_keys()
    return [verify_chain(key) for key in keys]


def rebuild_heads() -> int:
    """After a restore that brought events but no `AuditChain` rows: set each chain's head from its
    last event. It does not rehash anything (that would launder a tampered row); run
    `regiodeal audit verify` afterwards."""
    from .models import AuditChain, AuditEvent

    n = 0
    for key in AuditEvent.objects.values_list("deal_slug", flat=True).distinct():
        last = (
            AuditEvent.objects.filter(deal_slug=key, chain_seq__isnull=False).order_by("-chain_seq").first()
        )
        if last is None:
            continue
        AuditChain.objects.update_or_create(
            key=key, defaults={"last_seq": last.chain_seq, "last_hash": last.chain_hash}
        )
        n += 1
    return n
