"""The obligations calendar, its feed (iCalendar) and the secret address of a person's feed."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regiodeal.accounts.access import deal_from_slug
from regiodeal.accounts.permissions import can
from regiodeal.accounts.roles import Capability as C
from regiodeal.deals.selectors import deal_entry_into_force, version_in_force

from .. import forms as f
from .. import ical
from .. import models as gm
from .. import selectors as sel
from .. import services as svc
from .common import VIEW, _actor, _page, _require, _saved


@VIEW
def calendar(request, slug):
    deal = request.deal
    form = f.FulfilForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        _require(request, C.MANAGE_GOVERNANCE)
        if _saved(request, form, svc.obligation_fulfil, _("Verplichting afgevinkt.")):
            return redirect("governance:calendar", slug=slug)
        for error in form.errors.values():
            messages.error(request, " ".join(error))
    today = timezone.localdate()
    return _page(
        request,
        "calendar.html",
        obligations=sel.obligations_for(deal, today, request.user),  # Art. 10.1
        today=today,
        force=deal_entry_into_force(deal),
        feed_url=request.session.pop("governance_feed_url", None),
    )


@VIEW
@require_POST
def calendar_token(request, slug):
    token = svc.calendar_token_issue(actor=_actor(request), user=request.user, deal=request.deal)
    # Shown once, on the next page: only its hash is stored.
    request.session["governance_feed_url"] = request.build_absolute_uri(
        reverse("governance:feed", kwargs={"slug": slug, "token": token})
    )
    return redirect("governance:calendar", slug=slug)


def _ics(request, deal, user) -> HttpResponse:
    body = ical.calendar(
        name=f"{version_in_force(deal).name}: {_('verplichtingen')}",
        host=request.get_host().split(":")[0] or "regiodeal",
        items=sel.obligations_for(deal, timezone.localdate(), user),  # Art. 10.1
        now=dt.datetime.now(dt.UTC),
        url=request.build_absolute_uri(reverse("governance:calendar", kwargs={"slug": deal.slug})),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{deal.slug}-verplichtingen.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@VIEW
def calendar_ics(request, slug):
    return _ics(request, request.deal, request.user)


def calendar_feed(request, slug, token):
    """The subscription address: the secret token stands in for a login (Outlook can't log in);
    the user must still be allowed to read the deal."""
    deal = deal_from_slug(slug)
    row = (
        gm.CalendarToken.objects.select_related("user")
        .filter(deal=deal, token_hash=svc.token_hash(token))
        .first()
    )
    if row is None or not can(row.user, C.VIEW_INTERNAL, deal):
        raise Http404
    return _ics(request, deal, row.user)
