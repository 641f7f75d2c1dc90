"""`{% load formats %}`: the one money, number, date and actor format of every page
(docs/presentation.md), as filters over `regiodeal.common.formatting`.

    {{ amount|money }}        € 1.108.800,00        {{ on|day }}        2 december 2026
    {{ amount|money_whole }}  € 1.108.800 (charts)  {{ at|day_time }}   2 december 2026 14:05
    {{ value|number }}        1.234,5               {{ row|actor }}     beheerder (opdrachtregel)
"""

from django import template

from regiodeal.common import formatting

register = template.Library()


@register.filter
def money(value):
    return formatting.money(value)


@register.filter
def money_whole(value):
    """Whole euros: for chart labels and legends only (docs/presentation.md)."""
    return formatting.money(value, whole=True)


@register.filter
def number(value, places=None):
    return formatting.number(value, None if places in (None, "") else int(places))


@register.filter
def percent(value):
    return formatting.percent(value)


@register.filter(expects_localtime=True)
def month(value):
    return formatting.month(value)


@register.filter(expects_localtime=True)
def day(value):
    return formatting.day(value)


@register.filter(expects_localtime=True)
def day_time(value):
    return formatting.day_time(value)


# (stored label attribute, user attribute) of the rows that record who did something
_ACTOR_FIELDS = (
    ("by_label", "by"),
    ("actor_label", "actor"),
    ("recorded_by_label", "recorded_by"),
    ("uploaded_by_label", "uploaded_by"),
)


@register.filter
def actor(row):
    """`{{ transition|actor }}` (a row with a stored label and a user) or `{{ label|actor }}`."""
    if isinstance(row, str) or row is None:
        return formatting.actor(row or "")
    for label_field, user_field in _ACTOR_FIELDS:
        if hasattr(row, label_field):
            user = getattr(row, user_field, None) if getattr(row, f"{user_field}_id", None) else None
            return formatting.actor(getattr(row, label_field), user)
    return formatting.actor(str(row))
