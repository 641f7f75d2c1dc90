"""Template helpers for results: verdict labels, progress as a percentage, measured values in the
reader's language."""

from decimal import Decimal
from fractions import Fraction

from django import template
from django.utils.translation import get_language

from regiodeal.results.constants import VERDICT_LABELS
from regiodeal.results.verdict import Verdict

register = template.Library()


def _localise(text: str) -> str:
    if (get_language() or "nl").startswith("nl"):
        return text.replace(".", ",")
    return text


@register.filter
def verdict_label(value) -> str:
    return str(VERDICT_LABELS[Verdict(value)])


@register.filter
def pct(value) -> str:
    """A Fraction such as p or t as a whole percentage: 0.5 -> '50%'."""
    if value is None:
        return "—"
    return f"{round(Fraction(value) * 100)}%"


@register.filter
def num(value) -> str:
    """A measured value without trailing zeros, with a decimal comma in Dutch."""
    if value in (None, ""):
        return "—"
    value = Decimal(value)
    text = format(value.normalize(), "f")
    if text.startswith("-0") and Decimal(text) == 0:
        text = "0"
    return _localise(text)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if mapping else ""


@register.filter
def trend_label(value) -> str:
    from django.utils.translation import gettext

    return {
        "narrowing": gettext("verschil wordt kleiner"),
        "widening": gettext("verschil wordt groter"),
        "unchanged": gettext("verschil gelijk"),
        "single": gettext("één meting: nog geen ontwikkeling"),
    }[str(value)]
