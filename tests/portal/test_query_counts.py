"""The public pages and the ministry's portfolio use a fixed number of queries whatever the number
of projects, ledger entries and measurements: the count at a small portfolio is
asserted at a larger one. Public pages are counted cold (the cache invalidated, as after any
write) and warm."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from regiodeal.common.dataversion import bump_generation
from regiodeal.results.services import results_setup
from tests.deal_template import replayed
from tests.factories import book, make_project, run
from tests.queries import tables_read_cold
from tests.results.conftest import link_of, measure

from .conftest import ACTOR

BASE = "/deals/waterwegregio"
PUBLIC_URLS = [
    f"{BASE}/",
    f"{BASE}/public/projects/",
    f"{BASE}/public/projects/?pillar=1&gemeente=SCHIEDAM",
    f"{BASE}/public/projects/WW-001/",
    f"{BASE}/public/money/",
    f"{BASE}/public/results/",
    "/api/v1/public/deals/waterwegregio/projects/?pillar=1",
    "/api/v1/public/deals/waterwegregio/",
]


def grow(deal, start: int, count: int) -> None:
    """`count` more running projects, each with money and a wijk measurement of the norm, and a
    regional and a group measurement of 1A."""
    from regiodeal.results.models import Indicator

    # The per-wijk count of the outreach norm (Art. 2.1; once read as result 1B's).
    a, b = link_of(deal, "1A").indicator, Indicator.objects.get(deal=deal, code="bewoners_gesproken_per_wijk")
    for n in range(start, start + count):
        code = f"WW-{n:03d}"
        run(
            make_project(
                deal,
                code,
                lead="SCHIEDAM",
                pillars=["1", "2"],
                results=["1A", "1B"],
                areas=["SCHIEDAM_NIEUWLAND", "MAASSLUIS"],
                participants=list(deal.organisations.all()[:2]),
            )
        )
        book(deal, "national_allocation", "1000.00", "P1", project=code, organisation="SCHIEDAM")
        book(deal, "spending", "100.00", "P1", project=code, funding="national")
        day = dt.date(2025, 4, 1) + dt.timedelta(days=n)
        measure(deal, a, n, day)
        measure(deal, a, n, day, group_code="jongeren")
        measure(deal, b, n, day, area_code=f"WK0606{n % 100:02d}")


@pytest.fixture
@replayed
def growing(site):
    results_setup(actor=ACTOR, deal=site["deal"])
    grow(site["deal"], 10, 2)
    return site["deal"]


def _count(client, url, *, cold: bool) -> int:
    if cold:
        bump_generation()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries.captured_queries)


@pytest.mark.parametrize("cold", [True, False], ids=["cold", "warm"])
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_a_public_page_reads_with_a_fixed_number_of_queries(url, cold, growing, django_assert_num_queries):
    client = Client()
    client.get(url)  # the same warm-up at both sizes
    small = _count(client, url, cold=cold)
    grow(growing, 12, 8)
    client.get(url)
    if cold:
        bump_generation()
    with django_assert_num_queries(small):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("cold", [True, False], ids=["cold", "warm"])
def test_the_portfolio_reads_with_a_fixed_number_of_queries(
    cold, growing, role_users, django_assert_num_queries
):
    client = Client()
    client.force_login(role_users["ministry"])
    client.get("/portfolio/")
    small = _count(client, "/portfolio/", cold=cold)
    grow(growing, 12, 8)
    client.get("/portfolio/")
    if cold:
        bump_generation()
    with django_assert_num_queries(small):
        assert client.get("/portfolio/").status_code == 200


@pytest.mark.parametrize(
    "url, areas",
    [
        (f"{BASE}/public/projects/", 2),
        (f"{BASE}/public/projects/?pillar=1&gemeente=SCHIEDAM", 2),
        (f"{BASE}/public/projects/WW-001/", 1),
    ],
)
def test_a_public_page_reads_the_version_and_the_areas_once_when_nothing_is_cached(url, areas, growing):
    """After a restart, the version in force is read once per page (it was up to three times), and
    the deal's areas once (a list by gemeente read them twice), a list once more for the choices
    of its filter."""
    read, page = tables_read_cold(Client(), url)
    assert "WW-010" in page or "WW-001" in page
    assert read["deals_dealversion"] == 1, read
    assert read["deals_area"] == areas, read


def test_the_portfolio_shows_a_write_at_once(growing, role_users):
    """The cached rows are those of the last write: a booking shows on the next request."""
    client = Client()
    client.force_login(role_users["ministry"])

    def granted_row() -> str:
        page = client.get("/portfolio/").content.decode()
        return page.split('data-deal="waterwegregio"')[1].split("</tr>")[0]

    assert "€\u00a0904.000,00" in granted_row()  # 902,000 of the site and 2 x 1,000 grown
    book(growing, "national_allocation", "1000000.00", "P2", project="WW-001", organisation="SCHIEDAM")
    assert "€\u00a01.904.000,00" in granted_row()
