"""Settings come from the environment and fail loudly on bad values."""

import os
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from regiodeal.conf import settings as conf


def test_the_suite_runs_on_the_database_that_database_url_names(db):
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith("postgres") else "sqlite"
    assert connection.vendor == expected


@pytest.mark.parametrize(("raw", "value"), [("true", True), ("0", False), ("Yes", True), ("", False)])
def test_booleans_are_read_plainly(monkeypatch, raw, value):
    monkeypatch.setenv("DJANGO_DEBUG", raw)
    assert conf.env_bool("DJANGO_DEBUG", False) is value


def test_a_boolean_that_is_neither_true_nor_false_stops_start_up(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "perhaps")
    with pytest.raises(
        ImproperlyConfigured, match=re.escape("DJANGO_DEBUG='perhaps' is not a boolean: use true or false.")
    ):
        conf.env_bool("DJANGO_DEBUG", False)


def test_a_database_url_of_another_kind_stops_start_up(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "mysql://db/regiodeal")
    with pytest.raises(ImproperlyConfigured, match=re.escape("use a postgres:// or sqlite:/// URL")):
        conf.database_from_env()


def test_postgres_urls_are_understood(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://rd:secret@db.example:5432/regiodeal")
    config = conf.database_from_env()
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "db.example",
        5432,
        "regiodeal",
        "rd",
    )


@pytest.mark.subprocess
def test_the_file_cache_keeps_room_for_a_portfolios_cached_pages():
    """Django's default of 300 entries would cull cached pages of a 40-deal portfolio long before
    they are stale; REGIODEAL_CACHE_ENTRIES sets it, at least 300."""
    import subprocess
    import sys

    def entries(value: str):
        env = {**os.environ, "REGIODEAL_CACHE_ENTRIES": value}
        code = (
            "from regiodeal.conf import settings; print(settings.CACHES['default']['OPTIONS']['MAX_ENTRIES'])"
        )
        return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)

    assert entries("").stdout.strip() == "3000"
    assert entries("5000").stdout.strip() == "5000"
    refused = entries("50")
    assert refused.returncode != 0 and "REGIODEAL_CACHE_ENTRIES=50: at least 300." in refused.stderr


def test_the_file_cache_counts_its_files_every_50th_write_and_stays_bounded(tmp_path):
    """common/cache.FileCache: Django's file cache lists its whole folder before every write (5 ms
    at 3,000 entries); ours counts once every CULL_CHECK_EVERY writes, and the folder never runs
    more than that many entries over its maximum."""
    from regiodeal.common.cache import FileCache
    from regiodeal.conf import settings  # the platform's, not the tests' (which cache in memory)

    assert settings.CACHES["default"]["BACKEND"] == "regiodeal.common.cache.FileCache"

    class Counting(FileCache):
        listings = 0

        def _list_cache_files(self):
            Counting.listings += 1
            return super()._list_cache_files()

    cache = Counting(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 300, "CULL_CHECK_EVERY": 50}})
    most = 0
    for n in range(1000):
        cache.set(f"k{n}", n)
        most = max(most, len(list(tmp_path.glob("*.djcache"))))
    assert Counting.listings == 1000 // 50
    assert 300 <= most <= 300 + 50
    assert cache.get("k999") == 999
