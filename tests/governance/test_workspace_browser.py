"""In a real Chromium, as the programme office: a consent that came by letter, the escalation
levels, and the covenant check. Each form submitted as a user would, the record reopened, bad
input refused at the field and in the summary; axe on every new page in Dutch and English."""

import datetime as dt

import pytest

from regiodeal.accounts.roles import Role
from regiodeal.governance import services as svc

from .conftest import ACTOR
from .test_amendment import file_amendment
from .test_amendment_browser import assert_accessible, logged_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PZH = "Gedeputeerde Staten van de provincie Zuid-Holland"


@pytest.fixture
def office(signed, make_user):
    return make_user(Role.PROGRAMME_OFFICE, signed, username="office")


def test_the_office_records_a_consent_that_came_by_letter(browser, live_server, signed, org, office):
    request = file_amendment(signed, org)
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 3, 5))
    url = f"{live_server.url}/deals/waterwegregio/governance/requests/{request.number}/"
    page = logged_in(browser, live_server, "office")
    page.goto(url)
    colleague = logged_in(browser, live_server, "office")  # a second window, opened before the letter
    colleague.goto(url)
    assert_accessible(page)

    form = page.locator("#letter-form")
    form.get_by_label("Partij", exact=True).select_option(label=PZH)
    form.get_by_label("stemt in", exact=True).check()
    form.get_by_label("Datum van de brief").fill("2025-03-20")
    form.get_by_label("Toelichting").fill("Brief van GS, kenmerk PZH-2025-17, per post ontvangen.")
    form.get_by_label("Gescande brief").set_input_files(
        files=[{"name": "brief-pzh.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7 brief"}]
    )
    with page.expect_navigation():
        form.get_by_role("button", name="Brief vastleggen").click()

    page.goto(url)  # reopen the request
    row = page.locator("#consents tbody tr", has_text="brief-pzh.pdf")
    cells = row.locator("td")
    assert row.locator("th").inner_text() == "Provincie"  # the short name
    assert cells.nth(0).inner_text() == "stemt in"
    assert cells.nth(1).inner_text() == "20 maart 2025"
    assert cells.nth(3).inner_text().startswith(f"vastgelegd door het programmabureau namens {PZH}")
    assert "Brief van GS, kenmerk PZH-2025-17, per post ontvangen." in cells.nth(3).inner_text()
    with page.expect_download() as download:
        row.get_by_role("link", name="brief-pzh.pdf").click()
    assert download.value.suggested_filename == "brief-pzh.pdf"
    assert PZH not in page.locator("#letter-form select").inner_text()  # answered: off the list

    # The colleague's tab still offers the Party: its letter is refused with a message.
    form = colleague.locator("#letter-form")
    form.get_by_label("Partij", exact=True).select_option(label=PZH)
    form.get_by_label("stemt niet in", exact=True).check()
    form.get_by_label("Gescande brief").set_input_files(
        files=[{"name": "brief.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7 nee"}]
    )
    with colleague.expect_navigation():
        form.get_by_role("button", name="Brief vastleggen").click()
    message = f"{PZH} heeft al een verklaring gegeven."
    assert message in colleague.locator("#letter-form .utrecht-form-field-error-message").inner_text()
    assert message in colleague.locator("#letter-form .rd-error-summary").inner_text()

    # A file that is not a scanned letter is refused at the field.
    form = colleague.locator("#letter-form")
    ocw = "De Minister van Onderwijs, Cultuur en Wetenschap"
    form.get_by_label("Partij", exact=True).select_option(label=ocw)
    form.get_by_label("stemt in", exact=True).check()
    form.get_by_label("Gescande brief").set_input_files(
        files=[{"name": "brief.docx", "mimeType": "application/octet-stream", "buffer": b"PK\x03\x04"}]
    )
    with colleague.expect_navigation():
        form.get_by_role("button", name="Brief vastleggen").click()
    error = colleague.locator("#letter-form .utrecht-form-field--invalid").inner_text()
    assert "Voeg de brief toe als PDF, PNG of JPEG; brief.docx is dat niet." in error
    assert "Gescande brief" in colleague.locator("#letter-form .rd-error-summary").inner_text()
    assert_accessible(colleague)
    assert signed.governance_requests.get().consents.count() == 1

    page.goto(url.replace("/deals/", "/en/deals/"))
    assert "recorded by the programme office on behalf of" in page.locator("#consents").inner_text()
    assert_accessible(page)


def test_the_office_manages_the_escalation_levels(browser, live_server, signed, office):
    meeting = svc.meeting_create(actor=ACTOR, deal=signed, held_on=dt.date(2025, 2, 1))
    base = f"{live_server.url}/deals/waterwegregio/governance"
    page = logged_in(browser, live_server, "office")
    page.goto(f"{base}/register/")
    page.get_by_text("Escalatieniveau toevoegen").click()
    form = page.locator("#level-add")
    form.get_by_label("Niveau").fill("1")
    form.get_by_label("Naam").fill("Programmamanagers")
    form.get_by_label("Wie het oppakt").fill("het programmabureau met de ambtelijk trekkers")
    form.get_by_label("Reactie binnen (dagen)").fill("14")
    form.get_by_label("Afgesproken in").select_option(label=str(meeting))
    with page.expect_navigation():
        form.get_by_role("button", name="Toevoegen").click()

    with page.expect_navigation():
        page.locator("#levels").get_by_role("link", name="Programmamanagers").click()
    edit = page.locator("#level-edit")
    assert edit.get_by_label("Niveau").input_value() == "1"
    assert edit.get_by_label("Naam").input_value() == "Programmamanagers"
    who = edit.get_by_label("Wie het oppakt").input_value()
    assert who == "het programmabureau met de ambtelijk trekkers"
    assert edit.get_by_label("Reactie binnen (dagen)").input_value() == "14"
    assert edit.get_by_label("Afgesproken in").input_value() == str(meeting.pk)
    assert_accessible(page)

    edit.get_by_label("Naam").fill("Ambtelijk overleg")
    edit.get_by_label("Reactie binnen (dagen)").fill("21")
    with page.expect_navigation():
        edit.get_by_role("button", name="Opslaan").click()
    level_url = page.url
    page.goto(level_url)  # reopen
    edit = page.locator("#level-edit")
    assert edit.get_by_label("Naam").input_value() == "Ambtelijk overleg"
    assert edit.get_by_label("Reactie binnen (dagen)").input_value() == "21"
    assert edit.get_by_label("Afgesproken in").input_value() == str(meeting.pk)

    # A second level may not take the first one's number.
    page.goto(f"{base}/register/")
    page.get_by_text("Escalatieniveau toevoegen").click()
    form = page.locator("#level-add")
    form.get_by_label("Niveau").fill("1")
    form.get_by_label("Naam").fill("Bestuurlijk overleg")
    form.get_by_label("Wie het oppakt").fill("de bestuurders")
    with page.expect_navigation():
        form.get_by_role("button", name="Toevoegen").click()
    form = page.locator("#level-add")
    message = "Niveau 1 is al Ambtelijk overleg; kies een ander nummer (art. 6.5)."
    assert message in form.locator(".utrecht-form-field--invalid").inner_text()
    assert message in form.locator(".rd-error-summary").inner_text()
    assert_accessible(page)

    # End it, then (never used) remove it.
    page.goto(level_url)
    with page.expect_navigation():
        page.locator("#level-end").get_by_role("button", name="Beëindigen").click()
    assert page.get_by_test_id("level-status").inner_text().startswith("beëindigd op")
    page.goto(level_url.replace("/deals/", "/en/deals/"))
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("#level-delete").get_by_role("button", name="Remove").click()
    assert "Ambtelijk overleg" not in page.locator("#levels").inner_text()


def test_the_covenant_check_on_screen(page, live_server, signed, office):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("office")
    page.get_by_label("Wachtwoord").fill("a-long-test-password")
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    url = f"{live_server.url}/deals/waterwegregio/governance/check/"
    page.goto(url)
    page.get_by_label("Controleren per").fill("2027-02-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Controleren").click()
    assert page.locator("#check-summary").inner_text().startswith("Per 1 februari 2027:")
    governance = page.locator("#domain-governance")
    assert (
        "Het Rijk-Regio-overleg kwam van 2 oktober 2024 tot en met 1 oktober 2025 0 keer bijeen"
        in governance.inner_text()
    )
    assert "art. 6.2" in governance.inner_text()
    with page.expect_navigation():
        governance.get_by_role("link", name="Oplossen op: Rijk-Regio-overleg").first.click()
    assert page.url.endswith("/governance/meetings/")
    page.goto(url + "?on=2027-02-30")
    assert "Vul een datum in als jjjj-mm-dd" in page.locator(".rd-error-summary").inner_text()
    assert_accessible(page)
    page.goto(url.replace("/deals/", "/en/deals/") + "?on=2027-02-01")
    assert "Check against the covenant" in page.locator("h1").inner_text()
    assert_accessible(page)
