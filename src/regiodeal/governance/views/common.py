"""What the governance screens share: the capability checks and the page. A service call whose
refusal goes onto its form is `common.submit.submitted` (`_saved` for a form of the deal)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from regiodeal.accounts.access import deal_capability_required
from regiodeal.accounts.permissions import can
from regiodeal.accounts.roles import Capability as C
from regiodeal.audit.services import Actor
from regiodeal.common.submit import Saved, submitted

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


def _actor(request) -> Actor:
    return Actor.from_request(request)


def _saved(request, form, service, done: str, *, leave_out=("lock_version",), **more) -> Saved | None:
    """A valid form of the deal handed to `service(actor=..., deal=..., **its data)` (without the
    fields in `leave_out`, with `more`) through `common.submit`: the record made, or None."""
    if not form.is_valid():
        return None
    data = {k: v for k, v in form.cleaned_data.items() if k not in leave_out}
    return submitted(
        request, form, lambda: service(actor=_actor(request), deal=request.deal, **more, **data), done
    )
