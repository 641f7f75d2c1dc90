"""The finance screens in a real headless Chromium, signed in as the regiokassier: the figures and
the chart are there, and axe finds no WCAG 2.1 A/AA violations on any of them."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from playwright.sync_api import expect

from regiodeal.common.findings import ERROR, findings_for
from tests.browser_helpers import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in(page, live_server, role_users, book):
    book("national_allocation", "300000.00", on=dt.date(2025, 5, 1))
    book("regional_contribution", "120000.00", on=dt.date(2025, 5, 1))
    book("spending", "50000.00", on=dt.date(2026, 2, 1))
    client = Client()
    client.force_login(role_users["regiokassier"])
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return f"{live_server.url}/deals/waterwegregio/finance/"


def test_the_overview_shows_the_money_and_the_chart_accessibly(page, signed_in):
    page.goto(signed_in)
    assert page.get_by_test_id("granted").inner_text().startswith("€\u00a0300.000,00")
    chart = page.get_by_role("figure", name="Gepland (uitvoeringsprogramma) tegenover besteed")
    expect(chart).to_be_visible()
    expect(chart.get_by_text("Pijler 1: Impuls leefbaarheid in wijken", exact=True)).to_be_visible()
    table = page.get_by_role("table", name="Financiën per programmalijn, alle jaren")
    assert table.locator("tfoot td").nth(5).inner_text() == "€\u00a0120.000,00"
    assert_accessible(page)


def test_the_overview_kept_whole_is_the_same_page_and_its_logout_works(page, signed_in):
    """The second visit comes from the page kept for the account (accounts/pages.py): the same
    figures, accessible, and its logout form carries this browser's own CSRF token."""
    page.goto(signed_in)
    first = page.get_by_test_id("granted").inner_text()
    page.goto(signed_in)
    assert page.get_by_test_id("granted").inner_text() == first
    assert_accessible(page)
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()
    assert "CSRF" not in page.content()
    page.goto(signed_in)
    assert "/accounts/login/" in page.url  # signed out: the overview asks to log in


@pytest.mark.parametrize("path", ["grootboek/", "vat-verdeling/", "bevindingen/", "spuk/"])
def test_every_finance_screen_meets_wcag_21_aa(page, signed_in, path):
    page.goto(signed_in + path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize(("prefix", "caption", "label", "money"), [
    ("", "SiSa-bijlage: regels voor de jaarrekening van de regiokassier", "Besteding (jaar T)",
     "€\u00a050.000,00"),
    ("/en", "SiSa annex: rows for the regiokassier's annual accounts", "Spending (year T)",
     "€50,000.00"),
])  # fmt: skip
def test_the_sisa_rows_are_on_the_spuk_page_in_both_languages(page, signed_in, prefix, caption, label, money):
    url = signed_in.replace("/deals/", f"{prefix}/deals/", 1) + "spuk/?on=2026-06-30"
    page.goto(url)
    table = page.get_by_role("table", name=caption)
    expect(table).to_be_visible()
    expect(table.get_by_role("cell", name=label).first).to_be_visible()
    expect(table.get_by_text(money).first).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize(("prefix", "summary"), [
    ("", "{n} bevindingen, waarvan {errors} fouten."),
    ("/en", "{n} findings (errors: {errors})."),
])  # fmt: skip
def test_the_findings_page_lists_what_the_whole_check_finds_about_money(
    page, signed_in, waterwegregio, prefix, summary
):
    """The money checks page runs only the money checks (`findings_for(..., app="finance")`): it
    lists, row for row, what the covenant's whole check finds under `finance.*` that day."""
    on = dt.date(2026, 6, 30)
    with translation.override("en" if prefix else "nl"):  # a finding's subject is in the reader's language
        expected = [f for f in findings_for(waterwegregio, on) if f.rule.startswith("finance.")]
    assert len(expected) > 1
    page.goto(signed_in.replace("/deals/", f"{prefix}/deals/", 1) + f"bevindingen/?on={on}")
    errors = sum(1 for f in expected if f.severity == ERROR)
    assert summary.format(n=len(expected), errors=errors) in page.locator("#findings-summary").inner_text()
    rows = page.locator("#table-findings tbody tr").all()
    assert [
        (row.locator("td").nth(0).inner_text(), row.locator("td").nth(2).inner_text()) for row in rows
    ] == [(f.rule, f.subject) for f in expected]
    assert_accessible(page)
