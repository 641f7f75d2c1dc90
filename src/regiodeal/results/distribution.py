"""Distribution effects (Bijlage 1 §4.B and §4.E: "wie hebben de lusten en lasten?"). Pure.

For an indicator measured for the region and broken down by group or area, the gap of each part
to the regional value at the same date, and whether that gap narrows or widens: the absolute gap
at the first date both were measured against the latest. Whether a part lags behind depends on
the direction that counts as better.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .verdict import Point


class Trend(StrEnum):
    NARROWING = "narrowing"
    WIDENING = "widening"
    UNCHANGED = "unchanged"
    SINGLE = "single"  # only one date with both figures: no trend yet


@dataclass(frozen=True)
class Gap:
    on: dt.date
    part: Decimal
    regional: Decimal

    @property
    def gap(self) -> Decimal:
        return self.part - self.regional


@dataclass(frozen=True)
class PartGaps:
    key: str
    gaps: list[Gap]
    trend: Trend
    lags_behind: bool  # at the latest date, the part is worse off than the region

    @property
    def latest(self) -> Gap:
        return self.gaps[-1]

    @property
    def first(self) -> Gap:
        return self.gaps[0]


def gaps_for(
    *, regional: Sequence[Point], parts: Mapping[str, Sequence[Point]], lower_is_better: bool
) -> list[PartGaps]:
    """One `PartGaps` per part that shares at least one date with the regional series."""
    region_on = {p.on: p.value for p in regional}
    out: list[PartGaps] = []
    for key, points in sorted(parts.items()):
        gaps = [
            Gap(p.on, p.value, region_on[p.on])
            for p in sorted(points, key=lambda x: x.on)
            if p.on in region_on
        ]
        if not gaps:
            continue
        first, last = abs(gaps[0].gap), abs(gaps[-1].gap)
        if len(gaps) == 1:
            trend = Trend.SINGLE
        elif last < first:
            trend = Trend.NARROWING
        elif last > first:
            trend = Trend.WIDENING
        else:
            trend = Trend.UNCHANGED
        latest_gap = gaps[-1].gap
        lags = latest_gap > 0 if lower_is_better else latest_gap < 0
        out.append(PartGaps(key=key, gaps=gaps, trend=trend, lags_behind=lags))
    return out
