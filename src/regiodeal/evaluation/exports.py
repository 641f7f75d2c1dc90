"""The lessons across years as an Excel workbook: for VRO's research on all Regio Deals (Art. 7.5)
and BZK's lessons on regional cooperation (Art. 7.6). One sheet per kind of lesson."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from regiodeal.common.downloads import xlsx_append
from regiodeal.deals import models as dm
from regiodeal.results.constants import VERDICT_LABELS
from regiodeal.results.verdict import Verdict

from .selectors import lessons_across_years

if TYPE_CHECKING:
    from openpyxl import Workbook


def _sheet(wb, title: str, header: list[str], rows: list[list], widths: list[int]):
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet(title)
    xlsx_append(ws, header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        xlsx_append(ws, row)  # a text such as "=..." stays text (common/downloads.py)
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    return ws


def _verdicts(prompted_by: list[dict]) -> str:
    return "; ".join(f"{p['result']}: {VERDICT_LABELS[Verdict(p['verdict'])]}" for p in prompted_by)


def lessons_workbook(deal: dm.Deal, viewer=None) -> Workbook:
    """Given a viewer, without what is kept from them (Art. 10.1)."""
    # openpyxl here, not at the top: every process that loads the URLs imports this module, and
    # openpyxl takes 0.1 s to import (docs/developers.md, where the suite's time goes).
    from openpyxl import Workbook

    years = lessons_across_years(deal=deal, viewer=viewer)
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(
        wb,
        _("Lessen"),
        [_("Jaar"), _("Geleerde lessen (voortgangsrapportage)")],
        [[y["year"], y["lessons"]] for y in years if y["lessons"]],
        [8, 120],
    )
    _sheet(
        wb,
        _("Bijsturing"),
        [
            _("Besloten op"),
            _("Wat is bijgestuurd"),
            _("De wijziging"),
            _("Waarom"),
            _("Oordelen die aanleiding gaven"),
        ],
        [
            [a.decided_on, a.title, a.change, a.reason, _verdicts(a.prompted_by)]
            for y in years
            for a in y["adjustments"]
        ],
        [12, 40, 60, 60, 40],
    )
    _sheet(
        wb,
        _("Evaluaties"),
        [_("Datum"), _("Titel"), _("Samenvatting")],
        [[d.dated, d.title, d.summary] for y in years for d in y["evaluations"]],
        [12, 40, 100],
    )
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=2, max_col=1):
            for cell in row:
                if hasattr(cell.value, "year") and not isinstance(cell.value, int):
                    cell.number_format = "yyyy-mm-dd"
    return wb
