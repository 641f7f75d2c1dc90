"""Enforcing permissions in views and API endpoints: thin wrappers around `permissions.can`."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import resolve_url
from django_htmx.http import HttpResponseClientRedirect
from rest_framework.permissions import SAFE_METHODS, BasePermission

from regiodeal.deals.models import Deal
from regiodeal.deals.selectors import deal_by_slug

from .permissions import can


def deal_from_slug(slug: str) -> Deal:
    try:
        return deal_by_slug(slug)
    except Deal.DoesNotExist as exc:
        raise Http404(f"No deal with slug {slug!r}.") from exc


def _to_login(request):
    """The login page, coming back here afterwards. A part of a page fetched by htmx (the
    dashboard's charts) after the session expired sends the whole page there, coming back to
    that page, instead of putting the login form inside the part."""
    htmx = getattr(request, "htmx", None)
    if htmx:
        page = htmx.current_url_abs_path  # None unless on this site
        return HttpResponseClientRedirect(
            redirect_to_login(page).url if page else resolve_url(settings.LOGIN_URL)
        )
    return redirect_to_login(request.get_full_path())


def deal_capability_required(capability):
    """For a Django view with a `slug` argument: 404 for an unknown deal, the login page for an
    anonymous visitor, 403 for an account without the capability; sets `request.deal`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, slug, **kwargs):
            deal = deal_from_slug(slug)
            if not request.user.is_authenticated:
                return _to_login(request)
            if not can(request.user, capability, deal):
                raise PermissionDenied
            request.deal = deal
            return view(request, *args, slug=slug, **kwargs)

        wrapped.required_capability = capability
        return wrapped

    return decorator


class DealCapability(BasePermission):
    """DRF: a view declares `read_capability` (None: public) and `write_capability`, and has
    `get_deal()`. Object checks (a project lead's own projects) pass the object to `can`."""

    def _capability(self, request, view):
        if request.method in SAFE_METHODS:
            return getattr(view, "read_capability", None)
        return getattr(view, "write_capability", None)

    def has_permission(self, request, view):
        capability = self._capability(request, view)
        if capability is None:
            return request.method in SAFE_METHODS
        if not request.user.is_authenticated:
            return False
        if getattr(view, "object_level", False) and request.method not in SAFE_METHODS:
            return True  # decided in has_object_permission, or by the service for creates
        return can(request.user, capability, view.get_deal())

    def has_object_permission(self, request, view, obj):
        capability = self._capability(request, view)
        if capability is None:
            return request.method in SAFE_METHODS
        return can(request.user, capability, view.get_deal(), obj)


def require_object(user, capability, deal, obj) -> None:
    if not can(user, capability, deal, obj):
        raise PermissionDenied
