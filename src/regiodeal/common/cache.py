"""The cache backend: Django's file cache (shared by the server's processes, nothing to install),
with one change: it counts its files to decide whether to cull once every `check_every` writes of
a process (option CULL_CHECK_EVERY, default 50), not before every write.

Django's FileBasedCache lists its whole folder before each `set`. With the thousands of entries a
portfolio's cached pages take (REGIODEAL_CACHE_ENTRIES, default 3,000) that listing took about
5 ms, and the first request after a write in a deal stores five or six entries: most of the
time of such a request went to counting files (measured with cProfile on the national
portfolio). Counting every 50th write of the process (one count for all its threads: Django gives each
thread its own cache object) lets the folder run over its maximum by at most 50 entries per
server process before it is culled as before (a third of the entries, at random); the
entries are keyed by data version (common/dataversion.py), so culling never serves anything
stale, it only makes a later request compute again.

It also fails open: the cache only saves work, so a data folder that is full, read-only
or gone must not take the site down. A read that fails is a miss; a write that fails is dropped,
and the entry's old file, if any, is removed where the folder still allows it, so that a value that
could not be replaced is not served later. Either is logged (a warning at most once a minute per
process, with the count since the last one); `/healthz` reports the folder itself.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

logger = logging.getLogger(__name__)
WARN_EVERY = 60.0  # seconds between two warnings of a failing cache folder

# The writes of this process, over all its threads (next() on a count is atomic under the GIL).
_writes = itertools.count(1)


class FileCache(FileBasedCache):
    def __init__(self, dir, params):
        options = dict(params.get("OPTIONS") or {})
        self.check_every = max(1, int(options.pop("CULL_CHECK_EVERY", 50)))
        try:
            super().__init__(dir, {**params, "OPTIONS": options})  # creates the folder
        except OSError as exc:  # every later operation fails open the same way
            _failed("write", exc)

    def _cull(self):
        if next(_writes) % self.check_every == 0:
            super()._cull()

    # Fail open: every public operation of the file cache, with OSError caught.

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except OSError as exc:
            _failed("read", exc)
            return default

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except OSError as exc:
            _failed("read", exc)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except OSError as exc:
            _failed("write", exc)
            self._forget(key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's add is has_key then set: with a set that fails open it would say "added".
        try:
            if super().has_key(key, version):
                return False
            super().set(key, value, timeout, version)
            return True
        except OSError as exc:
            _failed("write", exc)
            return False

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except OSError as exc:
            _failed("write", exc)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except OSError as exc:
            _failed("write", exc)
            return False

    def clear(self):
        try:
            super().clear()
        except OSError as exc:
            _failed("write", exc)

    def _forget(self, key, version):
        """The old file of a key whose new value could not be written (unlinking needs no space)."""
        with contextlib.suppress(OSError):
            os.remove(self._key_to_file(key, version))


class _Warnings:
    """One warning per WARN_EVERY seconds per process, counting the failures in between."""

    lock = threading.Lock()
    last = 0.0
    silenced = 0


def _failed(what: str, exc: OSError) -> None:
    with _Warnings.lock:
        now = time.monotonic()
        if now - _Warnings.last < WARN_EVERY and _Warnings.last:
            _Warnings.silenced += 1
            return
        silenced, _Warnings.silenced, _Warnings.last = _Warnings.silenced, 0, now
    logger.warning(
        "cache %s failed, page served without the cache: %s (%d more failures since the last warning)",
        what,
        exc,
        silenced,
    )


RELEASE_SUFFIXES = {".py", ".html", ".txt", ".mo", ".yaml", ".css", ".js", ".svg"}


def release_fingerprint() -> str:
    """A digest of the code, templates, translations and static files of this installation: what
    decides how a cached page or figure looks (a page kept whole names its stylesheets and scripts
    by their hashed names). Read once by `regiodeal setup` (about 0.1 s for 500 files)."""
    import hashlib
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in RELEASE_SUFFIXES and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


RELEASE_KEY = "cache:release"


def empty_for_new_release() -> str:
    """What `regiodeal setup` does with the cache before serving (a new release may render the
    cached pages differently).

    - The file cache of one server (the default): emptied, as always.
    - Redis (several servers, docs/deployment.md): emptied only when the release differs from the
      one that filled it, so restarting one server does not cool every server's cache. Only the
      keys under this platform's prefix go (never FLUSHDB); sessions are kept in the database as
      well (cached_db), so nobody is logged out. Returns a line for the operator."""
    from django.core.cache import caches

    from regiodeal.common.locks import redis_client

    found = redis_client(RELEASE_KEY)
    if found is None:
        caches["default"].clear()
        return ""
    client, key = found
    release = release_fingerprint()
    stored = client.get(key)
    if stored is not None and stored.decode() == release:
        return f"Shared cache (Redis) kept: filled by this release ({release})."
    prefix = key[: -len(RELEASE_KEY)]  # "<KEY_PREFIX>:<VERSION>:"
    pattern = prefix.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?").replace("[", "\\[") + "*"
    removed = 0
    batch = []
    for name in client.scan_iter(match=pattern, count=1000):
        batch.append(name)
        if len(batch) >= 1000:
            removed += client.unlink(*batch)
            batch = []
    if batch:
        removed += client.unlink(*batch)
    client.set(key, release)
    return f"Shared cache (Redis) emptied for release {release}: {removed} entries."
