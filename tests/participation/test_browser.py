"""Participation in a real headless Chromium: the programme office logs in, records a conversation
and sees the wijk reach the norm of Art. 2.1 (and the results dashboard agree); a personal-data
refusal is shown at its field; axe finds no WCAG 2.1 A/AA violations."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import assert_accessible
from tests.results.browser import load_every_chart

from .conftest import talk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def office(page, live_server, wijken, themes, make_user):
    from regiodeal.accounts.roles import Role

    deal = wijken["oost"].deal
    make_user(Role.PROGRAMME_OFFICE, deal, username="bureau")
    talk(deal, wijken["nieuwland"], 20, dt.date(2025, 3, 1))
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("bureau")
    page.get_by_label("Wachtwoord").fill("a-long-test-password")
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    return page


def spoken_in(page, code):
    row = page.locator(f'#norm-table tr[data-wijk="{code}"]')
    return row.locator('[data-testid="spoken"]').inner_text(), row.locator(".rd-verdict").inner_text()


def test_recording_a_conversation_moves_the_wijk_to_the_norm(office, live_server):
    page = office
    base = f"{live_server.url}/deals/waterwegregio/participation/"
    page.goto(f"{base}?on=2025-07-02")
    assert spoken_in(page, "WK060601") == ("20", "op schema")
    assert "Bewoners gesproken per wijk" in page.locator("svg.rd-chart title").text_content()
    assert_accessible(page)

    page.goto(f"{base}conversations/new/")
    page.locator("#id_wijk").select_option("WK060601")
    page.locator("#id_held_on").fill("2025-04-15")
    page.locator("#id_organisation").select_option("SCHIEDAM")
    page.get_by_label("Aantal bewoners gesproken").fill("12")
    page.get_by_label("bijeenkomst").check()
    page.get_by_label("Van hen: jongeren").fill("5")
    page.get_by_label("Veiligheid").check()
    page.get_by_label("Wat bewoners inbrachten").fill("Bel me op 06-12345678")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    assert "een telefoonnummer (06-12345678)" in page.locator("#id_raised_error").inner_text()
    expect(page.locator('.rd-error-summary a[href="#id_raised"]')).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Wat bewoners inbrachten").fill("Meer verlichting bij het speelveld.")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("tellen mee voor de norm van Nieuwland")).to_be_visible()

    page.goto(f"{base}?on=2025-07-02")
    assert spoken_in(page, "WK060601") == ("32", "behaald")
    page.goto(f"{live_server.url}/deals/waterwegregio/results/?on=2025-07-02")
    load_every_chart(page)  # each result's indicators are fetched as the page scrolls to them
    expect(page.get_by_text("1 van 3 gebieden op schema of behaald")).to_be_visible()


@pytest.mark.parametrize("path", ["conversations/", "initiatives/", "cocreation/", "quality/", "wijken/"])
def test_the_participation_pages_meet_wcag_21_aa(office, live_server, path):
    office.goto(f"{live_server.url}/deals/waterwegregio/participation/{path}")
    assert_accessible(office)
