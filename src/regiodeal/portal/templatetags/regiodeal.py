"""Template helpers: euro amounts in the reader's language, and content in English where the
definition has an English text."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.translation import get_language

register = template.Library()


def format_euro(value: Decimal, language: str, cents: bool = True) -> str:
    """EUR 8.400.000,00 in Dutch, EUR 8,400,000.00 in English. Rounding to whole euros, when
    asked, is half-up: the way an amount is read aloud, never used for sums."""
    amount = Decimal(value).quantize(Decimal("0.01") if cents else Decimal("1"), rounding=ROUND_HALF_UP)
    text = f"{abs(amount):,.2f}" if cents else f"{abs(amount):,.0f}"
    if language.startswith("nl"):
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    sign = "-" if amount < 0 else ""
    return f"€\u00a0{sign}{text}"


@register.filter
def euro(value, cents=True):
    if value in (None, ""):
        return ""
    return format_euro(value, get_language() or "nl", cents=bool(cents))


@register.filter
def euro_whole(value):
    return euro(value, cents=False)


@register.filter
def tr(obj, field):
    """`{{ pillar|tr:"name" }}`: the English text in English when there is one, else the Dutch."""
    if (get_language() or "nl").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)


@register.filter
def percent(value):
    value = Decimal(value) * 100
    text = f"{value.normalize():f}"
    if (get_language() or "nl").startswith("nl"):
        text = text.replace(".", ",")
    return f"{text}%"


@register.simple_tag(takes_context=True)
def path_in_language(context, language: str) -> str:
    """This page's address in another language, worked out while the page's own language is
    active (Django's set_language can't: it resolves in the language of the request's cookie)."""
    from django.urls import translate_url

    request = context["request"]
    return translate_url(request.get_full_path(), language)
