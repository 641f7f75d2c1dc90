"""Template helpers for results: verdict labels, progress as a percentage, measured values in the
reader's language."""

import functools
from decimal import Decimal
from fractions import Fraction

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext

from regiodeal.common import formatting
from regiodeal.results.constants import VERDICT_LABELS
from regiodeal.results.verdict import Verdict

register = template.Library()


@register.filter
def verdict_label(value) -> str:
    return str(VERDICT_LABELS[Verdict(value)])


@register.simple_tag
def verdict(value) -> str:
    """A verdict as its coloured label: `<span class="rd-verdict rd-verdict--on_schedule"
    data-verdict="on_schedule">op schema</span>`. A tag, not an included template: the dashboard
    shows some sixty of them, the portfolio some 160: each text is made once per process and
    language."""
    return _verdict(str(value), get_language())


@functools.lru_cache(maxsize=64)
def _verdict(value: str, language: str | None) -> str:
    span = '<span class="rd-verdict rd-verdict--{}" data-verdict="{}">{}</span>'
    return format_html(span, value, value, verdict_label(value))


@register.simple_tag
def verdict_counts(rollup) -> str:
    """How many indicators (or results) have each verdict, the worst first: "(1 achter, 2 op
    schema)"; "(nog geen indicator)" without any."""
    if not rollup.total:
        return format_html('<span class="rd-counts">({})</span>', gettext("nog geen indicator"))
    counts = format_html_join(", ", "{} {}", ((n, verdict_label(v)) for v, n in rollup.counts_worst_first()))
    return format_html('<span class="rd-counts">({})</span>', counts)


@register.filter
def pct(value) -> str:
    """A Fraction such as p or t as a whole percentage: 0.5 -> '50%'."""
    if value is None:
        return "—"
    return f"{round(Fraction(value) * 100)}%"


@register.filter
def num(value) -> str:
    """A measured value without trailing zeros, in the reader's format (common.formatting)."""
    if value in (None, ""):
        return "—"
    return formatting.number(Decimal(value))


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
