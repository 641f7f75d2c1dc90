"""Mijn werk in a real headless Chromium: each role logs in and lands on its home (the
ministry on the portfolio), every link there answers, the header logs out from a deep page, also
390 px wide, and axe finds no WCAG 2.1 A/AA violation on the home page in Dutch and English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from regiodeal.accounts.roles import Role
from tests.browser_helpers import assert_accessible
from tests.deal_template import replayed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()


def log_out(page):
    with page.expect_navigation():
        page.get_by_role("navigation", name="Account").get_by_role("button", name="Uitloggen").click()


@pytest.fixture
@replayed
def portfolio(example_portfolio, make_user):
    """The example portfolio and an account per role; the project lead leads WW-102."""
    from regiodeal.projects.models import Project

    waterwegregio = example_portfolio
    users = {
        role: make_user(role, waterwegregio, org, username=role)
        for role, org in [
            (Role.PROGRAMME_OFFICE, None),
            (Role.REGIOKASSIER, "ROTTERDAM"),
            (Role.PARTY_REPRESENTATIVE, "SCHIEDAM"),
            (Role.PROJECT_LEAD, "VLAARDINGEN"),
            (Role.AUDITOR, None),
            (Role.MINISTRY, None),
        ]
    }
    Project.objects.get(deal=waterwegregio, code="WW-102").managers.add(users[Role.PROJECT_LEAD])
    return users


HEADINGS = {
    Role.PROGRAMME_OFFICE: ["Verzoeken en instemming", "Voortgangsrapportage", "Mijlpalen en metingen"],
    Role.REGIOKASSIER: ["Fouten bij de controle van het geld"],
    Role.PARTY_REPRESENTATIVE: ["Instemming gevraagd", "Voortgangsrapportage"],
    Role.PROJECT_LEAD: ["Mijlpalen en metingen van uw projecten"],
    Role.AUDITOR: ["Laatste wijzigingen in de deal"],
}


def test_each_role_lands_on_its_home_and_every_link_there_answers(page, live_server, portfolio):
    for role in HEADINGS:
        log_in(page, live_server, role)
        assert page.url == f"{live_server.url}/deals/waterwegregio/work/", role
        expect(page.get_by_role("heading", name="Mijn werk", level=1)).to_be_visible()
        for heading in HEADINGS[role]:
            expect(page.get_by_role("heading", name=heading).first).to_be_visible()
        expect(page.get_by_role("heading", name="Laatste wijzigingen in de deal")).to_be_visible()
        hrefs = set(
            page.locator("main a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        )
        assert hrefs, role
        for href in sorted(hrefs):
            response = page.request.get(f"{live_server.url}{href}")
            assert response.status == 200, (role, href, response.status)
        if role == Role.PROJECT_LEAD:  # only their own project
            projects = page.locator("#work-projects").inner_text()
            assert "WW-102" in projects and "WW-101" not in projects and "WW-202" not in projects
        log_out(page)

    log_in(page, live_server, Role.MINISTRY)
    assert page.url == f"{live_server.url}/portfolio/"
    log_out(page)


def test_logging_out_from_the_header_of_a_deep_page_also_390_px_wide(page, live_server, portfolio):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, Role.PROGRAMME_OFFICE)
    page.goto(f"{live_server.url}/deals/waterwegregio/projects/WW-101/")
    account = page.get_by_role("navigation", name="Account")
    expect(account.get_by_role("link", name="Mijn werk")).to_be_visible()
    expect(account.get_by_role("button", name="Uitloggen")).to_be_visible()
    assert page.evaluate("document.querySelector('header').scrollWidth") <= 390  # nothing sticks out
    with page.expect_navigation():
        account.get_by_role("link", name="Mijn werk").click()
    assert page.url.endswith("/deals/waterwegregio/work/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(f"{live_server.url}/deals/waterwegregio/projects/WW-101/")
    log_out(page)
    assert page.url in (f"{live_server.url}/", f"{live_server.url}/deals/waterwegregio/")  # the public site
    expect(
        page.get_by_role("navigation", name="Account").get_by_role("link", name="Inloggen")
    ).to_be_visible()
    page.goto(f"{live_server.url}/deals/waterwegregio/work/")
    assert "/accounts/login/" in page.url  # the session is gone
    # Logging in from there returns there (a `next` parameter wins over Mijn werk).
    page.goto(f"{live_server.url}/deals/waterwegregio/projects/")
    page.get_by_label("Gebruikersnaam").fill(Role.PROGRAMME_OFFICE)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    assert page.url == f"{live_server.url}/deals/waterwegregio/projects/"


def test_the_home_page_meets_wcag_21_aa_in_dutch_and_english(page, live_server, portfolio):
    log_in(page, live_server, Role.PROGRAMME_OFFICE)
    assert_accessible(page)
    page.goto(f"{live_server.url}/en/deals/waterwegregio/work/")
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("heading", name="My work", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Latest changes in the deal")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page)


def test_no_role_and_the_choice_of_deal_read_well_in_dutch_and_english(
    page, live_server, waterwegregio, other_deal, make_user
):
    from django.contrib.auth import get_user_model

    from regiodeal.accounts.models import Membership

    get_user_model().objects.create_user(username="nobody", password=PASSWORD)
    log_in(page, live_server, "nobody")
    assert page.url == f"{live_server.url}/work/"
    expect(page.get_by_text("Vraag het programmabureau van uw Regio Deal u een rol te geven")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/en/work/")
    expect(page.get_by_text("Ask the programme office of your Regio Deal")).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()

    both = make_user(Role.PROGRAMME_OFFICE, waterwegregio, username="both")
    Membership.objects.create(user=both, role=Role.AUDITOR, deal=other_deal)
    log_in(page, live_server, "both")
    assert page.url == f"{live_server.url}/work/"
    deals = page.locator("#work-deals")
    assert "Regio Deal Waterwegregio" in deals.inner_text() and "Regio Deal Proef" in deals.inner_text()
    assert_accessible(page)
    with page.expect_navigation():
        deals.get_by_role("link", name="Regio Deal Proef").click()
    assert page.url == f"{live_server.url}/deals/proefdeal/work/"
    expect(page.get_by_text("u werkt hier als accountant")).to_be_visible()
    expect(page.get_by_role("link", name="mijn werk in waterwegregio")).to_be_visible()
