"""Cell values as text, the reader's language first: EUR 8.400.000,00 and 1.234,5 in Dutch,
EUR 8,400,000.00 and 1,234.5 in English. Used by the templates (PDF, screen) and by Word."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import get_language

from regiodeal.portal.templatetags.regiodeal import format_euro


def _dutch() -> bool:
    return (get_language() or "nl").startswith("nl")


def _swap(text: str) -> str:
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".") if _dutch() else text


def money_text(value: Decimal) -> str:
    return format_euro(value, get_language() or "nl")


def number_text(value: Decimal) -> str:
    value = Decimal(value).normalize()
    if value == value.to_integral():
        return _swap(f"{int(value):,}")
    return _swap(f"{value:,f}")


def ratio_text(value: Decimal) -> str:
    return _swap(f"{Decimal(value).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,f}")


def date_text(value: dt.date) -> str:
    return formats.date_format(value, "j F Y")


def cell_text(value, kind: str = "text") -> str:
    if value is None or value == "":
        return "–" if value is None else ""
    if isinstance(value, dt.date):
        return date_text(value)
    if isinstance(value, Decimal):
        if kind == "money":
            return money_text(value)
        if kind == "ratio":
            return ratio_text(value)
        return number_text(value)
    return str(value)
