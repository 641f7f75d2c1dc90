"""Bulk writing for the national portfolio (`bench/portfolio.py`).

The generator hands rows (plain dicts of field values, primary key included) to a `Writer`,
which buffers them per model and writes them in batches:

- `fast` (the default): PostgreSQL `COPY ... FROM STDIN` through psycopg; SQLite one prepared
  `INSERT` run by `executemany`. Both take the values Django itself would send: a datetime made
  naive in UTC as text on SQLite (what `adapt_datetimefield_value` does), a date as ISO text, a
  Decimal as its text (Django's registered sqlite3 adapter).
- `orm`: `Model.objects.bulk_create(...)` in batches. Same rows, same values (the test compares
  digests of both); on SQLite it is several times slower, because Django's SQLite backend caps a
  statement at 999 parameters (58 measurement rows per INSERT) and builds a model instance per row
  (measured on this machine: 7,300 measurement rows/s against 39,000 rows/s for `executemany`).

Primary keys are assigned here, counting on from the largest id in the table, so rows can point at
each other before anything is written and the same seed gives the same ids. Afterwards
`finish()` moves PostgreSQL's sequences past them (`sequence_reset_sql`); SQLite's AUTOINCREMENT
follows explicit ids by itself. Foreign keys are checked at commit (Django creates them
DEFERRABLE INITIALLY DEFERRED on both databases), so the order of the batches within one
transaction does not matter; the generator commits once per deal, which bounds PostgreSQL's queue
of deferred checks.

`auto_now` / `auto_now_add` fields would overwrite the timestamps the generator chose (a ledger
entry recorded a few days after its booking date, not all at the moment of the run), so
`keep_timestamps()` switches them off while the ORM writer runs; the fast writer passes the
values as given anyway.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Iterator

from django.db import connection, models
from django.db.models import Max

BATCH_ROWS = 20_000
MISSING = object()


class Writer:
    def __init__(self, mode: str = "fast", batch_rows: int = BATCH_ROWS):
        if mode not in ("fast", "orm"):
            raise ValueError(f"writer mode {mode!r}: fast or orm")
        self.mode = mode
        self.batch_rows = batch_rows
        self.vendor = connection.vendor
        self._buffers: dict[type[models.Model], list[dict]] = {}
        self._next_id: dict[type[models.Model], int] = {}
        self._columns: dict[type[models.Model], list[models.Field]] = {}
        self.written: dict[str, int] = {}
        self.touched: set[type[models.Model]] = set()
        self.seconds = 0.0  # time spent writing

    # -- ids --------------------------------------------------------------------------------------

    def new_id(self, model: type[models.Model]) -> int:
        if model not in self._next_id:
            self._next_id[model] = (model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1
        value = self._next_id[model]
        self._next_id[model] = value + 1
        return value

    # -- rows -------------------------------------------------------------------------------------

    def add(self, model: type[models.Model], row: dict) -> None:
        """Queue one row; `row` names fields by attname (`deal_id`) and includes every field the
        model needs that has no default the writer can fill (see `_default`)."""
        buffer = self._buffers.setdefault(model, [])
        buffer.append(row)
        if len(buffer) >= self.batch_rows:
            self.flush(model)

    def flush(self, model: type[models.Model] | None = None) -> None:
        started = time.perf_counter()
        models_to_flush = [model] if model is not None else list(self._buffers)
        for m in models_to_flush:
            rows = self._buffers.get(m)
            if not rows:
                continue
            self._buffers[m] = []
            if self.mode == "orm":
                self._bulk_create(m, rows)
            elif self.vendor == "postgresql":
                self._copy(m, rows)
            else:
                self._executemany(m, rows)
            self.written[m._meta.label] = self.written.get(m._meta.label, 0) + len(rows)
            self.touched.add(m)
        self.seconds += time.perf_counter() - started

    def finish(self) -> None:
        """Write what is left and move PostgreSQL's id sequences past the ids given here."""
        self.flush()
        if self.vendor == "postgresql" and self.touched:
            from django.core.management.color import no_style

            statements = connection.ops.sequence_reset_sql(no_style(), sorted(self.touched, key=str))
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)

    # -- the three ways of writing -----------------------------------------------------------------

    def columns(self, model: type[models.Model]) -> list[models.Field]:
        if model not in self._columns:
            self._columns[model] = list(model._meta.concrete_fields)
        return self._columns[model]

    @staticmethod
    def _default(field: models.Field):
        """What a missing value becomes: the field's default, NULL, or an empty string; MISSING
        for a required value (a mistake in the generator, reported by `_tuples`)."""
        if field.has_default():
            return field.get_default()
        if field.null:
            return None
        if isinstance(field, models.CharField | models.TextField):
            return ""
        return MISSING

    def _tuples(self, model, rows: list[dict], convert=None) -> list:
        """The rows as value lists in column order. `map(row.get, names, defaults)` fills in the
        defaults at C speed (this is most of the writer's own time); the first row of every
        batch is checked for a missing required value."""
        fields = self.columns(model)
        names = [f.attname for f in fields]
        defaults = [self._default(f) for f in fields]
        missing = [
            f.attname
            for f, d in zip(fields, defaults, strict=True)
            if d is MISSING and f.attname not in rows[0]
        ]
        if missing:
            raise KeyError(f"{model._meta.label}: no value for {', '.join(missing)}")
        converters = [(i, c) for i, c in enumerate(map(convert, fields)) if c] if convert else []
        if not converters:
            return [tuple(map(row.get, names, defaults)) for row in rows]
        out = []
        for row in rows:
            values = list(map(row.get, names, defaults))
            for i, c in converters:
                values[i] = c(values[i])
            out.append(values)
        return out

    def _copy(self, model, rows) -> None:
        fields = self.columns(model)
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for values in self._tuples(model, rows):
                copy.write_row(values)

    def _executemany(self, model, rows) -> None:
        ops = connection.ops

        def convert(field):
            # Django sends a datetime to SQLite as naive UTC text (`adapt_datetimefield_value`);
            # dates and decimals go through the adapters Django registers with sqlite3.
            if isinstance(field, models.DateTimeField):
                return ops.adapt_datetimefield_value
            return None

        fields = self.columns(model)
        table = ops.quote_name(model._meta.db_table)
        names = ", ".join(ops.quote_name(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})", self._tuples(model, rows, convert)
            )

    def _bulk_create(self, model, rows) -> None:
        names = [f.attname for f in self.columns(model)]
        objs = [model(**dict(zip(names, values, strict=True))) for values in self._tuples(model, rows)]
        with keep_timestamps(model):
            model._default_manager.bulk_create(objs, batch_size=5_000)


@contextlib.contextmanager
def keep_timestamps(model: type[models.Model]) -> Iterator[None]:
    """Let `bulk_create` store the timestamps given instead of now (auto_now/auto_now_add off)."""
    saved = []
    for f in model._meta.concrete_fields:
        if isinstance(f, models.DateField) and (
            getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ):
            saved.append((f, f.auto_now, f.auto_now_add))
            f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


@contextlib.contextmanager
def loading_pragmas() -> Iterator[None]:
    """SQLite only, on the generator's own connection, outside any transaction: no fsync during
    the load (a crash loses the half-written portfolio, which is regenerated anyway), a larger
    page cache for the index inserts, and temporary b-trees in memory. Restored afterwards to
    what `settings.database_from_env` sets (synchronous=NORMAL; WAL stays as it was)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA cache_size=-262144")  # 256 MiB
        cursor.execute("PRAGMA temp_store=MEMORY")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA cache_size=-2000")
            cursor.execute("PRAGMA temp_store=DEFAULT")


def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A timestamp on a day (UTC), for recorded_at/created_at columns."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=dt.UTC)
