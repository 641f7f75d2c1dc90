"""In a real Chromium, as the platform administrator ("beheerder"): upload a deal definition with
errors (each shown with its line, nothing loaded), then a good one, which appears as a second deal
on the home page. axe checks the page in Dutch and English."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from regiodeal.deals.models import Deal

from ..governance.test_amendment_browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_administrator_uploads_a_bad_then_a_good_definition(
    page, live_server, waterwegregio, write_definition
):
    get_user_model().objects.create_superuser("beheerder", "beheer@example.nl", "a-long-test-password")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("beheerder")
    page.get_by_label("Wachtwoord").fill("a-long-test-password")
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()

    renamed = (
        ("slug: waterwegregio", "slug: drechtsteden"),
        ("name: Regio Deal Waterwegregio", "name: Regio Deal Drechtsteden"),
    )
    bad = write_definition(*renamed, ("ends_on: 2028-12-31", "ends_on: 2028-13-31"), name="drecht-fout.yaml")
    line = next(i for i, row in enumerate(bad.read_text().splitlines(), 1) if row.startswith("ends_on:"))
    page.goto(f"{live_server.url}/beheer/deals/")
    assert_accessible(page)
    page.get_by_label("Definitiebestand (YAML)").set_input_files(str(bad))
    with page.expect_navigation():
        page.get_by_role("button", name="Controleren en laden").click()
    assert "drecht-fout.yaml heeft 1 fout; er is niets geladen." in page.get_by_role("alert").inner_text()
    problem = page.locator("#definition-problems tbody tr").first.locator("td")
    assert problem.nth(0).inner_text() == str(line)
    assert "is not a date" in problem.nth(2).inner_text()
    assert_accessible(page)
    assert not Deal.objects.filter(slug="drechtsteden").exists()

    good = write_definition(*renamed, name="drechtsteden.yaml")
    page.get_by_label("Definitiebestand (YAML)").set_input_files(str(good))
    with page.expect_navigation():
        page.get_by_role("button", name="Controleren en laden").click()
    assert (
        "Regio Deal Drechtsteden is geladen als nieuwe deal (versie 1)."
        in page.get_by_role("status").inner_text()
    )
    assert "Regio Deal Drechtsteden" in page.locator("#loaded-deals").inner_text()

    page.goto(f"{live_server.url}/")  # two deals now: the home page lists both
    listed = page.locator("main").get_by_role("link", name="Regio Deal Drechtsteden")
    expect(listed).to_be_visible()
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_contain_text("Regio Deal Drechtsteden")
    with page.expect_navigation():
        listed.click()
    assert "Regio Deal Drechtsteden" in page.locator("h1").inner_text()

    page.goto(f"{live_server.url}/en/beheer/deals/")
    assert page.locator("h1").inner_text() == "Load a deal"
    assert_accessible(page)
