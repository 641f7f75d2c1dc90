"""The map of the wijken: boundaries imported from the CBS wijk- en buurtkaart
(PDOK GeoJSON) in RD New or lon/lat, all-or-nothing; the map drawn server-side as SVG colours the
right wijk for a known value; without boundaries only the table is shown."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from lxml import html

from regiodeal.audit.models import AuditEvent
from regiodeal.participation.models import Boundary
from regiodeal.participation.places import (
    PALETTE,
    ImportRejected,
    boundaries_import,
    rd_from_wgs84,
    wgs84_from_rd,
)

from .conftest import ACTOR, talk

DATA = Path(__file__).parent / "data"


def load(name: str):
    return boundaries_import(actor=ACTOR, filename=name, content=(DATA / name).read_bytes())


# --- RD <-> WGS84 -----------------------------------------------------------------------------


def test_the_rd_conversion_puts_amersfoort_at_its_known_point():
    lat, lon = wgs84_from_rd(155000, 463000)
    assert lat == pytest.approx(52.15517, abs=1e-5) and lon == pytest.approx(5.38721, abs=1e-5)
    x, y = rd_from_wgs84(52.15517, 5.38721)
    assert x == pytest.approx(155000, abs=1) and y == pytest.approx(463000, abs=1)


def test_the_rd_conversion_goes_there_and_back_within_a_metre_in_schiedam():
    x, y = rd_from_wgs84(*wgs84_from_rd(84500, 436800))
    assert abs(x - 84500) < 1 and abs(y - 436800) < 1


# --- import ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_file_in_rd_new_is_imported_with_gemeenten_and_wijken():
    outcome = load("wijken_rd.geojson")
    assert outcome.projection == "EPSG:28992" and outcome.stored == 5
    oost = Boundary.objects.get(code="WK060602")
    assert (oost.name, oost.kind, oost.gemeente_code, oost.year) == ("Oost", "wijk", "GM0606", 2024)
    assert oost.geometry["type"] == "MultiPolygon"
    assert oost.geometry["coordinates"][0][0][0] == [85500, 436000]
    assert len(oost.geometry["coordinates"][0]) == 2  # the hole is kept
    assert Boundary.objects.get(code="GM0606").kind == "gemeente"
    assert len(Boundary.objects.get(code="WK062205").geometry["coordinates"]) == 2  # a MultiPolygon
    assert AuditEvent.objects.filter(action="participation.boundary.loaded").count() == 5


@pytest.mark.django_db
def test_a_file_in_lon_lat_is_converted_to_rd_within_a_few_metres():
    outcome = load("wijken_wgs84.geojson")  # no crs member: RFC 7946 lon/lat
    assert outcome.projection == "EPSG:4326" and outcome.stored == 6
    ring = Boundary.objects.get(code="WK060601").geometry["coordinates"][0][0]
    for (x, y), (ex, ey) in zip(
        ring, [(84000, 436000), (85500, 436000), (85500, 437500), (84000, 437500)], strict=False
    ):
        assert abs(x - ex) <= 2 and abs(y - ey) <= 2
    assert Boundary.objects.get(code="WK059901").name == "Stadscentrum"


@pytest.mark.django_db
def test_a_second_import_replaces_a_boundary_by_its_code():
    load("wijken_rd.geojson")
    load("wijken_wgs84.geojson")
    assert Boundary.objects.filter(code="WK060601").count() == 1
    assert Boundary.objects.count() == 6


@pytest.mark.django_db
def test_a_file_with_bad_features_names_each_by_index_and_imports_nothing():
    with pytest.raises(ImportRejected) as caught:
        load("wijken_bad.geojson")
    found = {e.column: e.message for e in caught.value.errors}
    assert set(found) == {"feature 1", "feature 2", "feature 3"}
    assert "WK en zes cijfers" in found["feature 1"]
    assert "Polygon of MultiPolygon" in found["feature 2"]
    assert "binnen Nederland" in found["feature 3"]  # lon/lat in a file that says RD
    assert not Boundary.objects.exists()


@pytest.mark.django_db
def test_the_command_imports_and_refuses_a_bad_file_naming_the_feature(capsys):
    call_command("import-boundaries", str(DATA / "wijken_rd.geojson"))
    assert "5 boundaries stored (EPSG:28992)" in capsys.readouterr().out
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import-boundaries", str(DATA / "wijken_bad.geojson"))
    assert "feature 2" in capsys.readouterr().err
    assert Boundary.objects.count() == 5


# --- the map on screen -------------------------------------------------------------------------


def office(role_users) -> Client:
    client = Client()
    client.force_login(role_users["programme_office"])
    return client


def the_map(response, map_id):
    page = html.fromstring(response.content)
    return page, page.get_element_by_id(map_id, None)


@pytest.mark.django_db
def test_the_office_map_colours_each_wijk_by_its_class_against_the_norm(role_users, wijken):
    load("wijken_rd.geojson")
    deal = wijken["oost"].deal
    today = dt.date.today()
    talk(deal, wijken["nieuwland"], 31, today)  # norm met: the darkest class
    talk(deal, wijken["oost"], 20, today)  # 15 to 30: the middle class
    # Westwijk: nobody spoken, the lightest class
    response = office(role_users).get("/deals/waterwegregio/participation/")
    page, figure = the_map(response, "norm-map")
    assert figure is not None
    svg = figure.find(".//svg")
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "norm-map-caption"
    fills = {p.findtext("title"): p.get("fill") for p in svg.iter("path") if p.findtext("title")}
    assert fills == {"Nieuwland: 31": PALETTE[4], "Oost: 20": PALETTE[3], "Westwijk: 0": PALETTE[2]}
    assert page.get_element_by_id("norm-table") is not None  # the same figures in the table
    legend = [li.text_content().strip() for li in figure.find_class("rd-map__legend")[0]]
    assert legend == ["minder dan 15", "15 tot 30", "30 of meer (norm gehaald)"]


@pytest.mark.django_db
def test_without_boundaries_the_office_shows_the_table_alone(role_users, wijken):
    response = office(role_users).get("/deals/waterwegregio/participation/")
    page, figure = the_map(response, "norm-map")
    assert figure is None and b'<svg class="rd-map__svg"' not in response.content
    assert page.get_element_by_id("norm-table") is not None


@pytest.mark.django_db
def test_the_public_map_draws_a_count_below_the_threshold_as_not_shown(wijken):
    load("wijken_rd.geojson")
    deal = wijken["oost"].deal
    today = dt.date.today()
    talk(deal, wijken["nieuwland"], 40, today)
    talk(deal, wijken["oost"], 12, today)
    talk(deal, wijken["westwijk"], 3, today)  # below 10: not shown, and Oost is suppressed with it
    response = Client().get("/deals/waterwegregio/")
    _page, figure = the_map(response, "outreach-map")
    assert figure is not None
    fills = {p.findtext("title"): p.get("fill") for p in figure.iter("path") if p.findtext("title")}
    assert fills["Nieuwland: 40"] == PALETTE[4]
    assert {t for t in fills if not t.startswith("Nieuwland")} == {
        "Oost: minder dan 10",
        "Westwijk: minder dan 10",
    }
    assert {fills["Oost: minder dan 10"], fills["Westwijk: minder dan 10"]} == {"#ffffff"}
    assert b": 3</title>" not in response.content and b": 12</title>" not in response.content


@pytest.mark.django_db
def test_the_deal_pages_map_follows_the_norm_and_the_talks_and_a_measurement_counts_no_talk_again(
    role_users, wijken
):
    """The deal page keeps its outreach and the outreach's norm apart (`portal.selectors
    .PUBLIC_READS`: the norm is results data, the talks participation data): a new norm is in the
    map's caption and a new talk in its counts on the next request, and a measurement of another
    indicator counts no talk again."""
    from decimal import Decimal

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from regiodeal.results.services import result_indicator_update
    from tests.results.conftest import link_of, measure

    from .conftest import norm_link

    load("wijken_rd.geojson")
    deal = wijken["oost"].deal
    today = dt.date.today()
    talk(deal, wijken["nieuwland"], 40, today)
    client, url = office(role_users), "/deals/waterwegregio/"
    assert "tegen de norm van 30" in client.get(url).content.decode()

    measure(deal, link_of(deal, "1A").indicator, "2", today)
    with CaptureQueriesContext(connection) as q:
        assert client.get(url).status_code == 200
    assert '"participation_conversation"' not in " ".join(query["sql"] for query in q.captured_queries)

    link = norm_link(deal)
    result_indicator_update(
        actor=ACTOR, link=link, expected_version=link.lock_version, target_value=Decimal(35)
    )
    assert "tegen de norm van 35" in client.get(url).content.decode()

    talk(deal, wijken["oost"], 25, today)
    _page, figure = the_map(client.get(url), "outreach-map")
    assert "Oost: 25" in {p.findtext("title") for p in figure.iter("path")}


@pytest.mark.django_db
def test_without_boundaries_the_public_page_shows_the_table_alone(wijken):
    talk(wijken["oost"].deal, wijken["nieuwland"], 40, dt.date.today())
    response = Client().get("/deals/waterwegregio/")
    assert b"rd-map__svg" not in response.content and b"outreach-caption" in response.content
