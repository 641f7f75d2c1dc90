"""The ministry's portfolio read cold (every cache layer emptied, as after a restart) reads the
same number of queries for two deals as for four: every deal's money, verdicts (the latest
measurement of every series of every deal at once), reports and entry into force, and the
navigation's list of deals, each in queries that do not grow with the number of deals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from regiodeal.audit.services import Actor
from regiodeal.common import dataversion as dv
from regiodeal.deals.definition import read_definition
from regiodeal.deals.services import deal_load
from regiodeal.results.services import results_setup
from tests.conftest import bundled_definition_path
from tests.results.conftest import link_of, measure

pytestmark = pytest.mark.django_db

ACTOR = Actor(label="test")


def add_deal(n: int):
    text = (
        bundled_definition_path()
        .read_text(encoding="utf-8")
        .replace("slug: waterwegregio", f"slug: proef{n}", 1)
        .replace("name: Regio Deal Waterwegregio", f"name: Regio Deal Proef {n}", 1)
    )
    deal_def, problems = read_definition(text, f"proef{n}.yaml")
    assert not problems
    deal = deal_load(deal_def=deal_def, source_text=text, source_name=f"proef{n}.yaml", actor=ACTOR).deal
    results_setup(actor=ACTOR, deal=deal)
    measure(deal, link_of(deal, "1A").indicator, n, dt.date(2025, 4, 1))
    return deal


def cold_count(client) -> int:
    cache.clear()
    dv.bump_generation()
    dv.forget_process_caches()
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/portfolio/")
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_the_portfolio_cold_reads_as_many_queries_for_four_deals_as_for_two(waterwegregio, role_users):
    results_setup(actor=ACTOR, deal=waterwegregio)
    add_deal(1)
    client = Client()
    client.force_login(role_users["ministry"])
    client.get("/portfolio/")
    two = cold_count(client)
    add_deal(2)
    add_deal(3)
    four = cold_count(client)
    page = client.get("/portfolio/").content.decode()
    assert all(f'data-deal="proef{n}"' in page for n in (1, 2, 3))
    assert four == two
