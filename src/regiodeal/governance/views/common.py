"""What the governance screens share: the capability checks, the page, and a service call whose
refusal goes onto its form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render

from regiodeal.accounts.access import deal_capability_required
from regiodeal.accounts.permissions import can
from regiodeal.accounts.roles import Capability as C
from regiodeal.audit.services import Actor
from regiodeal.common.locking import EditConflict

from ..permissions import capabilities

VIEW = deal_capability_required(C.VIEW_INTERNAL)


def _require(request, capability):
    if not can(request.user, capability, request.deal):
        raise PermissionDenied


def _page(request, template, **context):
    deal = request.deal
    return render(
        request, f"governance/{template}", {"deal": deal, "can": capabilities(request.user, deal), **context}
    )


def _run(request, form, call, done: str) -> bool:
    """Call the service; its ValidationError or EditConflict goes onto the form."""
    try:
        call()
    except ValidationError as exc:
        # At the fields it names, in words: a refused definition's rule codes stay in the log
        # and the API (`changes.refusal`, `common.forms.screen_message`).
        form.add_service_errors(exc)
        return False
    except EditConflict as exc:
        form.add_error(None, str(exc))
        return False
    messages.success(request, done)
    return True


def _actor(request) -> Actor:
    return Actor.from_request(request)
