"""The public home of an instance with more than one deal: every deal by the name of its version
in force, read cold (every cache layer emptied) in as many queries for four deals as for two;
with one deal it leads straight to that deal's page."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from regiodeal.common import dataversion as dv
from tests.portal.test_portfolio_deal_count import add_deal

pytestmark = pytest.mark.django_db


def cold(client, url="/") -> tuple[str, int]:
    cache.clear()
    dv.bump_generation()
    dv.forget_process_caches()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def test_the_home_lists_every_deal_by_name_in_as_many_queries_for_four_deals_as_for_two(
    waterwegregio, other_deal
):
    client = Client()
    page, two = cold(client)
    assert "Regio Deal Waterwegregio" in page and 'href="/deals/proefdeal/"' in page
    add_deal(1)
    add_deal(2)
    page, four = cold(client)
    assert 'href="/deals/proef2/">Regio Deal Proef 2</a>' in page
    assert four == two
    english, _ = cold(client, "/en/")
    assert 'href="/en/deals/proef1/">Regio Deal Proef 1</a>' in english


def test_with_one_deal_the_home_leads_to_its_page(waterwegregio):
    response = Client().get("/")
    assert response.status_code == 302 and response["Location"] == "/deals/waterwegregio/"
