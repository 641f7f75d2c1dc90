"""Error pages: JSON under /api/ (what an API client can read), the site's own page elsewhere.

403 and 404 are drawn in the site's frame (header, navigation, footer) and say what happened and
where to go; a 403 also names the right the page needs, which roles hold it and whom to ask.
400 and 500 use a bare page of the same look that reads nothing from the database: the error may
be the database itself."""

from django.db import OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

BUSY_RETRY_AFTER_SECONDS = 10


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _back(request) -> str:
    """The page the visitor came from, when it is on this site; else nothing."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except Exception:  # a 400 for a bad Host header: no way back to offer
        return ""
    for scheme in ("http://", "https://"):
        if referer.startswith(f"{scheme}{host}/") and referer.split(host, 1)[1] != request.path:
            return referer
    return ""


def _deal_of(request):
    from regiodeal.deals.models import Deal

    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("slug") if match else None
    deal = Deal.objects.filter(slug=slug).first() if slug else None
    if deal is not None:
        from regiodeal.deals.selectors import version_in_force

        try:
            deal.name = version_in_force(deal).name  # for the page's title and links
        except Exception:  # a deal without a version in force: its slug will do
            deal.name = deal.slug
    return deal


def _needed(request) -> dict | None:
    """For a 403 of a page that requires a capability: what it needs, who has it, what the user has."""
    from regiodeal.accounts.permissions import memberships_of
    from regiodeal.accounts.roles import ROLE_CAPABILITIES, Capability, Role

    match = getattr(request, "resolver_match", None)
    capability = getattr(match.func, "required_capability", None) if match else None
    if capability is None:
        return None
    deal = _deal_of(request)
    holders = [Role(role).label for role, caps in ROLE_CAPABILITIES.items() if capability in caps]
    mine = sorted(
        {
            str(Role(m.role).label)
            for m in memberships_of(request.user)
            if deal is None or m.deal_id in (None, deal.pk)
        }
    )
    return {
        "capability": Capability(capability).label,
        "holders": [str(h) for h in holders],
        "mine": mine,
        "deal": deal,
    }


def _page(request, status: int, title: str, text: str, **extra) -> HttpResponse:
    context = {"status": status, "title": title, "text": text, "back": _back(request), **extra}
    return render(request, "errors/page.html", context, status=status)


def _bare(request, status: int, title: str, text: str) -> HttpResponse:
    html = loader.get_template("errors/bare.html").render({"status": status, "title": title, "text": text})
    return HttpResponse(html, status=status)


def not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse(
            {"detail": _("Niet gevonden: deze deal, dit gegeven of dit adres bestaat niet.")}, status=404
        )
    return _page(
        request,
        404,
        _("Pagina niet gevonden"),
        _(
            "Deze pagina bestaat niet (meer). Misschien is het adres verkeerd overgenomen, of is het gegeven "
            "verwijderd of hernoemd. Controleer het adres, of zoek verder vanaf de startpagina."
        ),
        deal=_deal_of(request),
    )


def permission_denied(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": _("U mag dit hier niet doen met dit account.")}, status=403)
    return _page(
        request,
        403,
        _("Geen toegang"),
        _("Met uw account mag u deze pagina niet gebruiken."),
        needed=_needed(request),
        deal=_deal_of(request),
    )


def bad_request(request, exception=None):
    from regiodeal.common.params import BadParameter

    if isinstance(exception, BadParameter):  # e.g. ?on=2026-13-45: say which and how to write it
        if _is_api(request):
            return JsonResponse({exception.name: [exception.message], "rule": exception.rule}, status=400)
        return _page(
            request,
            400,
            _("Deze datum kan de site niet lezen"),
            exception.message,
            deal=_deal_of(request),
        )
    if _is_api(request):
        return JsonResponse({"detail": _("Ongeldig verzoek.")}, status=400)
    return _bare(
        request,
        400,
        _("Ongeldig verzoek"),
        _("De browser stuurde een verzoek dat de site niet kan lezen. Ga terug en probeer het opnieuw."),
    )


def server_error(request):
    if _is_api(request):
        return JsonResponse(
            {"detail": _("Er ging iets mis op de server; het probleem is vastgelegd.")}, status=500
        )
    return _bare(
        request,
        500,
        _("Er ging iets mis"),
        _(
            "Er ging iets mis op de server. Het probleem is vastgelegd en wordt bekeken. Wat u net deed is "
            "misschien niet opgeslagen: controleer het over een paar minuten en probeer het dan opnieuw."
        ),
    )


class BusyDatabaseMiddleware:
    """A write that waited its whole busy timeout for SQLite's one writer (a long import holds it:
    imports are all-or-nothing) is answered 503 with Retry-After: the request was refused whole and
    can be sent again; nothing is wrong with it or with the platform. Any other database error stays
    a 500. PostgreSQL has no such lock: this only ever fires on the embedded SQLite."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not (isinstance(exception, OperationalError) and "database is locked" in str(exception)):
            return None
        message = _(
            "De database is even bezet met een andere schrijfactie (bijvoorbeeld een import). "
            "Er is niets opgeslagen; probeer het over %(seconds)s seconden opnieuw."
        ) % {"seconds": BUSY_RETRY_AFTER_SECONDS}
        if _is_api(request):
            response = JsonResponse({"detail": message}, status=503)
        else:
            response = render(request, "busy.html", {"message": message}, status=503)
        response["Retry-After"] = str(BUSY_RETRY_AFTER_SECONDS)
        return response
