"""The deal page in a real headless Chromium: the budget table is there, the language switch
works, and axe finds no WCAG 2.1 A/AA violations."""

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def deal_url(live_server, waterwegregio):
    return f"{live_server.url}/deals/waterwegregio/"


def test_the_budget_table_is_on_the_deal_page(page, deal_url):
    page.goto(deal_url)
    table = page.get_by_role("table", name="Bijdragen per programmalijn")
    expect(table).to_be_visible()
    rows = table.locator("tbody tr")
    assert rows.count() == 4
    assert rows.nth(0).locator("th").inner_text() == "Pijler 1: Impuls leefbaarheid in wijken"
    assert rows.nth(0).locator("td").all_inner_texts() == [
        "€\u00a08.400.000,00",
        "€\u00a08.400.000,00",
        "€\u00a016.800.000,00",
    ]
    assert table.locator("tfoot td").all_inner_texts() == [
        "€\u00a017.700.000,00",
        "€\u00a017.700.000,00",
        "€\u00a035.400.000,00",
    ]


def test_the_deal_page_meets_wcag_21_aa(page, deal_url):
    page.goto(deal_url)
    assert_accessible(page)


def test_the_language_switch_shows_the_page_in_english(page, deal_url):
    page.goto(deal_url)
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("heading", name="Budget", exact=True)).to_be_visible()
    table = page.get_by_role("table", name="Contributions per programme line")
    assert table.locator("tfoot td").first.inner_text() == "€17,700,000.00"
    expect(page.get_by_text("not yet in force")).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Nederlands").click()
    assert page.locator("html").get_attribute("lang") == "nl"
    expect(page.get_by_role("heading", name="Begroting", exact=True)).to_be_visible()


def test_the_skip_link_moves_focus_to_the_content(page, deal_url):
    page.goto(deal_url)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
