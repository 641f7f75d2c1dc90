"""The audit trail is tamper-evident: append-only through the ORM (and a trigger on PostgreSQL),
one keyed hash chain per deal, and `regiodeal audit verify` finds an edited, deleted or reordered
row."""

import json
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction

from regiodeal.audit import integrity, verification
from regiodeal.audit.models import AuditChain, AuditEvent
from regiodeal.audit.services import Actor, audit_record

pytestmark = pytest.mark.django_db


def record(obj, slug="waterwegregio", source="10.0.0.1", summary="iets"):
    return audit_record(
        actor=Actor(label="anna", source=source),
        action="test.noted",
        obj=obj,
        deal_slug=slug,
        summary=summary,
        after={"bedrag": "12.50", "lijst": [3, 1]},
    )


@pytest.fixture
def trail(waterwegregio):
    version = waterwegregio.versions.get()
    return [record(version, summary=f"gebeurtenis {i}") for i in range(5)]


def raw(sql, params=()):
    """Change the table behind the model's back, as someone with database access would."""
    table = AuditEvent._meta.db_table
    with integrity.maintenance(), connection.cursor() as cursor:
        cursor.execute(sql.format(table=table), params)


def verify_output(*args):
    out = __import__("io").StringIO()
    try:
        call_command("audit", "verify", *args, stdout=out)
    except CommandError as exc:
        return exc.returncode, out.getvalue() + str(exc)
    return 0, out.getvalue()


def test_every_event_takes_the_next_place_in_its_deals_chain(trail, other_deal):
    other = record(other_deal.versions.get(), slug=other_deal.slug)
    assert [e.chain_seq for e in trail] == [trail[0].chain_seq + i for i in range(5)]
    assert other.chain_seq == AuditEvent.objects.filter(deal_slug=other_deal.slug).count()  # its own chain
    head = AuditChain.objects.get(key="waterwegregio")
    assert (head.last_seq, head.last_hash) == (trail[-1].chain_seq, trail[-1].chain_hash)


def test_an_intact_trail_verifies(trail):
    code, out = verify_output()
    assert code == 0
    assert "waterwegregio: " in out and "chain intact" in out


def test_the_orm_refuses_update_and_delete(trail):
    event = trail[0]
    event.summary = "overgeschreven"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.filter(pk=event.pk).update(summary="x")
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.bulk_create(
            [AuditEvent(actor_label="x", action="x", object_type="x", object_id="1")]
        )
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.filter(pk=event.pk).update(source="6.6.6.6")  # only blanking is permitted
    assert AuditEvent.objects.get(pk=event.pk).summary == "gebeurtenis 0"


def test_an_edited_row_is_found(trail):
    raw("UPDATE {table} SET summary = %s WHERE id = %s", ["overgeschreven", trail[2].pk])
    code, out = verify_output("--deal", "waterwegregio")
    assert code == 1
    assert f"BROKEN at event {trail[2].pk}" in out and "edited" in out


def test_an_edited_ip_address_is_found(trail):
    raw("UPDATE {table} SET source = %s WHERE id = %s", ["6.6.6.6", trail[1].pk])
    code, out = verify_output()
    assert code == 1
    assert f"BROKEN at event {trail[1].pk}" in out and "source does not match" in out


def test_a_deleted_row_is_found(trail):
    raw("DELETE FROM {table} WHERE id = %s", [trail[2].pk])
    code, out = verify_output()
    assert code == 1
    assert f"BROKEN at event {trail[3].pk}" in out and "deleted" in out


def test_a_deleted_last_row_is_found(trail):
    raw("DELETE FROM {table} WHERE id = %s", [trail[-1].pk])
    code, out = verify_output()
    assert code == 1
    assert "deleted" in out


def test_two_swapped_rows_are_found(trail):
    a, b = trail[1], trail[2]
    raw("UPDATE {table} SET chain_seq = chain_seq + 1000000 WHERE id IN (%s, %s)", [a.pk, b.pk])
    raw("UPDATE {table} SET chain_seq = %s WHERE id = %s", [a.chain_seq, b.pk])
    raw("UPDATE {table} SET chain_seq = %s WHERE id = %s", [b.chain_seq, a.pk])
    code, out = verify_output()
    assert code == 1
    assert f"BROKEN at event {b.pk}" in out and "reordered" in out


def test_a_row_rehashed_without_the_key_is_found(trail, settings):
    event = trail[2]
    event.summary = "overgeschreven"
    ours = settings.REGIODEAL_AUDIT_KEY
    settings.REGIODEAL_AUDIT_KEY = "de-sleutel-van-de-aanvaller"
    forged = integrity.chain_hash(trail[1].chain_hash, event)
    settings.REGIODEAL_AUDIT_KEY = ours
    raw(
        "UPDATE {table} SET summary = %s, chain_hash = %s WHERE id = %s", ["overgeschreven", forged, event.pk]
    )
    code, out = verify_output("--json")
    assert code == 1
    result = json.loads(out[: out.rindex("}") + 1])
    assert result["ok"] is False
    assert result["chains"][0]["problem"]["event_id"] == event.pk


def test_an_unknown_deal_is_a_clear_error(trail):
    code, out = verify_output("--deal", "nergens")
    assert code == 2
    assert "--deal nergens: no audit trail for this deal" in out


def test_maintenance_permits_emptying_the_trail_for_a_restore(trail):
    with integrity.maintenance():
        AuditEvent.objects.all().delete()
        AuditChain.objects.all().delete()
    assert not AuditEvent.objects.exists()
    with pytest.raises(PermissionDenied):
        record(trail[0]).delete()


def test_heads_are_rebuilt_after_a_restore_without_them(trail):
    AuditChain.objects.all().delete()
    assert verification.rebuild_heads() >= 1
    assert verify_output()[0] == 0


def test_blanking_an_ip_address_keeps_the_chain_valid(trail):
    AuditEvent.objects.filter(pk=trail[1].pk).purge_sources()
    event = AuditEvent.objects.get(pk=trail[1].pk)
    assert (event.source, event.source_salt) == ("", "")
    assert event.source_digest  # still hashed, but identifies no one without the salt
    assert verify_output()[0] == 0


@pytest.mark.only_on("postgresql")  # the trigger is PostgreSQL's
def test_postgresql_refuses_update_and_delete_outside_maintenance(trail):
    def execute(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql.replace("{table}", AuditEvent._meta.db_table), [trail[0].pk])

    for sql in (
        "UPDATE {table} SET summary = 'x' WHERE id = %s",
        "DELETE FROM {table} WHERE id = %s",
        "UPDATE {table} SET source = '6.6.6.6' WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            execute(sql)
    with transaction.atomic():  # blanking is the one rewrite allowed
        execute("UPDATE {table} SET source = '', source_salt = '' WHERE id = %s")
    assert verify_output()[0] == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_share_a_place_in_the_chain(waterwegregio):
    version = waterwegregio.versions.get()
    errors = []

    def write(n):
        try:
            for i in range(10):
                with transaction.atomic():
                    record(version, summary=f"{n}-{i}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    events = AuditEvent.objects.filter(deal_slug="waterwegregio", action="test.noted")
    seqs = sorted(events.values_list("chain_seq", flat=True))
    assert len(seqs) == 40 and len(set(seqs)) == 40
    assert verify_output("--deal", "waterwegregio")[0] == 0


def test_the_migration_chains_existing_events_in_id_order(trail, other_deal):
    import importlib

    from django.db.migrations.loader import MigrationLoader

    apps = MigrationLoader(connection).project_state(("audit", "0003_hash_chain_and_append_only")).apps
    migration = importlib.import_module("regiodeal.audit.migrations.0003_hash_chain_and_append_only")
    with integrity.maintenance():  # as they were before the chain: no place, no hash, no head
        AuditEvent.objects.update(chain_seq=None, chain_hash="", source_salt="", source_digest="")
        AuditChain.objects.all().delete()
    assert verify_output()[0] == 1

    class Editor:
        connection = connection

    with integrity.maintenance():  # in `migrate` it runs before the PostgreSQL trigger exists
        migration.chain_existing_events(apps, Editor())
    assert verify_output()[0] == 0
    ours = list(AuditEvent.objects.filter(deal_slug="waterwegregio").order_by("id"))
    assert [e.chain_seq for e in ours] == list(range(1, len(ours) + 1))
    assert ours[-1].source_digest == integrity.source_digest(ours[-1].source_salt, "10.0.0.1")


def test_the_daily_job_logs_a_broken_chain(trail, caplog):
    from regiodeal.audit.jobs import audit_verify
    from regiodeal.jobs.schedule import daily_jobs

    assert ("audit-verify", 5) in [(j.name, j.hour) for j in daily_jobs()]
    assert audit_verify.call() == 0
    raw("UPDATE {table} SET summary = %s WHERE id = %s", ["overgeschreven", trail[2].pk])
    assert audit_verify.call() == 1
    assert f"audit trail chain waterwegregio broken at event {trail[2].pk}" in caplog.text


def test_maintenance_ends_with_its_block_inside_a_longer_transaction(trail):
    with transaction.atomic():
        with integrity.maintenance():
            AuditEvent.objects.filter(pk=trail[0].pk).delete()
        with pytest.raises(PermissionDenied):
            AuditEvent.objects.filter(pk=trail[1].pk).delete()
        if connection.vendor == "postgresql":
            with (
                pytest.raises(DatabaseError, match="append-only"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(
                    f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s",  # noqa: S608
                    [trail[1].pk],
                )
