"""Template helpers: content in English where the definition has an English text, and the site's
navigation. Money and dates: `{% load formats %}` (regiodeal.common.formatting)."""

import functools

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _l

register = template.Library()


@register.filter
def tr(obj, field):
    """`{{ pillar|tr:"name" }}`: the English text in English when there is one, else the Dutch."""
    if (get_language() or "nl").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)


@register.simple_tag(takes_context=True)
def path_in_language(context, language: str) -> str:
    """This page's address in another language, worked out while the page's own language is
    active (Django's set_language can't: it resolves in the language of the request's cookie)."""
    from django.urls import translate_url

    request = context["request"]
    return translate_url(request.get_full_path(), language)


# ---------------------------------------------------------------------------------------------
# Site navigation: the deal's public sections for everyone, and its internal sections for a
# logged-in account by capability. Sections whose app has no URL yet are left out.

PUBLIC_SECTIONS = [
    ("deal", "portal:deal", _l("Het convenant")),
    ("projects", "portal:projects", _l("Projecten")),
    ("money", "portal:money", _l("Waar het geld heen gaat")),
    ("results", "portal:results", _l("Resultaten")),
    ("ideas", "portal:ideas", _l("Ideeën van inwoners")),
    ("reports", "portal:reports", _l("Voortgangsrapportages")),
    ("open-data", "portal:open-data", _l("Open data")),
]

# (names to try, first that exists; capability; label)
INTERNAL_SECTIONS = [
    (("projects:register",), "view_internal", _l("Projectregister")),
    (("finance:overview",), "view_finance", _l("Financiën")),
    (("results:dashboard",), "view_internal", _l("Monitoring")),
    (("evaluation:overview",), "view_internal", _l("Evaluatie")),
    (("governance:index",), "view_internal", _l("Bestuur")),
    (
        ("participation:index", "participation:list", "participation:overview"),
        "view_internal",
        _l("Participatie"),
    ),
    (("ideas:manage",), "manage_participation", _l("Ideeën beheren")),
    (
        ("reporting:index", "reporting:list", "reports:index", "reports:list"),
        "view_internal",
        _l("Rapportages"),
    ),
    (("audit:trail",), "view_audit", _l("Audittrail")),
    (("people:list",), "manage_people", _l("Mensen en rollen")),
]


def _reverse_first(names, **kwargs):
    from django.urls import get_script_prefix
    from django.utils.translation import get_language

    return _reverse_first_in(tuple(names), tuple(sorted(kwargs.items())), get_language(), get_script_prefix())


@functools.lru_cache(maxsize=4096)
def _reverse_first_in(names: tuple, kwargs: tuple, language, prefix) -> str | None:
    """The first of `names` that has a URL, remembered per process: the navigation asks for the
    same dozen addresses on every page, and they only change with the language (its prefix) and
    the script prefix, which are part of the key."""
    from django.urls import NoReverseMatch, reverse

    for name in names:
        try:
            return reverse(name, kwargs=dict(kwargs))
        except NoReverseMatch:
            continue
    return None


def _nav_deal(context):
    from regiodeal.deals.models import Deal

    deal = context.get("deal")
    if isinstance(deal, Deal):
        return deal
    user = context.get("user")
    if user is not None and getattr(user, "is_authenticated", False):
        from regiodeal.accounts.permissions import memberships_of

        for m in memberships_of(user):
            if m.deal_id:
                return m.deal
    deals = list(Deal.objects.order_by("slug")[:2])
    return deals[0] if len(deals) == 1 else None


@register.simple_tag(takes_context=True)
def site_navigation(context):
    """{"deal": ..., "public": [(label, url, current)], "internal": [(label, url, current)]}."""
    from regiodeal.accounts.permissions import can

    request = context.get("request")
    here = request.path if request is not None else ""
    deal = _nav_deal(context)
    section = context.get("section", "")
    public, internal = [], []
    if deal is not None:
        for key, name, label in PUBLIC_SECTIONS:
            url = _reverse_first((name,), slug=deal.slug)
            if url:
                public.append((str(label), url, key == section))
    user = context.get("user")
    if user is not None and getattr(user, "is_authenticated", False):
        if deal is not None:
            for names, capability, label in INTERNAL_SECTIONS:
                if can(user, capability, deal):
                    url = _reverse_first(names, slug=deal.slug)
                    if url:
                        internal.append((str(label), url, here.startswith(url)))
        from regiodeal.accounts.permissions import can_in_some_deal

        if can_in_some_deal(user, "receive_reports", "manage_report"):
            url = _reverse_first(("portal:portfolio",))
            internal.append((str(_l("Portfolio")), url, here == url))
    return {"deal": deal, "public": public, "internal": internal}


# --- Text that stays Dutch on the English site carries lang="nl" ---------------------


def _english() -> bool:
    return (get_language() or "nl").startswith("en")


@register.filter
def trq(obj, field):
    """`{{ result|trq:"title" }}`: like `tr`, and when the English page must show the covenant's
    Dutch words (no English text in the definition) they are marked as a Dutch quotation."""
    from django.utils.html import format_html

    if _english():
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
        dutch = getattr(obj, field)
        return format_html('<span lang="nl">{}</span>', dutch) if dutch else dutch
    return getattr(obj, field)


@register.simple_tag
def quoted_nl():
    """` lang="nl"` on the English site, for an element holding the covenant's own Dutch words."""
    from django.utils.safestring import mark_safe

    return mark_safe(' lang="nl"') if _english() else ""
