from django.http import Http404
from django.shortcuts import redirect, render

from regiodeal.deals import models as dm
from regiodeal.deals.selectors import budget_totals, deal_entry_into_force

from .selectors import public_deal, public_deal_version, public_deals


def home(request):
    deals = list(public_deals())
    if len(deals) == 1:
        return redirect("portal:deal", slug=deals[0].slug)
    items = [(d, public_deal_version(d)) for d in deals]
    return render(request, "portal/home.html", {"items": items})


def deal_page(request, slug):
    try:
        deal = public_deal(slug)
    except dm.Deal.DoesNotExist as exc:
        raise Http404 from exc
    version = public_deal_version(deal)
    lines = list(version.budget_lines.all())
    return render(
        request,
        "portal/deal.html",
        {
            "deal": deal,
            "version": version,
            "force": deal_entry_into_force(deal, version),
            "rules": version.rules,
            "budget_lines": lines,
            "budget_totals": budget_totals(lines),
            "parties_rijk": [p for p in version.parties.all() if p.kind == "rijk"],
            "parties_regio": [p for p in version.parties.all() if p.kind == "regio"],
        },
    )
