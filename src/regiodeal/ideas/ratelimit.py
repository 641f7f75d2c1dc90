"""A limit on ideas per IP address, against floods (Django's cache framework).

The count is kept in the default cache for a window: REGIODEAL_IDEA_RATE_LIMIT ideas per
REGIODEAL_IDEA_RATE_WINDOW seconds (default 5 per hour). With several server processes the
cache must be shared between them (the file cache of one server; Redis for several servers,
docs/deployment.md), otherwise each process counts on its own. In Redis a count is one atomic
step (SET NX with the window's expiry, then INCR, in one MULTI/EXEC), so two servers or threads
counting at once can neither lose a count nor let an address past the limit (`take`).

The address is `common.http.client_ip`: behind a proxy listed in REGIODEAL_TRUSTED_PROXIES, the
client's address from X-Forwarded-For, so residents do not share the proxy's budget; from anyone
else that header is ignored.
"""

from __future__ import annotations

import contextlib
import ipaddress

from django.conf import settings
from django.core.cache import cache

from regiodeal.common.http import client_ip
from regiodeal.common.locks import redis_client

__all__ = ["client_ip", "count", "give_back", "is_limited", "take"]


_GIVE_BACK = "if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECR', KEYS[1]) end return 0"


def _limits() -> tuple[int, int]:
    return (
        int(getattr(settings, "REGIODEAL_IDEA_RATE_LIMIT", 5)),
        int(getattr(settings, "REGIODEAL_IDEA_RATE_WINDOW", 3600)),
    )


def _key(ip: str) -> str:
    # An IPv6 client holds a whole /64 (it can take a fresh address for every idea): count per /64.
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return f"ideas:rate:{ip or 'unknown'}"
    if address.version == 6:
        return f"ideas:rate:{ipaddress.ip_network(f'{address}/64', strict=False)}"
    return f"ideas:rate:{address}"


def is_limited(ip: str) -> bool:
    limit, _window = _limits()
    return (cache.get(_key(ip)) or 0) >= limit


def count(ip: str) -> int:
    """One more submission (or honeypot catch) from this address in the current window; returns
    the count with it."""
    _limit, window = _limits()
    key = _key(ip)
    found = redis_client(key)
    if found is not None:
        client, full = found
        with client.pipeline(transaction=True) as pipe:  # MULTI ... EXEC: one atomic step
            pipe.set(full, 0, ex=window, nx=True)  # a new window starts at 0 with its expiry
            pipe.incr(full)  # INCR keeps the expiry
            return int(pipe.execute()[1])
    if cache.add(key, 1, window):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
        return 1


def take(ip: str) -> bool:
    """Count a submission now, before it is stored; False when that goes over the limit (then
    refuse it). Counting first is what makes the limit hold for submissions arriving at once."""
    limit, _window = _limits()
    return count(ip) <= limit


def give_back(ip: str) -> None:
    """A taken submission that was refused after all (the service found a problem): not counted."""
    key = _key(ip)
    found = redis_client(key)
    if found is not None:
        client, full = found
        # Only while the window lasts: a DECR after expiry would leave a count without an expiry.
        client.eval(_GIVE_BACK, 1, full)
        return
    with contextlib.suppress(ValueError):  # the window ended meanwhile: nothing to give back
        cache.decr(key)
