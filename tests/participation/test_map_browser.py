"""The map of the wijken in a real headless Chromium at 390 px and 1280 px: the SVG fits its
container (no horizontal overflow of the map) and axe finds no WCAG 2.1 A/AA violations, in
Dutch and English, on the office overview and the public deal page."""

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from regiodeal.participation.places import boundaries_import
from tests.browser_helpers import assert_accessible

from .conftest import ACTOR, talk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DATA = Path(__file__).parent / "data"


@pytest.fixture
def mapped(wijken, make_user):
    from regiodeal.accounts.roles import Role

    deal = wijken["oost"].deal
    make_user(Role.PROGRAMME_OFFICE, deal, username="bureau")
    boundaries_import(
        actor=ACTOR, filename="wijken_rd.geojson", content=(DATA / "wijken_rd.geojson").read_bytes()
    )
    today = dt.date.today()
    talk(deal, wijken["nieuwland"], 31, today)
    talk(deal, wijken["oost"], 20, today)
    talk(deal, wijken["westwijk"], 12, today)
    return deal


def fits(page, map_id, width):
    figure = page.locator(f"#{map_id}")
    expect(figure.locator("svg.rd-map__svg")).to_be_visible()
    box = figure.locator("svg.rd-map__svg").bounding_box()
    assert box["width"] <= width and box["x"] >= 0 and box["x"] + box["width"] <= width
    fig = figure.bounding_box()
    assert fig["x"] >= 0 and fig["x"] + fig["width"] <= width
    assert figure.evaluate("e => e.scrollWidth <= e.clientWidth")  # nothing of the map sticks out


@pytest.mark.parametrize("width", [390, 1280])
def test_the_public_map_fits_and_is_accessible_in_both_languages(mapped, page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    for prefix, caption in (("", "Kaart: inwoners gesproken"), ("/en", "Map: residents spoken")):
        page.goto(f"{live_server.url}{prefix}/deals/waterwegregio/")
        expect(page.locator("#outreach-map-caption")).to_contain_text(caption)
        fits(page, "outreach-map", width)
        assert_accessible(page)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_office_map_fits_and_is_accessible_in_both_languages(mapped, page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("bureau")
    page.get_by_label("Wachtwoord").fill("a-long-test-password")
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    for prefix, caption in (("", "Kaart: bewoners gesproken"), ("/en", "Map: residents spoken")):
        page.goto(f"{live_server.url}{prefix}/deals/waterwegregio/participation/")
        expect(page.locator("#norm-map-caption")).to_contain_text(caption)
        fits(page, "norm-map", width)
        assert_accessible(page)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_projects_per_wijk_map_fits_and_is_accessible_in_both_languages(mapped, page, live_server, width):
    from tests.factories import make_project, run

    run(make_project(mapped, "WW-001", lead="SCHIEDAM", pillars=["1"], areas=["SCHIEDAM_NIEUWLAND"]))
    page.set_viewport_size({"width": width, "height": 900})
    for prefix, caption in (("", "Kaart: aantal projecten per wijk"), ("/en", "Map: number of projects")):
        page.goto(f"{live_server.url}{prefix}/deals/waterwegregio/public/projects/")
        expect(page.locator("#projects-map-caption")).to_contain_text(caption)
        expect(page.locator("#projects-per-wijk")).to_contain_text("Nieuwland")
        fits(page, "projects-map", width)
        assert_accessible(page)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_indicator_per_wijk_map_fits_and_is_accessible_in_both_languages(
    mapped, page, live_server, width
):
    from tests.portal.test_indicator_per_wijk_map import _indicator, measure

    indicator = _indicator(mapped)
    for code, value in (("WK060601", "12"), ("WK060602", "20"), ("WK062205", "30")):
        measure(mapped, indicator, code, value, on=dt.date(2024, 6, 30))
    page.set_viewport_size({"width": width, "height": 900})
    for prefix, caption in (("", "Kaart: "), ("/en", "Map: ")):
        page.goto(f"{live_server.url}{prefix}/deals/waterwegregio/public/results/")
        expect(page.locator("#indicator-map-caption")).to_contain_text(caption)
        fits(page, "indicator-map", width)
        assert_accessible(page)
