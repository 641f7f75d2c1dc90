"""The one reader of every import's table, and its one way of saying what is wrong.

Every import (the ledger, measurements, outreach, population, boundaries; screen, command line and
API alike) reads a .csv or .xlsx through here, within the limits of `common/limits.py`, and
refuses a file with `ImportRejected`: every problem a `RowError` naming the row (as a spreadsheet
numbers it: the header is row 1; 0 for the file as a whole), the column and what to do, and
nothing written (each import runs in one transaction, all-or-nothing). What a column means stays
the import's own (`finance/importing.py`, `results/importing.py`, `participation/importing.py`).
The command line's skeleton of every import is `regiodeal.deals.commands.ImportCommand`.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

from . import limits

SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class RowError:
    """One problem of an import: where (row, column) and what to do. `rule` is the stable code
    an import may give (the ledger's `finance.unknown-budget-line`), for logs and the API."""

    row: int
    column: str
    message: str
    rule: str = ""

    def __str__(self) -> str:
        where = _("rij %(row)s") % {"row": self.row} if self.row else _("bestand")
        if self.column:
            where += _(", kolom %(column)s") % {"column": self.column}
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "rule": self.rule, "message": self.message}

    @classmethod
    def refused(cls, exc: limits.InputRefused, *, rule_prefix: str = "") -> RowError:
        """The problem of a file outside the limits (size, rows, NUL, an .xlsx bomb)."""
        return cls(exc.row, exc.column, exc.message, f"{rule_prefix}{exc.rule}" if rule_prefix else "")


class ImportRejected(Exception):
    """An import refused a file: every problem in `errors`, nothing written."""

    def __init__(self, filename: str, errors: list[RowError], summary: str | None = None):
        self.filename = filename
        self.errors = errors
        super().__init__(summary or f"{filename}: {len(errors)} problem(s); nothing was imported")

    @property
    def problems(self) -> list[RowError]:
        return self.errors

    @property
    def file_name(self) -> str:
        return self.filename


def read_table(filename: str, content: bytes) -> list[list[str | object]]:
    """Rows of cells from a .csv (UTF-8, comma or semicolon) or .xlsx (the first sheet), an empty
    cell as "", read through the limits of `common/limits.py`."""
    if PurePath(filename).suffix.lower() not in SUFFIXES:
        raise ImportRejected(filename, [RowError(0, "", _("Alleen .csv of .xlsx."))])
    try:
        return [
            ["" if c is None else c for c in cells]
            for _number, cells in limits.table_rows(io.BytesIO(content), filename)
        ]
    except limits.InputRefused as exc:
        raise ImportRejected(filename, [RowError.refused(exc)]) from None


def parse_decimal(cell) -> Decimal:
    """A cell as a number: 12, 12.5, "12,5" (a decimal comma), never through float's error."""
    if isinstance(cell, bool):
        raise ValueError(_("geen getal"))
    if isinstance(cell, int):
        return Decimal(cell)
    if isinstance(cell, float):
        return Decimal(repr(cell))  # the shortest text that reads back as this float
    text = str(cell).strip().replace("\u00a0", "").replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(_("'%(text)s' is geen getal") % {"text": cell}) from exc
    if not value.is_finite():
        raise ValueError(_("'%(text)s' is geen getal") % {"text": cell})
    return value


def parse_date(cell) -> dt.date:
    """A cell as a date: a spreadsheet's date, or the text YYYY-MM-DD."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    try:
        return dt.date.fromisoformat(str(cell).strip())
    except ValueError as exc:
        raise ValueError(_("'%(text)s' is geen datum (JJJJ-MM-DD)") % {"text": cell}) from exc
