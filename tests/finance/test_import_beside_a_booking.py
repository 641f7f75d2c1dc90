"""A booking made while a long import runs in the same deal, budget line and year.

Both add to the same row of the money totals (finance/totals.py), and adding locks that row until
the transaction ends. The import adds its totals once, at its end (`totals.Pending`), so on
PostgreSQL the booking is saved at once while the import goes on; when the import added them per
chunk, the booking waited for the whole file (42 s for 100,000 rows under the load test). SQLite
has one writer at a time: there the booking waits for the import, as its write lock demands. On
both, the import and the booking are kept, and the totals hold both.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
import time

import pytest
from django.db import connection

from regiodeal.finance import totals
from regiodeal.finance.importing import ledger_import
from regiodeal.finance.models import LedgerEntry, MoneyTotal
from tests.factories import book

from .conftest import ACTOR

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 6_000  # three chunks of the import (importing.CHUNK)


def spending_file(rows: int) -> io.BytesIO:
    lines = ["datum;bedrag;begrotingsregel;project;ten_laste_van;brondocument"]
    lines += [f"2026-02-{1 + i % 28:02d};{10 + i % 90},00;P1;WW-001;regio;factuur {i}" for i in range(rows)]
    return io.BytesIO("\n".join(lines).encode("utf-8"))


def test_a_booking_does_not_wait_for_an_import_in_the_same_line_and_year(waterwegregio, projects):
    postgresql = connection.vendor == "postgresql"
    halfway, go_on = threading.Event(), threading.Event()
    read, moments, outcome = [0], {}, {}

    def progress(rows: int) -> None:
        read[0] += rows
        if read[0] >= 5_000 and not halfway.is_set():  # two chunks are in the ledger
            halfway.set()
            # Long enough on PostgreSQL for a booking that waits for the import to be seen waiting.
            go_on.wait(timeout=10 if postgresql else 0.5)
            moments["import goes on"] = time.monotonic()

    def run_import() -> None:
        try:
            outcome["import"] = ledger_import(
                actor=ACTOR,
                deal=waterwegregio,
                kind="spending",
                binary=spending_file(ROWS),
                file_name="uitgaven.csv",
                progress=progress,
            )
        except BaseException as exc:  # shown by the assertion below
            outcome["error"] = exc
        finally:
            connection.close()

    importer = threading.Thread(target=run_import)
    importer.start()
    assert halfway.wait(timeout=60), "the import did not reach its third chunk"
    booking = book(
        waterwegregio, "spending", "12.34", "P1", on=dt.date(2026, 3, 1), project="WW-001", funding="regional"
    )
    moments["booked"] = time.monotonic()
    go_on.set()
    importer.join(timeout=120)

    assert "error" not in outcome, outcome.get("error")
    assert outcome["import"].rows == ROWS
    if postgresql:
        assert moments["booked"] < moments["import goes on"], "the booking waited for the import"
    else:
        assert moments["booked"] > moments["import goes on"], "two writers at once on SQLite"
    assert LedgerEntry.objects.filter(deal=waterwegregio).count() == ROWS + 1
    assert LedgerEntry.objects.filter(pk=booking.pk).exists()
    line = MoneyTotal.objects.get(deal=waterwegregio, budget_line="P1", year=2026)
    assert line.entries == ROWS + 1
    assert totals.differences([waterwegregio.pk]) == []
    assert totals.project_differences([waterwegregio.pk]) == []
