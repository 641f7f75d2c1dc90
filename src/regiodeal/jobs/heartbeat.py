"""The worker's heartbeat: `regiodeal worker` calls `beat()` every minute (and once with --once);
`/healthz` asks `last_seen()` (common/health.py)."""

from __future__ import annotations

import datetime as dt
import os
import socket

from django.utils import timezone

FORGET_AFTER = dt.timedelta(days=1)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def beat(now: dt.datetime | None = None) -> None:
    from .models import WorkerHeartbeat

    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(worker=worker_name(), defaults={"seen_at": now})
    WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()


def last_seen() -> dt.datetime | None:
    from .models import WorkerHeartbeat

    return WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
