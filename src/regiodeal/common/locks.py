"""Build locks: one process builds an expensive cached figure while the others wait for it
and with Redis (REDIS_URL) across every app server.

- With the cache in Redis the lock is a Redis lock (SET NX with an expiry, released only by its
  holder), so the requests of two servers that miss the same entry at once build it once. It
  expires after `timeout` seconds, so a server that dies while holding it blocks nobody for long.
- Otherwise (the file cache of one server, the default) it is a lock of this process, as before:
  the threads of one gunicorn worker build once; each worker process may build its own copy.

A lock only saves work: a caller that waited `wait` seconds in vain goes on without it (it then
builds the figure itself), so a slow build never turns into an error page.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
from collections.abc import Iterator

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# A fixed set of locks for the process (a lock per name would grow without end: names carry a
# date and who may see what). Two names sharing a stripe only wait for each other now and then.
_STRIPES = [threading.Lock() for _ in range(64)]


def redis_client(key: str):
    """The Redis client of the default cache and the full key (with the cache's prefix) of `key`,
    or None when the cache is not Redis."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    full = backend.make_and_validate_key(key)
    return backend._cache.get_client(full, write=True), full


@contextlib.contextmanager
def build_lock(name: str, *, timeout: int = 120, wait: float = 60) -> Iterator[bool]:
    """Hold the lock `name` (across servers with Redis); yields whether it was acquired."""
    found = redis_client(f"lock:{name}")
    if found is None:
        digest = hashlib.blake2b(name.encode(), digest_size=2).digest()
        lock = _STRIPES[int.from_bytes(digest, "big") % len(_STRIPES)]
        acquired = lock.acquire(timeout=wait)
        try:
            yield acquired
        finally:
            if acquired:
                lock.release()
        return
    client, key = found
    lock = client.lock(key, timeout=timeout, blocking_timeout=wait)
    acquired = bool(lock.acquire())
    if not acquired:
        logger.warning("build lock %s not acquired in %s s: building without it", name, wait)
    try:
        yield acquired
    finally:
        if acquired:
            from redis.exceptions import LockError

            with contextlib.suppress(LockError):  # expired while building: someone else holds it now
                lock.release()
