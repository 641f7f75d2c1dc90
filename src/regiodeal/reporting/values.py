"""The values of the report's JSON form: money with two decimals, other numbers normalised,
dates ISO (reporting/data.py reads them back as Decimal and date)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

CENT = Decimal("0.01")


def money(value: Decimal | None) -> str | None:
    return None if value is None else f"{Decimal(value).quantize(CENT):f}"


def number(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = f"{Decimal(value).normalize():f}"
    return "0" if text in ("-0", "") else text


def day(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.isoformat()
