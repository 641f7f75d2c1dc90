"""The suite's deals and example portfolios are replayed from rows recorded once per worker
(tests/deal_template.py): a replay must be the very rows the services write, or every test built
on it tests a different covenant."""

import pytest
from django.db.models import DateTimeField

from regiodeal.audit.verification import verify_chain
from tests.conftest import DEALS, _load_proefdeal, _load_waterwegregio
from tests.deal_template import PROEFDEAL, WATERWEGREGIO, Template, _models, _snapshot

pytestmark = pytest.mark.django_db


def _in_a_savepoint(build):
    """Every row after `build()`, in a savepoint that is rolled back."""
    from django.db import transaction

    class Done(Exception):
        pass

    try:
        with transaction.atomic():
            build()
            snapshot = _snapshot(_models())
            raise Done
    except Done:
        return snapshot


def _rows_of_a_fresh_database(*loads):
    return _in_a_savepoint(lambda: [load() for load in loads])


# Only the moment differs: when the rows were written, and the audit hashes that cover it.
MOMENT = {
    "deals.Deal.created_at",
    "deals.DealVersion.loaded_at",
    "audit.AuditEvent.at",
    "audit.AuditEvent.chain_hash",
    "audit.AuditChain.last_hash",
}


# A key written as a plain value: the audit event names the row it is about, a project's money
# totals the project (a build on PostgreSQL draws other keys from the sequences than the recording).
KEY_AS_TEXT = {"audit.AuditEvent.object_id", "finance.ProjectMoneyTotal.project_pk"}


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


# Written anew by each build: the audit event's salt and digest of its source, and its record of
# the row before and after (which holds the times of writing).
AUDIT_MOMENT = {"source_salt", "source_digest", "before", "after"}


def _without_moments(snapshot) -> dict:
    """`_contents` without any time of writing (a build after the recording runs seconds later)."""
    out = {}
    for model, rows in snapshot.items():
        drop = {f.attname for f in model._meta.concrete_fields if isinstance(f, DateTimeField)}
        if model._meta.label == "audit.AuditEvent":
            drop |= AUDIT_MOMENT
        out[model] = {pk: {k: v for k, v in row.items() if k not in drop} for pk, row in rows.items()}
    return _contents(out)


def test_a_replayed_example_portfolio_is_the_portfolio_the_demo_builds(waterwegregio):
    from django.core.management import call_command

    def build():
        call_command("demo", "--deal", "waterwegregio")

    template = Template("demo")
    built = _in_a_savepoint(lambda: template.run(build))  # met once: built
    replayed = _in_a_savepoint(lambda: template.run(build))  # met again: recorded and replayed
    assert (template.built, template.replayed) == (1, 1)
    assert _without_moments(replayed) == _without_moments(built)
    assert _dangling(replayed) == []


def test_a_replay_repeats_changed_rows_mail_and_uploads_and_returns_fresh_rows(waterwegregio):
    from django.core import mail
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from regiodeal.deals.models import Deal

    template = Template("changes")

    def build():
        Deal.objects.filter(pk=waterwegregio.pk).update(slug="nieuwe-waterweg")
        mail.send_mail("Welkom", "tekst", "regiodeal@example.nl", ["office@example.nl"])
        name = default_storage.save("bewijs/verklaring.pdf", ContentFile(b"%PDF-1.4"))
        return {"deal": Deal.objects.get(pk=waterwegregio.pk), "file": name, "count": 1}

    built = {}
    _in_a_savepoint(lambda: built.update(template.run(build)))  # met once: built
    default_storage.delete(built["file"])
    first = {}
    rows = _in_a_savepoint(lambda: first.update(template.run(build)))  # recorded, then replayed
    default_storage.delete(first["file"])  # a test after the recording removed the upload
    mail.outbox.clear()
    result = template.run(build)
    assert (template.built, template.replayed) == (1, 2)
    assert result["deal"].slug == "nieuwe-waterweg" and result["count"] == 1
    assert Deal.objects.get(pk=waterwegregio.pk).slug == "nieuwe-waterweg"
    assert [m.subject for m in mail.outbox] == ["Welkom"]
    assert result["file"] == first["file"]
    with default_storage.open(result["file"]) as file:
        assert file.read() == b"%PDF-1.4"
    default_storage.delete(result["file"])
    assert rows[Deal][waterwegregio.pk]["slug"] == "nieuwe-waterweg"


def test_a_build_that_returns_what_cannot_be_replayed_is_built_each_time(waterwegregio):
    template = Template("unreplayable")
    for _ in range(3):
        _in_a_savepoint(lambda: template.run(object))
    assert (template.replayed, template.built) == (0, 3)


def test_a_template_made_at_once_records_the_first_time_it_meets_a_state(waterwegregio):
    from django.contrib.auth.models import Group

    def build():
        return Group.objects.create(name="a")

    template = Template("at once", at_once=True)
    first = _in_a_savepoint(lambda: template.run(build))  # met once: recorded and replayed
    assert (template.built, template.replayed) == (0, 1)
    again = _in_a_savepoint(lambda: template.run(build))
    assert (template.built, template.replayed) == (0, 2)
    assert first == again and [g["name"] for g in first[Group].values()] == ["a"]


def test_a_replay_hands_its_fingerprint_to_the_next_and_any_write_takes_it_back(waterwegregio):
    """While a test is set up, a replay leaves the fingerprint of the rows it wrote for the next
    replay (no recount); a rollback to a savepoint or a write forgets it, so the next replay counts
    the rows as they are. Outside a set-up nothing is carried."""
    from django.contrib.auth.models import Group
    from django.db import transaction

    from tests.deal_template import KNOWN, _fingerprint, setting_up

    def build():
        return Group.objects.create(name="a")

    template = Template("groups")
    setting_up(True)
    try:
        _in_a_savepoint(lambda: template.run(build))  # met once: built
        with transaction.atomic():
            template.run(build)  # met again: recorded, then replayed
            assert template.replayed == 1
            assert KNOWN.fingerprint == _fingerprint(_models())  # carried, and right
            transaction.set_rollback(True)
        assert KNOWN.fingerprint is None  # the rollback to the savepoint forgot it
        with transaction.atomic():
            template.run(build)  # replayed
            assert KNOWN.fingerprint == _fingerprint(_models())
            Group.objects.create(name="b")
            assert KNOWN.fingerprint is None  # the write forgot it
            transaction.set_rollback(True)
    finally:
        setting_up(False)
    _in_a_savepoint(lambda: template.run(build))  # replayed while the test runs, not set up
    assert (template.built, template.replayed) == (1, 3)
    assert KNOWN.fingerprint is None
