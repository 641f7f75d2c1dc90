"""The API's language: Dutch unless the client asks for English (`Accept-Language: en`).

The site's pages take their language from the address (`/en/...`, i18n_patterns without a
prefix for Dutch), so Django's LocaleMiddleware gives every unprefixed address, `/api/` among
them, Dutch whatever the client asks. An API has no `/en/` addresses: it reads the request's
language preference (the language cookie, then Accept-Language) while DRF negotiates the
answer's format, before authentication, permissions and the view run, so every message of the
answer (serializers, services, regiodeal.api.handler) is in that language."""

from __future__ import annotations

from django.utils import translation
from rest_framework.negotiation import DefaultContentNegotiation


class LanguageNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        django_request = getattr(request, "_request", request)
        language = translation.get_language_from_request(django_request, check_path=False)
        translation.activate(language)
        django_request.LANGUAGE_CODE = language  # LocaleMiddleware's Content-Language header
        return super().select_renderer(request, renderers, format_suffix)
