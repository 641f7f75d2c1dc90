"""In a real Chromium, on the example portfolio (`regiodeal demo`): the programme office makes the
draft of the last finished year (the year the form proposes), sends it to the Parties, and a
Party's representative comments on it on screen (the form once proposed the running year,
whose draft cannot be sent, so no Party could comment on anything). axe on the way, in Dutch and
English."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from regiodeal.accounts.roles import Role
from regiodeal.demo.portfolio import demo_portfolio_create
from regiodeal.reporting.models import Report
from tests.browser_helpers import assert_accessible, logged_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_sends_last_years_draft_and_a_party_comments_on_it(
    browser, live_server, waterwegregio, make_user
):
    today = timezone.localdate()
    last_year = today.year - 1
    # The example portfolio as in the reporting season (before last year's report is due, 1 July):
    # last year's report is not made yet.
    demo_portfolio_create(deal=waterwegregio, today=min(today, dt.date(today.year, 3, 1)))
    assert not Report.objects.filter(deal=waterwegregio, year=last_year).exists()
    make_user(Role.PROGRAMME_OFFICE, waterwegregio, username="office")
    make_user(Role.PARTY_REPRESENTATIVE, waterwegregio, "SCHIEDAM", username="rep-schiedam")
    reports = f"{live_server.url}/deals/waterwegregio/reports/"

    office = logged_in(browser, live_server, "office")
    office.goto(reports)
    year = office.get_by_label("Verslagjaar")
    assert year.input_value() == str(last_year)  # the last finished year, not the running one
    assert_accessible(office)
    with office.expect_navigation():
        office.get_by_role("button", name="Concept maken").click()
    assert office.locator("#report-status").inner_text() == "concept"
    assert office.get_by_label("Voorgelegd op").input_value() == today.isoformat()
    office.get_by_label("Toelichting").first.fill("Per e-mail aan de Partijen")
    with office.expect_navigation():
        office.get_by_role("button", name="Voorleggen").click()
    assert office.locator("#report-status").inner_text() == "voorgelegd aan de Partijen"
    assert_accessible(office)
    office.close()

    rep = logged_in(browser, live_server, "rep-schiedam")
    rep.goto(f"{reports}{last_year}/")
    assert rep.get_by_label("Namens").input_value()  # the Party they represent
    rep.get_by_role("textbox", name="Commentaar").fill("Schiedam mist de wijk Nieuwland in de tabel.")
    with rep.expect_navigation():
        rep.get_by_role("button", name="Commentaar geven").click()
    comment = rep.locator(".rd-comment", has_text="Schiedam mist de wijk Nieuwland in de tabel.")
    expect(comment).to_be_visible()
    assert "gemeente Schiedam" in comment.inner_text()
    assert_accessible(rep)

    rep.goto(f"{live_server.url}/en/deals/waterwegregio/reports/{last_year}/")
    assert rep.locator("html").get_attribute("lang") == "en"
    expect(rep.get_by_role("button", name="Add a comment")).to_be_visible()
    assert_accessible(rep)
    rep.close()
