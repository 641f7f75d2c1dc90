"""Import of allocations, contributions and spending from CSV or Excel (.xlsx); the column
layout is documented in docs/finance.md and in `LAYOUTS` below.

The file is read as a stream: one row at a time is parsed, validated (`EntryValidator`, the same
rules as the screens and the API) and, as long as no row has failed, added to a chunk that is
inserted with `bulk_create`. The whole import is one transaction: when any row fails, reading
goes on to collect every problem (row, column, rule, message), and then the transaction is rolled
back, so nothing is written. Memory holds one chunk, not the file. The money totals of the rows
are summed as the chunks go and added once, at the end (`totals.Pending`): a total's row stays
locked from the moment it is added until the import commits, and a booking made meanwhile in the
same line and year must not wait for the whole file.

Before the transaction (which takes the write lock on SQLite), the file is read once through the
limits of `common/limits.py` (size, rows, cells, NUL, an .xlsx bomb), so a file that breaks one is
refused without keeping other writers waiting; and the check stops after
`REGIODEAL_IMPORT_MAX_PROBLEMS` problems, so a file of bad rows holds the lock only briefly.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regiodeal.audit.services import Actor, audit_record
from regiodeal.common import limits
from regiodeal.common.amounts import AmountError, parse_amount, parse_date
from regiodeal.common.importing import ImportRejected, RowError
from regiodeal.deals import models as dm
from regiodeal.deals.constants import BudgetLineKind

from . import totals
from .constants import EntryKind, ImportKind
from .models import ImportBatch, LedgerEntry
from .services import entry_build
from .validation import EntryDraft, EntryValidator

CHUNK = 2000


@dataclass(frozen=True)
class Layout:
    kind: str
    required: tuple[str, ...]
    optional: tuple[str, ...]


COMMON_REQUIRED = ("datum", "bedrag", "begrotingsregel", "brondocument")
LAYOUTS = {
    ImportKind.ALLOCATIONS: Layout(
        EntryKind.NATIONAL_ALLOCATION, (*COMMON_REQUIRED, "project", "partij"), ("omschrijving",)
    ),
    ImportKind.CONTRIBUTIONS: Layout(
        EntryKind.REGIONAL_CONTRIBUTION,
        (*COMMON_REQUIRED, "organisatie", "status", "sector", "vorm"),
        ("project", "waarderingsgrondslag", "omschrijving"),
    ),
    ImportKind.SPENDING: Layout(
        EntryKind.SPENDING, (*COMMON_REQUIRED, "ten_laste_van"), ("project", "organisatie", "omschrijving")
    ),
}

# The words a column may hold, Dutch or English, and the code each stands for.
VALUES = {
    "status": {
        "toegezegd": "pledged",
        "pledged": "pledged",
        "betaald": "paid",
        "geleverd": "paid",
        "paid": "paid",
    },
    "sector": {"publiek": "public", "public": "public", "privaat": "private", "private": "private"},
    "vorm": {
        "geld": "cash",
        "cash": "cash",
        "natura": "in_kind",
        "in natura": "in_kind",
        "in_kind": "in_kind",
    },
    "ten_laste_van": {
        "rijk": "national",
        "rijksbijdrage": "national",
        "national": "national",
        "regio": "regional",
        "regionaal": "regional",
        "regional": "regional",
    },
}
# Validator field -> column, to name the column of a rule that failed.
FIELD_COLUMN = {
    "booked_on": "datum",
    "amount": "bedrag",
    "budget_line": "begrotingsregel",
    "source_document": "brondocument",
    "project": "project",
    "organisation": "organisatie",
    "contribution_status": "status",
    "sector": "sector",
    "form": "vorm",
    "valuation_basis": "waarderingsgrondslag",
    "funding": "ten_laste_van",
    "description": "omschrijving",
    "kind": "begrotingsregel",
}


class ImportFailed(ImportRejected):
    """The ledger's refusal: every problem with its rule code (`finance.unknown-budget-line`)."""

    def __init__(self, file_name: str, problems: list[RowError]):
        super().__init__(file_name, problems, summary=f"{file_name}: {len(problems)} problems")

    def lines(self) -> list[str]:
        return [f"{self.file_name}:{p.row}: {p.column}: {p.message} [{p.rule}]" for p in self.problems]


@dataclass
class ImportResult:
    batch: ImportBatch
    rows: int


def _file_sha256(binary: IO[bytes]) -> str:
    """SHA-256 of the file, read in blocks."""
    digest = hashlib.sha256()
    binary.seek(0)
    while block := binary.read(1 << 20):
        digest.update(block)
    binary.seek(0)
    return digest.hexdigest()


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def ledger_import(
    *,
    actor: Actor,
    deal: dm.Deal,
    kind: str,
    binary: IO[bytes],
    file_name: str,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import one file all-or-nothing; raises ImportFailed naming every bad row and column."""
    if kind not in LAYOUTS:
        raise ImportFailed(
            file_name,
            [
                RowError(
                    0,
                    "",
                    _("onbekende soort import %(kind)r; kies %(known)s")
                    % {"kind": kind, "known": ", ".join(LAYOUTS)},
                    rule="import.kind",
                )
            ],
        )
    layout = LAYOUTS[kind]
    suffix = Path(file_name).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ImportFailed(
            file_name,
            [
                RowError(
                    0, "", _("lees .csv of .xlsx, niet %(suffix)r") % {"suffix": suffix}, rule="import.format"
                )
            ],
        )
    sha256 = _file_sha256(binary)
    try:
        total = limits.prescan(binary, file_name)
    except limits.InputRefused as exc:
        raise ImportFailed(file_name, [_refused(exc)]) from None
    if on_total:
        on_total(total)
    rows = limits.table_rows(binary, file_name)
    problems: list[RowError] = []
    validator = EntryValidator(deal)
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                deal=deal,
                kind=kind,
                file_name=Path(file_name).name[:300],
                sha256=sha256,
                rows=0,
                recorded_by_label=actor.record_label,
            )
            pending = totals.Pending()
            count = _read(rows, layout, validator, deal, actor, batch, problems, progress, pending)
            if problems:
                raise _Rollback
            if count == 0:
                problems.append(
                    RowError(2, "", _("het bestand heeft geen regels onder de kopregel"), rule="import.empty")
                )
                raise _Rollback
            pending.write()  # the money totals, at the end of the import's transaction
            # The batch's row count is set once, now that it is known (the batch is not a ledger row).
            ImportBatch.objects.filter(pk=batch.pk).update(rows=count)
            batch.rows = count
            audit_record(
                actor=actor,
                action="finance.import",
                obj=batch,
                deal_slug=deal.slug,
                summary=f"{kind}: {count} rows from {batch.file_name} (sha256 {sha256[:12]})",
                after={"kind": kind, "rows": count, "file": batch.file_name, "sha256": sha256},
            )
    except _Rollback:
        raise ImportFailed(file_name, problems) from None
    except limits.InputRefused as exc:  # the file changed since the prescan
        raise ImportFailed(file_name, [_refused(exc)]) from None
    return ImportResult(batch=batch, rows=count)


def _refused(exc: limits.InputRefused) -> RowError:
    return RowError.refused(exc, rule_prefix="import.")


class _Rollback(Exception):
    pass


def _read(
    rows,
    layout: Layout,
    validator: EntryValidator,
    deal,
    actor,
    batch,
    problems,
    progress,
    pending: totals.Pending,
) -> int:
    try:
        _number, header = next(rows)
    except StopIteration:
        problems.append(RowError(1, "", _("het bestand is leeg"), rule="import.empty"))
        return 0
    columns = [_text(h).lower().replace(" ", "_") for h in header]
    while columns and not columns[-1]:
        columns.pop()
    known = set(layout.required) | set(layout.optional)
    for name in columns:
        if name not in known:
            problems.append(
                RowError(
                    1,
                    name,
                    _("onbekende kolom; deze import kent %(known)s")
                    % {"known": ", ".join([*layout.required, *layout.optional])},
                    rule="import.unknown-column",
                )
            )
    for name in layout.required:
        if name not in columns:
            problems.append(RowError(1, name, _("deze kolom ontbreekt"), rule="import.missing-column"))
    if problems:
        return 0
    width = len(columns)
    chunk: list[LedgerEntry] = []
    count = 0
    for number, raw in rows:
        while len(raw) > width and raw[-1] in (None, ""):
            raw = raw[:-1]
        if not any(_text(v) for v in raw):
            continue  # a blank line
        if len(problems) >= limits.problems_cap():
            problems.append(
                RowError(
                    number,
                    "",
                    _(
                        "de controle stopte bij deze rij na %(count)s problemen; herstel deze en "
                        "lever het bestand opnieuw aan"
                    )
                    % {"count": len(problems)},
                    rule="import.too-many-problems",
                )
            )
            break
        count += 1
        if progress and count % 1000 == 0:
            progress(1000)
        if len(raw) > width:
            problems.append(RowError(number, "", _("meer cellen dan kolommen"), rule="import.extra-cells"))
            continue
        cells = dict(zip(columns, [*raw, *[None] * (width - len(raw))], strict=True))
        entry = _row(number, cells, layout, validator, deal, actor, batch, problems)
        if entry is not None and not problems:
            chunk.append(entry)
            if len(chunk) >= CHUNK:
                LedgerEntry.objects.bulk_create(chunk)
                pending.add(chunk)
                chunk = []
    if progress:
        progress(count % 1000)
    if chunk and not problems:
        LedgerEntry.objects.bulk_create(chunk)
        pending.add(chunk)
    return count


def _row(number, cells, layout, validator, deal, actor, batch, problems) -> LedgerEntry | None:
    before = len(problems)

    def bad(column: str, rule: str, message: str) -> None:
        problems.append(RowError(number, column, message, rule=rule))

    booked_on = None
    try:
        booked_on = parse_date(cells["datum"] if cells["datum"] is not None else "")
    except ValueError as exc:
        bad("datum", "import.date", str(exc))
    amount = None
    try:
        amount = parse_amount(cells["bedrag"] if cells["bedrag"] is not None else "")
    except AmountError as exc:
        bad("bedrag", "import.amount", str(exc))
    values: dict[str, str] = {}
    for column, mapping in VALUES.items():
        if column in cells:
            raw = _text(cells[column]).lower()
            if raw and raw not in mapping:
                bad(
                    column,
                    "import.value",
                    _("%(raw)r: kies %(known)s") % {"raw": raw, "known": ", ".join(mapping)},
                )
            values[column] = mapping.get(raw, "")
    # A row whose date or amount cannot be read is still checked for everything else, with a
    # stand-in value, so that one pass names all of its problems; it is never written.
    unreadable = booked_on is None or amount is None
    booked_on = booked_on or timezone.localdate()
    amount = amount if amount is not None else Decimal("0.01")
    line = _text(cells["begrotingsregel"])
    kind = layout.kind
    if kind == EntryKind.SPENDING:
        budget_line = validator.facts(booked_on).lines.get(line)
        if budget_line is not None and budget_line.kind == BudgetLineKind.EXECUTION_COSTS:
            kind = EntryKind.EXECUTION_COSTS
    draft = EntryDraft(
        kind=kind,
        booked_on=booked_on,
        amount=amount,
        budget_line=line,
        source_document=_text(cells["brondocument"]),
        funding=values.get("ten_laste_van", ""),
        project=_text(cells.get("project")),
        organisation=_text(cells.get("organisatie") or cells.get("partij")),
        contribution_status=values.get("status", ""),
        sector=values.get("sector", ""),
        form=values.get("vorm", ""),
        valuation_basis=_text(cells.get("waarderingsgrondslag")),
        description=_text(cells.get("omschrijving")),
    )
    resolved, found = validator.check(draft)
    partij = "partij" in cells
    for p in found:
        column = FIELD_COLUMN.get(p.field, p.field)
        if column == "organisatie" and partij:
            column = "partij"
        if column in VALUES and values.get(column) == "" and _text(cells.get(column)):
            continue  # already reported as an unknown value
        bad(column, p.rule, p.message)
    if unreadable or len(problems) > before or resolved is None:
        return None
    return entry_build(deal=deal, resolved=resolved, actor=actor, batch=batch)
