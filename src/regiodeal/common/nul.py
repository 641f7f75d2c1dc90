"""Refuse a NUL character in a request's path or query string with 400 (docs/security.md "Limits
on input"): PostgreSQL cannot store or compare a text holding one and answered 500 (an anonymous
`GET /deals/<slug>/public/projects/%00/` or `?kind=%00`). Form fields and JSON bodies are refused
where they are read (Django's form fields refuse NUL; `api.parsers.LimitedJSONParser`)."""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _has_nul(raw: str) -> bool:
    return "\x00" in raw or b"\x00" in unquote_to_bytes(raw.replace("+", " "))


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.path) or _has_nul(request.META.get("QUERY_STRING", "")):
            message = _(
                "Het adres bevat een NUL-teken (%(code)s), dat in geen adres van deze site hoort; "
                "verwijder het uit het adres."
            ) % {"code": "%00"}
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return render(request, "bad_input.html", {"message": message}, status=400)
        return self.get_response(request)
