"""SQLite has one writer: while a long all-or-nothing import holds it, a write from the web waits its
busy timeout and is then refused with 503 and Retry-After (JSON in the API, a page on the site),
changing nothing — not a 500 "server error". The lock here is a real second connection holding
SQLite's write lock, as `regiodeal import` does."""

from __future__ import annotations

import contextlib
import sqlite3

import pytest
from django.db import connection
from django.test import Client

from regiodeal.finance.models import LedgerEntry
from regiodeal.ideas.models import Idea

# PostgreSQL locks rows, not the database: no write waits on an import there.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.only_on("sqlite")]

ENTRY = {
    "kind": "regional_contribution",
    "booked_on": "2026-02-01",
    "amount": "2400.00",
    "budget_line": "P2",
    "organisation": "TNO",
    "contribution_status": "paid",
    "sector": "private",
    "form": "in_kind",
    "valuation_basis": "24 uur à € 100",
    "source_document": "urenstaat",
}


@pytest.fixture
def write_lock():
    """`with write_lock():` holds SQLite's write lock from another connection, as a running import
    does; the web request's busy timeout is shortened to 0.2 s so that the test does not wait 20 s."""

    @contextlib.contextmanager
    def hold():
        connection.ensure_connection()
        connection.connection.execute("PRAGMA busy_timeout = 200")
        other = sqlite3.connect(connection.settings_dict["NAME"])
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.rollback()
            other.close()

    return hold


def test_an_api_write_blocked_by_an_import_is_refused_with_503_and_stores_nothing(role_users, write_lock):
    client = Client()
    client.force_login(role_users["programme_office"])
    before = LedgerEntry.objects.count()
    with write_lock():
        response = client.post(
            "/api/v1/deals/waterwegregio/finance/entries/", ENTRY, content_type="application/json"
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "Er is niets opgeslagen; probeer het over 10 seconden opnieuw." in response.json()["detail"]
    assert LedgerEntry.objects.count() == before
    # Once the import is done, the same request goes through.
    assert (
        client.post(
            "/api/v1/deals/waterwegregio/finance/entries/", ENTRY, content_type="application/json"
        ).status_code
        == 201
    )


def test_a_form_blocked_by_an_import_shows_a_page_that_says_to_try_again(waterwegregio, write_lock):
    with write_lock():
        response = Client().post(
            "/en/deals/waterwegregio/ideas/",
            {"title": "Bankjes", "description": "Meer bankjes in het park.", "area": "SCHIEDAM_OOST"},
        )
    assert response.status_code == 503 and response["Retry-After"] == "10"
    page = response.content.decode()
    assert "<h1" in page and "Busy" in page and "Nothing was saved" in page
    assert not Idea.objects.exists()
