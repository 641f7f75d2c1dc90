"""An indicator's values per wijk on the public results page: the latest public
measurement of each wijk on a map and in a table, the right wijk coloured for a known value; a
measurement of a confidential project is on neither (disclosure/public.py)."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.test import Client
from lxml import html

from regiodeal.participation.places import PALETTE, boundaries_import
from regiodeal.projects.models import Project
from regiodeal.results.models import Indicator
from regiodeal.results.services import measurement_record

from .conftest import ACTOR, SECRET_CODE

DATA = Path(__file__).parents[1] / "participation" / "data"
PAGE = "/deals/waterwegregio/public/results/"


def measure(deal, indicator, code, value, on=dt.date(2025, 1, 1), project=None):
    measurement_record(
        actor=ACTOR,
        deal=deal,
        indicator=indicator,
        value=Decimal(value),
        on=on,
        source="CBS Kerncijfers wijken en buurten",
        area_code=code,
        project=project,
    )


def rows(page) -> dict[str, str]:
    table = page.get_element_by_id("indicator-per-wijk")
    return {
        r.find("th").text_content().strip(): r.find("td").text_content().strip()
        for r in list(table.iter("tr"))[1:]
    }


def _indicator(deal):
    from regiodeal.results.catalogue import sync_catalogue

    sync_catalogue(Indicator)  # a browser test's flush on this worker may have emptied the catalogue
    return (
        Indicator.objects.filter(deal=deal).order_by("code").first()
        or Indicator.objects.order_by("code").first()
    )


def _with_values(deal):
    indicator = _indicator(deal)
    measure(deal, indicator, "WK060601", "10", on=dt.date(2024, 1, 1))  # older: not shown
    measure(deal, indicator, "WK060601", "12")
    measure(deal, indicator, "WK060602", "20")
    measure(deal, indicator, "WK062205", "30")
    secret = Project.objects.get(deal=deal, code=SECRET_CODE)
    measure(deal, indicator, "WK055601", "99", project=secret)
    return indicator


def test_art_10_the_latest_public_value_of_each_wijk_is_mapped_and_a_confidential_projects_is_not(site):
    deal = site["deal"]
    _with_values(deal)
    name = "wijken_rd.geojson"
    boundaries_import(actor=ACTOR, filename=name, content=(DATA / name).read_bytes())
    response = Client().get(PAGE)
    page = html.fromstring(response.content)
    shown = rows(page)
    assert list(shown.values()) == ["12", "20", "30"] and len(shown) == 3
    assert "99" not in shown.values()  # the confidential project's measurement
    figure = page.get_element_by_id("indicator-map")
    fills = {p.get("data-code"): p.get("fill") for p in figure.iter("path") if p.get("data-code")}
    # Three values, three classes: the darkest three of the palette, low to high.
    assert fills == {"WK060601": PALETTE[2], "WK060602": PALETTE[3], "WK062205": PALETTE[4]}
    assert "WK055601" not in fills
    legend = [li.text_content().strip() for li in figure.iter("li")]
    assert legend == ["12 tot 20", "20 tot 30", "vanaf 30"]
    english = html.fromstring(Client().get("/en" + PAGE).content)
    assert [li.text_content().strip() for li in english.get_element_by_id("indicator-map").iter("li")] == [
        "12 to 20",
        "20 to 30",
        "from 30",
    ]


def test_without_boundaries_the_values_per_wijk_are_a_table_alone(site):
    _with_values(site["deal"])
    page = html.fromstring(Client().get(PAGE).content)
    assert page.get_element_by_id("indicator-map", None) is None
    assert len(rows(page)) == 3


def test_an_unknown_indicator_asked_for_shows_the_first_with_values(site):
    indicator = _with_values(site["deal"])
    page = html.fromstring(Client().get(PAGE + "?indicator=BESTAAT-NIET").content)
    assert len(rows(page)) == 3
    assert page.get_element_by_id("indicator-per-wijk-caption").text_content().startswith(indicator.name)


def test_art_10_1_the_office_sees_every_wijk_on_the_indicator_page_a_partners_lead_not_the_kept_one(
    site, make_user
):
    from regiodeal.accounts.roles import Role

    deal = site["deal"]
    indicator = _with_values(deal)
    office = Client()
    office.force_login(make_user(Role.PROGRAMME_OFFICE, deal))
    path = f"/deals/waterwegregio/results/indicators/{indicator.pk}/"
    seen = rows(html.fromstring(office.get(path).content))
    assert len(seen) == 4 and sorted(seen.values()) == ["12", "20", "30", "99"]
    lead = Client()
    lead.force_login(make_user(Role.PROJECT_LEAD, deal, "ALBEDA"))  # a Partner: a third party
    assert "99" not in rows(html.fromstring(lead.get(path).content)).values()
