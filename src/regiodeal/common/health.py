"""`/healthz`: is the platform able to work? For a load balancer or a monitor, without login.

It answers JSON, 200 when all is well and 503 otherwise, and is never cached. Three checks:
- database: a query answers;
- data folder (REGIODEAL_DATA_DIR, and the cache folder when that lies elsewhere): a file can be
  created and removed there (a real write: permission bits do not stop root), and at least
  REGIODEAL_HEALTH_MIN_FREE_MB megabytes are free;
- worker: a `regiodeal worker` beat (jobs/heartbeat.py) within REGIODEAL_HEALTH_WORKER_SECONDS;
- cache, only with REDIS_URL (several servers, docs/deployment.md): Redis answers a PING.

It holds no personal data and no paths or error texts (those go to the log): only yes/no, the free
megabytes and the seconds since the worker's last beat (docs/security.md "Health endpoint")."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("healthz: the database does not answer")
        return {"ok": False}
    return {"ok": True}


def _folders() -> list[Path]:
    folders = [Path(settings.DATA_DIR)]
    cache = settings.CACHES.get("default", {})
    if cache.get("BACKEND", "").endswith(("FileCache", "FileBasedCache")) and cache.get("LOCATION"):
        folders.append(Path(cache["LOCATION"]))
    return folders


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".healthz.")
        try:
            os.write(fd, b"ok")
            os.fsync(fd)
        finally:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.remove(probe)
    except OSError:
        logger.exception("healthz: cannot write in %s", folder)
        return False
    return True


def check_data_folder() -> dict:
    minimum = int(getattr(settings, "REGIODEAL_HEALTH_MIN_FREE_MB", 100))
    writable = all(_writable(folder) for folder in _folders())
    try:
        free_mb = shutil.disk_usage(settings.DATA_DIR).free // (1024 * 1024)
    except OSError:
        logger.exception("healthz: cannot read the free space of the data folder")
        free_mb = 0
    ok = writable and free_mb >= minimum
    return {"ok": ok, "writable": writable, "free_mb": free_mb, "min_free_mb": minimum}


def check_worker() -> dict:
    from regiodeal.jobs.heartbeat import last_seen

    limit = int(getattr(settings, "REGIODEAL_HEALTH_WORKER_SECONDS", 300))
    try:
        seen = last_seen()
    except Exception:
        logger.exception("healthz: cannot read the worker's heartbeat")
        seen = None
    if seen is None:
        return {"ok": False, "last_seen_seconds_ago": None, "max_seconds": limit}
    age = max(0, int((timezone.now() - seen).total_seconds()))
    return {"ok": age <= limit, "last_seen_seconds_ago": age, "max_seconds": limit}


def check_redis() -> dict:
    from regiodeal.common.locks import redis_client

    try:
        client, _key = redis_client("healthz")
        client.ping()
    except Exception:
        logger.exception("healthz: Redis (REDIS_URL) does not answer")
        return {"ok": False}
    return {"ok": True}


@never_cache
@require_safe
def healthz(request):
    checks = {"database": check_database(), "data_folder": check_data_folder()}
    if getattr(settings, "REDIS_URL", ""):
        checks["cache"] = check_redis()
    checks["worker"] = check_worker() if checks["database"]["ok"] else {"ok": False}
    ok = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if ok else "fail", "checks": checks}, status=200 if ok else 503)
