"""Template helpers: content in English where the definition has an English text, and the site's
navigation. Money and dates: `{% load formats %}` (regiodeal.common.formatting)."""

import dataclasses
import functools
from typing import NamedTuple

from django import template
from django.utils.translation import get_language, gettext_lazy

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
# Site navigation (docs/presentation.md "The frame"): one model of two levels, in
# which each destination has one name. Inside a deal, level 1 is the deal's sections; a
# logged-in account with internal sections finds the public site as one of them ("Openbare
# site"). Level 2 is the pages of the current section (those besides the section's own page).
# Outside a deal, level 1 is the deals and the portfolio. Sections whose app has no URL are left
# out; a section needs the capability of its own page.


@dataclasses.dataclass
class NavItem:
    label: str
    url: str
    current: bool = False
    children: list = dataclasses.field(default_factory=list)
    action: bool = False


# (key, url name, label, url names of the pages that belong to it)
PUBLIC_SECTIONS = [
    ("deal", "portal:deal", gettext_lazy("Het convenant"), ("portal:deal",)),
    ("projects", "portal:projects", gettext_lazy("Projecten"), ("portal:projects", "portal:project")),
    ("money", "portal:money", gettext_lazy("Waar het geld heen gaat"), ("portal:money",)),
    ("results", "portal:results", gettext_lazy("Resultaten"), ("portal:results",)),
    ("ideas", "portal:ideas", gettext_lazy("Ideeën van inwoners"), ("portal:ideas", "portal:idea")),
    ("reports", "portal:reports", gettext_lazy("Voortgangsrapportages"), ("portal:reports",)),
    ("open-data", "portal:open-data", gettext_lazy("Open data"), ("portal:open-data",)),
]
IDEA_ACTION = ("ideas:submit", gettext_lazy("Deel uw idee"))

# (url name, capability, label, namespaces or url names it holds, [(url name, capability, label)])
INTERNAL_SECTIONS = [
    ("projects:register", "view_internal", gettext_lazy("Projectregister"), ("projects",), []),
    (
        "finance:overview",
        "view_finance",
        gettext_lazy("Financiën"),
        ("finance",),
        [
            ("finance:ledger", "view_finance", gettext_lazy("Grootboek")),
            ("finance:book-choose", "manage_finance", gettext_lazy("Boeken")),
            ("finance:programme", "manage_finance", gettext_lazy("Uitvoeringsprogramma")),
            ("finance:agreement", "view_finance", gettext_lazy("Samenwerkingsovereenkomst")),
            ("finance:vat", "view_finance", gettext_lazy("Verdeling uitvoeringskosten (VAT)")),
            ("finance:eu-law", "view_finance", gettext_lazy("Unierecht")),
            ("finance:findings", "view_finance", gettext_lazy("Bevindingen")),
            ("finance:spuk", "view_finance", gettext_lazy("SPUK-verantwoording")),
        ],
    ),
    (
        "results:dashboard",
        "view_internal",
        gettext_lazy("Monitoring"),
        ("results",),
        [
            ("results:theory", "view_internal", gettext_lazy("Verandertheorie")),
            ("results:indicators", "view_internal", gettext_lazy("Indicatoren")),
        ],
    ),
    (
        "participation:overview",
        "view_internal",
        gettext_lazy("Participatie"),
        ("participation",),
        [
            ("participation:conversations", "view_internal", gettext_lazy("Outreachgesprekken")),
            ("participation:initiatives", "view_internal", gettext_lazy("Bewonersdeals en initiatieven")),
            ("participation:cocreation", "view_internal", gettext_lazy("Cocreatie")),
            ("participation:quality", "view_internal", gettext_lazy("Wie bereiken we?")),
            ("participation:wijken", "view_internal", gettext_lazy("Wijken en thema's")),
        ],
    ),
    (
        "evaluation:overview",
        "view_internal",
        gettext_lazy("Evaluatie"),
        ("evaluation",),
        [("evaluation:communication", "view_internal", gettext_lazy("Communicatie"))],
    ),
    (
        "governance:index",
        "view_internal",
        gettext_lazy("Bestuur"),
        ("governance",),
        [
            ("governance:signatures", "view_internal", gettext_lazy("Ondertekening")),
            ("governance:meetings", "view_internal", gettext_lazy("Rijk-Regio-overleg")),
            ("governance:register", "view_internal", gettext_lazy("Knelpunten en risico's")),
            ("governance:requests", "view_internal", gettext_lazy("Verzoeken")),
            ("governance:versions", "view_internal", gettext_lazy("Versies")),
            ("governance:calendar", "view_internal", gettext_lazy("Verplichtingen")),
            ("governance:publications", "view_internal", gettext_lazy("Publicatie")),
            ("governance:check", "view_internal", gettext_lazy("Toets aan het convenant")),
        ],
    ),
    ("ideas:manage", "manage_participation", gettext_lazy("Ideeën beheren"), ("ideas:manage",), []),
    ("reporting:index", "view_internal", gettext_lazy("Rapportages"), ("reporting",), []),
    ("audit:trail", "view_audit", gettext_lazy("Audittrail"), ("audit",), []),
    ("people:list", "manage_people", gettext_lazy("Mensen en rollen"), ("people",), []),
    (
        "deal-settings",
        "view_internal",
        gettext_lazy("Instellingen"),
        ("deal-settings", "deal-organisation-edit"),
        [],
    ),
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


def page_deal(context):
    """The deal this page is in: the view's `deal`, or the deal named in the address; None outside
    a deal (the home page, the portfolio, Mijn werk, the account pages)."""
    from regiodeal.deals.models import Deal

    deal = context.get("deal")
    if isinstance(deal, Deal):
        return deal
    request = context.get("request")
    match = getattr(request, "resolver_match", None) if request is not None else None
    slug = (match.kwargs or {}).get("slug") if match is not None else None
    if slug and (match.namespace or match.url_name):
        return Deal.objects.filter(slug=slug).first()
    return None


def _home_deal(context):
    """The deal a page outside a deal belongs to for its footer: the account's deal, or the only
    deal of the platform."""
    from regiodeal.deals.models import Deal

    user = context.get("user")
    if user is not None and getattr(user, "is_authenticated", False):
        from regiodeal.accounts.permissions import memberships_of

        for m in memberships_of(user):
            if m.deal_id:
                return m.deal
    deals = list(Deal.objects.order_by("slug")[:2])
    return deals[0] if len(deals) == 1 else None


def _holds(match, names) -> bool:
    if match is None:
        return False
    full = f"{match.namespace}:{match.url_name}" if match.namespace else (match.url_name or "")
    return any(full == n or (":" not in n and (match.namespace == n or full == n)) for n in names)


def _children_current(children: list[NavItem], here: str) -> None:
    best = max((c for c in children if here.startswith(c.url)), key=lambda c: len(c.url), default=None)
    if best is not None:
        best.current = True


class _Where(NamedTuple):
    """What `_holds` reads of a resolver match, kept with the navigation it was made for."""

    namespace: str | None
    url_name: str | None


# The capabilities the navigation of a deal asks for.
_NAV_CAPABILITIES = frozenset(
    c for _n, cap, _l, _h, pages in INTERNAL_SECTIONS for c in (cap, *(p[1] for p in pages))
)


def _deal_items(user, deal, match, here) -> list[NavItem]:
    """The level-1 items of a page in a deal (each with its level-2 children), for what the account
    may do there. Made once per process for each deal, language, set of capabilities and page:
    they depend on nothing else (the labels and addresses are fixed, the deal's name is not in
    them), and a page's frame asked some forty times "may this account ...?" and reversed as many
    addresses."""
    from django.urls import get_script_prefix

    from regiodeal.accounts.permissions import can

    signed_in = user is not None and getattr(user, "is_authenticated", False)
    granted = frozenset(c for c in _NAV_CAPABILITIES if signed_in and can(user, c, deal))
    where = (match.namespace, match.url_name) if match is not None else None
    items = _deal_items_for(deal.slug, granted, where, here, get_language(), get_script_prefix())
    return list(items)


@functools.lru_cache(maxsize=4096)
def _deal_items_for(slug, granted, where, here, language, prefix) -> tuple[NavItem, ...]:
    match = _Where(*where) if where is not None else None
    public = []
    for _key, name, label, holds in PUBLIC_SECTIONS:
        url = _reverse_first((name,), slug=slug)
        if url:
            public.append(NavItem(str(label), url, current=_holds(match, holds)))
    url = _reverse_first((IDEA_ACTION[0],), slug=slug)
    if url:
        public.append(
            NavItem(str(IDEA_ACTION[1]), url, current=_holds(match, (IDEA_ACTION[0],)), action=True)
        )
    internal = []
    for name, capability, label, holds, pages in INTERNAL_SECTIONS:
        if capability not in granted:
            continue
        url = _reverse_first((name,), slug=slug)
        if not url:
            continue
        item = NavItem(str(label), url, current=_holds(match, holds))
        for child_name, child_capability, child_label in pages:
            child_url = _reverse_first((child_name,), slug=slug)
            if child_url and child_capability in granted:
                item.children.append(NavItem(str(child_label), child_url))
        if item.current:
            _children_current(item.children, here)
        internal.append(item)
    if not internal:
        return tuple(public)
    first, *rest = public
    site = NavItem(
        str(gettext_lazy("Openbare site")),
        first.url,
        current=any(p.current for p in public),
        children=rest,
    )
    for child in rest:
        child.action = False
    return (site, *internal)


@register.simple_tag(takes_context=True)
def site_navigation(context):
    """The frame of a page: {"deal": the deal the page is in or None, "name": the header's name,
    "items": level 1 [NavItem], "section": the current level-1 item (its children are level 2),
    "footer_deal": the deal whose statements the footer links, "identity": its identity}."""
    from regiodeal.accounts.permissions import can_in_some_deal
    from regiodeal.deals.presentation import deal_name

    request = context.get("request")
    here = request.path if request is not None else ""
    match = getattr(request, "resolver_match", None) if request is not None else None
    user = context.get("user")
    deal = page_deal(context)
    if deal is not None:
        items = _deal_items(user, deal, match, here)
    else:
        from regiodeal.deals.selectors import deals_with_names

        items = []
        for each in deals_with_names():  # one query (`deal_name` takes each one's name)
            url = _reverse_first(("portal:deal",), slug=each.slug)
            items.append(NavItem(deal_name(each), url))
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    if signed_in and can_in_some_deal(user, "receive_reports", "manage_report"):
        url = _reverse_first(("portal:portfolio",))
        items.append(NavItem(str(gettext_lazy("Portfolio")), url, current=here == url))
    section = next((i for i in items if i.current), None)
    footer_deal = deal or _home_deal(context)
    identity = None
    if footer_deal is not None:
        from regiodeal.deals.presentation import identity as deal_identity

        identity = deal_identity(footer_deal)
    return {
        "deal": deal,
        "name": deal_name(deal, context.get("version")) if deal is not None else "regiodeal",
        "items": items,
        "section": section,
        "footer_deal": footer_deal,
        "identity": identity,
    }


# Per process: the header and footer as rendered, under everything they show (`_frame_key`).
_FRAMES: dict[tuple, str] = {}
_FRAMES_KEPT = 2000  # some 5 KB each: accounts x pages x languages of the pages in use


def _items_key(items) -> tuple:
    return tuple((str(i.label), i.url, i.current, i.action, _items_key(i.children)) for i in items)


def _frame_key(name: str, request, user, nav: dict) -> tuple:
    """Everything the header and the footer show (templates/_header.html, _footer.html): the
    navigation (the deal, its name, the items with their addresses and which is current, the
    deal whose statements the footer links and its identity), the account's login name, the
    page's address (the language switch leads to it in the other language) and namespace, the
    language and the address prefix. Worked out once for the header and the footer of a page
    (kept in its `nav`)."""
    from django.urls import get_script_prefix

    shown = nav.get("_shown")
    if shown is not None:
        return (name, *shown)
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    shown = nav["_shown"] = (
        get_language(),
        get_script_prefix(),
        request.get_full_path(),
        getattr(getattr(request, "resolver_match", None), "namespace", None),
        user.get_username() if signed_in else None,
        nav["deal"].slug if nav.get("deal") is not None else None,
        str(nav.get("name")),
        _items_key(nav.get("items") or ()),
        nav["footer_deal"].slug if nav.get("footer_deal") is not None else None,
        nav.get("identity"),  # frozen: its organisation, logo, colours and stamp
    )
    return (name, *shown)


@register.simple_tag(takes_context=True)
def frame(context, name: str, nav: dict):
    """The page's header or footer (`name`), rendered once per process for each thing it shows
    (`_frame_key`) and kept: a warm internal page rendered them on every request, some 2 ms of
    the 5 ms of the results dashboard. The CSRF token of its forms (logging out, the language
    switch) is put in per response (common/csrf_slot.py)."""
    from django.utils.safestring import mark_safe

    from regiodeal.common import csrf_slot

    request = context.get("request")
    template_ = context.template.engine.get_template(name)
    if request is None:  # rendered outside a request: nothing to key it on
        return mark_safe(template_.render(context))  # noqa: S308 (a template's own output)
    key = _frame_key(name, request, context.get("user"), nav)
    html = _FRAMES.get(key)
    if html is None:
        with context.push(csrf_token=csrf_slot.SLOT):
            html = template_.render(context)
        if len(_FRAMES) >= _FRAMES_KEPT:
            _FRAMES.clear()
        _FRAMES[key] = html
    return mark_safe(csrf_slot.with_token(html, str(context.get("csrf_token", ""))))  # noqa: S308


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


@register.simple_tag
def report_years(reports) -> str:
    """The progress reports of a row of the portfolio (Art. 7.3), as a list: each year with
    whether it reached the ministry on time (`portfolio.ReportYear`). A tag, not a loop in the
    template: the portfolio shows some 150 of them (the loop took 9 ms of the page's 25 ms of
    rendering; the tag some 2 ms less)."""
    from django.utils.html import format_html, format_html_join

    items = format_html_join(
        "",
        '<li class="utrecht-unordered-list__item" data-year="{}" data-state="{}">{}: {}</li>',
        ((r.year, r.state, r.year, r.text) for r in reports),
    )
    return format_html('<ul class="utrecht-unordered-list">{}</ul>', items)
