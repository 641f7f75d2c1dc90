"""In a real Chromium, the governance screens of the covenant's second reading: Partners as
guests of the overleg (Art. 6.1), a shortcoming (Art. 16), the publication in the Staatscourant (Art. 20.1),
the roles of a withdrawing regiokassier (Art. 12.2) and an acceding party's acceptance (Art.
13.1). Each form with good and bad input, then reopened; axe in Dutch and English."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from regiodeal.accounts.roles import Role
from regiodeal.governance import services as svc
from tests.browser_helpers import assert_accessible, logged_in

from .conftest import ACTOR, discussion
from .test_withdrawal_and_accession import NEW_PARTY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BASE = "/deals/waterwegregio/governance"


def english(page, url):
    page.goto(url.replace("/deals/", "/en/deals/"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)


@pytest.fixture
def office(browser, live_server, signed, make_user):
    make_user(Role.PROGRAMME_OFFICE, signed, username="office")
    page = logged_in(browser, live_server, "office")
    yield page
    page.close()


def test_the_office_records_partners_as_guests_of_the_overleg(office, live_server, signed):
    url = f"{live_server.url}{BASE}/meetings/"
    office.goto(url)
    assert_accessible(office)
    form = office.locator("form.rd-form")
    form.get_by_label(re.compile("Volkshuisvesting")).check()
    form.get_by_label(re.compile("gemeente Rotterdam")).check()
    form.get_by_label("TNO", exact=True).check()
    form.get_by_label("Agenda").fill("1. Voortgang")
    with office.expect_navigation():
        form.get_by_role("button", name="Vastleggen").click()  # no date
    expect(office.locator("#id_held_on_error")).to_be_visible()
    assert "Datum" in office.locator(".rd-error-summary").inner_text()

    form = office.locator("form.rd-form")
    form.get_by_label("Datum").fill("2025-03-12")
    with office.expect_navigation():
        form.get_by_role("button", name="Vastleggen").click()
    assert office.locator("#guests").inner_text() == "TNO"
    assert office.locator("#counts").inner_text().startswith("ja")
    meeting_url = office.url
    assert_accessible(office)

    office.goto(meeting_url)  # reopened: the edit form holds what was recorded
    office.get_by_text("Vergadering bewerken").click()
    edit = office.locator("form", has=office.locator("#id_edit-guests"))
    assert edit.get_by_label("TNO", exact=True).is_checked()
    assert not edit.get_by_label("Albeda College", exact=True).is_checked()
    assert edit.get_by_label(re.compile("Volkshuisvesting")).is_checked()
    assert edit.get_by_label("Datum").input_value() == "2025-03-12"
    edit.get_by_label(re.compile("Volkshuisvesting")).uncheck()  # only the Regio left
    with office.expect_navigation():
        edit.get_by_role("button", name="Opslaan").click()
    assert office.locator("#counts").inner_text().startswith("nee")
    english(office, meeting_url)
    assert office.locator("#counts").inner_text().startswith("no: record members present")
    english(office, url)


def test_a_shortcoming_names_the_party_called_to_account(office, live_server, signed):
    url = f"{live_server.url}{BASE}/register/"
    office.goto(url)
    office.get_by_text("Punt toevoegen").click()
    form = office.locator("#item-add")
    form.get_by_label("Soort").select_option(label="tekortkoming (art. 16)")
    form.get_by_label("Titel").fill("Regionale bijdrage pijler 3 blijft uit")
    form.get_by_label("Omschrijving").fill("De toegezegde cofinanciering is niet overgemaakt.")
    form.get_by_label("Ingebracht door").select_option(
        label="De Minister van Volkshuisvesting en Ruimtelijke Ordening"
    )
    form.get_by_label("Ingebracht op").fill("2025-05-01")
    with office.expect_navigation():
        form.get_by_role("button").click()
    form = office.locator("#item-add")
    message = "Kies de Partij die op de tekortkoming wordt aangesproken (art. 16)."
    assert form.locator("#id_item-addressed_to_error").inner_text() == message
    assert message in form.locator(".rd-error-summary").inner_text()
    assert_accessible(office)

    form.get_by_label("Aangesproken Partij").select_option(
        label="Gedeputeerde Staten van de provincie Zuid-Holland"
    )
    with office.expect_navigation():
        form.get_by_role("button").click()
    office.get_by_role("link", name=re.compile("Regionale bijdrage pijler 3")).click()
    office.wait_for_load_state()
    assert office.locator("#addressed-to").inner_text() == "Gedeputeerde Staten van de provincie Zuid-Holland"
    edit = office.locator("form", has=office.locator("#id_edit-title"))
    assert edit.get_by_label("Soort").input_value() == "shortcoming"
    assert edit.get_by_label("Ingebracht op").input_value() == "2025-05-01"
    assert_accessible(office)
    english(office, office.url)


def test_the_publication_in_the_staatscourant(office, live_server, signed):
    url = f"{live_server.url}{BASE}/publications/"
    office.goto(url)
    assert_accessible(office)
    form = office.locator("#publication-form")
    form.get_by_label("Vindplaats in de Staatscourant").fill("Stcrt. 2024, 34567")
    form.get_by_label("Gepubliceerd op").fill("2024-09-01")  # before the signatures
    with office.expect_navigation():
        form.get_by_role("button", name="Vastleggen").click()
    form = office.locator("#publication-form")
    assert "Vóór de ondertekening" in form.locator("#id_published_on_error").inner_text()
    assert "Vóór de ondertekening" in form.locator(".rd-error-summary").inner_text()
    assert form.get_by_label("Vindplaats in de Staatscourant").input_value() == "Stcrt. 2024, 34567"
    assert "Nog geen publicatie vastgelegd." in office.locator("#publications").inner_text()

    form.get_by_label("Gepubliceerd op").fill("2024-10-20")
    form.get_by_label("Adres op officielebekendmakingen.nl").fill(
        "https://zoek.officielebekendmakingen.nl/stcrt-2024-34567.html"
    )
    with office.expect_navigation():
        form.get_by_role("button", name="Vastleggen").click()
    office.goto(url)  # reopened
    row = office.locator("#publications tbody tr").first
    assert row.locator("th").inner_text() == "Stcrt. 2024, 34567"
    assert row.locator("td").nth(0).inner_text() == "20 oktober 2024"
    assert row.locator("td").nth(1).inner_text() == "de deal"
    assert row.get_by_role("link").get_attribute("href").endswith("stcrt-2024-34567.html")
    english(office, url)
    assert office.get_by_role("heading", level=1).inner_text() == "Publication in the Staatscourant"
    assert office.locator("#publications tbody tr td").nth(1).inner_text() == "the deal"


def test_the_overleg_decides_who_takes_over_from_a_withdrawing_regiokassier(office, live_server, signed):
    def org(code):
        return signed.organisations.get(code=code)

    request = svc.withdrawal_file(
        actor=ACTOR,
        deal=signed,
        party=org("ROTTERDAM"),
        notice_on=dt.date(2025, 11, 30),
        circumstances="De gemeente draagt de rol over.",
    )
    meeting = discussion(signed, org, dt.date(2026, 1, 15))
    decision = svc.decision_add(actor=ACTOR, meeting=meeting, text="Schiedam wordt regiokassier.")
    url = f"{live_server.url}{BASE}/requests/{request.number}/"
    office.goto(url)
    roles = office.locator("#roles")
    assert "wie het rijksgeld hierna ontvangt en verantwoordt" in roles.inner_text()
    assert_accessible(office)
    form = office.locator("#roles-form")
    form.get_by_label("Besluit van het overleg").select_option(label=str(decision))
    form.get_by_label("Nieuwe regiokassier").select_option(label=str(org("BZK")))  # not regional
    form.get_by_label("Wat de overige Partijen besloten").fill("Het Rijk neemt het over.")
    with office.expect_navigation():
        form.get_by_role("button", name="Besluit vastleggen").click()
    form = office.locator("#roles-form")
    expect(form.locator(".rd-error-summary")).to_be_visible()
    assert form.get_by_label("Wat de overige Partijen besloten").input_value() == "Het Rijk neemt het over."

    form.get_by_label("Besluit van het overleg").select_option(label=str(decision))
    form.get_by_label("Nieuwe regiokassier").select_option(label=str(org("SCHIEDAM")))
    form.get_by_label("Wat de overige Partijen besloten").fill(
        "Schiedam ontvangt en verantwoordt het rijksgeld."
    )
    with office.expect_navigation():
        form.get_by_role("button", name="Besluit vastleggen").click()
    office.goto(url)  # reopened
    assert (
        "Schiedam ontvangt en verantwoordt het rijksgeld."
        in office.get_by_test_id("roles-decision").inner_text()
    )
    expect(office.get_by_role("link", name="versie 2")).to_be_visible()
    english(office, url)


def test_an_acceding_party_accepts_the_obligations(office, live_server, signed):
    request = svc.accession_file(
        actor=ACTOR, deal=signed, filed_on=dt.date(2025, 6, 1), contribution="EUR 500.000.", party=NEW_PARTY
    )
    url = f"{live_server.url}{BASE}/requests/{request.number}/"
    office.goto(url)
    assert office.get_by_test_id("accepted").inner_text() == "nog niet"
    form = office.locator("#acceptance-form")
    form.get_by_label("Verplichtingen aanvaard op").fill("2025-06-03")
    form.get_by_label(re.compile("Verklaring van aanvaarding")).set_input_files(
        files=[{"name": "aanvaarding.docx", "mimeType": "application/msword", "buffer": b"PK"}]
    )
    with office.expect_navigation():
        form.get_by_role("button", name="Aanvaarding vastleggen").click()
    form = office.locator("#acceptance-form")
    assert "PDF, PNG of JPEG" in form.locator("#id_acceptance-declaration_error").inner_text()
    assert "PDF, PNG of JPEG" in form.locator(".rd-error-summary").inner_text()
    assert_accessible(office)
    form.get_by_label("Verplichtingen aanvaard op").fill("2025-06-03")
    form.get_by_label(re.compile("Verklaring van aanvaarding")).set_input_files(
        files=[{"name": "aanvaarding.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 ja"}]
    )
    with office.expect_navigation():
        form.get_by_role("button", name="Aanvaarding vastleggen").click()
    office.goto(url)  # reopened
    # The stored name may carry a suffix when the file store already holds one of that name.
    assert re.fullmatch(
        r"3 juni 2025 \(aanvaarding(_\w+)?\.pdf\)", office.get_by_test_id("accepted").inner_text()
    )
    english(office, url)
