"""Backup and restore of the whole database, the same way on SQLite and PostgreSQL (docs/backup.md).

A backup is one gzip-compressed file of JSON Lines, written and read as a stream, so memory stays
flat whatever the size of the database:

    {"header": {"format": "regiodeal-backup/2", "created_at": ..., "vendor": "sqlite", "migrations": [...]}}
    {"table": "auth.user", "columns": ["id", "password", ...]}
    [1, "pbkdf2_sha256$...", ...]                      one line per row, in primary-key order
    ...
    {"trailer": {"rows": {"auth.user": 7, ...}, "sha256": "..."}}

Every table of every app is in it with its own primary keys (users, groups, permissions and
content types included; sessions are not), tables in the order of their foreign keys. A restore
puts every row back under the same primary key, so every link (to a user, a project, a content
type) points at the same record as in the backup, whatever the target database held or how it
numbered its rows. The SHA-256 in the trailer covers every line before it; a restore checks it,
the header and the schema before it changes anything, then empties the tables and loads the rows
in one transaction: all or nothing.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import io
import json
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.core.cache import cache
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.duration import duration_string
from django.utils.translation import gettext as _

FORMAT = "regiodeal-backup/2"
CHUNK = 2000  # rows read from the database, and inserted, at a time

# Not in a backup: who is logged in now (a restored session would log a browser in as whoever has
# that user id in the backup). A restore empties it.
NOT_BACKED_UP = {"sessions.session"}

# What `regiodeal setup` writes into a new database: a restore replaces it without asking. Per
# model: None for all its rows, else a function giving those of its rows setup did not write.
# Django's own tables are here; the apps add theirs from their `ready()` (`setup_writes`).
SETUP_ROWS: dict[str, Callable[[models.QuerySet], models.QuerySet] | None] = {
    "contenttypes.contenttype": None,
    "auth.permission": None,
}
# The audit events setup records (the apps add theirs). The audit trail counts by its events; its
# chain heads (audit.AuditChain) follow them.
SETUP_AUDIT_ACTIONS: set[str] = set()
# Kept by the platform itself, not entered by anyone: replaced without asking, never "lost".
OPERATIONAL_APPS = {"axes", "django_tasks_database", "jobs", "sessions"}


# What a restore is recorded on in the restored audit trail, one event each, with the chain (the
# deal's slug) it goes into: registered by the apps (`record_restore_on`; deals: every deal).
RESTORE_RECORDED_ON: list[Callable[[str], Iterable[tuple[models.Model, str]]]] = []


def setup_writes(
    model: type[models.Model],
    *,
    beyond: Callable[[models.QuerySet], models.QuerySet] | None = None,
    audit_actions: Iterable[str] = (),
) -> None:
    """Declare (from an app's `ready()`) that `regiodeal setup` writes rows of `model`, which a
    restore may then replace without asking: all its rows, or, with `beyond`, all but the rows
    `beyond(rows)` gives (those someone added). `audit_actions`: the events setup records."""
    SETUP_ROWS[model._meta.label_lower] = beyond
    SETUP_AUDIT_ACTIONS.update(audit_actions)


def record_restore_on(objects: Callable[[str], Iterable[tuple[models.Model, str]]]) -> None:
    """Register (from an app's `ready()`) what a restore is recorded on: `objects(using)` gives
    (object, deal slug) pairs, one audit event each."""
    if objects not in RESTORE_RECORDED_ON:
        RESTORE_RECORDED_ON.append(objects)


class BackupError(CommandError):
    """A file that is not a complete, unchanged backup of this schema; nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message, returncode=2)


# ---------------------------------------------------------------------------------------------
# The tables


def backed_up_models() -> list[type[models.Model]]:
    """Every table of every app (many-to-many tables included), parents before children."""
    candidates = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and m._meta.label_lower not in NOT_BACKED_UP
    ]
    return _parents_first(candidates)


def _parents_first(candidates: list[type[models.Model]]) -> list[type[models.Model]]:
    """A topological order over the foreign keys (a self-reference is no dependency; the database
    checks foreign keys at commit, so a cycle, if one ever appears, still loads)."""
    remaining = list(candidates)
    placed: list[type[models.Model]] = []
    placed_set: set = set()
    while remaining:
        for model in remaining:
            parents = {
                f.related_model
                for f in model._meta.concrete_fields
                if f.is_relation and f.related_model is not model and f.related_model in candidates
            }
            if parents <= placed_set:
                break
        else:
            model = remaining[0]  # a cycle: deferred foreign keys make any order load
        remaining.remove(model)
        placed.append(model)
        placed_set.add(model)
    return placed


def _columns(model) -> list[models.Field]:
    return list(model._meta.concrete_fields)


def _encode(value):
    """A column's value as JSON, losing nothing (Django's encoder cuts datetimes to milliseconds)."""
    if value is None or isinstance(value, bool | int | float | str | dict | list):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_string(value)
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview | bytearray):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot write {type(value).__name__} to a backup")


_AS_JSON = (models.IntegerField, models.BooleanField, models.CharField, models.TextField, models.FloatField)


def _encoder(model_field: models.Field):
    """None for a column whose values are JSON as they come (most), else the conversion."""
    target = model_field.target_field if model_field.is_relation else model_field
    if isinstance(target, _AS_JSON) and not isinstance(target, models.JSONField):
        return None
    if isinstance(target, models.DateField | models.TimeField):  # DateTimeField is a DateField
        return lambda v: None if v is None else v.isoformat()
    if isinstance(target, models.DecimalField | models.UUIDField):
        return lambda v: None if v is None else str(v)
    return _encode


def _to_database(model_field: models.Field, connection):
    """From JSON back to what the database takes for the column (each field parses its own type)."""
    if isinstance(model_field, models.JSONField):
        parse = None  # JSON as it was
    elif isinstance(model_field, models.BinaryField):
        parse = base64.b64decode
    else:
        parse = model_field.to_python
    prepare = model_field.get_db_prep_save

    def convert(value):
        if value is None:
            return None
        return prepare(parse(value) if parse else value, connection)

    return convert


def _applied_migrations(using: str) -> list[list[str]]:
    recorder = MigrationRecorder(connections[using])
    return sorted([app, name] for app, name in recorder.applied_migrations())


# ---------------------------------------------------------------------------------------------
# Writing


def _private_file(path: Path):
    """Open for writing with mode 0600 from the first byte (a backup holds every password hash)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an existing file keeps its mode through O_CREAT
    return os.fdopen(fd, "wb")


class _HashingWriter:
    def __init__(self, out):
        self.out = out
        self.sha = hashlib.sha256()

    def line(self, obj) -> None:
        data = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=_encode).encode() + b"\n"
        self.sha.update(data)
        self.out.write(data)


def backup_write(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Write every row of every table to `path`, from one consistent view of the database."""
    connection = connections[using]
    header = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "vendor": connection.vendor,
        "migrations": _applied_migrations(using),
    }
    counts: dict[str, int] = {}
    part = path.with_name(path.name + ".part")
    try:
        with (
            _private_file(part) as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6) as zipped,
            io.BufferedWriter(zipped, buffer_size=1 << 20) as out,
        ):
            writer = _HashingWriter(out)
            writer.line({"header": header})
            outermost = not connection.in_atomic_block
            with transaction.atomic(using=using):
                if connection.vendor == "postgresql" and outermost:  # one snapshot for every table
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                for model in backed_up_models():
                    columns = [f.attname for f in _columns(model)]
                    writer.line({"table": model._meta.label_lower, "columns": columns})
                    rows = model._base_manager.using(using).order_by("pk").values_list(*columns)
                    encoders = [_encoder(f) for f in _columns(model)]
                    plain = not any(encoders)
                    pairs = list(enumerate(encoders))
                    n = 0
                    for row in rows.iterator(chunk_size=CHUNK):
                        writer.line(row if plain else [e(row[i]) if e else row[i] for i, e in pairs])
                        n += 1
                    counts[model._meta.label_lower] = n
            out.write(
                json.dumps({"trailer": {"rows": counts, "sha256": writer.sha.hexdigest()}}).encode() + b"\n"
            )
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
    return {**header, "rows": counts, "total": sum(counts.values())}


# ---------------------------------------------------------------------------------------------
# Reading


@dataclass
class Verified:
    header: dict
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _lines(path: Path) -> Iterator[bytes]:
    try:
        with gzip.open(path, "rb") as src:
            yield from src
    except FileNotFoundError as exc:
        raise BackupError(_("%(file)s: het bestand bestaat niet.") % {"file": path}) from exc
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise BackupError(
            _(
                "%(file)s: het bestand is onvolledig of beschadigd (%(error)s); er is niets gewijzigd. "
                "Neem een ander backupbestand."
            )
            % {"file": path, "error": exc}
        ) from exc


def _parse(path: Path, raw: bytes, number: int):
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(
            _("%(file)s, regel %(line)s: geen geldige regel van een backup; er is niets gewijzigd.")
            % {"file": path, "line": number}
        ) from exc


def backup_verify(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> Verified:
    """Read the whole file once, without keeping it: its format, its checksum and row counts, and
    that it was made with this schema. Raises BackupError, naming the problem, otherwise."""
    sha = hashlib.sha256()
    header = trailer = None
    counts: dict[str, int] = {}
    table = None
    for number, raw in enumerate(_lines(path), start=1):
        if trailer is not None:
            raise BackupError(
                _("%(file)s: er staat iets na het einde van de backup; er is niets gewijzigd.")
                % {"file": path}
            )
        if number == 1:
            first = _parse(path, raw, number) if raw.startswith(b"{") else None
            header = first.get("header") if isinstance(first, dict) else None
            if not isinstance(header, dict) or header.get("format") != FORMAT:
                raise BackupError(
                    _(
                        "%(file)s: geen regiodeal-backup (verwacht: %(format)s, gemaakt met "
                        "`regiodeal backup`); er is niets gewijzigd."
                    )
                    % {"file": path, "format": FORMAT}
                )
        elif raw.startswith(b'{"trailer"'):
            trailer = _parse(path, raw, number)["trailer"]
            continue
        elif raw.startswith(b'{"table"'):
            table = _parse(path, raw, number)["table"]
            counts[table] = 0
        elif table is not None:
            counts[table] += 1
        sha.update(raw)
    if trailer is None:
        raise BackupError(
            _(
                "%(file)s: de backup is onvolledig (het einde met de controlesom ontbreekt; afgebroken of "
                "ingekort?). Er is niets gewijzigd."
            )
            % {"file": path}
        )
    if trailer.get("sha256") != sha.hexdigest() or trailer.get("rows") != counts:
        raise BackupError(
            _(
                "%(file)s: de controlesom (SHA-256) klopt niet: het bestand is na het maken gewijzigd of "
                "beschadigd. Er is niets gewijzigd."
            )
            % {"file": path}
        )
    here = _applied_migrations(using)
    if header["migrations"] != here:
        theirs = {tuple(m) for m in header["migrations"]}
        ours = {tuple(m) for m in here}
        raise BackupError(
            _(
                "%(file)s: gemaakt met een andere versie van het databaseschema (alleen in de backup: "
                "%(theirs)s; alleen hier: %(ours)s). Zet de backup terug met de regiodeal-versie die hem "
                "maakte en werk daarna bij met `regiodeal setup`. Er is niets gewijzigd."
            )
            % {"file": path, "theirs": sorted(theirs - ours)[:5], "ours": sorted(ours - theirs)[:5]}
        )
    known = {m._meta.label_lower for m in backed_up_models()}
    if set(counts) != known:
        raise BackupError(
            _("%(file)s: de tabellen kloppen niet met dit schema (%(tables)s). Er is niets gewijzigd.")
            % {"file": path, "tables": ", ".join(sorted(set(counts) ^ known)[:5])}
        )
    return Verified(header=header, rows=counts)


# ---------------------------------------------------------------------------------------------
# What a restore would replace


def data_beyond_setup(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """What the database holds beyond what `regiodeal setup` loads, by kind (plural name): the
    data a restore would lose. Empty for a database that was only set up."""
    from regiodeal.audit.models import AuditEvent

    lost: dict[str, int] = {}

    def add(model, n: int) -> None:
        if n:
            lost[str(model._meta.verbose_name_plural)] = lost.get(str(model._meta.verbose_name_plural), 0) + n

    add(
        AuditEvent,
        AuditEvent.objects.using(using).exclude(actor__isnull=True, action__in=SETUP_AUDIT_ACTIONS).count(),
    )
    for model in backed_up_models():
        label = model._meta.label_lower
        app = model._meta.app_label
        if label in ("audit.auditevent", "audit.auditchain") or app in OPERATIONAL_APPS:
            continue
        if model._meta.auto_created:
            continue  # a many-to-many table: its rows belong to those counted with their model
        rows = model._base_manager.using(using)
        if label in SETUP_ROWS:
            beyond = SETUP_ROWS[label]
            if beyond is None:
                continue  # setup writes them all
            rows = beyond(rows)
        add(model, rows.count())
    return lost


def describe(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


# ---------------------------------------------------------------------------------------------
# Restoring


def _empty_tables(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Delete every row of every table a backup holds, and every session. The one place that
    deletes: call it inside the restore's transaction (a failed restore then leaves everything).
    The database checks foreign keys at commit (Django declares them deferred on both)."""
    connection = connections[using]
    models_ = [*backed_up_models(), *(apps.get_model(label) for label in NOT_BACKED_UP)]
    tables = [m._meta.db_table for m in models_]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE " + ", ".join(quote(t) for t in tables))
        else:
            cursor.execute("PRAGMA defer_foreign_keys = ON")
            for table in reversed(tables):
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 - our own table names
            if connection.vendor == "sqlite":
                # New ids continue after the restored ones, not after the rows deleted here.
                cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'")
                if cursor.fetchone():
                    marks = ", ".join("%s" for _t in tables)
                    cursor.execute(f"DELETE FROM sqlite_sequence WHERE name IN ({marks})", tables)  # noqa: S608


def _load_rows(path: Path, *, using: str) -> dict[str, int]:
    """Insert the rows of the file, table by table, in batches, exactly as they are: a plain INSERT
    of every column (not `bulk_create`, which would stamp `auto_now` fields with today)."""
    connection = connections[using]
    quote = connection.ops.quote_name
    by_label = {m._meta.label_lower: m for m in backed_up_models()}
    counts: dict[str, int] = {}
    label = sql = None
    convert: list = []
    pairs: list = []
    batch: list = []

    def flush():
        if batch:
            with connection.cursor() as cursor:
                cursor.executemany(sql, batch)
            counts[label] += len(batch)
            batch.clear()

    for number, raw in enumerate(_lines(path), start=1):
        if number == 1 or raw.startswith(b'{"trailer"'):
            continue
        item = _parse(path, raw, number)
        if isinstance(item, dict):
            flush()
            label = item["table"]
            model = by_label[label]
            fields_by_attname = {f.attname: f for f in _columns(model)}
            columns = item["columns"]
            if sorted(columns) != sorted(fields_by_attname):
                raise BackupError(
                    _(
                        "%(file)s: de kolommen van %(table)s kloppen niet met dit schema. "
                        "Er is niets gewijzigd."
                    )
                    % {"file": path, "table": label}
                )
            # A column written as it came (numbers, text, booleans) goes into the database as read.
            convert = [
                None if _encoder(f) is None else _to_database(f, connection)
                for f in (fields_by_attname[c] for c in columns)
            ]
            pairs = [(i, c) for i, c in enumerate(convert) if c is not None]
            sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - our own table and column names
                quote(model._meta.db_table),
                ", ".join(quote(fields_by_attname[c].column) for c in columns),
                ", ".join("%s" for _c in columns),
            )
            counts[label] = 0
            continue
        if len(item) != len(convert):
            raise BackupError(
                _("%(file)s, regel %(line)s: geen geldige regel van een backup; er is niets gewijzigd.")
                % {"file": path, "line": number}
            )
        for i, c in pairs:
            item[i] = c(item[i])
        batch.append(item)
        if len(batch) >= CHUNK:
            flush()
    flush()
    return counts


def _reset_sequences(*, using: str) -> None:
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), backed_up_models())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@dataclass
class Restored:
    header: dict
    rows: dict[str, int]
    replaced: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def backup_restore(path: Path, *, replace: bool = False, using: str = DEFAULT_DB_ALIAS) -> Restored:
    """Replace the database's content by the backup at `path`, all or nothing.

    Refuses (BackupError, nothing changed) a file that is incomplete, edited or of another schema,
    and a database holding more than `regiodeal setup` loads unless `replace`. Records the
    restore in the restored audit trail, one event per object the apps name (every deal)."""
    from regiodeal.audit.services import Actor, audit_record

    verified = backup_verify(path, using=using)
    lost = data_beyond_setup(using=using)
    if lost and not replace:
        raise BackupError(
            _(
                "De database bevat al gegevens (%(lost)s). Een restore vervangt alles: die gegevens gaan "
                "verloren. Voeg --replace toe als dat de bedoeling is, of zet terug in een nieuwe database "
                "(`regiodeal setup`). Er is niets gewijzigd."
            )
            % {"lost": describe(lost)}
        )
    from regiodeal.audit.integrity import maintenance

    with transaction.atomic(using=using):
        # The audit trail is append-only (a guard in the ORM, a trigger on PostgreSQL): a restore is
        # the one write that may empty and refill it, with every event's chain fields as they were.
        with maintenance(using=using):
            _empty_tables(using=using)
            rows = _load_rows(path, using=using)
        if rows != verified.rows:  # the file changed between the check and the load
            raise BackupError(
                _("%(file)s: het bestand veranderde tijdens de restore. Er is niets gewijzigd.")
                % {"file": path}
            )
        _reset_sequences(using=using)
        foreign = _chains_under_another_key(using=using)
        if foreign:
            raise BackupError(
                _(
                    "De audittrail in %(file)s is met een andere sleutel gemaakt dan die van deze server "
                    "(REGIODEAL_AUDIT_KEY), voor %(chains)s: hier zou hij als vervalst gelden. Zet de "
                    "sleutel van de bronserver en probeer het opnieuw. Er is niets gewijzigd."
                )
                % {"file": path.name, "chains": ", ".join(foreign)}
            )
        summary = _("Database teruggezet uit %(file)s (gemaakt %(made)s op %(vendor)s, %(rows)s rijen).") % {
            "file": path.name,
            "made": verified.header["created_at"],
            "vendor": verified.header.get("vendor", "?"),
            "rows": verified.total,
        }
        if lost:
            summary += " " + _("Vervangen: %(lost)s.") % {"lost": describe(lost)}
        actor = Actor.cli()
        subjects = [pair for objects in RESTORE_RECORDED_ON for pair in objects(using)]
        for obj, deal_slug in subjects:
            audit_record(
                actor=actor,
                action="backup.restored",
                obj=obj,
                deal_slug=deal_slug,
                summary=summary,
                after={
                    "file": path.name,
                    "header": {k: v for k, v in verified.header.items() if k != "migrations"},
                    "rows": verified.total,
                    "replaced": lost,
                },
            )
        _rebuild_derived()
        transaction.on_commit(_forget_cached, using=using)
    return Restored(header=verified.header, rows=rows, replaced=lost)


def _chains_under_another_key(*, using: str) -> list[str]:
    """The audit chains whose newest event does not hash under this server's key: the backup was
    made where REGIODEAL_AUDIT_KEY differs. One HMAC per chain, not a walk of the whole trail
    (`regiodeal audit verify` does that)."""
    from regiodeal.audit.integrity import chain_hash
    from regiodeal.audit.models import AuditEvent

    events = AuditEvent.objects.using(using).filter(chain_seq__isnull=False)
    foreign = []
    for key in events.values_list("deal_slug", flat=True).distinct().order_by("deal_slug"):
        last_two = list(events.filter(deal_slug=key).order_by("-chain_seq")[:2])
        previous = last_two[1].chain_hash if len(last_two) > 1 else ""
        if chain_hash(previous, last_two[0]) != last_two[0].chain_hash:
            foreign.append(key or _("(zonder deal)"))
    return foreign


def _rebuild_derived() -> None:
    """What the apps keep derived from their rows (the money totals) is made again from the
    restored rows, whatever the backup held of it. The apps register it (`derived`)."""
    for rebuild in DERIVED:
        rebuild()


# Rebuilders of derived tables, registered by the apps (finance: the money totals).
DERIVED: list = []


def _forget_cached() -> None:
    """Cached figures and sessions (read through the cache) belong to the data before the restore."""
    from django.contrib.contenttypes.models import ContentType

    from .dataversion import forget_process_caches

    ContentType.objects.clear_cache()
    cache.clear()
    forget_process_caches()
