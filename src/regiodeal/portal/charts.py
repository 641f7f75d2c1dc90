"""Horizontal bar charts as server-side SVG: the geometry is worked out here, the template draws
it with presentation attributes only (the Content-Security-Policy forbids inline styles), with a
<title>, a <desc> and a table of the same figures for screen readers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WIDTH = 760
LABEL_WIDTH = 0  # each group's name stands on its own line above its bars: names, not codes, fit
LABEL_HEIGHT = 20
VALUE_WIDTH = 170
BAR_HEIGHT = 18
GAP = 4
GROUP_GAP = 16
# Dark blue and dark orange: 3:1 or better against white and against each other's neighbours
# (WCAG 1.4.11), and told apart without colour by the text after each bar.
COLOURS = {"national": "#154273", "regional": "#a14a00"}


@dataclass
class Bar:
    y: int
    width: int
    amount: Decimal
    series: str
    fill: str
    text_x: int


@dataclass
class Group:
    label: str
    label_y: int
    bars: list[Bar]


@dataclass
class Chart:
    width: int
    height: int
    label_width: int
    groups: list[Group]


def bars(items: list[tuple[str, list[tuple[str, Decimal]]]]) -> Chart:
    """`items`: (label, [(series, amount), ...]) per group, all on one scale."""
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    largest = max([a for _label, series in items for _s, a in series] + [Decimal(0)])
    groups, y = [], 8
    for label, series in items:
        label_y, y = y + 14, y + LABEL_HEIGHT
        group_bars = []
        for i, (name, amount) in enumerate(series):
            width = int(plot * amount / largest) if largest > 0 and amount > 0 else 0
            width = max(width, 1 if amount > 0 else 0)
            group_bars.append(
                Bar(
                    y=y + i * (BAR_HEIGHT + GAP),
                    width=width,
                    amount=amount,
                    series=name,
                    fill=COLOURS.get(name, "#154273"),
                    text_x=LABEL_WIDTH + width + 6,
                )
            )
        height = len(series) * (BAR_HEIGHT + GAP)
        groups.append(Group(label=label, label_y=label_y, bars=group_bars))
        y += height + GROUP_GAP
    return Chart(width=WIDTH, height=y, label_width=LABEL_WIDTH, groups=groups)
