"""A full or read-only data folder must not take the site down.

How the failures are made, for real and without patching Python: a folder path *under a regular
file* cannot be created, read or written (NotADirectoryError), even by root, for whom permission
bits stop nothing (these tests may run as root); a full disk is a file-size limit of the process
(RLIMIT_FSIZE, with SIGXFSZ ignored, so that a write past it fails with EFBIG as a write on a
full disk fails with ENOSPC), held only around the one write under test."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import resource
import signal

import pytest
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.test import override_settings
from django.utils import timezone

from regiodeal.common.cache import FileCache
from regiodeal.common.storage import AtomicFileSystemStorage, write_atomically


@pytest.fixture
def unusable(tmp_path):
    """A folder that can never exist: its parent is a file."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    return blocker / "data"


@contextlib.contextmanager
def disk_full_after(limit: int):
    """Writes past `limit` bytes of a file fail, as on a full disk."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def file_cache(location) -> dict:
    return {"default": {"BACKEND": "regiodeal.common.cache.FileCache", "LOCATION": str(location)}}


# --- the cache fails open ---------------------------------------------------------------------


def test_every_page_is_served_when_the_cache_folder_cannot_be_used(client, waterwegregio, unusable, caplog):
    from regiodeal.common import cache as module

    module._Warnings.last = 0.0  # the first failure of this test is logged, whatever ran before
    with override_settings(CACHES=file_cache(unusable / "cache")):
        for url in ("/", "/deals/waterwegregio/", "/en/deals/waterwegregio/", "/api/v1/public/deals/"):
            assert client.get(url, follow=True).status_code == 200, url
    assert "page served without the cache" in caplog.text


def test_a_failed_write_is_dropped_and_the_old_value_is_not_served_later(tmp_path):
    cache = FileCache(str(tmp_path / "cache"), {})
    cache.set("figure", "old")
    assert cache.get("figure") == "old"
    with disk_full_after(64 * 1024):
        cache.set("figure", os.urandom(200_000))  # no exception: logged, dropped
    assert cache.get("figure") is None  # neither the new value nor the stale one
    assert cache.add("other", 1) is True  # the folder works again once there is room


def test_reads_and_writes_of_an_unusable_cache_folder_are_misses(unusable):
    cache = FileCache(str(unusable), {})
    cache.set("k", 1)
    assert cache.get("k", "default") == "default"
    assert cache.add("k", 1) is False and cache.has_key("k") is False
    assert cache.get_many(["k"]) == {}
    with pytest.raises(ValueError):
        cache.incr("k")  # as for a missing key: the ideas limit's count handles it
    cache.delete("k")
    cache.clear()


# --- uploads are whole or not at all ----------------------------------------------------------


def test_an_upload_that_does_not_fit_leaves_no_file_behind(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path / "media")
    (tmp_path / "media").mkdir()
    with disk_full_after(64 * 1024), pytest.raises(OSError):
        storage.save("governance/2026/besluit.pdf", ContentFile(b"%PDF" + b"x" * 200_000))
    assert [p for p in (tmp_path / "media").rglob("*") if p.is_file()] == []
    saved = storage.save("governance/2026/besluit.pdf", ContentFile(b"%PDF small"))
    assert storage.open(saved).read() == b"%PDF small"
    again = storage.save("governance/2026/besluit.pdf", ContentFile(b"%PDF other"))
    assert again != saved and storage.open(saved).read() == b"%PDF small"  # never overwritten


def test_an_import_file_that_does_not_fit_leaves_no_file_behind(tmp_path):
    target = tmp_path / "upload.csv"
    with disk_full_after(64 * 1024), pytest.raises(OSError):
        write_atomically(target, [b"a;b\n" * 50_000])
    assert list(tmp_path.iterdir()) == []


# --- /healthz -----------------------------------------------------------------------------------


@pytest.fixture
def healthy(db, settings):
    from regiodeal.jobs.heartbeat import beat

    settings.REGIODEAL_HEALTH_MIN_FREE_MB = 1
    beat()


def test_healthz_says_ok_with_a_database_a_writable_folder_and_a_live_worker(client, healthy):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "data_folder": True,
        "worker": True,
    }
    assert body["checks"]["data_folder"]["free_mb"] >= 1
    assert body["checks"]["worker"]["last_seen_seconds_ago"] < 60
    assert "no-store" in response["Cache-Control"]  # never cached, by the site or a proxy
    assert client.head("/healthz").status_code == 200


def test_healthz_answers_503_when_the_data_folder_cannot_be_written(client, healthy, settings, unusable):
    settings.DATA_DIR = unusable
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["data_folder"]["writable"] is False
    assert body["checks"]["database"]["ok"] is True
    assert str(unusable) not in response.content.decode()  # no paths, no error texts


def test_healthz_answers_503_when_the_disk_is_nearly_full(client, healthy, settings):
    settings.REGIODEAL_HEALTH_MIN_FREE_MB = 10**9  # a petabyte free: never
    body = client.get("/healthz").json()
    assert body["checks"]["data_folder"] | {"free_mb": 0} == {
        "ok": False,
        "writable": True,
        "free_mb": 0,
        "min_free_mb": 10**9,
    }


def test_healthz_answers_503_when_the_worker_is_silent(client, db, settings):
    from regiodeal.jobs.models import WorkerHeartbeat

    settings.REGIODEAL_HEALTH_MIN_FREE_MB = 1
    response = client.get("/healthz")
    assert response.status_code == 503
    never = {"ok": False, "last_seen_seconds_ago": None, "max_seconds": 300}
    assert response.json()["checks"]["worker"] == never
    WorkerHeartbeat.objects.create(worker="old:1", seen_at=timezone.now() - dt.timedelta(minutes=10))
    worker = client.get("/healthz").json()["checks"]["worker"]
    assert worker["ok"] is False and worker["last_seen_seconds_ago"] >= 600


def test_healthz_holds_no_personal_data(client, healthy, waterwegregio, make_user):
    make_user("programme_office", waterwegregio, username="anna.de.vries")
    text = client.get("/healthz").content.decode()
    assert set(json.loads(text)) == {"status", "checks"}
    assert "anna" not in text and "@" not in text and "127.0.0.1" not in text


@pytest.mark.django_db(transaction=True)
def test_the_worker_beats_and_healthz_sees_it(client, settings):
    from django.core.management import call_command

    from regiodeal.jobs.models import WorkerHeartbeat

    settings.REGIODEAL_HEALTH_MIN_FREE_MB = 1
    assert client.get("/healthz").status_code == 503
    call_command("worker", "--once", verbosity=0)
    assert WorkerHeartbeat.objects.count() == 1
    assert client.get("/healthz").status_code == 200


def test_the_cache_handler_is_back_to_the_test_cache():
    assert not isinstance(caches["default"], FileCache)
