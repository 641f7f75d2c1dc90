"""`regiodeal backup` and `regiodeal restore`: a round trip gives back every row of every table,
on SQLite and on PostgreSQL (CI runs this file on both)."""

import gzip
import json

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import CommandError, call_command

from regiodeal.audit.models import AuditEvent
from regiodeal.deals.models import Deal, Party

pytestmark = pytest.mark.django_db(transaction=True)


def every_table() -> dict[str, list]:
    """All rows of all backed-up models, with natural keys, in primary-key order."""
    from regiodeal.common.backup import _in_backup

    out = {}
    for model in apps.get_models():
        if _in_backup(model):
            rows = model._default_manager.order_by("pk")
            out[model._meta.label_lower] = serializers.serialize(
                "python", rows, use_natural_foreign_keys=True
            )
    return out


def test_a_backup_restores_every_row_of_every_table(tmp_path, waterwegregio, other_deal, role_users):
    before = every_table()
    assert len(before["deals.party"]) == 20 and len(before["accounts.membership"]) == 7
    file = tmp_path / "backup.json.gz"
    call_command("backup", str(file))

    # Damage: a deal removed down to its parties, an audit event added.
    Party.objects.filter(version__deal=other_deal).delete()
    AuditEvent.objects.create(actor_label="x", action="x", object_type="x", object_id="1")
    assert every_table() != before

    call_command("restore", str(file), "--yes")
    assert every_table() == before
    # New rows continue after the restored ones (sequences reset on PostgreSQL).
    assert AuditEvent.objects.create(actor_label="y", action="y", object_type="y", object_id="2").pk > max(
        e["pk"] for e in before["audit.auditevent"]
    )


def test_a_restore_that_fails_changes_nothing(tmp_path, waterwegregio):
    file = tmp_path / "backup.json.gz"
    call_command("backup", str(file))
    with gzip.open(file, "rt") as src:
        content = json.load(src)
    content["data"].append({"model": "deals.party", "pk": 999999, "fields": {"version": 424242}})
    with gzip.open(file, "wt") as out:
        json.dump(content, out)
    Deal.objects.create(slug="nieuw")
    with pytest.raises(Exception):  # noqa: B017 - any database error; what matters is below
        call_command("restore", str(file), "--yes")
    assert Deal.objects.filter(slug="nieuw").exists()
    assert Deal.objects.count() == 2


def test_restore_refuses_a_file_that_is_no_backup(tmp_path, waterwegregio):
    file = tmp_path / "notes.txt"
    file.write_text("hello")
    with pytest.raises(CommandError) as caught:
        call_command("restore", str(file), "--yes")
    assert "not a regiodeal backup" in str(caught.value)


def test_restore_refuses_a_backup_of_another_schema(tmp_path, waterwegregio):
    file = tmp_path / "backup.json.gz"
    call_command("backup", str(file))
    with gzip.open(file, "rt") as src:
        content = json.load(src)
    content["header"]["migrations"].append(["deals", "9999_future"])
    with gzip.open(file, "wt") as out:
        json.dump(content, out)
    with pytest.raises(CommandError) as caught:
        call_command("restore", str(file), "--yes")
    assert "made with another version of the database schema" in str(caught.value)
    assert "9999_future" in str(caught.value)


def test_restore_asks_before_replacing_everything(tmp_path, waterwegregio):
    file = tmp_path / "backup.json.gz"
    call_command("backup", str(file))
    with pytest.raises(CommandError, match="add --yes to confirm"):
        call_command("restore", str(file), interactive=False)
