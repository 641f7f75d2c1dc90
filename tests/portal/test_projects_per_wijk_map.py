"""Projects per wijk on the public projects page: a map and the same figures in
a table; a confidential project is counted nowhere (disclosure/public.py)."""

import datetime as dt
from pathlib import Path

from django.test import Client
from lxml import html

from regiodeal.participation import services
from regiodeal.participation.places import PALETTE, boundaries_import

from .conftest import ACTOR, SECRET_CODE

DATA = Path(__file__).parents[1] / "participation" / "data"
PAGE = "/deals/waterwegregio/public/projects/"


def wijken(deal):
    for code, name, gemeente, within in [
        ("WK060601", "Nieuwland", "SCHIEDAM", "SCHIEDAM_NIEUWLAND"),
        ("WK062205", "Westwijk", "VLAARDINGEN", "VLAARDINGEN_WESTWIJK"),
    ]:
        services.wijk_add(
            actor=ACTOR,
            deal=deal,
            code=code,
            name=name,
            gemeente=gemeente,
            within=within,
            listed_on=dt.date(2025, 1, 1),
        )


def counts(page) -> dict[str, str]:
    table = page.get_element_by_id("projects-per-wijk")
    return {
        r.find("th").text_content().strip(): r.find("td").text_content().strip()
        for r in list(table.iter("tr"))[1:]
    }


def test_projects_per_wijk_count_only_public_projects_and_colour_the_wijk(site):
    wijken(site["deal"])
    name = "wijken_rd.geojson"
    boundaries_import(actor=ACTOR, filename=name, content=(DATA / name).read_bytes())
    response = Client().get(PAGE)
    page = html.fromstring(response.content)
    assert counts(page) == {"Nieuwland": "1", "Westwijk": "0"}  # the confidential project is not counted
    assert SECRET_CODE.encode() not in response.content
    figure = page.get_element_by_id("projects-map")
    fills = {p.findtext("title"): p.get("fill") for p in figure.iter("path") if p.findtext("title")}
    assert fills == {"Nieuwland: 1": PALETTE[2], "Westwijk: 0": PALETTE[1]}


def test_without_boundaries_projects_per_wijk_is_a_table_alone(site):
    wijken(site["deal"])
    page = html.fromstring(Client().get(PAGE).content)
    assert page.get_element_by_id("projects-map", None) is None
    assert counts(page) == {"Nieuwland": "1", "Westwijk": "0"}
