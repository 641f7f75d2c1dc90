"""`regiodeal backup` and `regiodeal restore`: a restore gives back exactly what
was backed up, with the same people behind every row, in a database just set up (SQLite or
PostgreSQL, also from the other kind) and in one whose users were numbered in another order. A
truncated or edited file, and a database holding data, are refused without changing anything.
CI runs this file on SQLite and on PostgreSQL; the cross-vendor test starts its own PostgreSQL."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from regiodeal.accounts.models import Membership
from regiodeal.accounts.roles import ACROSS_DEALS, Role
from regiodeal.audit.models import AuditEvent
from regiodeal.audit.services import Actor, audit_record
from regiodeal.common.backup import data_beyond_setup
from regiodeal.deals.models import Deal
from regiodeal.demo.portfolio import demo_portfolio_create
from regiodeal.projects.models import Project
from tests.deal_template import replayed
from tests.platform.conftest import REGIODEAL, data_folder_copy, platform_env

from .backup_snapshot import natural_snapshot, people_snapshot

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
RESTORED = "backup.restored"


@pytest.fixture
@replayed
def portfolio(waterwegregio, other_deal, role_users):
    """The example portfolio, written by the programme office, with accounts of every role, each
    of which did something on the record, a project managed by the project lead, and a group."""
    office = role_users[Role.PROGRAMME_OFFICE]
    demo_portfolio_create(
        deal=waterwegregio, actor=Actor(user=office, label=office.username, source="10.0.0.1")
    )
    project = Project.objects.filter(deal=waterwegregio).order_by("pk").first()
    project.managers.add(role_users[Role.PROJECT_LEAD])
    for key, user in role_users.items():
        if user is None:
            continue
        audit_record(
            actor=Actor(user=user, label=user.username, source="10.0.0.2"),
            action="test.role.acted",
            obj=waterwegregio,
            deal_slug=waterwegregio.slug,
            summary=key,
        )
    group = Group.objects.create(name="beheer")
    group.permissions.add(Permission.objects.get(codename="view_project"))
    role_users[Role.AUDITOR].groups.add(group)
    return role_users


@pytest.fixture
def accounts(waterwegregio, other_deal, role_users):
    """Accounts of every role, each with an audited action: enough for the refusals (quicker)."""
    for user in filter(None, role_users.values()):
        audit_record(actor=Actor(user=user, label=user.username), action="test.role.acted", obj=waterwegregio)
    return role_users


def snapshot() -> dict:
    """The natural snapshot, less the restore's own audit events."""
    tables = natural_snapshot()
    tables["audit.auditevent"] = [row for row in tables["audit.auditevent"] if RESTORED not in row]
    people = people_snapshot()
    people["actions"] = [a for a in people["actions"] if a[0] != RESTORED]
    return {"tables": tables, "people": people}


def just_set_up() -> None:
    """An empty database as `regiodeal setup` leaves it: the bundled deal and the indicator catalogue."""
    call_command("flush", interactive=False, verbosity=0)
    call_command("setup", no_static=True, verbosity=0)
    assert data_beyond_setup() == {}


def assert_same(before: dict, after: dict) -> None:
    # The chains' heads move on with the restore's own events; the chains themselves are checked
    # with `audit.verification.verify` (the events, chain fields included, are compared below).
    for side in (before, after):
        side["tables"].pop("audit.auditchain", None)
    assert after["people"] == before["people"]
    assert set(after["tables"]) == set(before["tables"])
    for label, rows in before["tables"].items():
        assert after["tables"][label] == rows, f"{label} differs after the restore"


def backup(tmp_path) -> Path:
    file = tmp_path / "backup.jsonl.gz"
    call_command("backup", str(file), verbosity=0)
    return file


def test_the_portfolio_restores_into_a_database_just_set_up(tmp_path, portfolio):
    before = snapshot()
    assert len(before["people"]["roles"]) == 7 and len(before["tables"]["projects.project"]) > 5
    file = backup(tmp_path)
    assert oct(file.stat().st_mode & 0o777) == "0o600"

    just_set_up()
    call_command("restore", str(file), verbosity=0)

    assert_same(before, snapshot())
    # The audit trail's hash chains hold after the restore.
    from regiodeal.audit.verification import verify

    assert [r.key for r in verify() if not r.ok] == []
    # New rows continue after the restored ones (sequences reset on PostgreSQL).
    highest = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert AuditEvent.objects.create(actor_label="y", action="y", object_type="y", object_id="2").pk > highest


def test_the_restore_is_in_the_audit_trail_of_every_restored_deal(tmp_path, portfolio):
    file = backup(tmp_path)
    just_set_up()
    call_command("restore", str(file), verbosity=0)
    events = AuditEvent.objects.filter(action=RESTORED).order_by("deal_slug")
    assert [e.deal_slug for e in events] == ["proefdeal", "waterwegregio"]
    assert all(e.actor_label.startswith("cli:") and e.source == "cli" for e in events)
    assert file.name in events[0].summary and f"op {connection.vendor}" in events[0].summary


def test_users_numbered_in_another_order_get_their_own_rows_back(tmp_path, portfolio, capsys):
    before = snapshot()
    file = backup(tmp_path)
    just_set_up()
    # The same usernames, created in reverse order after a stranger, with the roles swapped round:
    # a restore that matched people by username into these ids would hand out the wrong roles.
    deal = Deal.objects.get(slug="waterwegregio")
    users = [u for u in portfolio.values() if u is not None]
    get_user_model().objects.create_user(username="stranger", password="a-long-test-password")
    for user, role in zip(reversed(users), [Role.AUDITOR, Role.PROGRAMME_OFFICE] * 4, strict=False):
        new = get_user_model().objects.create_user(username=user.username, password="x-long-test-password")
        Membership.objects.create(user=new, role=role, deal=None if role in ACROSS_DEALS else deal)
    assert get_user_model().objects.get(username=users[0].username).pk != users[0].pk

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(file), verbosity=0)
    assert "--replace" in str(refused.value) and "8 gebruikers" in str(refused.value)
    assert "7 lidmaatschappen" in str(refused.value)
    assert get_user_model().objects.filter(username="stranger").exists(), "nothing changed"

    call_command("restore", str(file), "--replace")
    assert "Vervangen (niet meer in deze database): " in capsys.readouterr().out
    assert_same(before, snapshot())
    office = get_user_model().objects.get(username=portfolio[Role.PROGRAMME_OFFICE].username)
    assert office.pk == portfolio[Role.PROGRAMME_OFFICE].pk
    assert list(Membership.objects.filter(user=office).values_list("role", flat=True)) == [
        Role.PROGRAMME_OFFICE
    ]


def test_a_database_holding_data_is_refused_without_replace_and_told_what_is_lost(tmp_path, accounts):
    file = backup(tmp_path)
    demo_portfolio_create(deal=Deal.objects.get(slug="waterwegregio"))
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(file))
    message = str(refused.value)
    for kind in ("projecten", "gebruikers", "lidmaatschappen", "audittrail", "Regio Deals"):
        assert kind in message, kind
    assert "Er is niets gewijzigd" in message
    with translation.override("en"), pytest.raises(CommandError) as refused:
        call_command("restore", str(file))
    assert "Add --replace" in str(refused.value) and "projects" in str(refused.value)


def _lines(file: Path) -> list[bytes]:
    with gzip.open(file, "rb") as src:
        return src.readlines()


def _write(file: Path, lines: list[bytes], *, new_checksum: bool) -> None:
    if new_checksum:  # as someone would who knows the format: only the content is then checked
        body = lines[:-1]
        counts: dict[str, int] = {}
        for raw in body[1:]:
            if raw.startswith(b'{"table"'):
                table = json.loads(raw)["table"]
                counts[table] = 0
            else:
                counts[table] += 1
        sha = hashlib.sha256(b"".join(body)).hexdigest()
        lines = [*body, json.dumps({"trailer": {"rows": counts, "sha256": sha}}).encode() + b"\n"]
    with gzip.open(file, "wb") as out:
        out.writelines(lines)


@pytest.fixture
def marked(waterwegregio):
    """A database to restore into, with a mark that shows whether anything changed."""
    Deal.objects.create(slug="nieuw")
    yield
    assert Deal.objects.filter(slug="nieuw").exists(), "the refused restore changed the database"


def test_a_truncated_file_is_refused_before_anything_changes(tmp_path, accounts, marked):
    file = backup(tmp_path)
    cut = tmp_path / "cut.gz"
    cut.write_bytes(file.read_bytes()[: file.stat().st_size // 2])
    with pytest.raises(CommandError, match="onvolledig of beschadigd"):
        call_command("restore", str(cut), "--replace")
    lines = _lines(file)
    _write(cut, lines[: len(lines) // 2], new_checksum=False)  # a whole gzip, half the lines
    with pytest.raises(CommandError, match="de backup is onvolledig"):
        call_command("restore", str(cut), "--replace")


def test_an_edited_file_is_refused_by_its_checksum(tmp_path, accounts, marked):
    file = backup(tmp_path)
    office = accounts[Role.PROGRAMME_OFFICE].username
    auditor = accounts[Role.AUDITOR].username
    lines = [
        raw.replace(f'"{office}"'.encode(), b'"x"').replace(f'"{auditor}"'.encode(), f'"{office}"'.encode())
        for raw in _lines(file)
    ]
    _write(file, lines, new_checksum=False)
    with pytest.raises(CommandError, match=r"controlesom \(SHA-256\) klopt niet"):
        call_command("restore", str(file), "--replace")


def test_a_backup_made_under_another_audit_key_is_refused(tmp_path, accounts, marked, settings):
    file = backup(tmp_path)
    settings.REGIODEAL_AUDIT_KEY = "the key of another server"
    with pytest.raises(CommandError, match="REGIODEAL_AUDIT_KEY"):
        call_command("restore", str(file), "--replace")


def test_a_restore_that_fails_half_way_changes_nothing(tmp_path, accounts, marked):
    file = backup(tmp_path)
    lines = _lines(file)
    at = next(i for i, raw in enumerate(lines) if raw.startswith(b'{"table":"accounts.membership"'))
    row = json.loads(lines[at + 1])
    columns = json.loads(lines[at])["columns"]
    row[columns.index("user_id")] = 424242  # no such user
    lines[at + 1] = json.dumps(row).encode() + b"\n"
    _write(file, lines, new_checksum=True)
    with pytest.raises(Exception):  # noqa: B017 - the database's foreign key; what matters is the mark
        call_command("restore", str(file), "--replace")


def test_a_backup_of_another_schema_is_refused(tmp_path, accounts, marked):
    file = backup(tmp_path)
    lines = _lines(file)
    header = json.loads(lines[0])
    header["header"]["migrations"].append(["deals", "9999_future"])
    lines[0] = json.dumps(header).encode() + b"\n"
    _write(file, lines, new_checksum=True)
    with pytest.raises(CommandError) as caught:
        call_command("restore", str(file), "--replace")
    assert "andere versie van het databaseschema" in str(caught.value) and "9999_future" in str(caught.value)


def test_a_file_that_is_no_backup_is_refused(tmp_path, waterwegregio):
    file = tmp_path / "notes.txt"
    file.write_text("hello")
    with pytest.raises(CommandError, match="onvolledig of beschadigd"):
        call_command("restore", str(file))
    with gzip.open(file, "wt") as out:
        out.write('{"hello": 1}\n')
    with pytest.raises(CommandError, match="geen regiodeal-backup"):
        call_command("restore", str(file))


# ---------------------------------------------------------------------------------------------
# Into a database of either kind, made by `regiodeal setup` in another process


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def throwaway_postgres():
    """A PostgreSQL server of its own (docs/developers.md), or a skip saying why there is none."""
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    pgbin = bins[-1] if bins else (Path(shutil.which("initdb")).parent if shutil.which("initdb") else None)
    if pgbin is None or not (pgbin / "pg_ctl").exists():
        pytest.skip("no PostgreSQL server programs (initdb, pg_ctl): apt-get install postgresql")
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    folder = Path(tempfile.mkdtemp(prefix="regiodeal-pg-"))
    if as_postgres:
        shutil.chown(folder, "postgres")
    port = _free_port()
    run = lambda *cmd: subprocess.run([*as_postgres, *cmd], check=True, capture_output=True)  # noqa: E731
    run(
        str(pgbin / "initdb"),
        "-D",
        str(folder),
        "-U",
        "postgres",
        "-A",
        "trust",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
    )
    run(
        str(pgbin / "pg_ctl"), "-D", str(folder), "-l", str(folder / "log"), "-w",
        "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off", "start",
    )  # fmt: skip
    try:
        run(
            str(pgbin / "psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            "-qc",
            "CREATE DATABASE target",
        )
        yield f"postgres://postgres@127.0.0.1:{port}/target"
    finally:
        subprocess.run(
            [*as_postgres, str(pgbin / "pg_ctl"), "-D", str(folder), "-m", "fast", "-w", "stop"], check=False
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.processes
@pytest.mark.parametrize("target", ["sqlite", "postgresql"])
def test_the_portfolio_restores_into_a_new_database_of_either_kind(tmp_path, portfolio, target, request):
    before = json.loads(json.dumps(snapshot()))
    file = backup(tmp_path)
    data = tmp_path / "target-data"
    env = platform_env(data)
    # The target server holds the source's audit key (docs/backup.md); else the restore refuses.
    env["REGIODEAL_AUDIT_KEY"] = django_settings.REGIODEAL_AUDIT_KEY
    regiodeal = [REGIODEAL]

    def run(*args: str) -> str:
        done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    if target == "postgresql":
        env["DATABASE_URL"] = request.getfixturevalue("throwaway_postgres")
        run(*regiodeal, "setup", "--no-static")
    else:  # a new server's SQLite as `regiodeal setup` leaves it, made once for the run
        data_folder_copy(request.getfixturevalue("set_up_data"), data)
    out = run(*regiodeal, "restore", str(file))
    assert f"teruggezet uit {file} (gemaakt" in out and f"op {connection.vendor})" in out
    env["DJANGO_SETTINGS_MODULE"] = "regiodeal.conf.settings"
    after = json.loads(run(sys.executable, "-m", "tests.platform.backup_snapshot"))
    after["tables"]["audit.auditevent"] = [
        r for r in after["tables"]["audit.auditevent"] if RESTORED not in r
    ]
    restored = [a for a in after["people"]["actions"] if a[0] == RESTORED]
    assert len(restored) == 2 and all(a[3] is None and a[4].startswith("cli:") for a in restored)
    after["people"]["actions"] = [a for a in after["people"]["actions"] if a[0] != RESTORED]
    assert_same(before, after)
