"""The deal's public statements: privacy, accessibility (in the format of the Dutch
model statement, toegankelijkheidsverklaring.nl) and contact, each in Dutch and English, from the
text the programme office keeps in the deal's settings or else a default (`presentation`). And
the deal's identity stylesheet (its colours as CSS custom properties).

They live in `deals`, beside the settings they show; the public site (`portal`) links them from
the footer. Pages outside a deal (/privacy/ ...) lead to the deal's own statement, or list the
deals when the platform holds more than one."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from . import models as m
from . import presentation
from .selectors import deal_settings

KINDS = {"privacy": "deal-privacy", "accessibility": "deal-accessibility", "contact": "deal-contact"}


def _deal(slug: str) -> m.Deal:
    deal = m.Deal.objects.filter(slug=slug).first()
    if deal is None:
        raise Http404
    return deal


def _context(deal: m.Deal, kind: str) -> dict:
    settings = deal_settings(deal)
    ident = presentation.identity(deal)
    deal.name = presentation.deal_name(deal)  # for the page's text
    return {
        "deal": deal,
        "kind": kind,
        "title": str(presentation.STATEMENTS[kind]),
        "settings": settings,
        "identity": ident,
        "organisation": ident.organisation,
    }


def _text(context: dict, field: str, default: list[str]) -> None:
    """The office's text as paragraphs, or the default's; `own` says which it is."""
    settings = context["settings"]
    text = presentation.stored_text(settings, field)
    if text:
        context["paragraphs"] = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
        context["own"] = True
        context["text_is_dutch"] = presentation.stored_text_is_dutch_on_english(settings, field)
    else:
        context["paragraphs"] = default
        context["own"] = False


@require_safe
def privacy(request, slug):
    context = _context(_deal(slug), "privacy")
    _text(context, "privacy_text", presentation.default_privacy(context["organisation"]))
    return render(request, "deals/statement.html", context)


@require_safe
def contact(request, slug):
    context = _context(_deal(slug), "contact")
    _text(context, "contact_text", presentation.default_contact(context["organisation"]))
    return render(request, "deals/statement.html", context)


@require_safe
def accessibility(request, slug):
    deal = _deal(slug)
    context = _context(deal, "accessibility")
    settings = context["settings"]
    status = presentation.accessibility_status(settings)
    context["status"] = status
    context["status_label"] = m.AccessibilityStatus(status).label
    context["status_is_default"] = not settings.accessibility_status
    context["statement_on"] = settings.accessibility_statement_on or (
        settings.updated_at.date() if settings.updated_at else None
    )
    issues = presentation.stored_text(settings, "accessibility_known_issues")
    if issues:
        context["issues"] = [p.strip() for p in issues.replace("\r\n", "\n").split("\n\n") if p.strip()]
        context["issues_are_dutch"] = presentation.stored_text_is_dutch_on_english(
            settings, "accessibility_known_issues"
        )
    else:
        context["issues"] = presentation.default_known_issues()
    return render(request, "deals/statement_accessibility.html", context)


@require_safe
def site_statement(request, kind: str):
    """/privacy/, /toegankelijkheid/, /contact/: the deal's own statement when the platform holds
    one deal; else the list of the deals, each with its statement."""
    deals = list(m.Deal.objects.order_by("slug"))
    for deal in deals:
        deal.name = presentation.deal_name(deal)
    if len(deals) == 1:
        return redirect(KINDS[kind], slug=deals[0].slug)
    return render(
        request,
        "deals/statement_list.html",
        {"kind": kind, "url_name": KINDS[kind], "title": str(presentation.STATEMENTS[kind]), "deals": deals},
    )


@require_safe
def identity_css(request, slug):
    """The deal's colours as custom properties; cached for a year under the address that carries
    the settings' stamp (`?v=`), which changes on every change of the settings."""
    ident = presentation.identity(_deal(slug))
    response = HttpResponse(presentation.identity_css(ident), content_type="text/css; charset=utf-8")
    if request.GET.get("v") == ident.stamp:
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = "no-cache"
    return response


def site_statement_view(kind: str):
    def view(request):
        return site_statement(request, kind)

    view.__name__ = f"{kind}_statement"
    return view


@require_safe
def favicon(request):
    """/favicon.ico, which browsers ask for by themselves: the site's icon (pages name it too)."""
    from django.templatetags.static import static

    return redirect(static("regiodeal/favicon.svg"))
