"""Every CSV and spreadsheet cell the platform writes, and the HTTP response of a download.

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula (formula or "CSV" injection): a resident's idea titled
`=HYPERLINK(...)` would become a live link in the programme office's spreadsheet. `safe_cell` is
the one function every CSV writer and every workbook of the platform writes its cells through: it
puts an apostrophe before such a text (the spreadsheets' own sign for "this is text"), and leaves
numbers alone: a Decimal, an int, a date, and a text that is only a number ("-1250.00", as the
open data writes amounts) stay what they are. Texts are also cleaned of the control characters
an .xlsx cannot hold (openpyxl refuses them), so a stray one never breaks an export.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils.functional import Promise

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d+)?|\.\d+)")
# What an .xlsx (XML 1.0) cannot hold: the control characters but tab, newline and return.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_cell(value: Any) -> Any:
    """The value as it may be written into a CSV or spreadsheet cell (see the module's text)."""
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        return value
    value = _XML_ILLEGAL.sub("", value)
    if value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


class CsvWriter:
    """`csv.writer` whose rows go through `safe_cell`: the platform's only CSV writer."""

    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def xlsx_cell(sheet, value: Any, *, number_format: str | None = None, font=None):
    """A write-only workbook's cell holding `safe_cell(value)`, with its format and font."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=safe_cell(value))
    if number_format:
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    return cell


def xlsx_append(sheet, row: Iterable[Any]) -> None:
    """Append a row to a sheet (ordinary or write-only), each value through `safe_cell`; a cell
    made by `xlsx_cell` passes as it is (its value went through `safe_cell` already)."""
    from openpyxl.cell.cell import Cell

    sheet.append([v if isinstance(v, Cell) else safe_cell(v) for v in row])


def xlsx_response(workbook_or_bytes, filename: str) -> HttpResponse:
    """An .xlsx attachment from an openpyxl workbook (saved here) or the bytes of one."""
    if isinstance(workbook_or_bytes, bytes | bytearray):
        content = bytes(workbook_or_bytes)
    else:
        out = io.BytesIO()
        workbook_or_bytes.save(out)
        content = out.getvalue()
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
