"""A limit on ideas per IP address, against floods (Django's cache framework).

The count is kept in the default cache for a window: REGIODEAL_IDEA_RATE_LIMIT ideas per
REGIODEAL_IDEA_RATE_WINDOW seconds (default 5 per hour). With several server processes the
cache must be shared between them (file or database cache; see docs/public-site.md), otherwise
each process counts on its own. The address is `common.http.client_ip`: behind a proxy listed in
REGIODEAL_TRUSTED_PROXIES, the client's address from X-Forwarded-For, so residents do not share the
proxy's budget; from anyone else that header is ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.core.cache import cache

from regiodeal.common.http import client_ip

__all__ = ["client_ip", "count", "is_limited"]


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


def count(ip: str) -> None:
    """One more submission (or honeypot catch) from this address in the current window."""
    _limit, window = _limits()
    key = _key(ip)
    if cache.add(key, 1, window):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
