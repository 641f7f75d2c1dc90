"""Planned against actual per programme line, as server-side SVG: the geometry is worked out
here, the template draws it with presentation attributes only (the Content-Security-Policy
forbids inline styles), with a <title> and the same figures in a table for screen readers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .selectors import Overview

WIDTH = 720
LABEL_WIDTH = 150
VALUE_WIDTH = 150
BAR_HEIGHT = 18
GAP = 6
GROUP_GAP = 18


@dataclass
class Bar:
    y: int
    width: int
    amount: Decimal
    series: str  # "planned" or "actual"


@dataclass
class Group:
    code: str
    label_y: int
    bars: list[Bar]


@dataclass
class Chart:
    width: int
    height: int
    label_width: int
    plot_width: int
    groups: list[Group]


def planned_vs_actual(ov: Overview) -> Chart:
    """Two bars per line: the uitvoeringsprogramma's planned total (national + regional) and what
    was spent (national + regional, in kind included), on one scale."""
    plot_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    largest = max([f.planned_total for f in ov.lines] + [f.spent_total for f in ov.lines] + [Decimal(0)])
    groups, y = [], 10
    for f in ov.lines:
        bars = []
        for i, (series, amount) in enumerate((("planned", f.planned_total), ("actual", f.spent_total))):
            width = int(plot_width * amount / largest) if largest > 0 and amount > 0 else 0
            bars.append(
                Bar(
                    y=y + i * (BAR_HEIGHT + GAP),
                    width=max(width, 1 if amount > 0 else 0),
                    amount=amount,
                    series=series,
                )
            )
        groups.append(Group(code=f.code, label_y=y + BAR_HEIGHT + GAP // 2 + 4, bars=bars))
        y += 2 * BAR_HEIGHT + GAP + GROUP_GAP
    return Chart(width=WIDTH, height=y + 24, label_width=LABEL_WIDTH, plot_width=plot_width, groups=groups)
