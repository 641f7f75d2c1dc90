"""Verifying the audit trail's hash chains (`regiodeal audit verify`, the daily job, the audit
page): walk each chain from its first event and report the first row that does not hold; and,
after a restore without chain heads, set each head from its last event. The chain itself (the
keyed hash, the guards of the append-only table) is `integrity.py`.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from .integrity import audit_key, chain_hash, source_digest
from .models import AuditChain, AuditEvent


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
