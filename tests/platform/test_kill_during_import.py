"""The server process killed in the middle of an import leaves the database as it was.

A real `regiodeal import` runs in its own process against a database file (SQLite) or server
(PostgreSQL, when DATABASE_URL names one); when its progress bar shows rows being read, it gets
SIGKILL, which no code can catch. The ledger, the import batches and the audit trail must be
exactly as before."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest

from regiodeal.audit.models import AuditEvent
from regiodeal.finance.models import ImportBatch, LedgerEntry
from tests.platform.conftest import REGIODEAL

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.processes]


def write_spending(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("datum;bedrag;begrotingsregel;project;ten_laste_van;brondocument\n")
        for i in range(rows):
            out.write(f"2025-06-{1 + i % 28:02d};{10 + i % 90},00;P1;WW-101;regio;factuur {i}\n")


def test_killing_an_import_midway_leaves_the_database_as_it_was(tmp_path, waterwegregio, settings):
    from django.db import connection

    from regiodeal.audit.services import Actor
    from regiodeal.projects.services import project_create

    project_create(
        actor=Actor(label="t"),
        deal=waterwegregio,
        code="WW-101",
        title="Ontmoetingsplek",
        lead=waterwegregio.organisations.get(code="SCHIEDAM"),
    )
    before = (LedgerEntry.objects.count(), ImportBatch.objects.count(), AuditEvent.objects.count())

    env = dict(os.environ)
    if connection.vendor == "sqlite":
        db_path = connection.settings_dict["NAME"]
        if db_path.startswith("file:") or db_path == ":memory:":
            pytest.skip("needs a database file another process can open")
        env["DATABASE_URL"] = f"sqlite:///{db_path}"
    else:
        s = connection.settings_dict
        host = urllib.parse.quote(s["HOST"], safe="")  # a socket's folder (scripts/with-postgres.sh)
        env["DATABASE_URL"] = f"postgres://{s['USER']}@{host}:{s['PORT']}/{s['NAME']}"
    env.pop("DJANGO_SETTINGS_MODULE", None)
    csv = tmp_path / "spending.csv"
    write_spending(csv, 200_000)
    process = subprocess.Popen(
        [REGIODEAL, "import", "spending", str(csv), "--deal", "waterwegregio"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Wait until the progress bar shows at least 20,000 rows read (ten chunks inserted), then kill
    # without warning.
    deadline = time.monotonic() + 120
    seen = ""
    while time.monotonic() < deadline and process.poll() is None:
        seen += os.read(process.stderr.fileno(), 4096).decode(errors="replace")
        counts = [int(n) for n in re.findall(r"(\d+)/200000", seen)]
        if counts and max(counts) >= 20_000:
            break
    assert process.poll() is None, f"the import ended before it could be killed:\n{seen[-500:]}"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    after = (LedgerEntry.objects.count(), ImportBatch.objects.count(), AuditEvent.objects.count())
    assert after == before
