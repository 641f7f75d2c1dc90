"""Template helpers for participation: a name from a dict of codes, a share as a percentage."""

from fractions import Fraction

from django import template

register = template.Library()


@register.filter
def name_of(code: str, names: dict) -> str:
    return names.get(code, code)


@register.filter
def share(value) -> str:
    """A Fraction as a percentage with one decimal (Dutch decimal comma): 1/8 -> '12,5%'."""
    if value is None:
        return "—"
    return f"{float(Fraction(value) * 100):.1f}%".replace(".", ",")
