"""The one place where money, numbers, dates and actors become text for a reader (docs/presentation.md).

Built on Django's localisation (`django.utils.formats`): the separators and month names are the
active language's. Every page, message, chart and report (PDF, Word, HTML) uses these functions
or the template filters of `common/templatetags/formats.py`; a source-scan test
(tests/common/test_one_format.py) fails on a second formatter. Machine outputs (CSV, JSON, API,
Excel cells, `<input type="date">`, `datetime=` attributes) keep ISO dates and plain numbers.

- money: "€ 1.108.800,00" in Dutch (a non-breaking space after the sign), "€1,108,800.00" in
  English; negative "€ -1.108.800,00" / "-€1,108,800.00". Always with cents, rounded half-up.
  `money(value, whole=True)` ("€ 1.108.800") and `money_millions` ("€ 1,1 mln") are for chart
  labels only.
- dates: "2 december 2026" / "2 December 2026"; date-times add "14:05" in Amsterdam time.
- actors: a person's name; a command-line write "beheerder (opdrachtregel)".
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats, timezone
from django.utils.translation import get_language, gettext

NBSP = "\u00a0"
CENT = Decimal("0.01")
EURO = Decimal("1")
DATE = "j F Y"
DATE_TIME = "j F Y H:i"


def _english(language: str | None = None) -> bool:
    return (language or get_language() or "nl").startswith("en")


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):  # a float never reaches the money path intentionally; be exact anyway
        value = repr(value)
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None


_SEPARATORS: dict[str, tuple[str, str]] = {}  # language -> (decimal, thousands), read once


def _separators() -> tuple[str, str]:
    """The active language's decimal and thousands separators, from Django's locale formats."""
    language = get_language() or "nl"
    found = _SEPARATORS.get(language)
    if found is None:
        found = _SEPARATORS[language] = (
            formats.get_format("DECIMAL_SEPARATOR", use_l10n=True),
            formats.get_format("THOUSAND_SEPARATOR", use_l10n=True),
        )
    return found


def _grouped(value: Decimal, places: int) -> str:
    """Digits with the active language's thousands and decimal separators, in groups of three
    (as both languages' formats group). The value is rounded half-up first: Django's
    number_format cuts decimals off instead of rounding. The same text as number_format (tested
    for every kind of value in both languages) in a third of its time: a money table of the
    overview formats some 200 amounts."""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    digits = f"{rounded if rounded else abs(rounded):,.{places}f}"  # exact; never "-0"
    decimal, thousands = _separators()
    return digits.translate({ord(","): thousands, ord("."): decimal})


def money(value, *, whole: bool = False, language: str | None = None) -> str:
    """An amount in euros as the reader writes it; "" for no value. `language` pins the language
    of stored text (an audit summary); by default the active language is used."""
    amount = _decimal(value)
    if amount is None:
        return ""
    if language is not None:
        from django.utils import translation

        with translation.override(language):
            return money(amount, whole=whole)
    amount = amount.quantize(EURO if whole else CENT, rounding=ROUND_HALF_UP)
    digits = _grouped(abs(amount), 0 if whole else 2)
    negative = amount < 0
    if _english():
        return f"{'-' if negative else ''}€{digits}"
    return f"€{NBSP}{'-' if negative else ''}{digits}"


def money_millions(value) -> str:
    """A chart axis label: "€ 1,2 mln" / "€1.2m". Never for a figure someone adds up."""
    amount = _decimal(value)
    if amount is None:
        return ""
    millions = _grouped(amount / Decimal(1_000_000), 1)
    return f"€{millions}m" if _english() else f"€{NBSP}{millions} mln"


def number(value, places: int | None = None) -> str:
    """A number with the reader's separators: 1.234,5 / 1,234.5. `places` rounds half-up to that
    many decimals; without it trailing zeros are dropped. "" for no value."""
    amount = _decimal(value)
    if amount is None:
        return ""
    if amount == 0:
        amount = Decimal(0)  # never "-0"
    if places is None:
        amount = amount.normalize()
        places = max(0, -amount.as_tuple().exponent)
    return _grouped(amount, places)


def percent(value) -> str:
    """A share (0.03) as a percentage: "3%", "12,5%" / "12.5%"."""
    share = _decimal(value)
    return "" if share is None else f"{number(share * 100)}%"


def day(value) -> str:
    """A date (or the date of a date-time, in Amsterdam time): "2 december 2026"."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value  # a label in a date column ("Totaal"), shown as it is
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return _day(value, get_language())


@functools.lru_cache(maxsize=4096)
def _day(value: dt.date, language: str | None) -> str:
    """A date in a language, kept per process: a date's text never changes, and Django's
    `date_format` takes some 50 µs (the portfolio shows some 200 dates)."""
    return formats.date_format(value, DATE)


def month(value) -> str:
    """A month, where the day is not known or not to be shown: "maart 2025" / "March 2025"."""
    if value is None or value == "":
        return ""
    return formats.date_format(value, "F Y")


def day_time(value) -> str:
    """A moment: "2 december 2026 14:05" in Amsterdam time."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, DATE_TIME)
    return day(value)


def actor(label: str, user=None) -> str:
    """Who did it, as a reader knows them. A person by name (else their login name); a write from
    the command line as "beheerder (opdrachtregel)", a background job as "automatische taak".
    The stored label ("cli:root@vm", "worker:...") stays in the audit trail and its downloads."""
    if user is not None:
        name = (user.get_full_name() or "").strip()
        return name or user.get_username()
    label = label or ""
    if label.startswith("cli:") or label == "cli":
        return gettext("beheerder (opdrachtregel)")
    if label.startswith("worker:"):
        return gettext("automatische taak")
    if label in ("", "system"):
        return gettext("systeem")
    if label == "anonymous":
        return gettext("bezoeker van de site")
    return label
