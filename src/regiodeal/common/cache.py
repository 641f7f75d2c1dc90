"""The cache backend: Django's file cache (shared by the server's processes, nothing to install),
with one change: it counts its files to decide whether to cull once every `check_every` writes of
a process (option CULL_CHECK_EVERY, default 50), not before every write.

Django's FileBasedCache lists its whole folder before each `set`. With the thousands of entries a
portfolio's cached pages take (REGIODEAL_CACHE_ENTRIES, default 3,000) that listing took about
5 ms, and the first request after a write in a deal stores five or six entries: most of the
time of such a request went to counting files (measured with cProfile on the national portfolio,
issue 9). Counting every 50th write of the process (one count for all its threads: Django gives each
thread its own cache object) lets the folder run over its maximum by at most 50 entries per
server process before it is culled as before (a third of the entries, at random); the
entries are keyed by data version (common/dataversion.py), so culling never serves anything
stale, it only makes a later request compute again.
"""

from __future__ import annotations

import itertools

from django.core.cache.backends.filebased import FileBasedCache

# The writes of this process, over all its threads (next() on a count is atomic under the GIL).
_writes = itertools.count(1)


class FileCache(FileBasedCache):
    def __init__(self, dir, params):
        options = dict(params.get("OPTIONS") or {})
        self.check_every = max(1, int(options.pop("CULL_CHECK_EVERY", 50)))
        super().__init__(dir, {**params, "OPTIONS": options})

    def _cull(self):
        if next(_writes) % self.check_every == 0:
            super()._cull()
