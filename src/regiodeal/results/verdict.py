"""The on-schedule verdict (Art. 7.2.B: "in hoeverre Partijen op schema liggen om de beoogde
resultaten te behalen"). Pure: numbers and dates in, a verdict out; no database, no Django.

For one indicator target at a date:

    p = (latest actual - baseline) / (target - baseline)          progress
    t = (date - baseline date) / (target date - baseline date)    elapsed time, in days

    achieved     p >= 1
    on schedule  p >= t
    at risk      p >= t - 0.15
    behind       otherwise
    no data      no measurement after the baseline date (up to the date asked)

The same formula serves both directions: where lower is better the target lies below the baseline,
so both the numerator and the denominator are negative when things improve. A relative target
("+25%") is the level baseline x (1 + 25/100). A norm per area ("at least 30 per wijk") is judged
per area; the target is on schedule when every area is, and the verdict says how many are.

A result takes the worst verdict of its indicators, a pillar the worst of its results. Worst
first: behind, at risk, no data, on schedule, achieved. "No data" ranks below a measured problem
(a missing figure never hides a known one) and above "on schedule" (nobody is on schedule without
a measurement). Arithmetic is exact (Fraction), so "exactly on the path" and "exactly 0.15
behind" are decided without rounding.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

AT_RISK_MARGIN = Fraction(15, 100)


class Verdict(StrEnum):
    ACHIEVED = "achieved"
    ON_SCHEDULE = "on_schedule"
    AT_RISK = "at_risk"
    BEHIND = "behind"
    NO_DATA = "no_data"


# Higher is worse; a roll-up takes the maximum.
SEVERITY: dict[Verdict, int] = {
    Verdict.ACHIEVED: 0,
    Verdict.ON_SCHEDULE: 1,
    Verdict.NO_DATA: 2,
    Verdict.AT_RISK: 3,
    Verdict.BEHIND: 4,
}
WORST_FIRST: list[Verdict] = sorted(SEVERITY, key=SEVERITY.__getitem__, reverse=True)

KIND_ABSOLUTE = "absolute"
KIND_RELATIVE = "relative"
KIND_PER_AREA = "per_area"


@dataclass(frozen=True)
class Point:
    """One measured value at a date (the end of its period)."""

    on: dt.date
    value: Decimal


def classify(p: Fraction, t: Fraction) -> Verdict:
    if p >= 1:
        return Verdict.ACHIEVED
    if p >= t:
        return Verdict.ON_SCHEDULE
    if p >= t - AT_RISK_MARGIN:
        return Verdict.AT_RISK
    return Verdict.BEHIND


@functools.lru_cache(maxsize=1024)
def elapsed(baseline_on: dt.date, target_on: dt.date, on: dt.date) -> Fraction:
    """The share of the time from baseline to target gone by at `on` (kept per process: most
    targets of a portfolio share their dates, and the day's verdicts ask for it hundreds of
    times)."""
    span = (target_on - baseline_on).days
    if span <= 0:
        raise ValueError("the target date must lie after the baseline date")
    return Fraction((on - baseline_on).days, span)


def target_level(kind: str, baseline: Decimal, value: Decimal) -> Decimal:
    """The level to reach: the value itself, or baseline x (1 + value/100) for a relative target."""
    if kind == KIND_RELATIVE:
        return baseline * (1 + value / Decimal(100))
    return value


def progress(baseline: Decimal, target: Decimal, actual: Decimal, *, lower_is_better: bool) -> Fraction:
    """p = (actual - baseline) / (target - baseline). A target equal to its baseline is reached
    (p = 1) as long as the actual is not worse than it, and otherwise not at all (p = 0)."""
    if target == baseline:
        worse = actual > target if lower_is_better else actual < target
        return Fraction(0) if worse else Fraction(1)
    # One exact fraction of the two differences' integer ratios, not three Fractions (the
    # portfolio judges some 700 targets a request): the same value.
    gained, asked = (actual - baseline).as_integer_ratio(), (target - baseline).as_integer_ratio()
    return Fraction(gained[0] * asked[1], gained[1] * asked[0])


def latest_after(points: Iterable[Point], baseline_on: dt.date, on: dt.date) -> Point | None:
    """The latest measurement after the baseline date and not after `on`."""
    best = None
    for point in points:
        if baseline_on < point.on <= on and (best is None or point.on > best.on):
            best = point
    return best


@dataclass(frozen=True)
class Assessment:
    """The verdict for one series (the region, or one area) with the figures behind it."""

    verdict: Verdict
    p: Fraction | None = None
    t: Fraction | None = None
    actual: Point | None = None
    target: Decimal | None = None


def assess_series(
    *,
    baseline: Decimal,
    baseline_on: dt.date,
    target: Decimal,
    target_on: dt.date,
    points: Iterable[Point],
    on: dt.date,
    lower_is_better: bool = False,
) -> Assessment:
    t = elapsed(baseline_on, target_on, on)
    actual = latest_after(points, baseline_on, on)
    if actual is None:
        return Assessment(Verdict.NO_DATA, t=t, target=target)
    p = progress(baseline, target, actual.value, lower_is_better=lower_is_better)
    return Assessment(classify(p, t), p=p, t=t, actual=actual, target=target)


@dataclass(frozen=True)
class TargetVerdict:
    """The verdict for one indicator target. For a per-area norm, `areas` holds each area's
    assessment and `areas_on_schedule` how many are on schedule or achieved."""

    verdict: Verdict
    assessment: Assessment | None = None
    areas: dict[str, Assessment] = field(default_factory=dict)
    reason: str = ""

    @property
    def areas_on_schedule(self) -> int:
        return sum(1 for a in self.areas.values() if SEVERITY[a.verdict] <= SEVERITY[Verdict.ON_SCHEDULE])

    @property
    def areas_total(self) -> int:
        return len(self.areas)


def assess_target(
    *,
    kind: str,
    baseline: Decimal | None,
    baseline_on: dt.date | None,
    target_value: Decimal,
    target_on: dt.date,
    on: dt.date,
    regional: Sequence[Point] = (),
    by_area: Mapping[str, Sequence[Point]] | None = None,
    lower_is_better: bool = False,
) -> TargetVerdict:
    """The verdict for an indicator target at `on`. Without a baseline there is nothing to measure
    progress against (Art. 7.1): no data."""
    if baseline is None or baseline_on is None:
        return TargetVerdict(Verdict.NO_DATA, reason="no_baseline")
    level = target_level(kind, baseline, target_value)
    if kind == KIND_PER_AREA:
        areas = {
            code: assess_series(
                baseline=baseline,
                baseline_on=baseline_on,
                target=level,
                target_on=target_on,
                points=points,
                on=on,
                lower_is_better=lower_is_better,
            )
            for code, points in sorted((by_area or {}).items())
        }
        if not areas:
            return TargetVerdict(Verdict.NO_DATA, reason="no_areas")
        return TargetVerdict(worst(a.verdict for a in areas.values()), areas=areas)
    assessment = assess_series(
        baseline=baseline,
        baseline_on=baseline_on,
        target=level,
        target_on=target_on,
        points=regional,
        on=on,
        lower_is_better=lower_is_better,
    )
    return TargetVerdict(assessment.verdict, assessment=assessment)


def worst(verdicts: Iterable[Verdict]) -> Verdict:
    """The worst verdict; nothing to roll up is no data."""
    return max(verdicts, key=SEVERITY.__getitem__, default=Verdict.NO_DATA)


@dataclass(frozen=True)
class RollUp:
    verdict: Verdict
    counts: dict[Verdict, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def counts_worst_first(self) -> list[tuple[Verdict, int]]:
        return [(v, self.counts[v]) for v in WORST_FIRST if self.counts.get(v)]


def roll_up(verdicts: Iterable[Verdict]) -> RollUp:
    """A result rolls up its indicators, a pillar its results: the worst counts, with how many
    of each."""
    items = list(verdicts)
    return RollUp(verdict=worst(items), counts=dict(Counter(items)))
