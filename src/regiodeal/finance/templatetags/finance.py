"""The finance tables' cells, formatted by a tag rather than a template included per cell (a
table of the overview has some 200 cells; an include per cell was most of the page's time)."""

from django import template
from django.template.base import render_value_in_context
from django.utils.translation import gettext

from regiodeal.common import formatting

register = template.Library()


@register.simple_tag(takes_context=True)
def finance_cell(context, value, column) -> str:
    """A value as its column's kind shows it (docs/presentation.md): money in euros with cents, a
    ratio with two decimals, a share as a percentage, a date as "2 december 2026", yes or no; a
    dash where there is no value."""
    if value is None:
        return "–"
    kind = column.kind
    if kind == "value":  # a SiSa cell: yes/no or money
        kind = "bool" if isinstance(value, bool) else "money"
    if kind == "money":
        shown = formatting.money(value)
    elif kind == "ratio":
        shown = formatting.number(value, 2)
    elif kind == "share":
        shown = formatting.percent(value)
    elif kind == "date":
        shown = formatting.day(value)
    elif kind == "bool":
        shown = gettext("ja") if value else gettext("nee")
    else:
        shown = value
    return render_value_in_context(shown, context)  # escaped, as {{ }} does
