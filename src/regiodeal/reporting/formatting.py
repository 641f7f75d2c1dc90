"""Cell values as text, the reader's language first, for the report's templates (PDF, screen)
and Word: the one format of `regiodeal.common.formatting` (docs/presentation.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from regiodeal.common import formatting


def money_text(value: Decimal) -> str:
    return formatting.money(value)


def number_text(value: Decimal) -> str:
    return formatting.number(value)


def ratio_text(value: Decimal) -> str:
    return formatting.number(value, 2)


def date_text(value: dt.date) -> str:
    return formatting.day(value)


def cell_text(value, kind: str = "text") -> str:
    if value is None or value == "":
        return "–" if value is None else ""
    if isinstance(value, dt.datetime):
        return formatting.day_time(value)
    if isinstance(value, dt.date):
        return date_text(value)
    if isinstance(value, Decimal):
        if kind == "money":
            return money_text(value)
        if kind == "ratio":
            return ratio_text(value)
        return number_text(value)
    return str(value)
