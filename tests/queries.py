"""What a request reads from the database, by table: for tests that a screen reads each thing it
shows once (docs/performance.md, "Cold first")."""

from __future__ import annotations

import re
from collections import Counter

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regiodeal.common import dataversion as dv

_FROM = re.compile(r'\bFROM "(\w+)"')


def tables_read_cold(client, url: str) -> tuple[Counter, str]:
    """The tables read by a request of `url` with nothing cached anywhere (the shared cache
    cleared and the per-process caches emptied, as after a restart), each counted once per query
    that reads it first (its first FROM), and the page."""
    cache.clear()
    dv.forget_process_caches()
    with CaptureQueriesContext(connection) as cold:
        response = client.get(url)
    assert response.status_code == 200, url
    read = Counter(m.group(1) for q in cold.captured_queries if (m := _FROM.search(q["sql"])))
    return read, response.content.decode()
