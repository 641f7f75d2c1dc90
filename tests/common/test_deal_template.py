"""The suite's deals are replayed from rows recorded once per worker (tests/deal_template.py): a
replayed deal must be the very rows `deal_load` writes, or every test built on it tests a
different covenant."""

import pytest

from regiodeal.audit.verification import verify_chain
from tests.conftest import DEALS, _load_proefdeal, _load_waterwegregio
from tests.deal_template import PROEFDEAL, WATERWEGREGIO, _models, _snapshot

pytestmark = pytest.mark.django_db


def _rows_of_a_fresh_database(*loads):
    from django.db import transaction

    class Done(Exception):
        pass

    try:
        with transaction.atomic():
            for load in loads:
                load()
            snapshot = _snapshot(_models())
            raise Done
    except Done:
        return snapshot


# Only the moment differs: when the rows were written, and the audit hashes that cover it.
MOMENT = {
    "deals.Deal.created_at",
    "deals.DealVersion.loaded_at",
    "audit.AuditEvent.at",
    "audit.AuditEvent.chain_hash",
    "audit.AuditChain.last_hash",
}


# A key written as text: the audit event names the row it is about.
KEY_AS_TEXT = {"audit.AuditEvent.object_id"}


def _contents(snapshot) -> dict:
    """Each table's rows without their keys (a fresh load on PostgreSQL draws new ones from the
    sequences) and without the moment, as a sorted list: what the rows say."""
    out = {}
    for model, rows in snapshot.items():
        keys = {f.attname for f in model._meta.concrete_fields if f.primary_key or f.is_relation}
        kept = [
            tuple(
                sorted(
                    (name, repr(value))
                    for name, value in row.items()
                    if name not in keys and f"{model._meta.label}.{name}" not in MOMENT | KEY_AS_TEXT
                )
            )
            for row in rows.values()
        ]
        out[model._meta.label] = sorted(kept)
    return out


def _dangling(snapshot) -> list[str]:
    """References to a row that is not there."""
    ids = {model: set(rows) for model, rows in snapshot.items()}
    found = []
    for model, rows in snapshot.items():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in ids:
                target = ids[field.related_model]
                missing = {r[field.attname] for r in rows.values()} - target - {None}
                if missing:
                    found.append(f"{model._meta.label}.{field.name}")
    return found


def test_the_replayed_deals_are_the_rows_the_service_writes():
    loaded = _rows_of_a_fresh_database(_load_waterwegregio, _load_proefdeal)
    DEALS.load(WATERWEGREGIO)
    DEALS.load(PROEFDEAL)
    assert DEALS.exact, "deal_load changed a row that existed before it: the template cannot replay it"
    replayed = _snapshot(_models())
    assert _contents(replayed) == _contents(loaded)
    assert _dangling(replayed) == []
    assert {m._meta.label: len(r) for m, r in replayed.items()} == {
        m._meta.label: len(r) for m, r in loaded.items()
    }


def test_a_replayed_deal_keeps_a_sound_audit_chain():
    deal = DEALS.load(WATERWEGREGIO)
    assert verify_chain(deal.slug).ok
