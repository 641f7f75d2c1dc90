"""The public deal page (the home of every deal) read cold, with every cache layer emptied (the
shared cache, every deal's data versions and the per-process covenant, as after a restart):
each block reads what it shows, so the count is the same whatever the number of projects,
entries, ideas and measurements, and what the cards say equals the pages they link to."""

from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from regiodeal.common import dataversion as dv
from regiodeal.common.formatting import money
from regiodeal.portal import selectors as public

from .test_query_counts import grow, growing  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

URL = "/deals/waterwegregio/"
# Per block: the deal and its version (2), the covenant's blocks (12), the data versions, the
# entry into force (3), the results card, the money card (2), the counts of projects and ideas
# (1 each), the reports, the outreach and its map, the frame. Measured 42 on PostgreSQL at a
# tenth of the national portfolio; it was 57 before the blocks read only what they show.
MOST = 45


def cold_count(client) -> tuple[int, str]:
    cache.clear()
    dv.bump_generation()
    dv.forget_process_caches()
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


def test_the_deal_page_cold_reads_a_fixed_number_of_queries_whatever_the_data(growing):  # noqa: F811
    client = Client()
    client.get(URL)
    small, _page = cold_count(client)
    grow(growing, 12, 8)
    large, page = cold_count(client)
    assert large == small <= MOST
    # The cards say what the pages they link to say.
    projects = len(public.public_projects(growing))
    assert re.search(rf"\b{projects} projecten, mede mogelijk gemaakt", page)
    granted = public.public_money(growing).total.national_granted
    assert money(granted) in page
    ideas = len(public.public_ideas(growing))
    assert re.search(rf"\b{ideas} ideeën? ingediend", page)
