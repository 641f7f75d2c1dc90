"""The deal page and the API answer over HTTP, against a running server."""

import json
import urllib.request
from urllib.error import HTTPError

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def get(url: str, language: str | None = None):
    request = urllib.request.Request(url)
    if language:
        request.add_header("Accept-Language", language)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode()


@pytest.fixture
def server(live_server, waterwegregio):
    return live_server.url


def test_the_deal_page_shows_the_deal_in_dutch(server):
    status, _, html = get(f"{server}/deals/waterwegregio/")
    assert status == 200
    assert '<html lang="nl">' in html
    assert "Regio Deal Waterwegregio" in html
    assert "Begroting" in html and "€\u00a017.700.000" in html and "€\u00a035.400.000" in html
    assert "Pijler 1: Impuls aan de leefbaarheid in wijken" in html
    assert "nog niet in werking" in html
    assert "31 december 2028" in html
    assert "M.C.G. Keijzer" in html and "Zadkine" in html


def test_the_home_page_leads_to_the_only_deal(server):
    status, _, html = get(f"{server}/")
    assert status == 200 and "Regio Deal Waterwegregio" in html


def test_an_unknown_deal_is_a_404(server):
    status, _, _ = get(f"{server}/deals/twente/")
    assert status == 404


def test_the_api_lists_the_deal(server):
    status, headers, body = get(f"{server}/api/v1/deals/")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    data = json.loads(body)
    assert data["count"] == 1
    assert data["results"][0]["slug"] == "waterwegregio"
    assert data["results"][0]["starts_on"] is None
    assert data["results"][0]["ends_on"] == "2028-12-31"


def test_the_api_gives_the_budget_lines_as_strings_with_cents(server):
    status, _, body = get(f"{server}/api/v1/deals/waterwegregio/budget-lines/")
    assert status == 200
    lines = json.loads(body)
    assert [(x["code"], x["rijk"], x["regional"], x["total"]) for x in lines] == [
        ("P1", "8400000.00", "8400000.00", "16800000.00"),
        ("P2", "6700000.00", "6700000.00", "13400000.00"),
        ("P3", "2070000.00", "2070000.00", "4140000.00"),
        ("VAT", "530000.00", "530000.00", "1060000.00"),
    ]


@pytest.mark.parametrize(
    ("endpoint", "count"),
    [
        ("parties", 10),
        ("partners", 11),
        ("pillars", 3),
        ("objectives", 14),
        ("results", 15),
    ],
)
def test_the_api_gives_every_part_of_the_deal(server, endpoint, count):
    status, _, body = get(f"{server}/api/v1/deals/waterwegregio/{endpoint}/")
    assert status == 200
    assert len(json.loads(body)) == count


def test_the_api_reads_an_earlier_version_and_explains_a_bad_one(server):
    assert get(f"{server}/api/v1/deals/waterwegregio/parties/?version=1")[0] == 200
    assert get(f"{server}/api/v1/deals/waterwegregio/parties/?version=7")[0] == 404
    status, _, body = get(f"{server}/api/v1/deals/waterwegregio/parties/?version=latest")
    assert status == 400
    assert json.loads(body)["version"] == ["'latest' is geen versienummer (1, 2, ...)."]


def test_the_api_refuses_writes(server):
    request = urllib.request.Request(
        f"{server}/api/v1/deals/waterwegregio/budget-lines/",
        method="POST",
        data=b"{}",
        headers={"Content-Type": "application/json"},
    )
    with pytest.raises(HTTPError) as caught:
        urllib.request.urlopen(request, timeout=10)
    assert caught.value.code in (403, 405)


def test_the_openapi_schema_and_docs_are_served(server):
    status, _, body = get(f"{server}/api/v1/schema/?format=json")
    assert status == 200
    schema = json.loads(body)
    assert "/api/v1/deals/{slug}/budget-lines/" in schema["paths"]
    status, _, html = get(f"{server}/api/v1/docs/")
    assert status == 200 and "swagger-ui" in html
    assert "cdn" not in html.lower()  # the Swagger UI comes from our own static files
