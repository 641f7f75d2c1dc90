"""The results dashboard in a real headless Chromium: a small portfolio built through the services
shows its verdicts, the rule is on the screen, every chart has a title and a
table, and axe finds no WCAG 2.1 A/AA violations."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.browser_helpers import assert_accessible
from tests.results.browser import load_every_chart

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def logged_in(page, live_server, portfolio, make_user):
    from regiodeal.accounts.roles import Role

    client = Client()
    client.force_login(make_user(Role.PARTY_REPRESENTATIVE, portfolio, "SCHIEDAM"))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def test_the_dashboard_shows_the_verdicts_of_the_portfolio(logged_in, live_server):
    page = logged_in
    page.goto(f"{live_server.url}/deals/waterwegregio/results/?on=2026-01-01")
    table = page.get_by_role("table", name="Oordeel per pijler en beoogd resultaat")
    verdict_of = {
        code: table.locator(f'tr[data-result="{code}"] .rd-verdict').inner_text()
        for code in ("1A", "1B", "1C", "1D")
    }
    assert verdict_of == {"1A": "behaald", "1B": "achter", "1C": "risico", "1D": "geen gegevens"}
    assert table.locator('tr[data-pillar="1"] .rd-verdict').inner_text() == "achter"
    load_every_chart(page)  # each result's charts are fetched as the page scrolls to them
    expect(page.get_by_text("1 van 2 gebieden op schema of behaald")).to_be_visible()
    expect(page.get_by_role("heading", name="Hoe het oordeel tot stand komt")).to_be_visible()
    charts = page.locator("svg.rd-chart")
    assert charts.count() == 3
    assert (
        "nulmeting, pad naar de streefwaarde en per jaar de laatste meting"
        in charts.first.locator("title").text_content()
    )
    assert page.get_by_role(
        "table", name="De cijfers van de grafiek: Fysieke ontmoetingsplekken"
    ).is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Alle metingen (Fysieke ontmoetingsplekken)").first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Fysieke ontmoetingsplekken")


@pytest.mark.parametrize(
    "path",
    [
        "/deals/waterwegregio/results/theory/",
        "/deals/waterwegregio/results/results/1B/",
        "/deals/waterwegregio/projects/",
        "/deals/waterwegregio/projects/WW-001/",
        "/deals/waterwegregio/results/indicators/",
    ],
)
def test_the_results_and_project_pages_meet_wcag_21_aa(logged_in, live_server, path):
    logged_in.goto(f"{live_server.url}{path}")
    assert_accessible(logged_in)
