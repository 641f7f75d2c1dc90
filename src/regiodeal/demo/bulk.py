"""Writing example values in bulk, for the national portfolio of the benchmarks (`bench/portfolio.py`):
the other writer beside `writers.write_through_services`.

`BulkRows` turns the values of `values.py` (projects with their path, links, milestones and risks;
ledger entries; measurements; the yearly programme) into rows of one deal, their codes into ids;
the national generator (`national.py`) adds the rows that have no values of their own
(participation). A `Writer` takes the rows (plain dicts of field values, primary key included) to a `Writer`,
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

from regiodeal.demo import values as v

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
                f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608 - the model's own quoted columns
                self._tuples(model, rows, convert),
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


class BulkRows:
    """The values of one deal as rows for a `Writer`: codes become the ids of the deal's version,
    timestamps follow the values' days (`values.at`), `label` is who recorded them."""

    def __init__(self, writer: Writer, deal, version, *, label: str):
        self.w, self.deal, self.label = writer, deal, label
        self.orgs = {o.code: o.pk for o in deal.organisations.all()}
        self.links = {
            "pillars": {x.code: x.pk for x in version.pillars.all()},
            "objectives": {x.code: x.pk for x in version.objectives.all()},
            "results": {x.code: x.pk for x in version.results.all()},
            "areas": {x.code: x.pk for x in version.areas.all()},
            "groups": {x.code: x.pk for x in version.groups.all()},
            "sectors": {x.code: x.pk for x in version.sectors.all()},
            "participants": self.orgs,
        }
        self.indicators: dict[str, int] = {}
        self.read_indicators()
        self.projects: dict[str, int] = {}

    def read_indicators(self) -> None:
        """The catalogue's indicators and the deal's own, by code (again after `results_setup`
        has made the deal's programme indicators)."""
        from regiodeal.results.models import Indicator

        self.indicators = dict(Indicator.objects.filter(deal=None).values_list("code", "pk"))
        self.indicators.update(Indicator.objects.filter(deal=self.deal).values_list("code", "pk"))

    def add(self, model, row: dict) -> int:
        if "id" not in row:
            row["id"] = self.w.new_id(model)
        self.w.add(model, row)
        return row["id"]

    def project(self, p: v.Project) -> int:
        """The project, its workflow steps (each a transition row, as the service leaves them),
        its links, milestones and risks."""
        from regiodeal.projects.models import Milestone, Project, ProjectTransition, Risk
        from regiodeal.projects.workflow import TRANSITIONS

        project_id = self.add(
            Project,
            {
                "deal_id": self.deal.pk,
                "code": p.code,
                "title": p.title,
                "description": p.description,
                "lead_id": self.orgs[p.lead],
                "starts_on": p.starts_on,
                "ends_on": p.ends_on,
                "status": p.status,
                "residents_participation": p.residents_participation,
                "credits_rijk_regio": p.credits_rijk_regio,
                "credits_evidence": p.credits_evidence,
                "is_example": True,
                "created_at": v.at(p.created_on, 10),
                "updated_at": v.at(p.path[-1].on if p.path else p.created_on, 11),
                "lock_version": 1 + len(p.path),
            },
        )
        self.projects[p.code] = project_id
        previous = "idea"
        for step in p.path:
            if (previous, step.to_status) not in TRANSITIONS:
                raise ValueError(f"{p.code}: no step from {previous} to {step.to_status}")
            self.add(
                ProjectTransition,
                {
                    "project_id": project_id,
                    "from_status": previous,
                    "to_status": step.to_status,
                    "at": v.at(step.on, 14),
                    "by_label": self.label,
                    "reason": step.reason,
                },
            )
            previous = step.to_status
        for name, ids in self.links.items():
            field = Project._meta.get_field(name)
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            for code in dict.fromkeys(getattr(p, name)):
                self.add(through, {f"{source}_id": project_id, f"{target}_id": ids[code]})
        for m in p.milestones:
            self.add(
                Milestone,
                {
                    "project_id": project_id,
                    "title": m.title,
                    "due_on": m.due_on,
                    "done_on": m.done_on,
                    "lock_version": 2 if m.done_on else 1,
                },
            )
        for r in p.risks:
            self.add(
                Risk,
                {
                    "project_id": project_id,
                    "description": r.description,
                    "likelihood": r.likelihood,
                    "impact": r.impact,
                    "mitigation": r.mitigation,
                    "status": r.status,
                },
            )
        return project_id

    def entry(self, e: v.Entry, *, recorded_on, batch_id: int | None = None) -> int:
        from regiodeal.finance.models import LedgerEntry

        return self.add(
            LedgerEntry,
            {
                "deal_id": self.deal.pk,
                "kind": e.kind,
                "booked_on": e.booked_on,
                "amount": e.amount,
                "budget_line": e.budget_line,
                "funding": e.funding,
                "project_id": self.projects[e.project] if e.project else None,
                "organisation_id": self.orgs[e.organisation] if e.organisation else None,
                "contribution_status": e.contribution_status,
                "sector": e.sector,
                "form": e.form,
                "valuation_basis": e.valuation_basis,
                "description": e.description,
                "source_document": e.source_document,
                "batch_id": batch_id,
                "recorded_at": v.at(recorded_on, 8),
                "recorded_by_label": self.label,
            },
        )

    def measurement(self, m: v.Measurement, *, recorded_on, imported_from: str) -> int:
        from regiodeal.results.models import Measurement

        return self.add(
            Measurement,
            {
                "deal_id": self.deal.pk,
                "indicator_id": self.indicators[m.indicator],
                "value": m.value,
                "on": m.on,
                "period_start": None,
                "source": m.source,
                "area_code": m.area_code,
                "area_name": m.area_name,
                "area_kind": m.area_kind,
                "group_code": m.group_code,
                "imported_from": imported_from,
                "recorded_by_label": self.label,
                "created_at": v.at(recorded_on, 7),
            },
        )

    def budget(self, b: v.Budget, *, updated_on) -> int:
        from regiodeal.finance.models import ProgrammeBudget

        return self.add(
            ProgrammeBudget,
            {
                "deal_id": self.deal.pk,
                "year": b.year,
                "budget_line": b.budget_line,
                "national": b.national,
                "regional": b.regional,
                "note": b.note,
                "updated_at": v.at(updated_on, 9),
            },
        )


def write_in_bulk(
    *, deal, version, actor, portfolio: v.Portfolio, today, label: str, mode: str = "fast"
) -> dict:
    """Write a portfolio with its large tables in bulk: projects (with their path, links,
    milestones and risks), the ledger, the yearly programme and the measurements as rows; the few
    things with rules of their own through the services, as `writers.write_through_services` does
    (signatures, SPUK accounts, indicator links and baselines, governance, reports). The ledger's
    money totals are rebuilt from the rows (`finance.totals`). The caller holds the transaction."""
    from collections import Counter

    from regiodeal.demo import writers
    from regiodeal.finance.totals import rebuild

    counts: Counter[str] = Counter()
    writer = Writer(mode)
    rows = BulkRows(writer, deal, version, label=label)
    writers.write_signatures(deal=deal, actor=actor, signatures=portfolio.signatures)
    for p in portfolio.projects:
        rows.project(p)
    for e in portfolio.entries:
        rows.entry(e, recorded_on=e.booked_on)
    for b in portfolio.budgets:
        rows.budget(b, updated_on=min(dt.date(b.year, 1, 1), today))
    writer.flush()
    writers.write_spuk_accounts(deal=deal, actor=actor, portfolio=portfolio)
    writers.write_indicator_links(deal=deal, version=version, actor=actor, portfolio=portfolio)
    rows.read_indicators()
    for m in portfolio.measurements:
        rows.measurement(m, recorded_on=m.on, imported_from="")
    writer.finish()
    rebuild([deal.pk])
    writers.write_governance(
        deal=deal, version=version, actor=actor, portfolio=portfolio, today=today, counts=counts
    )
    writers.write_reports(deal=deal, actor=actor, portfolio=portfolio, counts=counts)
    counts.update(
        projects=len(portfolio.projects),
        ledger_entries=len(portfolio.entries),
        measurements=len(portfolio.measurements),
    )
    return counts
