"""Charts of the report as SVG vector graphics, drawn on the server from the structure:
presentation attributes only (fill=, stroke=), a <title> and <desc>, and a table of the same
figures next to each (document.Chart). The indicator chart is the results app's own."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.html import escape
from django.utils.translation import gettext as _

from regiodeal.common.formatting import money_millions
from regiodeal.results.charts import indicator_chart
from regiodeal.results.verdict import Point

from . import data

WIDTH = 640
LABEL_H = 20
BAR_H = 16
GAP = 3
GROUP_GAP = 14
SERIES = [("#8c8c8c", 1), ("#0b5394", 2), ("#e69138", 3)]  # colour, column of the table


def _pt(pair) -> Point:
    return Point(dt.date.fromisoformat(pair[0]), Decimal(pair[1]))


def indicator_svg(ident: str, result: data.ResultItem, ind: data.IndicatorResult) -> str:
    """Baseline, target path and actuals of one indicator target; '' when there is nothing."""
    baseline = Point(ind.baseline_on, ind.baseline) if ind.baseline_on else None
    target = Point(ind.target_on, ind.target_level) if ind.target_level is not None else None
    actuals: dict[str, list[Point]] = {}
    if ind.series.regional:
        actuals[""] = [_pt(p) for p in ind.series.regional]
    for code, points in ind.series.areas.items():
        actuals[code] = [_pt(p) for p in points]
    if not actuals and baseline is None:
        return ""
    title = f"{result.code}: {ind.name}"
    desc = _("Nulmeting, pad naar de streefwaarde en metingen; de tabel eronder geeft dezelfde cijfers.")
    return str(
        indicator_chart(
            chart_id=f"chart-{ident}",
            title=title,
            description=desc,
            baseline=baseline,
            target=target,
            actuals=actuals,
        )
    )


def money_svg(table) -> str:
    """Horizontal bars per budget line: the national maximum, national spent and regional
    realised, on one scale. `table` is the document.Table with those columns; each line by its
    name on its own line above its bars (names, not codes), all text 12 px or more at the size
    drawn."""
    rows = table.rows
    largest = max([v for r in rows for v in r[1:4] if v is not None] + [Decimal(0)])
    plot_w = WIDTH - 110
    y = 4
    parts = []
    for r in rows:
        parts.append(
            f'<text x="0" y="{y + 14}" font-size="13" font-weight="bold" fill="#222222">{escape(r[0])}</text>'
        )
        y += LABEL_H
        for i, (colour, column) in enumerate(SERIES):
            value = r[column] or Decimal(0)
            width = float(plot_w * value / largest) if largest > 0 else 0.0
            by = y + i * (BAR_H + GAP)
            parts.append(
                f'<rect x="0" y="{by}" width="{max(width, 1.0 if value > 0 else 0.0):.1f}" '
                f'height="{BAR_H}" fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{width + 4:.1f}" y="{by + BAR_H - 2}" font-size="12" fill="#222222">'
                f"{escape(money_millions(value))}</text>"
            )
        y += 3 * (BAR_H + GAP) + GROUP_GAP
    legend_y = y + 8
    for colour, column in SERIES:
        label = table.columns[column].label
        parts.append(f'<rect x="0" y="{legend_y - 11}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="18" y="{legend_y}" font-size="12" fill="#222222">{escape(label)}</text>')
        legend_y += 20
    height = legend_y
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="chart-money-title" class="rd-chart" id="chart-money">'
        f'<title id="chart-money-title">{escape(table.title)}</title>' + "".join(parts) + "</svg>"
    )
