"""The latest value of an indicator in each wijk, as a table and a map, on the indicator's page.

The map is drawn over the wijk boundaries, which are participation's (`participation.places`,
loaded by `regiodeal import-boundaries`), and participation builds on results, not the other way
round. So participation lends its drawing here when the apps start (`ParticipationConfig.ready`),
as apps lend their sections to "Mijn werk" (`work.registry`): results asks this module, never
participation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_drawn: list[Callable[[Any], Any]] = []


def draw_with(values_per_wijk: Callable[[Any], Any]) -> None:
    """Participation's `values_per_wijk(measurements)`: the table and the map, or None."""
    _drawn[:] = [values_per_wijk]


def values_per_wijk(measurements):
    """The latest of `measurements` (already filtered to what the reader may see) in each wijk,
    as participation draws it; None when there is none or nothing draws it."""
    return _drawn[0](measurements) if _drawn else None
