"""In a real Chromium: a Party's confidentiality request records its Woo
ground (art. 5.1/5.2), which survives reopening the request; without one the form says so at the
field and records nothing. The programme office marks a decision of the overleg not public on
the meeting page. axe checks the pages in Dutch and English."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from regiodeal.accounts.roles import Role
from regiodeal.disclosure.models import Confidentiality, WooGround
from regiodeal.governance.models import Decision, Request
from tests.browser_helpers import assert_accessible, logged_in

from .conftest import discussion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_party_records_the_woo_ground_of_a_confidentiality_request(
    browser, live_server, signed, representatives
):
    meeting = discussion(signed, lambda c: signed.organisations.get(code=c), dt.date.today())
    base = f"{live_server.url}/deals/waterwegregio/governance"
    page = logged_in(browser, live_server, "rep-schiedam")
    page.goto(f"{base}/requests/new/confidentiality/")
    assert_accessible(page)
    page.get_by_label("Soort gegeven").select_option(label="vergadering")
    page.get_by_label("Nummer van het gegeven").fill(str(meeting.pk))
    page.get_by_label("Gronden").fill("De grondonderhandelingen lopen nog.")
    # The browser itself asks for the required choice; the server's message is what counts.
    page.locator("form", has=page.get_by_label("Woo-grond")).evaluate("f => { f.noValidate = true; }")
    with page.expect_navigation():
        page.get_by_role("button", name="Indienen").click()
    summary = page.locator(".rd-error-summary")
    expect(summary).to_contain_text("Kies de Woo-grond (art. 5.1 of 5.2) waarop het gegeven geheim blijft.")
    field = page.get_by_label("Woo-grond")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_woo_ground_error")).to_contain_text("Kies de Woo-grond")
    expect(page.get_by_label("Gronden")).to_have_value("De grondonderhandelingen lopen nog.")
    assert not Request.objects.exists() and not Confidentiality.objects.exists()
    assert_accessible(page)

    label = str(WooGround.ART_5_1_2_F.label)
    field.select_option(label=label)
    with page.expect_navigation():
        page.get_by_role("button", name="Indienen").click()
    expect(page.locator("#woo-ground")).to_have_text(label)
    request_url = page.url
    assert Confidentiality.objects.get().woo_ground == "5.1.2.f"

    page.goto(request_url)  # reopened: the ground survived
    expect(page.locator("#woo-ground")).to_have_text(label)
    assert_accessible(page)
    page.goto(request_url.replace(live_server.url, f"{live_server.url}/en"))
    expect(page.locator("#woo-ground")).to_have_text(
        "Woo 5.1(2)(f): competition-sensitive business and manufacturing data"
    )
    assert_accessible(page)
    page.goto(f"{live_server.url}/en/deals/waterwegregio/governance/requests/new/confidentiality/")
    expect(page.get_by_label("Woo ground")).to_be_visible()
    assert_accessible(page)
    page.close()


def test_the_office_marks_a_decision_not_public_on_the_meeting_page(browser, live_server, signed, make_user):
    make_user(Role.PROGRAMME_OFFICE, signed, username="office")
    meeting = discussion(signed, lambda c: signed.organisations.get(code=c), dt.date.today())
    url = f"{live_server.url}/deals/waterwegregio/governance/meetings/{meeting.pk}/"
    page = logged_in(browser, live_server, "office")
    page.goto(url)
    page.get_by_text("Besluit toevoegen").click()
    form = page.locator("form", has=page.get_by_label("Besluit", exact=True))
    expect(form.get_by_label("Openbaar")).to_be_checked()  # Art. 10: public by default
    form.get_by_label("Besluit", exact=True).fill("De grondprijs blijft buiten het verslag.")
    form.get_by_label("Openbaar").uncheck()
    with page.expect_navigation():
        form.get_by_role("button", name="Toevoegen").click()
    page.goto(url)  # reopened
    decisions = page.locator("#decisions")
    expect(decisions).to_contain_text("De grondprijs blijft buiten het verslag. (niet openbaar)")
    assert Decision.objects.get(meeting=meeting).public is False
    assert_accessible(page)
    page.goto(url.replace(live_server.url, f"{live_server.url}/en"))
    expect(page.locator("#decisions")).to_contain_text("(not public)")
    assert_accessible(page)
    page.close()
