"""Shared fixtures: the real Waterwegregio definition, loaded the way `regiodeal setup` loads it,
and a Debian Chromium for Playwright (`playwright install` cannot download a browser here)."""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path

import pytest

from regiodeal.audit.services import Actor
from regiodeal.deals.services import bundled_definition_path, deal_load, definition_read_file

from .deal_template import PROEFDEAL, WATERWEGREGIO, DealTemplates, replayed

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _flush_from_key_one() -> None:
    """A transactional test (a browser test's live server) ends by emptying every table; Django
    leaves the key sequences where they were (for speed), so the next test's rows, and the content
    types that the flush writes again, get other keys each time. Reset with the flush (SQLite's
    sequence table, PostgreSQL's RESTART IDENTITY: no slower), every transactional test starts
    from the same keys, and what tests/deal_template.py recorded replays there too."""
    from django.core.management.commands import flush

    sql_flush = flush.sql_flush

    def sql_flush_from_key_one(style, connection, reset_sequences=True, allow_cascade=False):
        return sql_flush(style, connection, reset_sequences=True, allow_cascade=allow_cascade)

    flush.sql_flush = sql_flush_from_key_one


_flush_from_key_one()


@pytest.fixture(autouse=True)
def dutch_first():
    """Each test starts in the platform's own language. A request to an /en/ page activates
    English for the thread (Django's LocaleMiddleware) and nothing switches it back outside a
    request, so a test that runs after one on the same worker would read English messages."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def definition_text() -> str:
    return bundled_definition_path().read_text(encoding="utf-8")


@functools.cache
def bundled_definition():
    """The bundled definition, read and checked once per worker: the checked definition is an
    immutable (frozen) model, so every test may load the same one."""
    return definition_read_file(bundled_definition_path())


@functools.cache
def other_definition():
    """The bundled definition under another slug and name (read and checked once per worker)."""
    from regiodeal.deals.definition import read_definition

    text = (
        bundled_definition_path()
        .read_text(encoding="utf-8")
        .replace("slug: waterwegregio", "slug: proefdeal", 1)
        .replace("name: Regio Deal Waterwegregio", "name: Regio Deal Proef", 1)
    )
    deal_def, problems = read_definition(text, "proefdeal.yaml")
    assert not problems
    return deal_def, text


def _load_waterwegregio():
    deal_def, text = bundled_definition()
    return deal_load(
        deal_def=deal_def, source_text=text, source_name="waterwegregio.yaml", actor=Actor(label="test")
    ).deal


def _load_proefdeal():
    deal_def, text = other_definition()
    return deal_load(
        deal_def=deal_def, source_text=text, source_name="proefdeal.yaml", actor=Actor(label="test")
    ).deal


# Both deals are loaded through `deal_load` once per worker and replayed from then on
# (tests/deal_template.py says how, and when it falls back to the service).
DEALS = DealTemplates({WATERWEGREGIO: _load_waterwegregio, PROEFDEAL: _load_proefdeal})


@pytest.fixture
def waterwegregio(db):
    """The bundled covenant, loaded as version 1."""
    return DEALS.load(WATERWEGREGIO)


@pytest.fixture
@replayed(at_once=True)
def example_portfolio(waterwegregio):
    """The Waterwegregio with the example portfolio as `regiodeal demo` writes it: built once per
    worker (and per state of the database before it: recorded the first time, as some ten tests
    of each worker meet it again) and replayed, for every test that reads the whole portfolio.
    The tests of the demo itself (tests/reporting/test_demo_portfolio.py) run it."""
    from django.core.management import call_command

    from regiodeal.results.catalogue import sync_catalogue
    from regiodeal.results.models import Indicator

    sync_catalogue(Indicator)  # a browser test's flush may have emptied what the migration loaded
    call_command("demo", "--deal", "waterwegregio")
    return waterwegregio


@pytest.fixture
def write_definition(tmp_path, definition_text):
    """Write a variant of the real definition: `write_definition(old, new)` replaces text once."""

    def write(*replacements: tuple[str, str], name: str = "deal.yaml", text: str | None = None) -> Path:
        content = definition_text if text is None else text
        for old, new in replacements:
            assert old in content, f"test set-up: {old!r} not in the definition"
            content = content.replace(old, new, 1)
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        return path

    return write


def chromium_executable() -> str | None:
    """Debian's Chromium without a window (`chromium-headless-shell`, what scripts/system-deps.sh
    installs): the same Blink and V8 as the full browser, with a browser test taking about a quarter
    less time (measured: 30 browser tests, 107 s against 81 s wall on 2 workers). The full
    `chromium` serves where only it is installed; REGIODEAL_TEST_CHROMIUM names another."""
    return os.environ.get("REGIODEAL_TEST_CHROMIUM") or next(
        filter(None, map(shutil.which, ("chromium-headless-shell", "chromium", "chromium-browser"))), None
    )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = chromium_executable()
    if executable is None:
        pytest.fail("Debian's chromium-headless-shell is not installed: run `make test`, which installs it.")
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


@pytest.fixture
def other_deal(db):
    """A second deal in the same instance, to prove that one deal's users can't reach another's."""
    return DEALS.load(PROEFDEAL)


@pytest.fixture
def make_user(db):
    """`make_user(role, deal, organisation_code=None)`: an account with one membership."""
    from django.contrib.auth import get_user_model

    from regiodeal.accounts.models import Membership
    from regiodeal.accounts.roles import ACROSS_DEALS

    def make(role: str, deal=None, organisation_code: str | None = None, username: str | None = None):
        username = username or f"{role}-{deal.slug if deal else 'all'}-{organisation_code or 'x'}"
        user = get_user_model().objects.create_user(
            username=username, email=f"{username}@example.nl", password="a-long-test-password"
        )
        organisation = deal.organisations.get(code=organisation_code) if organisation_code else None
        Membership.objects.create(
            user=user, role=role, deal=None if role in ACROSS_DEALS else deal, organisation=organisation
        )
        return user

    return make


@pytest.fixture
@replayed
def role_users(waterwegregio, other_deal, make_user):
    """One account per role in the Waterwegregio deal, one of another deal, and anonymous (None).

    Keys: programme_office, regiokassier, party_representative (gemeente Schiedam),
    project_lead, ministry, auditor, other_deal (programme office of another deal), anonymous."""
    from regiodeal.accounts.roles import Role

    users = {
        Role.PROGRAMME_OFFICE.value: make_user(Role.PROGRAMME_OFFICE, waterwegregio),
        Role.REGIOKASSIER.value: make_user(Role.REGIOKASSIER, waterwegregio, "ROTTERDAM"),
        Role.PARTY_REPRESENTATIVE.value: make_user(Role.PARTY_REPRESENTATIVE, waterwegregio, "SCHIEDAM"),
        Role.PROJECT_LEAD.value: make_user(Role.PROJECT_LEAD, waterwegregio, "VLAARDINGEN"),
        Role.MINISTRY.value: make_user(Role.MINISTRY),
        Role.AUDITOR.value: make_user(Role.AUDITOR, waterwegregio),
        "other_deal": make_user(Role.PROGRAMME_OFFICE, other_deal, username="office-of-proefdeal"),
        "anonymous": None,
    }
    return users


DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
    "django_db_setup",  # a module-scoped fixture that builds data in its own rolled-back transaction
}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    """The fixtures' replays may take the rows' fingerprint from the replay before while the test
    is set up (tests/deal_template.py:_Known), not after."""
    from .deal_template import setting_up

    setting_up(True)
    try:
        yield
    finally:
        setting_up(False)


@pytest.hookimpl(trylast=True)  # after the test's fixtures (its `capsys`) are torn down
def pytest_runtest_teardown(item):
    """A test must leave the platform's log handlers writing. One that set Django up again while
    its output was captured (bench/portfolio.py's `main` did, under `capsys`) pointed them at that
    capture, which closes after the test: from then on every log line on that worker failed and
    printed a traceback instead (`--- Logging error ---`), some 12 CPU-seconds of a run."""
    import logging

    for name in LOGGERS:
        for handler in logging.getLogger(name).handlers:
            stream = getattr(handler, "stream", None)
            if stream is not None and stream.closed:
                pytest.fail(f"{item.nodeid} left the log handler {handler!r} of {name or 'root'!r} closed")


LOGGERS = ("", "django", "django.server")  # those with handlers: settings.LOGGING, Django's own


def pytest_collection_finish(session):
    """The objects alive after collection (Django, the platform, the collected tests and their
    schemathesis cases) are never garbage, so the cyclic collector leaves them alone from here
    on (`gc.freeze`), and it runs after 100,000 new objects instead of 700 (regiodeal.cli). Over
    439 tests of governance, finance and projects it took 7.0 s of 63 s in 5,635 runs, now
    2.3 s in 164, and 1.75 s once tests/static_files.py made less garbage too (measured with a
    gc callback, 2026-12-04); a worker then holds some 100 MB more."""
    import gc

    from regiodeal.cli import GC_THRESHOLD

    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


def pytest_collection_modifyitems(config, items):
    """Which database's run a test belongs to.

    - `@pytest.mark.only_on("postgresql")` (or "sqlite"): what it tests exists in one database
      only (PostgreSQL's append-only trigger, SQLite's database-wide write lock). It runs in that
      database's run and is left out of the other's, instead of being skipped there.
    - On PostgreSQL (`make test-postgres`), a test that touches no database at all has nothing to
      tell that the SQLite run of `make test` did not: it runs there only (`ALL=1` keeps it)."""
    import os

    from django.conf import settings

    vendor = "postgresql" if "postgresql" in settings.DATABASES["default"]["ENGINE"] else "sqlite"
    keep_all = os.environ.get("REGIODEAL_TEST_ALL")
    kept, dropped = [], []
    for item in items:
        only_on = item.get_closest_marker("only_on")
        uses_db = item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(item.fixturenames)
        if only_on is not None:
            belongs = only_on.args[0] == vendor
        else:
            belongs = vendor == "sqlite" or keep_all or uses_db
        (kept if belongs else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    # The longest modules first: those that start processes, then those that drive Chromium,
    # then the other long ones, then the short ones. The workers (pytest-xdist, `--dist worksteal`
    # in the Makefile) then end on short tests and finish together, instead of one of them running
    # a long module alone at the end. The sort is stable, so within each group pytest-django's order
    # stays (tests in a rolled-back transaction before transactional ones): a module that has both
    # runs in two parts.
    weight: dict[str, int] = {}
    for item in kept:
        module = item.module.__name__
        weight[module] = min(weight.get(module, SHORT), _weight(item))
    items[:] = sorted(kept, key=lambda item: weight[item.module.__name__])


SHORT = 3


def _weight(item) -> int:
    """0 to 3, the longest first. Seconds a test: it starts processes (0: marked `subprocess`, or
    `processes` when it runs on both databases), drives Chromium (1),
    empties the database after itself (a transactional test, which the live server of a browser
    test needs too), reads the whole example portfolio (the crawls, the check page), or builds
    data for its whole module (a module-scoped fixture that opens the database) (2). A fraction of
    a second: the rest (3)."""
    if {"subprocess", "processes"} & set(item.keywords):
        return 0
    if "browser" in item.keywords:
        return 1
    return 2 if _long(item) else SHORT


def _long(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if (marker is not None and marker.kwargs.get("transaction")) or "example_portfolio" in item.fixturenames:
        return True
    definitions = getattr(item, "_fixtureinfo", None)
    for fixturedefs in definitions.name2fixturedefs.values() if definitions else ():
        for fixturedef in fixturedefs:
            if fixturedef.scope == "module" and {"django_db_setup", "django_db_blocker"} & set(
                fixturedef.argnames
            ):
                return True
    return False


# What ran, by kind and database: printed at the end of every run, so that CI's log shows the
# executed counts of both databases (the PostgreSQL run leaves out the kinds marked as not
# depending on the database: see the Makefile).
KINDS = ("unit", "api", "browser", "subprocess")
_executed: dict[str, int] = dict.fromkeys(KINDS, 0)


def _kind(report) -> str:
    words = report.keywords
    if "browser" in words:
        return "browser"
    if "subprocess" in words:
        return "subprocess"
    if "schemathesis" in words or "/api/" in report.nodeid or "api" in report.nodeid.split("::")[0]:
        return "api"
    return "unit"


def pytest_runtest_logreport(report):
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        _executed[_kind(report)] += 1


def pytest_terminal_summary(terminalreporter):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    counts = ", ".join(f"{kind} {_executed[kind]}" for kind in KINDS)
    terminalreporter.write_line(f"executed on {engine}: {counts} (total {sum(_executed.values())})")
    from .deal_template import summary

    if replays := summary():  # in this process: with -n 0, or a run without pytest-xdist's workers
        terminalreporter.write_line(replays)
