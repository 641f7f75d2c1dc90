"""Error pages: JSON under /api/ (what an API client can read), the site's own page elsewhere."""

from django.db import OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

BUSY_RETRY_AFTER_SECONDS = 10


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": "Not found: no such deal, record or address."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return JsonResponse({"detail": "Server error: the problem has been logged."}, status=500)
    return defaults.server_error(request)


def bad_request(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": "You may not do this here."}, status=403)
    return defaults.permission_denied(request, exception)


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
