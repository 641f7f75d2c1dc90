"""Planned against actual per programme line, drawn by the one bar chart of `common/charts.py`:
each line by its name (never "P1"), text that keeps its size on a narrow screen, and the same
figures in the tables below."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from regiodeal.common.charts import BarChart, bar_chart

from .selectors import Overview

PLANNED, ACTUAL = "#8fb0d6", "#154273"


def planned_vs_actual(ov: Overview) -> BarChart:
    """Two bars per line: the uitvoeringsprogramma's planned total (national + regional) and what
    was spent (national + regional, in kind included), on one scale."""
    english = (get_language() or "nl").startswith("en")
    names = {b.code: (english and b.name_en) or b.name for b in ov.budget_lines}
    return bar_chart(
        "chart-planned-actual",
        _("Gepland (uitvoeringsprogramma) tegenover besteed, per programmalijn, rijk en regio samen"),
        [
            (names.get(f.code) or f.name or f.code, [("planned", f.planned_total), ("actual", f.spent_total)])
            for f in ov.lines
        ],
        {
            "planned": (_("gepland"), _("Lichte balk: gepland in de uitvoeringsprogramma's"), PLANNED),
            "actual": (_("besteed"), _("Donkere balk: besteed (in geld of in natura)"), ACTUAL),
        },
    )
