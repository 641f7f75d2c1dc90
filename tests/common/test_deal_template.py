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


def test_the_replayed_deals_are_the_rows_the_service_writes():
    loaded = _rows_of_a_fresh_database(_load_waterwegregio, _load_proefdeal)
    DEALS.load(WATERWEGREGIO)
    DEALS.load(PROEFDEAL)
    assert DEALS.exact, "deal_load changed a row that existed before it: the template cannot replay it"
    replayed = _snapshot(_models())
    differing = {
        f"{m._meta.label}.{field}"
        for m in replayed
        for pk, row in replayed[m].items()
        for field, value in row.items()
        if loaded[m].get(pk, {}).get(field) != value
    }
    # Only the moment differs: when the rows were written, and the audit hashes that cover it.
    assert differing == {
        "deals.Deal.created_at",
        "deals.DealVersion.loaded_at",
        "audit.AuditEvent.at",
        "audit.AuditEvent.chain_hash",
        "audit.AuditChain.last_hash",
    }


def test_a_replayed_deal_keeps_a_sound_audit_chain():
    deal = DEALS.load(WATERWEGREGIO)
    assert verify_chain(deal.slug).ok
