"""Participation quality and small cells: pure arithmetic, no database.

**Reach** ("who was reached compared with who lives there"): per wijk and group,

    share spoken     = residents of the group spoken / residents spoken in the wijk
    share population = residents of the group living there / residents of the wijk (CBS)

A group is *under-reached* when its share spoken is below 4/5 of its share of the population. It
is judged only where the population figures are loaded and at least `QUALITY_MIN_SPOKEN`
residents were spoken in the wijk (fewer says more about chance than about the approach).
Arithmetic is exact (fractions), so exactly 4/5 is not under-reached.

**Small cells** (the public summary): a count of residents from 1 up to the threshold (exclusive)
is not shown. Where the cells add up to a published total (per wijk, per form), one hidden cell
could be worked out by subtraction, so then the smallest shown cell is hidden as well.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from .constants import QUALITY_MIN_SPOKEN, UNDER_REACHED_RATIO

RATIO = Fraction(*UNDER_REACHED_RATIO)


@dataclass(frozen=True)
class GroupReach:
    group_code: str
    spoken: int
    population: int | None
    share_spoken: Fraction | None
    share_population: Fraction | None
    under_reached: bool | None  # None: not judged (no figures, or too few residents spoken)

    @property
    def representation(self) -> Fraction | None:
        """Share spoken / share of the population: 1 is in proportion."""
        if self.share_spoken is None or not self.share_population:
            return None
        return self.share_spoken / self.share_population


def assess_reach(
    *,
    spoken_total: int,
    spoken_by_group: Mapping[str, int],
    population_total: int | None,
    population_by_group: Mapping[str, int],
    min_spoken: int = QUALITY_MIN_SPOKEN,
) -> list[GroupReach]:
    out = []
    for code in sorted(set(spoken_by_group) | set(population_by_group)):
        spoken = spoken_by_group.get(code, 0)
        population = population_by_group.get(code)
        share_spoken = Fraction(spoken, spoken_total) if spoken_total else None
        share_population = (
            Fraction(population, population_total) if population is not None and population_total else None
        )
        judged = share_spoken is not None and share_population and spoken_total >= min_spoken
        under = (share_spoken < RATIO * share_population) if judged else None
        out.append(GroupReach(code, spoken, population, share_spoken, share_population, under))
    return out


def suppress_small(counts: Mapping[str, int], threshold: int, *, adds_up: bool) -> dict[str, int | None]:
    """Counts with every cell from 1 to threshold - 1 replaced by None; with `adds_up`, a single
    hidden cell takes the smallest shown one with it (no working out by subtraction)."""
    shown: dict[str, int | None] = {k: (None if 0 < v < threshold else v) for k, v in counts.items()}
    hidden = [k for k, v in shown.items() if v is None]
    if adds_up and len(hidden) == 1:
        others = sorted((v, k) for k, v in shown.items() if v)
        if others:
            shown[others[0][1]] = None
    return shown
