"""The public site (anonymous visitors) and the ministry's portfolio view. Public pages read only
through selectors.py; the portfolio (internal) through portfolio.py."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from regiodeal.deals import models as dm
from regiodeal.deals.selectors import budget_totals, deal_entry_into_force

from . import charts, opendata, portfolio
from .selectors import (
    public_deal,
    public_deal_version,
    public_deals,
    public_filter_choices,
    public_idea,
    public_ideas,
    public_money,
    public_project,
    public_projects,
    public_results,
    public_summary,
)


def home(request):
    deals = list(public_deals())
    if len(deals) == 1:
        return redirect("portal:deal", slug=deals[0].slug)
    items = [(d, public_deal_version(d)) for d in deals]
    return render(request, "portal/home.html", {"items": items})


def _deal(slug) -> tuple[dm.Deal, dm.DealVersion]:
    try:
        deal = public_deal(slug)
    except dm.Deal.DoesNotExist as exc:
        raise Http404 from exc
    return deal, public_deal_version(deal)


def deal_page(request, slug):
    deal, version = _deal(slug)
    lines = list(version.budget_lines.all())
    return render(
        request,
        "portal/deal.html",
        {
            "deal": deal,
            "version": version,
            "section": "deal",
            "force": deal_entry_into_force(deal, version),
            "rules": version.rules,
            "budget_lines": lines,
            "budget_totals": budget_totals(lines),
            "parties_rijk": [p for p in version.parties.all() if p.kind == "rijk"],
            "parties_regio": [p for p in version.parties.all() if p.kind == "regio"],
            "summary": public_summary(deal),
        },
    )


PROJECTS_PER_PAGE = 24


def projects(request, slug):
    deal, version = _deal(slug)
    choices = public_filter_choices(deal)
    wanted = {k: (request.GET.get(k) or "").strip() for k in ("pillar", "gemeente", "wijk")}
    found = public_projects(deal, **{k: v or None for k, v in wanted.items()})
    page = Paginator(found, PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/projects.html",
        {
            "deal": deal,
            "version": version,
            "section": "projects",
            "projects": page,
            "count": len(found),
            "choices": choices,
            "wanted": wanted,
            "query": urlencode({k: v for k, v in wanted.items() if v}),
            "filtered": any(wanted.values()),
        },
    )


def project(request, slug, code):
    deal, version = _deal(slug)
    try:
        item = public_project(deal, code)
    except LookupError as exc:
        raise Http404 from exc
    ideas = [i for i in public_ideas(deal) if i.project and i.project.code == item.code]
    return render(
        request,
        "portal/project.html",
        {"deal": deal, "version": version, "section": "projects", "project": item, "ideas": ideas},
    )


def money(request, slug):
    deal, version = _deal(slug)
    figures = public_money(deal)
    by_line = charts.bars(
        [
            (x.code, [("national", x.national_granted), ("regional", x.regional_pledged)])
            for x in figures.lines
        ]
    )
    by_party = charts.bars(
        [
            (x.name, [("national", x.national_received), ("regional", x.regional_pledged)])
            for x in figures.parties
        ]
    )
    return render(
        request,
        "portal/money.html",
        {
            "deal": deal,
            "version": version,
            "section": "money",
            "money": figures,
            "chart_lines": by_line,
            "chart_parties": by_party,
        },
    )


def results(request, slug):
    deal, version = _deal(slug)
    return render(
        request,
        "portal/results.html",
        {"deal": deal, "version": version, "section": "results", "results": public_results(deal)},
    )


def ideas(request, slug):
    deal, version = _deal(slug)
    area = (request.GET.get("wijk") or "").strip() or None
    items = public_ideas(deal, area=area)
    areas = sorted({(i.area_code, i.area_name) for i in public_ideas(deal)}, key=lambda a: a[1])
    return render(
        request,
        "portal/ideas.html",
        {"deal": deal, "version": version, "section": "ideas", "ideas": items, "areas": areas, "area": area},
    )


def idea(request, slug, number):
    deal, version = _deal(slug)
    try:
        item = public_idea(deal, number)
    except LookupError as exc:
        raise Http404 from exc
    return render(
        request, "portal/idea.html", {"deal": deal, "version": version, "section": "ideas", "idea": item}
    )


def open_data(request, slug):
    deal, version = _deal(slug)
    return render(
        request,
        "portal/open_data.html",
        {"deal": deal, "version": version, "section": "open-data", "datasets": opendata.DATASETS.values()},
    )


def open_data_file(request, slug, dataset, fmt):
    deal, _version = _deal(slug)
    ds = opendata.DATASETS.get(dataset)
    if ds is None or fmt not in ("csv", "json"):
        raise Http404
    data = opendata.rows(ds, deal)
    if fmt == "csv":
        response = HttpResponse(opendata.as_csv(ds, data), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(opendata.as_json(ds, data), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{deal.slug}-{ds.name}.{fmt}"'
    return response


def portfolio_view(request):
    """The ministry's view (Art. 20.2: VRO reports on the portfolio): every deal the account may
    see, side by side. The ministry sees all deals; a programme office its own."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    rows = portfolio.portfolio_rows(request.user)
    if rows is None:
        raise PermissionDenied(_("Het portfolio is er voor het ministerie en het programmabureau."))
    return render(request, "portal/portfolio.html", {"rows": rows, "section": "portfolio"})
