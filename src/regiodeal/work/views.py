"""'Mijn werk': where login leads. One deal: its work; several: each deal with what waits there;
the ministry: its portfolio; no role: who to ask."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from regiodeal.accounts.access import deal_capability_required
from regiodeal.accounts.permissions import memberships_of
from regiodeal.accounts.roles import Capability, Role
from regiodeal.deals.selectors import version_in_force_cached

from . import selectors as sel
from .registry import WorkContext, sections_for


def _roles_label(user, deal) -> str:
    return ", ".join(str(Role(r).label) for r in sel.roles_in(user, deal))


@login_required
def home(request):
    user = request.user
    if not memberships_of(user):
        return render(request, "work/no_role.html", {"section": "work"})
    deals = sel.deals_of(user)
    if not deals:  # the ministry's role holds across deals: its home is the portfolio
        return redirect("portal:portfolio")
    if len(deals) == 1:
        return redirect("work:deal", slug=deals[0].slug)
    today = timezone.localdate()
    rows = []
    for deal in deals:
        sections = sections_for(WorkContext(user, deal, today))
        rows.append(
            {
                "deal": deal,
                "name": sel.deal_name(deal, today),
                "roles": _roles_label(user, deal),
                "count": sum(s.count for s in sections),
            }
        )
    return render(
        request,
        "work/choose.html",
        {"rows": rows, "portfolio": sel.works_across_deals(user), "section": "work"},
    )


@deal_capability_required(Capability.VIEW_INTERNAL)
def deal_work(request, slug):
    deal, user = request.deal, request.user
    today = timezone.localdate()
    sections = sections_for(WorkContext(user, deal, today))
    return render(
        request,
        "work/home.html",
        {
            "deal": deal,
            "version": version_in_force_cached(deal, today),
            "roles": _roles_label(user, deal),
            "sections": sections,
            "count": sum(s.count for s in sections),
            "other_deals": sel.deals_of(user, besides=deal),
            "portfolio": sel.works_across_deals(user),
            "today": today,
        },
    )
