"""Test settings: the real settings, with a throwaway data folder and plain static storage
(the manifest storage needs `collectstatic`, which `test_serve_command` exercises for real)."""

import os
import tempfile

# A throwaway data folder, and in it one of its own for each pytest-xdist worker (its uploaded files,
# cache and SQLite test database). The workers inherit the variable from the process that starts
# them; in one shared folder, a replayed fixture that lists the files its build uploaded
# (tests/deal_template.py) met another worker's upload half-written, and failed. A process that a
# test starts inherits the worker's folder as it is.
_data = os.environ.get("REGIODEAL_DATA_DIR") or tempfile.mkdtemp(prefix="regiodeal-test-")
if (_worker := os.environ.get("PYTEST_XDIST_WORKER")) and os.path.basename(_data) != _worker:
    _data = os.path.join(_data, _worker)
    os.makedirs(_data, mode=0o700, exist_ok=True)
os.environ["REGIODEAL_DATA_DIR"] = _data

from regiodeal.conf.settings import *  # noqa: E402, F403
from regiodeal.conf.settings import STORAGES  # noqa: E402

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# The app folders' files, found once when the server starts (not looked up again on every request,
# as autorefresh does) and cached by the browser for 60 s as in production: a browser test fetches
# the stylesheets once instead of on every page (measured on 61 browser tests: 117.4 to 112.1
# CPU-seconds). STATIC_ROOT must exist (empty) for WhiteNoise not to warn.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False
MIDDLEWARE = [  # found once per process, not for every test client (tests/static_files.py)
    "tests.static_files.StaticFilesFoundOnce" if m == "whitenoise.middleware.WhiteNoiseMiddleware" else m
    for m in MIDDLEWARE  # noqa: F405
]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; production keeps PBKDF2

# A file, not memory, so that a second process (the kill-during-import test) can open the test
# database. Only for SQLite; PostgreSQL test databases are shared by nature.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405

# In-process cache for tests (production shares a file cache between gunicorn workers).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# One audit key for the suite (settings.py derives one from SECRET_KEY with a warning otherwise),
# so a test that restores in another process can give that process the same key.
REGIODEAL_AUDIT_KEY = "the audit key of the test suite"

# The public site follows a write at once in the tests, as the pages under test expect; the lag
# of production (10 s) has its own tests (tests/portal/test_public_lag.py).
REGIODEAL_PUBLIC_LAG_SECONDS = 0
