"""What the suite builds again and again, built once per worker and then replayed row by row.

Loading the Waterwegregio covenant through `deal_load` takes about 160 queries (parties, pillars,
articles, norms, the audit event ...), building the example portfolio of `regiodeal demo` some
thousands, and most tests start from one of them. A `Template` builds its data inside a
savepoint, records every row the build added or changed (and what it returned), and rolls the
savepoint back. From then on the data is these rows written again with their own keys,
one prepared statement per table: the same rows the services write, byte for byte, audit chain
included.

A recording holds only for the database it was made in: the same rows before it, counted and
numbered per table (the fingerprint, one query), and the same day. A template records a state
the second time it meets it (the first time it builds the ordinary way: a state a test made with
rows of its own first is seldom met again), up to `STATES_KEPT` states; a template made with
`at_once` (the example portfolio, which every worker meets again) records the first time. A
build that changed an existing file is never replayed; a file it uploaded stays where it was
written (and is written again if a test removed it), and e-mail it sent is sent again (copied
into the outbox).
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core import mail
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

WATERWEGREGIO, PROEFDEAL = "waterwegregio", "proefdeal"
STATES_KEPT = 20  # recordings per template; past that a new state is built the ordinary way
TEMPLATES: list[Template] = []  # every template of this process, for the summary of a run


class _Rollback(Exception):
    pass


class NotReplayable(Exception):
    """The build did something a replay of rows cannot repeat."""


def _models():
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and not m._meta.swapped
    ]


def _snapshot(models) -> dict:
    """Every row of every table, by model and key (small: a migrated database and what the test
    made so far)."""
    snapshot = {}
    for m in models:
        rows = m._base_manager.values(*[f.attname for f in m._meta.concrete_fields])
        snapshot[m] = {row[m._meta.pk.attname]: row for row in rows}
    return snapshot


@functools.cache
def _fingerprint_sql(models: tuple) -> str:
    q = connection.ops.quote_name
    parts = []
    for m in models:
        table, pk = q(m._meta.db_table), q(m._meta.pk.column)
        if m._meta.pk.get_internal_type() not in ("AutoField", "BigAutoField", "IntegerField"):
            pk = f"CAST({pk} AS TEXT)"  # a UUID (PostgreSQL has no MAX of one) or a text key
        parts.append(f"(SELECT COUNT(*) FROM {table}), (SELECT MAX({pk}) FROM {table})")  # noqa: S608
    return "SELECT " + ", ".join(parts)


def _fingerprint(models) -> tuple:
    """How many rows each table holds and its highest key, in one query.

    On PostgreSQL the query is prepared once per connection: planning its 224 subqueries was
    nearly all of its cost (18.9 ms a run, against 2.3 ms prepared), and the suite runs it several
    times per test (once per replayed fixture). Django turns psycopg's own preparing off, so it is
    prepared here; a prepared statement lasts as long as the connection, whatever is rolled back.
    """
    sql = _fingerprint_sql(tuple(models))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if getattr(connection, "_fingerprint_prepared_on", None) is not connection.connection:
                cursor.execute("PREPARE regiodeal_fingerprint AS " + sql)
                connection._fingerprint_prepared_on = connection.connection
            sql = "EXECUTE regiodeal_fingerprint"
        cursor.execute(sql)
        return tuple(map(str, cursor.fetchone()))


# What leaves the rows as they are (as Django and `_fingerprint` write it; anything else forgets).
READS = ("SELECT ", "SAVEPOINT ", "RELEASE SAVEPOINT ", "EXECUTE regiodeal_fingerprint")


class _Known:
    """The fingerprint of the rows as they are, where nothing has written since it was taken: a
    test's fixtures replay several templates one after the other (a deal, the other deal, the
    accounts ...), and each would otherwise count every table again (on PostgreSQL 5 ms a time,
    some 3,400 times in a run). Trusted only while pytest sets a test up (`setting_up`), inside
    the test's transaction; any statement but a read (a write, a rollback to a savepoint) through
    the connection forgets it. A transactional test, whose rollback does not pass the connection's
    statement hooks, never keeps one."""

    def __init__(self):
        self.trusted = False
        self.fingerprint: tuple | None = None

    def watch(self, execute, sql, params, many, context):
        if self.fingerprint is not None and not sql.lstrip().startswith(READS):
            self.fingerprint = None
        return execute(sql, params, many, context)

    def get(self, models) -> tuple:
        if self.fingerprint is not None and self.trusted and connection.in_atomic_block:
            return self.fingerprint
        return _fingerprint(models)

    def keep(self, fingerprint: tuple) -> None:
        trusted = self.trusted and connection.in_atomic_block and self.watch in connection.execute_wrappers
        self.fingerprint = fingerprint if trusted else None


KNOWN = _Known()


def setting_up(trusted: bool) -> None:
    """From tests/conftest.py: a test's set-up starts (True) or ends (False). The hook goes in
    before any fixture runs: `connection.execute_wrapper()` blocks, which add theirs after it
    and take the last one off, never take it off instead."""
    if trusted and KNOWN.watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(KNOWN.watch)
    KNOWN.trusted = trusted
    KNOWN.fingerprint = None


@dataclass
class _Statement:
    """One table's rows as a prepared statement and its parameters (converted for the database
    once, when recorded)."""

    model: type
    sql: str
    params: list[tuple]

    def run(self, cursor) -> None:
        cursor.executemany(self.sql, self.params)

    def text(self, cursor) -> str:
        """The rows as SQL text with their values in it (PostgreSQL's client-side binding): an
        insert as one statement of many rows, an update or delete a statement per row."""
        if self.sql.startswith("INSERT "):
            head, row = self.sql.split(" VALUES ", 1)
            return f"{head} VALUES " + ", ".join(cursor.mogrify(row, p) for p in self.params)
        return ";\n".join(cursor.mogrify(self.sql, p) for p in self.params)


def _inserts(model, rows: list[dict]) -> _Statement:
    """Insert the rows as they are, the way `loaddata` does (raw: no `auto_now` stamps a new time
    on an audit event whose hash covers the old one)."""
    q = connection.ops.quote_name
    fields = model._meta.concrete_fields
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names of the models, quoted)
        q(model._meta.db_table), ", ".join(q(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    )
    params = [tuple(f.get_db_prep_save(row[f.attname], connection) for f in fields) for row in rows]
    return _Statement(model, sql, params)


def _updates(model, rows: list[dict]) -> _Statement:
    q = connection.ops.quote_name
    pk = model._meta.pk
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608 (names of the models, quoted)
        q(model._meta.db_table), ", ".join(f"{q(f.column)} = %s" for f in fields), q(pk.column)
    )
    params = [
        (
            *(f.get_db_prep_save(row[f.attname], connection) for f in fields),
            pk.get_db_prep_save(row[pk.attname], connection),
        )
        for row in rows
    ]
    return _Statement(model, sql, params)


def _deletes(model, keys: list) -> _Statement:
    q = connection.ops.quote_name
    pk = model._meta.pk
    sql = f"DELETE FROM {q(model._meta.db_table)} WHERE {q(pk.column)} = %s"  # noqa: S608
    return _Statement(model, sql, [(pk.get_db_prep_save(k, connection),) for k in keys])


@dataclass(frozen=True)
class _Ref:
    model: type
    pk: Any


def _refs(value):
    """The build's result with every model instance replaced by a reference to its row."""
    if isinstance(value, models.Model):
        return _Ref(type(value), value.pk)
    if isinstance(value, dict):
        return {k: _refs(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return type(value)(_refs(v) for v in value)
    if value is None or isinstance(value, str | int | float | bool | dt.date | dt.datetime | type):
        return value
    from decimal import Decimal
    from enum import Enum

    if isinstance(value, Decimal | Enum):
        return value
    raise NotReplayable(f"the build returned a {type(value).__name__}")


def _resolve(value):
    if isinstance(value, _Ref):
        return value.model._base_manager.get(pk=value.pk)
    if isinstance(value, dict):
        return {k: _resolve(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return type(value)(_resolve(v) for v in value)
    return value


def _media_root():
    """The folder of the uploaded files (None for storage that is not a folder)."""
    from pathlib import Path

    from django.core.files.storage import default_storage

    location = getattr(default_storage, "location", None)
    return Path(location) if location else None


def _files() -> dict[str, tuple[int, int]]:
    """The uploaded files, by path in their folder, with their size and time."""
    root = _media_root()
    if root is None or not root.exists():
        return {}
    stamps = {}
    for path in root.rglob("*"):
        if path.is_file():
            stat = path.stat()
            stamps[str(path.relative_to(root))] = (stat.st_size, stat.st_mtime_ns)
    return stamps


@dataclass
class _Recording:
    statements: list[_Statement]
    result: Any
    mails: list = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # what the build uploaded, by path
    reset: str = ""  # the key sequences set past the keys written (PostgreSQL), one round trip
    # PostgreSQL: the statements and the reset as one text, sent in one round trip. A statement
    # per table took a round trip each (some 35 for a covenant), and one server execution per row.
    script: str = ""
    after: tuple = ()  # the fingerprint of the rows with the build's rows written


class Template:
    """`template.run(build)`: what `build()` writes and returns, replayed where it was recorded."""

    def __init__(self, name: str, *, at_once: bool = False):
        self.name = name
        self.at_once = at_once  # record a state the first time it is met, not the second
        self.recordings: dict[tuple, _Recording | None] = {}
        self.seen: set[tuple] = set()
        # No build changed or deleted a row that was there before it (a replay repeats such changes
        # too; the deals' loads must make none: tests/common/test_deal_template.py).
        self.exact = True
        self.replayed = 0
        self.built = 0
        TEMPLATES.append(self)

    def run(self, build: Callable[[], Any], *, given: tuple = ()):
        """`given`: what else the build depends on besides the rows (its arguments)."""
        models = _models()
        key = (timezone.localdate(), str(_media_root()), given, KNOWN.get(models))
        if key not in self.recordings:
            if (key not in self.seen and not self.at_once) or len(self.recordings) >= STATES_KEPT:
                self.seen.add(key)  # a state met once (a test's own rows first) is seldom met again
                self.built += 1
                return build()
            self.recordings[key] = self._record(models, build)
        recording = self.recordings[key]
        if recording is None:
            self.built += 1
            return build()
        self.replayed += 1
        root = _media_root()
        for path, content in recording.files.items():  # a test after the recording may remove one
            if not (root / path).exists():
                (root / path).parent.mkdir(parents=True, exist_ok=True)
                (root / path).write_bytes(content)
        with transaction.atomic(), connection.cursor() as cursor:
            if recording.script:
                cursor.execute(recording.script)
            else:
                for statement in recording.statements:
                    statement.run(cursor)
                if recording.reset:
                    cursor.execute(recording.reset)
        KNOWN.keep(recording.after)
        mail.outbox = getattr(mail, "outbox", [])
        mail.outbox.extend(copy.deepcopy(recording.mails))
        # No save signal ran: forget what the shared cache holds (a data version from a test
        # before, under the same deal key, would otherwise still be current).
        cache.clear()
        return _resolve(recording.result)

    def _record(self, models, build) -> _Recording | None:
        files = _files()
        outbox = len(getattr(mail, "outbox", []))
        recording = None
        try:
            with transaction.atomic():
                before = _snapshot(models)
                result = build()
                after = _snapshot(models)
                fingerprint_after = _fingerprint(models)
                try:
                    refs = _refs(result)
                except NotReplayable:
                    raise _Rollback from None
                statements, changed, deleted = [], [], []
                for m in models:
                    old, new = before[m], after[m]
                    added = [row for pk, row in new.items() if pk not in old]
                    if added:
                        statements.append(_inserts(m, added))
                    updated = [new[pk] for pk, row in old.items() if pk in new and new[pk] != row]
                    if updated:
                        changed.append(_updates(m, updated))
                    gone = [pk for pk in old if pk not in new]
                    if gone:
                        deleted.append(_deletes(m, gone))
                if changed or deleted:
                    self.exact = False
                now = _files()
                if all(now.get(path) == stamp for path, stamp in files.items()):  # none changed
                    sent = list(getattr(mail, "outbox", []))[outbox:]
                    root = _media_root()
                    uploaded = {path: (root / path).read_bytes() for path in now.keys() - files.keys()}
                    reset = connection.ops.sequence_reset_sql(no_style(), [s.model for s in statements])
                    recording = _Recording(
                        statements + changed + deleted, refs, copy.deepcopy(sent), uploaded, "\n".join(reset)
                    )
                    recording.after = fingerprint_after
                    if connection.vendor == "postgresql":
                        with connection.cursor() as cursor:
                            texts = [s.text(cursor) for s in recording.statements] + [recording.reset]
                        recording.script = ";\n".join(t for t in texts if t)
                raise _Rollback
        except _Rollback:
            pass
        if hasattr(mail, "outbox"):
            del mail.outbox[outbox:]
        return recording


class DealTemplates:
    """The suite's two deals: `load(slug)` is the deal as `deal_load` would have written it."""

    def __init__(self, loaders: dict[str, Callable[[], object]]):
        self.loaders = loaders
        self.templates = {slug: Template(f"deal {slug}") for slug in loaders}

    @property
    def exact(self) -> bool:
        return all(t.exact for t in self.templates.values())

    def load(self, slug: str):
        return self.templates[slug].run(self.loaders[slug])


def _given(value):
    """An argument of a replayed fixture as part of its key: a row by its key, a plain value as
    it is; anything else (a factory such as `make_user`, `live_server`) is not part of the key."""
    if isinstance(value, models.Model):
        return (type(value), value.pk)
    if value is None or isinstance(value, str | int | bool | dt.date):
        return value
    return None


def replayed(fixture=None, *, at_once: bool = False):
    """A fixture whose rows and result are built once per worker and replayed (`Template`):
    under `@pytest.fixture`, on a function that writes rows through the services and returns
    rows or plain values. `@replayed(at_once=True)`: recorded the first time (see above)."""
    if fixture is None:
        return functools.partial(replayed, at_once=at_once)
    template = Template(f"{fixture.__module__}.{fixture.__qualname__}", at_once=at_once)

    @functools.wraps(fixture)
    def wrapper(*args, **kwargs):
        given = tuple(sorted((name, _given(value)) for name, value in kwargs.items()))
        return template.run(lambda: fixture(*args, **kwargs), given=given)

    wrapper.template = template
    return wrapper


def summary() -> str | None:
    """What the templates of this process did (printed at the end of a run without workers)."""
    used = [t for t in TEMPLATES if t.replayed or t.built]
    if not used:
        return None
    parts = [f"{t.name} {t.replayed}/{t.replayed + t.built} ({len(t.recordings)} states)" for t in used]
    return "replayed: " + ", ".join(parts)
