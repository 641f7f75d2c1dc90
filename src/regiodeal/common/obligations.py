"""Evidence for the deal's dated duties, from the app that holds it.

The obligations calendar (governance) lists every dated duty. Some are kept by another app: the
SPUK account (finance) and the yearly progress report (reporting). Those apps register an
evidence provider for the duty's key prefix, so the calendar shows them done with the real
evidence instead of asking someone to tick them off, and the lateness is reported once, by the
app that owns the duty (its own check), not twice.

A provider is `(deal, year) -> Evidence | None`, where `year` is the number in the key
(`spuk-verantwoording-2026` -> 2026: the year the duty falls due).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Evidence:
    done_on: dt.date
    text: str


Provider = Callable[[object, int], Evidence | None]
_PROVIDERS: dict[str, Provider] = {}


def register_evidence(prefix: str) -> Callable[[Provider], Provider]:
    def decorator(fn: Provider) -> Provider:
        _PROVIDERS[prefix] = fn
        return fn

    return decorator


def provider_for(key: str) -> tuple[Provider, int] | None:
    """The provider and year for an obligation key such as `voortgang-vro-2026`, if an app keeps it."""
    prefix, _, year = key.rpartition("-")
    if prefix in _PROVIDERS and year.isdigit():
        return _PROVIDERS[prefix], int(year)
    return None
