"""One strict reading of amounts: the API takes plain decimal strings only, forms
and imports the Dutch notation in ASCII digits; an amount larger than the deal's whole budget is
refused at entry as a typing error, while a real overspend stays recordable (Art. 4.2)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from regiodeal.audit.services import Actor
from regiodeal.common.amounts import AmountError, parse_amount, parse_plain_amount
from regiodeal.deals.selectors import version_in_force
from regiodeal.finance.importing import ImportFailed, ledger_import
from regiodeal.finance.models import LedgerEntry
from regiodeal.finance.services import entry_record
from regiodeal.finance.validation import EntryDraft

pytestmark = pytest.mark.django_db
ENTRIES = "/api/v1/deals/waterwegregio/finance/entries/"


@pytest.mark.parametrize(
    ("raw", "value"), [("1250", "1250.00"), ("-3.5", "-3.50"), ("1250.00", "1250.00"), (12, "12.00")]
)
def test_the_api_reads_plain_decimal_strings(raw, value):
    assert parse_plain_amount(raw) == Decimal(value)


@pytest.mark.parametrize(
    "raw",
    ["1e5", "١٢٣", "1_000", "1.000,00", "1,5", " 12 3", "1.234", "0x10", "NaN", "Infinity", 1.5, True, None],
)
def test_the_api_refuses_anything_else(raw):
    with pytest.raises(AmountError):
        parse_plain_amount(raw)


@pytest.mark.parametrize("raw", ["١٢٣", "١٢٣,٤٥", "۱۲۳", "1_000", "1e5"])
def test_forms_and_imports_read_only_ascii_digits(raw):
    with pytest.raises(AmountError):
        parse_amount(raw)


@pytest.fixture
def office(role_users):
    client = Client()
    client.force_login(role_users["programme_office"])
    return client


def _entry(amount) -> dict:
    return {
        "kind": "national_allocation",
        "booked_on": "2026-02-01",
        "amount": amount,
        "budget_line": "P1",
        "project": "WW-001",
        "organisation": "SCHIEDAM",
        "source_document": "besluit 1",
    }


@pytest.mark.parametrize("amount", ["1e5", "١٢٣", "1_000", 1000.5, "1.000,00"])
def test_the_entries_api_refuses_a_loose_amount_at_the_field(office, projects, amount):
    response = office.post(ENTRIES, _entry(amount), content_type="application/json")
    assert response.status_code == 400
    assert "1250.00" in response.json()["amount"][0]
    assert not LedgerEntry.objects.exists()


def test_the_entries_api_takes_a_plain_amount(office, projects):
    response = office.post(ENTRIES, _entry("1000.50"), content_type="application/json")
    assert response.status_code == 201 and response.json()["amount"] == "1000.50"


def _whole_budget(deal) -> Decimal:
    return sum(
        (b.total for b in version_in_force(deal, on=dt.date(2026, 2, 1)).budget_lines.all()), Decimal(0)
    )


def test_art_4_2_an_amount_above_the_whole_budget_is_refused_at_entry(office, projects, waterwegregio):
    """The issue's € 123 billion on a line of € 8.4 million: a typing error, refused everywhere an
    entry is made (API, service, import), saying so."""
    whole = _whole_budget(waterwegregio)
    response = office.post(ENTRIES, _entry("123000000000.00"), content_type="application/json")
    assert response.status_code == 400
    assert "hele begroting" in response.json()["amount"][0]
    draft = EntryDraft(
        kind="national_allocation",
        booked_on=dt.date(2026, 2, 1),
        amount=whole + Decimal("0.01"),
        budget_line="P1",
        source_document="besluit 1",
        project="WW-001",
        organisation="SCHIEDAM",
    )
    with pytest.raises(ValidationError) as refused:
        entry_record(actor=Actor(label="test"), deal=waterwegregio, draft=draft)
    assert "hele begroting" in str(refused.value)
    content = (
        "datum;bedrag;begrotingsregel;project;partij;brondocument\n"
        "01-02-2026;123000000000;P1;WW-001;SCHIEDAM;b\n"
    )
    with pytest.raises(ImportFailed) as info:
        ledger_import(
            actor=Actor(label="test"),
            deal=waterwegregio,
            kind="allocations",
            binary=io.BytesIO(content.encode()),
            file_name="x.csv",
        )
    assert [(p.row, p.column, p.rule) for p in info.value.problems] == [
        (2, "bedrag", "finance.amount-beyond-budget")
    ]
    assert not LedgerEntry.objects.exists()


def test_art_4_2_a_real_overspend_stays_recordable(office, projects, waterwegregio):
    """More than the line's national maximum, within the whole budget: recorded; the checks find it."""
    line = version_in_force(waterwegregio, on=dt.date(2026, 2, 1)).budget_lines.get(code="P1")
    amount = line.rijk + Decimal("1000.00")
    assert amount <= _whole_budget(waterwegregio)
    response = office.post(ENTRIES, _entry(f"{amount:.2f}"), content_type="application/json")
    assert response.status_code == 201, response.json()
    from regiodeal.finance.checks import national_within_line_maximum

    [finding] = national_within_line_maximum(waterwegregio, dt.date(2026, 2, 1))
    assert finding.data["line"] == "P1" and finding.data["excess"] == "1000.00"
