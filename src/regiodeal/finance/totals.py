"""The money totals (`MoneyTotal`): the ledger summed per deal, budget line and year, kept when
written, so the money overview, the public money figures and the ministry's
portfolio read a few rows instead of summing every entry of the deal's history.

- `add_entries`: the services call it for the entries they write, in the same transaction; the
  ledger is append-only (a correction is a new, reversing entry), so adding is all there is.
- `rebuild`: the bulk paths (the import, a restore, the benchmark's generator) write entries with
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
from django.db.models import Count
from django.db.models.functions import ExtractYear

from .constants import ContributionForm, ContributionStatus, EntryKind, Funding
from .models import LedgerEntry, MoneyTotal

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


def add_entries(entries: Iterable[LedgerEntry]) -> None:
    """Add written entries to the totals: one statement per deal, line and year touched (an
    INSERT ... ON CONFLICT DO UPDATE that adds, on PostgreSQL and SQLite alike). Call it inside
    the transaction that wrote them."""
    sums: dict[Key, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COLUMNS, 0))
    for e in entries:
        key = (e.deal_id, e.budget_line, e.booked_on.year)
        added = contribution(e.kind, e.funding, e.contribution_status, e.form, _cents(e.amount))
        for name, cents in added.items():
            sums[key][name] += cents
    if not sums:
        return
    table = connection.ops.quote_name(MoneyTotal._meta.db_table)
    columns = ", ".join(COLUMNS)
    marks = ", ".join(["%s"] * (3 + len(COLUMNS)))
    adds = ", ".join(f"{f} = {table}.{f} + excluded.{f}" for f in COLUMNS)
    sql = (
        f"INSERT INTO {table} (deal_id, budget_line, year, {columns}) VALUES ({marks}) "  # noqa: S608
        f"ON CONFLICT (deal_id, budget_line, year) DO UPDATE SET {adds}"
    )
    params = [(*key, *(figures[f] for f in COLUMNS)) for key, figures in sorted(sums.items())]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _summed(entries) -> dict[Key, dict[str, int]]:
    """`entries` summed per deal, line and year by the database (one aggregate query)."""
    from .sums import FOLD_SUMS
    from .sums import _cents as sum_cents

    rows = (
        entries.annotate(year=ExtractYear("booked_on"))
        .values("deal_id", "budget_line", "year")
        .annotate(entries=Count("id"), **{name: sum_cents(cond) for name, cond in FOLD_SUMS.items()})
        .order_by()
    )
    return {(r["deal_id"], r["budget_line"], r["year"]): {f: r[f] or 0 for f in COLUMNS} for r in rows}


def recompute(deal_ids: Iterable[int]) -> dict[Key, dict[str, int]]:
    """The totals summed from the ledger."""
    return _summed(LedgerEntry.objects.filter(deal_id__in=list(deal_ids)))


def stored(deal_ids: Iterable[int]) -> dict[Key, dict[str, int]]:
    rows = MoneyTotal.objects.filter(deal_id__in=list(deal_ids)).values(
        "deal_id", "budget_line", "year", *COLUMNS
    )
    return {(r["deal_id"], r["budget_line"], r["year"]): {f: r[f] for f in COLUMNS} for r in rows}


def rebuild(deal_ids: Iterable[int] | None = None) -> int:
    """The totals of these deals (default: all) recomputed from the ledger; the number of rows."""
    with transaction.atomic():
        if deal_ids is None:
            deal_ids = list(LedgerEntry.objects.values_list("deal_id", flat=True).distinct().order_by())
            MoneyTotal.objects.all().delete()
        else:
            deal_ids = list(deal_ids)
            MoneyTotal.objects.filter(deal_id__in=deal_ids).delete()
        fresh = recompute(deal_ids)
        MoneyTotal.objects.bulk_create(
            [MoneyTotal(deal_id=d, budget_line=line, year=y, **f) for (d, line, y), f in fresh.items()],
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


def cells(deal_ids: Iterable[int], on: dt.date) -> dict[Key, dict[str, int]]:
    """Per deal, budget line and year the figures in cents as of `on` (only lines and years with
    an entry on or before it): the totals less the entries booked after `on` (usually none: the
    index on (deal, booked_on) finds them at once). Two queries."""
    deal_ids = list(deal_ids)
    out = stored(deal_ids)
    for key, later in _summed(LedgerEntry.objects.filter(deal_id__in=deal_ids, booked_on__gt=on)).items():
        row = out.get(key)
        if row is None:
            continue
        for f in COLUMNS:
            row[f] -= later[f]
    return {key: row for key, row in out.items() if row["entries"] > 0}
