"""The money totals (finance/totals.py): kept by the services in the same
transaction as the entry, by the import per chunk, rebuilt by the bulk paths; `regiodeal check`
compares them with the ledger summed afresh, and the money overview reads them."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from regiodeal.common.findings import findings_for
from regiodeal.finance import totals
from regiodeal.finance.importing import ledger_import
from regiodeal.finance.models import LedgerEntry, MoneyTotal, ProjectMoneyTotal
from regiodeal.finance.selectors import overview, totals_by_deal
from regiodeal.finance.services import entry_correct, entry_reverse
from regiodeal.finance.validation import EntryDraft

from .conftest import ACTOR

pytestmark = pytest.mark.django_db


def book_all(book):
    book("national_allocation", "125000.00")
    book("regional_contribution", "130000.00")
    book(
        "regional_contribution",
        "20000.00",
        contribution_status="paid",
        form="in_kind",
        valuation_basis="uren",
    )
    book("spending", "40000.00")
    book("execution_costs", "1234.56", line="VAT")
    book("spending", "999.99", funding="regional", on=dt.date(2025, 6, 1))
    return book("spending", "5000.00", on=dt.date(2026, 11, 1))


def test_the_services_keep_the_totals_equal_to_the_ledger(waterwegregio, book):
    late = book_all(book)
    entry_reverse(actor=ACTOR, entry=late, reason="verkeerde regel", booked_on=dt.date(2026, 11, 2))
    draft = EntryDraft(
        kind="spending",
        booked_on=dt.date(2026, 4, 1),
        amount=Decimal("300.00"),
        budget_line="P2",
        project="WW-002",
        funding="national",
        source_document="factuur 7",
    )
    wrong = book("spending", "3.00")
    entry_correct(actor=ACTOR, entry=wrong, draft=draft, reason="bedrag", reversed_on=dt.date(2026, 4, 1))
    assert MoneyTotal.objects.filter(deal=waterwegregio).exists()
    assert totals.differences([waterwegregio.pk]) == []
    # The per-project totals (the public figures read them) too, with a row per project.
    assert totals.project_differences([waterwegregio.pk]) == []
    assert ProjectMoneyTotal.objects.filter(deal=waterwegregio, project_pk=late.project_id).exists()


def test_the_import_keeps_them_too(waterwegregio, projects):
    content = (
        "datum;bedrag;begrotingsregel;project;partij;brondocument;omschrijving\n"
        "2026-02-01;€ 125.000,00;P1;WW-001;SCHIEDAM;besluit 2026-01;Ontmoetingsplek\n"
        "15-03-2026;1.000,-;P2;WW-002;VLAARDINGEN;besluit 2026-02;\n"
    )
    ledger_import(
        actor=ACTOR,
        deal=waterwegregio,
        kind="allocations",
        binary=io.BytesIO(content.encode()),
        file_name="a.csv",
    )
    assert totals.differences([waterwegregio.pk]) == []
    assert totals.project_differences([waterwegregio.pk]) == []
    assert overview(waterwegregio, dt.date(2026, 12, 31)).total.allocated == Decimal("126000.00")


def test_the_overview_as_of_a_date_counts_only_what_was_booked_by_then(waterwegregio, book):
    book_all(book)
    march = overview(waterwegregio, dt.date(2026, 3, 1))
    assert march.total.national_spent == Decimal("40000.00") + Decimal("1234.56")
    assert march.total.paid == Decimal("20000.00") and march.total.in_kind_delivered == Decimal("20000.00")
    assert march.total.regional_spent == Decimal("999.99")
    assert march.years == [2025, 2026]
    assert overview(waterwegregio, dt.date(2025, 12, 31)).years == [2025]  # 2026 had nothing yet
    november = overview(waterwegregio, dt.date(2026, 11, 30)).total
    assert november.national_spent == march.total.national_spent + Decimal("5000.00")
    assert (
        totals_by_deal([waterwegregio], dt.date(2026, 3, 1))[waterwegregio.pk].granted == march.total.granted
    )


def test_art_4_2_check_finds_totals_that_differ_from_the_ledger_and_a_rebuild_mends_them(waterwegregio, book):
    """An entry written past the services (a bulk write) is not in the totals: `regiodeal check`
    says so, and `regiodeal money-totals --rebuild` makes them again from the ledger."""
    first = book("national_allocation", "125000.00")
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                deal=waterwegregio,
                kind="national_allocation",
                booked_on=dt.date(2026, 3, 2),
                amount=Decimal("10.00"),
                budget_line="P1",
                funding="national",
                project=first.project,
                organisation=first.organisation,
                source_document="past the services",
            )
        ]
    )
    found = [
        f
        for f in findings_for(waterwegregio, dt.date(2026, 12, 31), app="finance")
        if f.rule == "finance.money-totals-match-ledger"
    ]
    # One finding for the line and year, one for the project's row of the per-project totals.
    assert [(f.article, f.data["line"], f.data.get("year"), f.data.get("project")) for f in found] == [
        ("4.2, 5", "P1", 2026, None),
        ("4.2, 5", "P1", None, first.project_id),
    ]
    assert all(f.data["ledger"]["allocated"] - f.data["stored"]["allocated"] == 1000 for f in found)
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("money-totals", "--deal", waterwegregio.slug, stdout=out)
    assert "2 differences" in out.getvalue()
    call_command("money-totals", "--deal", waterwegregio.slug, "--rebuild", stdout=io.StringIO())
    assert totals.differences([waterwegregio.pk]) == []
    assert totals.project_differences([waterwegregio.pk]) == []
    assert overview(waterwegregio, dt.date(2026, 12, 31)).total.allocated == Decimal("125010.00")


def test_a_rebuild_of_every_deal_equals_what_the_services_kept(waterwegregio, book):
    book_all(book)
    kept = totals.stored([waterwegregio.pk])
    kept_per_project = totals.project_stored([waterwegregio.pk])
    totals.rebuild()
    assert totals.stored([waterwegregio.pk]) == kept
    assert totals.project_stored([waterwegregio.pk]) == kept_per_project
    assert len(kept_per_project) >= 4  # projects, Parties, lines and money on no project apart
