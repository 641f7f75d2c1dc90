"""The public site's main pages in a real headless Chromium, in Dutch and in English: axe finds no
WCAG 2.1 A/AA violations, and the idea form works with a keyboard."""

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import assert_accessible
from tests.portal.conftest import fresh_cache, site  # noqa: F401 - shared fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/deals/waterwegregio/",
    "/deals/waterwegregio/public/projects/",
    "/deals/waterwegregio/public/projects/?pillar=1&gemeente=SCHIEDAM",
    "/deals/waterwegregio/public/projects/WW-001/",
    "/deals/waterwegregio/public/money/",
    "/deals/waterwegregio/public/results/",
    "/deals/waterwegregio/public/ideas/",
    "/deals/waterwegregio/public/ideas/1/",
    "/deals/waterwegregio/public/open-data/",
    "/deals/waterwegregio/ideas/",
]


@pytest.mark.parametrize("language", ["", "/en"])
def test_the_public_pages_meet_wcag_21_aa(page, live_server, site, language):  # noqa: F811
    for path in PAGES:
        page.goto(f"{live_server.url}{language}{path}")
        assert page.locator("html").get_attribute("lang") == (language.strip("/") or "nl"), path
        assert_accessible(page)


def test_the_idea_form_can_be_filled_in_and_sent(page, live_server, site):  # noqa: F811
    page.goto(f"{live_server.url}/deals/waterwegregio/ideas/")
    page.get_by_label("Titel van uw idee").fill("Watertappunt bij het plein")
    page.get_by_label("Uw idee", exact=True).fill("Gratis water drinken in de zomer.")
    page.get_by_label("Voor welke wijk of welk gebied?").select_option("SCHIEDAM_OOST")
    page.get_by_role("button", name="Idee versturen").click()
    expect(page.get_by_role("heading", name="Bedankt voor uw idee")).to_be_visible()
    assert_accessible(page)


def test_the_site_navigation_marks_the_current_section(page, live_server, site):  # noqa: F811
    page.goto(f"{live_server.url}/deals/waterwegregio/public/money/")
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    assert nav.get_by_role("link", name="Waar het geld heen gaat").get_attribute("aria-current") == "page"
    nav.get_by_role("link", name="Projecten").click()
    expect(page.get_by_role("heading", name="Projecten", exact=True)).to_be_visible()
