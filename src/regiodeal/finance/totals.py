"""The money totals: the ledger summed when written, so the money overview, the public money
figures and the ministry's portfolio read a few rows instead of summing every entry of the deal's
history. Two tables, kept by the same functions:

- `MoneyTotal`: per deal, budget line and year (the money overview, the portfolio);
- `ProjectMoneyTotal`: per deal, project, organisation and budget line (the public figures: the
  public layer, disclosure/public.py, sums the rows of the projects it shows, so a confidential
  project's money never reaches a public figure; the per-Party table; a project's own money).

- `add_entries`: the services call it for the entries they write, in the same transaction; the
  ledger is append-only (a correction is a new, reversing entry), so adding is all there is.
- `Pending`: the import adds each chunk it writes to it and writes the sums once, at the end of
  its transaction. Adding to a total locks its row until the transaction ends, and a booking in
  the same deal, line and year adds to the same row: with a total added per chunk, that booking
  waited for the whole import (42 s for 100,000 rows under the load test, PostgreSQL).
- `rebuild`: the other bulk paths (a restore, the benchmark's generator) write entries with
  `bulk_create` and rebuild the totals of their deals from the ledger afterwards, in the same
  transaction.
- `differences`: the totals against a recomputation from the ledger, for `regiodeal check`
  (`finance.money-totals-match-ledger`) and the tests.
- `cells`: what a reader wants: per deal, line and year the figures in cents as of a date (the
  totals, less what is booked after the date: two queries, whatever the size of the ledger).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models.functions import ExtractYear

from .constants import ContributionForm, ContributionStatus, EntryKind, Funding
from .models import LedgerEntry, MoneyTotal, ProjectMoneyTotal

FIGURES = (
    "allocated",
    "pledged",
    "paid",
    "in_kind_delivered",
    "national_spent",
    "national_execution",
    "regional_spent",
)
COLUMNS = (*FIGURES, "entries")  # and how many entries each row sums
Key = tuple[int, str, int]  # deal id, budget line, year
ProjectKey = tuple[int, int, int, str]  # deal id, project id, organisation id (0: none), budget line
PROJECT_KEYS = ("project_pk", "organisation_pk", "budget_line")


def _cents(amount) -> int:
    return int((amount * 100).to_integral_value())


def contribution(kind: str, funding: str, status: str, form: str, cents: int) -> dict[str, int]:
    """What one entry adds to each figure: `selectors.FOLD_SUMS` for one row (a test holds them
    to each other through `differences`)."""
    out = dict.fromkeys(COLUMNS, 0)
    out["entries"] = 1
    if kind == EntryKind.NATIONAL_ALLOCATION:
        out["allocated"] = cents
    elif kind == EntryKind.REGIONAL_CONTRIBUTION:
        if status == ContributionStatus.PLEDGED:
            out["pledged"] = cents
        else:
            out["paid"] = cents
            if form == ContributionForm.IN_KIND:
                out["in_kind_delivered"] = cents
    elif funding == Funding.NATIONAL:
        out["national_spent"] = cents
        if kind == EntryKind.EXECUTION_COSTS:
            out["national_execution"] = cents
    else:
        out["regional_spent"] = cents
    return out


def _upsert(table_model, keys: tuple[str, ...], sums: dict[tuple, dict[str, int]]) -> None:
    """Add `sums` to the rows of a totals table: one INSERT ... ON CONFLICT DO UPDATE that adds
    (PostgreSQL and SQLite alike) per key."""
    if not sums:
        return
    table = connection.ops.quote_name(table_model._meta.db_table)
    key_columns = ", ".join(("deal_id", *keys))
    columns = ", ".join(COLUMNS)
    marks = ", ".join(["%s"] * (1 + len(keys) + len(COLUMNS)))
    adds = ", ".join(f"{f} = {table}.{f} + excluded.{f}" for f in COLUMNS)
    sql = (
        f"INSERT INTO {table} ({key_columns}, {columns}) VALUES ({marks}) "  # noqa: S608
        f"ON CONFLICT ({key_columns}) DO UPDATE SET {adds}"
    )
    params = [(*key, *(figures[f] for f in COLUMNS)) for key, figures in sorted(sums.items())]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


class Pending:
    """Entries written in this transaction whose totals are not added yet: `add` them as they are
    written, then `write` once, before the transaction ends. The sums are kept per row of the
    totals tables (some hundreds at most), not per entry."""

    def __init__(self) -> None:
        self.sums: dict[Key, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COLUMNS, 0))
        self.per_project: dict[ProjectKey, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COLUMNS, 0))

    def add(self, entries: Iterable[LedgerEntry]) -> None:
        for e in entries:
            added = contribution(e.kind, e.funding, e.contribution_status, e.form, _cents(e.amount))
            year_row = self.sums[e.deal_id, e.budget_line, e.booked_on.year]
            project_row = self.per_project[
                e.deal_id, e.project_id or 0, e.organisation_id or 0, e.budget_line
            ]
            for name, cents in added.items():
                year_row[name] += cents
                project_row[name] += cents

    def write(self) -> None:
        """Add the sums to both totals tables (one statement per row touched) and start again."""
        if self.sums:
            with transaction.atomic():
                _upsert(MoneyTotal, ("budget_line", "year"), self.sums)
                _upsert(ProjectMoneyTotal, PROJECT_KEYS, self.per_project)
        self.sums.clear()
        self.per_project.clear()


def add_entries(entries: Iterable[LedgerEntry]) -> None:
    """Add written entries to both totals tables: one statement per row touched. Call it inside
    the transaction that wrote them."""
    pending = Pending()
    pending.add(entries)
    pending.write()


def _summed(entries) -> dict[Key, dict[str, int]]:
    """`entries` summed per deal, line and year by the database (`sums.folded`)."""
    from .sums import folded

    rows = folded(entries.annotate(year=ExtractYear("booked_on")), "deal_id", "budget_line", "year")
    return {(r["deal_id"], r["budget_line"], r["year"]): {f: r[f] or 0 for f in COLUMNS} for r in rows}


def recompute(deal_ids: Iterable[int]) -> dict[Key, dict[str, int]]:
    """The totals summed from the ledger."""
    return _summed(LedgerEntry.objects.filter(deal_id__in=list(deal_ids)))


def stored(deal_ids: Iterable[int]) -> dict[Key, dict[str, int]]:
    rows = MoneyTotal.objects.filter(deal_id__in=list(deal_ids)).values(
        "deal_id", "budget_line", "year", *COLUMNS
    )
    return {(r["deal_id"], r["budget_line"], r["year"]): {f: r[f] for f in COLUMNS} for r in rows}


def project_recompute(deal_ids: Iterable[int]) -> dict[ProjectKey, dict[str, int]]:
    """The per-project totals summed from the ledger."""
    entries = LedgerEntry.objects.filter(deal_id__in=list(deal_ids))
    summed = ProjectMoneyTotal.summed_entries(entries, ("deal", *PROJECT_KEYS))
    return summed


def project_stored(deal_ids: Iterable[int]) -> dict[ProjectKey, dict[str, int]]:
    rows = ProjectMoneyTotal.objects.filter(deal_id__in=list(deal_ids)).values_list(
        "deal_id", *PROJECT_KEYS, *COLUMNS
    )
    return {tuple(r[:4]): dict(zip(COLUMNS, r[4:], strict=True)) for r in rows}


def rebuild(deal_ids: Iterable[int] | None = None) -> int:
    """Both totals tables of these deals (default: all) recomputed from the ledger; the number of
    rows of `MoneyTotal`."""
    with transaction.atomic():
        if deal_ids is None:
            deal_ids = list(LedgerEntry.objects.values_list("deal_id", flat=True).distinct().order_by())
            MoneyTotal.objects.all().delete()
            ProjectMoneyTotal.objects.all().delete()
        else:
            deal_ids = list(deal_ids)
            MoneyTotal.objects.filter(deal_id__in=deal_ids).delete()
            ProjectMoneyTotal.objects.filter(deal_id__in=deal_ids).delete()
        fresh = recompute(deal_ids)
        MoneyTotal.objects.bulk_create(
            [MoneyTotal(deal_id=d, budget_line=line, year=y, **f) for (d, line, y), f in fresh.items()],
            batch_size=1000,
        )
        ProjectMoneyTotal.objects.bulk_create(
            [
                ProjectMoneyTotal(deal_id=d, project_pk=p, organisation_pk=o, budget_line=line, **f)
                for (d, p, o, line), f in project_recompute(deal_ids).items()
            ],
            batch_size=1000,
        )
    return len(fresh)


def differences(deal_ids: Iterable[int]) -> list[tuple[Key, dict[str, int], dict[str, int]]]:
    """(key, stored, recomputed) for each deal, line and year where the totals differ from the
    ledger; a row of zeros counts as no row."""
    deal_ids = list(deal_ids)
    have, want = stored(deal_ids), recompute(deal_ids)
    zero = dict.fromkeys(COLUMNS, 0)
    return [
        (key, have.get(key, zero), want.get(key, zero))
        for key in sorted(set(have) | set(want))
        if have.get(key, zero) != want.get(key, zero)
    ]


def project_differences(deal_ids: Iterable[int]) -> list[tuple[ProjectKey, dict[str, int], dict[str, int]]]:
    """`differences` for the per-project totals."""
    deal_ids = list(deal_ids)
    have, want = project_stored(deal_ids), project_recompute(deal_ids)
    zero = dict.fromkeys(COLUMNS, 0)
    return [
        (key, have.get(key, zero), want.get(key, zero))
        for key in sorted(set(have) | set(want))
        if have.get(key, zero) != want.get(key, zero)
    ]


def cells(deal_ids: Iterable[int], on: dt.date) -> dict[Key, dict[str, int]]:
    """Per deal, budget line and year the figures in cents as of `on` (only lines and years with
    an entry on or before it): the totals less the entries booked after `on` (usually none: the
    index on (deal, booked_on) finds them at once). Two queries; a third, their sum, only when
    there are any (`sums.folded`)."""
    deal_ids = list(deal_ids)
    out = stored(deal_ids)
    for key, later in _summed(LedgerEntry.objects.filter(deal_id__in=deal_ids, booked_on__gt=on)).items():
        row = out.get(key)
        if row is None:
            continue
        for f in COLUMNS:
            row[f] -= later[f]
    return {key: row for key, row in out.items() if row["entries"] > 0}
