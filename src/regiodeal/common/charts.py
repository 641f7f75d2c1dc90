"""Horizontal bar charts that fit every screen.

A chart is rows of page text and bars (`templates/components/_bars.html`): each group's name
(a pillar, a Party: never a code) on its own line, then one bar per series with its amount in
words beside it. The text is ordinary page text at its own size, so it stays readable at 390 px;
only the bars are drawn, as SVG without text whose width is a share of the largest amount
(presentation attributes only: the Content-Security-Policy forbids inline styles). The same
figures stand in a table beside the chart."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

ZERO = Decimal(0)


@dataclass
class Bar:
    series: str
    label: Any  # the series in the reader's language ("Rijk", "gepland")
    amount: Decimal
    share: str  # the bar's width in % of the largest amount, "0.00".."100.00"
    fill: str


@dataclass
class Group:
    label: str
    bars: list[Bar]


@dataclass
class BarChart:
    id: str
    title: Any
    groups: list[Group]
    legend: list[tuple[Any, str]] = field(default_factory=list)  # (label, colour)


def bar_chart(
    chart_id: str,
    title: Any,
    items: list[tuple[str, list[tuple[str, Decimal]]]],
    series: dict[str, tuple[Any, Any, str]],
) -> BarChart:
    """`items`: (group name, [(series, amount), ...]) per group, all on one scale. `series`: per
    series its label beside a bar, its label in the legend and its colour."""
    largest = max([a for _name, values in items for _s, a in values] + [ZERO])
    groups = []
    for name, values in items:
        bars = []
        for key, amount in values:
            share = (amount / largest * 100) if largest > 0 and amount > 0 else ZERO
            if amount > 0:
                share = max(share, Decimal("0.5"))  # a small amount still shows as a sliver
            label, _legend, fill = series[key]
            bars.append(Bar(key, label, amount, str(share.quantize(Decimal("0.01"), ROUND_HALF_UP)), fill))
        groups.append(Group(name, bars))
    legend = [(legend, fill) for _label, legend, fill in series.values()]
    return BarChart(chart_id, title, groups, legend)
