"""Template helpers for participation: a name from a dict of codes, a share as a percentage."""

from decimal import Decimal
from fractions import Fraction

from django import template

from regiodeal.common import formatting

register = template.Library()


@register.filter
def name_of(code: str, names: dict) -> str:
    return names.get(code, code)


@register.filter
def share(value) -> str:
    """A Fraction as a percentage with one decimal (Dutch decimal comma): 1/8 -> '12,5%'."""
    if value is None:
        return "—"
    share = Fraction(value) * 100
    return f"{formatting.number(Decimal(share.numerator) / Decimal(share.denominator), 1)}%"
