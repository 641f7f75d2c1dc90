"""A finance table as an .xlsx workbook (openpyxl, write-only: rows stream to the file, so the
ledger of a large deal exports without holding it in memory). Amounts are numbers with two
decimals written from Decimal, never via float; ratios and shares are numbers too."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

from django.utils.translation import gettext as _

from regiodeal.common.downloads import xlsx_cell

from .tables import BOOL, DATE, MONEY, RATIO, SHARE, VALUE, Table

FORMATS = {MONEY: "#,##0.00", RATIO: "0.00", SHARE: "0.00%", DATE: "yyyy-mm-dd"}


def table_xlsx(table: Table, *, deal_name: str, as_of: dt.date) -> bytes:
    # openpyxl here, not at the top: every process that loads the URLs imports this module, and
    # openpyxl takes 0.1 s to import (docs/developers.md, where the suite's time goes).
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=re.sub(r"[\[\]:*?/\\]", "", str(table.id))[:31])
    bold = Font(bold=True)

    def cell(value, column=None, font=None):
        number_format = FORMATS.get(column.kind) if column is not None else None
        if column is not None and column.kind in (BOOL, VALUE) and isinstance(value, bool):
            value = _("ja") if value else _("nee")
        elif column is not None and column.kind == VALUE and isinstance(value, Decimal):
            number_format = FORMATS[MONEY]
        return xlsx_cell(sheet, value, number_format=number_format, font=font)

    sheet.append([cell(f"{deal_name}: {table.title}", font=bold)])
    sheet.append([cell(_("stand per %(date)s") % {"date": as_of.isoformat()})])
    sheet.append([cell(str(c.label), font=bold) for c in table.columns])
    for row in table.rows:
        sheet.append([cell(v, c) for v, c in zip(row, table.columns, strict=True)])
    if table.footer:
        sheet.append([cell(v, c, bold) for v, c in zip(table.footer, table.columns, strict=True)])
    if table.note:
        sheet.append([])
        sheet.append([cell(str(table.note))])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
