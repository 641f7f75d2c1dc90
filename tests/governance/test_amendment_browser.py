"""In a real Chromium: a Party representative files an amendment that moves a million from
pillar 1 to pillar 2, the programme office records VRO's receipt, and the ten Parties'
representatives each log in and declare consent; the deal then has version 2. axe checks the
pages on the way (WCAG 2.1 A/AA)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from regiodeal.accounts.roles import Role
from tests.browser_helpers import assert_accessible, logged_in

from .conftest import PARTIES, discussion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def dutch(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def test_a_representative_files_an_amendment_and_all_ten_parties_consent(
    browser, live_server, signed, representatives, make_user
):
    make_user(Role.PROGRAMME_OFFICE, signed, username="office")
    base = f"{live_server.url}/deals/waterwegregio/governance"
    meeting = discussion(signed, lambda c: signed.organisations.get(code=c), dt.date.today())

    page = logged_in(browser, live_server, "rep-schiedam")
    page.goto(f"{base}/requests/new/amendment/")
    assert_accessible(page)
    page.get_by_label("Titel").fill("Een miljoen van pijler 1 naar pijler 2")
    page.get_by_label("Waarom (toelichting)").fill("Pijler 2 loopt sneller dan gedacht (art. 4.3).")
    page.get_by_label("Begroting, pijler 1 — rijksbijdrage").fill("7400000")
    page.get_by_label("Begroting, pijler 1 — regionale bijdrage").fill("7400000")
    page.get_by_label("Begroting, pijler 2 — rijksbijdrage").fill("7700000")
    page.get_by_label("Begroting, pijler 2 — regionale bijdrage").fill("7700000")
    with page.expect_navigation():
        page.get_by_role("button", name="Indienen").click()
    assert page.get_by_test_id("request-status").inner_text() == "ingediend"
    request_url = page.url
    assert_accessible(page)
    page.close()

    office = logged_in(browser, live_server, "office")
    office.goto(request_url)
    with office.expect_navigation():
        office.get_by_role("button", name="Ontvangst vastleggen").click()
    assert office.get_by_test_id("request-status").inner_text() == "in overleg: instemming gevraagd"
    expect(office.get_by_test_id("deadline")).to_be_visible()  # six weeks after VRO learned of it
    # Art. 11.2, 4.3: the consultation in the Rijk-Regio-overleg, whose minutes record the discussion.
    form = office.locator("#consultation-form")
    with office.expect_navigation():
        form.get_by_role("button", name="Overleg vastleggen").click()
    assert "Kies de vergadering of vul de datum" in form.locator(".rd-error-summary").inner_text()
    form.get_by_label("Vergadering van het Rijk-Regio-overleg").select_option(label=str(meeting))
    with office.expect_navigation():
        form.get_by_role("button", name="Overleg vastleggen").click()
    office.goto(request_url)  # reopened: the consultation and the discussion are recorded
    assert office.get_by_test_id("discussion").inner_text() == str(meeting)
    assert office.get_by_test_id("consulted").inner_text() == dutch(meeting.held_on)
    office.close()

    for i, code in enumerate(PARTIES):
        rep = logged_in(browser, live_server, f"rep-{code.lower()}")
        rep.goto(request_url)
        if i == 0:
            assert_accessible(rep)
        form = rep.locator("#consent-form")
        form.get_by_label("stemt in", exact=True).check()
        form.get_by_label("Verklaring (bestand)").set_input_files(
            files=[
                {"name": f"instemming-{code}.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 ja"}
            ]
        )
        with rep.expect_navigation():
            rep.get_by_role("button", name="Verklaring vastleggen").click()
        row = rep.locator("#consents tbody tr", has_text=f"instemming-{code}.pdf")
        assert row.locator("td").first.inner_text() == "stemt in"
        if i < len(PARTIES) - 1:
            assert rep.get_by_test_id("request-status").inner_text() == "in overleg: instemming gevraagd"
        rep.close()

    reader = logged_in(browser, live_server, "office")
    reader.goto(request_url)
    assert reader.get_by_test_id("request-status").inner_text() == "aangenomen"
    expect(reader.get_by_role("link", name="versie 2")).to_be_visible()
    reader.goto(f"{base}/versions/2/")
    table = reader.get_by_role("table", name="Begroting in deze versie")
    assert table.locator("tbody tr").nth(0).locator("td").first.inner_text() == "€\u00a07.400.000,00"
    assert_accessible(reader)
