"""Pages and API lists use a fixed number of queries whatever the number of projects and
measurements: the count at a small portfolio is asserted at a larger one."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import make_project

from .conftest import link_of, measure

URLS = [
    "/deals/waterwegregio/results/",
    "/deals/waterwegregio/results/theory/",
    "/deals/waterwegregio/results/results/1A/",
    "/deals/waterwegregio/results/projects/WW-001/",
    "/deals/waterwegregio/projects/",
    "/deals/waterwegregio/projects/?pillar=1",
    "/deals/waterwegregio/projects/WW-001/",
    "/api/v1/deals/waterwegregio/projects/WW-001/",
    "/api/v1/deals/waterwegregio/projects/",
    "/api/v1/deals/waterwegregio/monitoring/verdicts/",
    "/api/v1/deals/waterwegregio/monitoring/targets/",
    "/api/v1/deals/waterwegregio/monitoring/measurements/",
    "/api/v1/deals/waterwegregio/monitoring/indicators/",
]


def grow(deal, start: int, count: int) -> None:
    indicator = link_of(deal, "1A").indicator
    for n in range(start, start + count):
        make_project(
            deal,
            f"WW-{n:03d}",
            pillars=["1", "2"],
            results=["1A", "2B"],
            areas=["SCHIEDAM", "MAASSLUIS"],
            groups=["jongeren"],
            participants=list(deal.organisations.all()[:2]),
        )
        measure(
            deal, indicator, n, dt.date(2025, 1, 1) + dt.timedelta(days=n), area_code=f"WK0606{n % 100:02d}"
        )


@pytest.mark.parametrize("url", URLS)
def test_the_number_of_queries_does_not_grow_with_the_portfolio(
    url, portfolio, role_users, django_assert_num_queries
):
    client = Client()
    client.force_login(role_users["programme_office"])
    grow(portfolio, 3, 2)
    client.get(url)  # warm the session and the user's memberships the same way for both sizes
    grow(portfolio, 5, 1)  # both counts are of the first request after a write (no cached figures)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(portfolio, 6, 15)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
