"""Money and dates as people write them: the one parser of forms, imports and the API.

- `parse_amount` reads "1.234,56" (Dutch), "1,234.56" (international), "1234.56", "€ 1234,5";
  an amount that could be read both ways ("1.234" or "1,234") is refused rather than guessed.
- `parse_plain_amount` is the API's strict reading: a plain decimal string such as "1250.00".
- `format_amount_input` writes an amount the way a form shows it for editing ("9.400.000,00").
- `parse_date` reads 2026-03-31 and 31-03-2026 (also with / or .).

Everything is Decimal; no float is ever involved. The money arithmetic of the ledger (cents, the
fair split of Art. 4.2) is finance's (`finance/amounts.py`).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999.99")  # what DecimalField(max_digits=14, decimal_places=2) holds


class AmountError(ValueError):
    pass


class AmbiguousAmount(AmountError):
    """An amount that reads two ways ("1.234"): the message already says how to write it."""


# ASCII digits only: `\d` would also take "١٢٣" (Arabic-Indic), which Decimal reads as 123.
_DIGITS = re.compile(r"^[0-9]+$")
_GROUPED = re.compile(r"^[0-9]{1,3}(?:[.,][0-9]{3})+$")
# The API's amounts: a plain decimal string, "-1250", "1250.5", "1250.00"; nothing else.
_PLAIN = re.compile(r"-?[0-9]+(?:\.[0-9]{1,2})?")


def parse_plain_amount(raw) -> Decimal:
    """An amount as the API takes it: a plain decimal string (`-?[0-9]+(\\.[0-9]{1,2})?`) or a
    JSON whole number; no exponent ("1e5"), no digit group ("1_000", "1.000"), no other script's
    digits ("١٢٣"), no binary fraction (a JSON number with a fraction). The same limits as
    `parse_amount` (at most 999.999.999.999,99)."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        text = str(raw)
    elif isinstance(raw, str):
        text = raw.strip()
    else:
        raise AmountError(_('schrijf een bedrag als tekst met een punt voor de centen, zoals "1250.00"'))
    if not _PLAIN.fullmatch(text):
        raise AmountError(
            _(
                "%(raw)r is geen bedrag: schrijf cijfers met hoogstens twee decimalen na een punt, "
                'zoals "1250.00"'
            )
            % {"raw": raw}
        )
    return parse_amount(Decimal(text))


def parse_amount(raw) -> Decimal:
    """A positive or negative amount in euros with at most two decimals."""
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, int) and not isinstance(raw, bool):
        value = Decimal(raw)
    elif isinstance(raw, float):
        # A spreadsheet cell holds a binary float: its shortest repr is what the user typed.
        value = Decimal(repr(raw))
    else:
        value = _parse_text(str(raw))
    if not value.is_finite():
        raise AmountError(_("geen bedrag"))
    if value != value.quantize(CENT, rounding=ROUND_HALF_UP):
        raise AmountError(_("meer dan twee decimalen: een bedrag is in euro's en centen"))
    if abs(value) > MAX_AMOUNT:
        raise AmountError(_("te groot (hoogstens 999.999.999.999,99)"))
    return value.quantize(CENT)


def _parse_text(raw: str) -> Decimal:
    text = raw.strip().replace("\u00a0", "").replace(" ", "").replace("€", "").replace("EUR", "")
    if not text:
        raise AmountError(_("leeg: vul een bedrag in"))
    sign = ""
    if text[0] in "+-":
        sign, text = ("-" if text[0] == "-" else ""), text[1:]
    if text.endswith(",-"):
        # "1.000,-": whole euros, the Dutch way; a dot can only group thousands here.
        text = text[:-2]
        if not (_DIGITS.match(text) or re.fullmatch(r"[0-9]{1,3}(?:\.[0-9]{3})+", text)):
            raise AmountError(_("%(raw)r is geen bedrag") % {"raw": raw})
        return Decimal(sign + text.replace(".", ""))
    if not text or not re.fullmatch(r"[0-9.,]+", text):
        raise AmountError(_("%(raw)r is geen bedrag") % {"raw": raw})
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_sep = "." if text.rfind(".") > text.rfind(",") else ","
        group_sep = "," if decimal_sep == "." else "."
        whole, _sep, frac = text.rpartition(decimal_sep)
        grouped = re.fullmatch(rf"[0-9]{{1,3}}(?:{re.escape(group_sep)}[0-9]{{3}})+", whole)
        if decimal_sep in whole or not _DIGITS.match(frac) or not grouped:
            raise AmountError(_("%(raw)r: scheidingstekens voor duizendtallen staan verkeerd") % {"raw": raw})
        number = whole.replace(group_sep, "") + "." + frac
    elif dots + commas == 0:
        number = text
    else:
        sep = "." if dots else ","
        if dots + commas > 1:
            if not _GROUPED.match(text):
                raise AmountError(
                    _("%(raw)r: scheidingstekens voor duizendtallen staan verkeerd") % {"raw": raw}
                )
            number = text.replace(sep, "")
        else:
            whole, _sep, frac = text.partition(sep)
            if len(frac) == 3 and whole and whole != "0":
                raise AmbiguousAmount(
                    _(
                        "%(raw)r is dubbelzinnig (duizendtal of decimalen?): schrijf 1234 of 1.234,00 "
                        "of 1,234.00"
                    )
                    % {"raw": raw}
                )
            if not frac or not _DIGITS.match(frac) or (whole and not _DIGITS.match(whole)):
                raise AmountError(_("%(raw)r is geen bedrag") % {"raw": raw})
            number = (whole or "0") + "." + frac
    try:
        return Decimal(sign + number)
    except InvalidOperation as exc:
        raise AmountError(_("%(raw)r is geen bedrag") % {"raw": raw}) from exc


_DMY = re.compile(r"^([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})$")


def parse_date(raw) -> dt.date:
    if isinstance(raw, dt.datetime):
        if raw.time() != dt.time(0, 0):
            raise ValueError(_("een datum zonder tijd"))
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = str(raw).strip()
    if not text:
        raise ValueError(_("leeg: vul een datum in"))
    match = _DMY.match(text)
    try:
        if match:
            day, month, year = (int(x) for x in match.groups())
            return dt.date(year, month, day)
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(_("%(raw)r bestaat niet als datum") % {"raw": text}) from exc
    raise ValueError(_("%(raw)r: schrijf een datum als 2026-03-31 of 31-03-2026") % {"raw": text})


def format_amount_input(amount: Decimal) -> str:
    """An amount as a form shows it for editing: "9.400.000,00", which `parse_amount` reads back."""
    from django.utils.numberformat import format as digits

    value = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    return digits(value, ",", 2, 3, ".", force_grouping=True)
