"""In a real Chromium: a resident asks to be told of their idea's status on the public form (off
by default); without an e-mail address the form says so at the field; the programme office sees
the choice with the contact details. axe on the form in Dutch and English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from regiodeal.accounts.roles import Role
from regiodeal.ideas.models import IdeaContact

from .test_browser import assert_accessible, logged_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOTIFY = "Stuur mij een e-mail als de status van mijn idee verandert"


def fill(page):
    page.get_by_label("Titel van uw idee").fill("Watertappunt bij het plein")
    page.get_by_label("Uw idee", exact=True).fill("Gratis water drinken in de zomer.")
    page.get_by_label("Voor welke wijk of welk gebied?").select_option("SCHIEDAM_OOST")


def test_a_resident_asks_to_be_told_and_the_office_sees_it(browser, live_server, waterwegregio, make_user):
    make_user(Role.PROGRAMME_OFFICE, waterwegregio, username="office")
    page = browser.new_page()
    page.goto(f"{live_server.url}/en/deals/waterwegregio/ideas/")
    expect(page.get_by_label("Send me an email when the status of my idea changes")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/deals/waterwegregio/ideas/")
    assert not page.get_by_label(NOTIFY).is_checked()  # off by default
    assert_accessible(page)
    fill(page)
    page.get_by_label(NOTIFY).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Idee versturen").click()
    error = page.locator(".utrecht-form-field--invalid").filter(
        has=page.get_by_label("E-mailadres (niet verplicht)")
    )
    assert "Vul uw e-mailadres in als u bericht wilt krijgen over uw idee." in error.inner_text()
    assert page.get_by_label(NOTIFY).is_checked()  # kept as typed
    assert_accessible(page)
    assert IdeaContact.objects.count() == 0

    page.get_by_label("E-mailadres (niet verplicht)").fill("fenna.rozendaal@voorbeeld.nl")
    page.locator("#id_consent").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Idee versturen").click()
    expect(page.get_by_role("heading", name="Bedankt voor uw idee")).to_be_visible()
    contact = IdeaContact.objects.get()
    assert (contact.email, contact.notify_status, contact.language) == (
        "fenna.rozendaal@voorbeeld.nl",
        True,
        "nl",
    )
    page.close()

    office = logged_in(browser, live_server, "office")
    office.goto(f"{live_server.url}/deals/waterwegregio/ideas/manage/1/contact/")
    facts = office.locator("#contact").inner_text()
    assert "fenna.rozendaal@voorbeeld.nl" in facts and "ja, per e-mail" in facts
