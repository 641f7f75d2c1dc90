"""The ledger names Parties and Partners as people know them and shows money in the one format
of each language (docs/presentation.md); the download keeps codes and numbers for machines."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils.translation import override
from openpyxl import load_workbook


@pytest.fixture
def office(client, role_users):
    client.force_login(role_users["programme_office"])
    return client


def _row(page: str, entry_id: int) -> str:
    return re.search(rf'<tr class="utrecht-table__row" id="entry-{entry_id}">(.*?)</tr>', page, re.S).group(1)


def test_the_ledger_shows_the_organisations_name_not_its_code(office, book):
    entry = book("regional_contribution", "120000.00", on=dt.date(2025, 5, 1))
    page = office.get(reverse("finance:ledger", kwargs={"slug": "waterwegregio"})).content.decode()
    row = _row(page, entry.pk)
    assert "Gemeente Schiedam" in row and "SCHIEDAM" not in row
    assert "€\u00a0120.000,00" in row and "1 mei 2025" in row


def test_the_english_ledger_shows_english_money_and_dates(office, book):
    entry = book("national_allocation", "300000.50", on=dt.date(2025, 5, 1))
    with override("en"):
        page = office.get(reverse("finance:ledger", kwargs={"slug": "waterwegregio"})).content.decode()
    row = _row(page, entry.pk)
    assert "€300,000.50" in row and "1 May 2025" in row and "Gemeente Schiedam" in row


def test_the_ledger_download_keeps_codes_and_numbers(office, book):
    book("regional_contribution", "120000.00", on=dt.date(2025, 5, 1))
    response = office.get(reverse("finance:export", kwargs={"slug": "waterwegregio", "table": "ledger"}))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))[3:]
    assert "SCHIEDAM" in rows[0] and 120000 in rows[0]
