"""The public site (anonymous visitors) and the ministry's portfolio view. Public pages read only
through selectors.py; the portfolio (internal) through portfolio.py."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from regiodeal.common import csrf_slot
from regiodeal.common.dataversion import cached_fragment, kinds_read_by
from regiodeal.deals import models as dm
from regiodeal.deals.selectors import budget_totals, deal_entry_into_force, version_in_force_cached

from . import charts, dcat, iati, opendata, portfolio, woo
from .selectors import (
    public_deal,
    public_deal_page_version,
    public_deals_with_names,
    public_filter_choices,
    public_idea,
    public_ideas,
    public_ideas_of,
    public_indicator_per_wijk,
    public_money,
    public_project,
    public_projects,
    public_projects_per_wijk,
    public_reports,
    public_results,
    public_summary,
    public_wijk_indicators,
)


def home(request):
    deals = list(public_deals_with_names())
    if len(deals) == 1:
        return redirect("portal:deal", slug=deals[0].slug)
    return render(request, "portal/home.html", {"deals": deals})


def _public_deal(slug) -> dm.Deal:
    try:
        return public_deal(slug)
    except dm.Deal.DoesNotExist as exc:
        raise Http404 from exc


def _page(
    request,
    slug: str,
    template: str,
    section: str,
    build,
    *vary,
    head: tuple = (),
    full_version=False,
    params: tuple[str, ...] = (),
):
    """A public page of a deal: `portal/<template>.html` (the title, in base.html) around
    `portal/_<template>_body.html` (the content), whose context is `build(deal, version)`; the
    version is the one in force, with what the deal page shows of the covenant if `full_version`.

    The content is rendered once per data version of the deal, language and `vary` (the filters
    asked for) and cached (`cached_fragment`): a write in the deal shows on the next request.
    What the title needs besides the deal's name is kept with it: `head` names (context key,
    attribute) pairs, such as ("project", "title").

    For an anonymous visitor (most of the public) the whole page is cached as well, per address:
    the frame then holds nothing of the visitor but the CSRF token of the language switch, which
    is put in on each response. Only an address with no other query parameters than `params`
    (those the page reads) is cached whole, so that tracking tags and made-up parameters do not
    fill the cache. A logged-in account gets the frame with its own name and workspace links
    around the cached content."""
    deal = _public_deal(slug)

    def parts() -> dict:
        version = public_deal_page_version(deal) if full_version else version_in_force_cached(deal)
        context = {"deal": deal, "version": version, "section": section, **build(deal, version)}
        found = {"version": {"name": version.name}}
        for key, attr in head:
            found.setdefault(key, {})[attr] = getattr(context[key], attr)
        found["body"] = render_to_string(f"portal/_{template}_body.html", context, request=request)
        return found

    def context() -> dict:
        found = cached_fragment(deal, f"portal:page:{template}", parts, *vary)
        return {"deal": deal, "section": section, **found}

    if request.user.is_authenticated or not set(request.GET) <= set(params):
        return render(request, f"portal/{template}.html", context())

    def whole() -> str:
        return render_to_string(
            f"portal/{template}.html", {**context(), "csrf_token": csrf_slot.SLOT}, request=request
        )

    # Per address, not only per `vary`: the language switch holds the page's own address.
    # Under the version the public is served: it follows a write with a short lag, a
    # confidentiality decision at once (dataversion.public_version).
    # The page around the content shows the covenant's deal, which every content reads too: the
    # whole page is cached under the kinds of its content (`portal.selectors.PUBLIC_READS`).
    html = cached_fragment(
        deal,
        f"portal:whole:{template}",
        whole,
        request.get_full_path(),
        kinds=kinds_read_by(f"portal:page:{template}"),
        public=True,
    )
    # The page holds the slot for the CSRF token of its forms (the language switch): each
    # response gets the visitor's own.
    return HttpResponse(csrf_slot.with_token(html, get_token(request)))


def deal_page(request, slug):
    def build(deal, version):
        lines = list(version.budget_lines.all())
        return {
            # The version in force today, as the page's: kept in this process (no query after a
            # write of anything but the covenant).
            "force": deal_entry_into_force(deal),
            "rules": version.rules,
            "budget_lines": lines,
            "budget_totals": budget_totals(lines),
            "parties_rijk": [p for p in version.parties.all() if p.kind == "rijk"],
            "parties_regio": [p for p in version.parties.all() if p.kind == "regio"],
            "summary": public_summary(deal, version),
        }

    return _page(request, slug, "deal", "deal", build, full_version=True)


PROJECTS_PER_PAGE = 24


def projects(request, slug):
    wanted = {k: (request.GET.get(k) or "").strip() for k in ("pillar", "gemeente", "wijk")}
    page_number = request.GET.get("page") or ""

    def build(deal, version):
        found = public_projects(deal, **{k: v or None for k, v in wanted.items()})
        return {
            "projects": Paginator(found, PROJECTS_PER_PAGE).get_page(page_number),
            "count": len(found),
            "choices": public_filter_choices(deal),
            "wanted": wanted,
            "query": urlencode({k: v for k, v in wanted.items() if v}),
            "filtered": any(wanted.values()),
            "per_wijk": None if any(wanted.values()) else public_projects_per_wijk(deal),
        }

    return _page(
        request, slug, "projects", "projects", build, *wanted.values(), page_number, params=(*wanted, "page")
    )


def project(request, slug, code):
    def build(deal, version):
        try:
            item = public_project(deal, code)
        except LookupError as exc:
            raise Http404 from exc
        return {"project": item, "ideas": public_ideas_of(deal, item)}

    return _page(request, slug, "project", "projects", build, code, head=(("project", "title"),))


def _in_language(line) -> str:
    """A budget line by its name in the reader's language (the charts name pillars, not codes)."""
    english = (get_language() or "nl").startswith("en") and line.name_en
    return english or line.name


def money(request, slug):
    def build(deal, version):
        figures = public_money(deal)
        return {
            "money": figures,
            "chart_lines": charts.per_line(
                [
                    (_in_language(x), [("national", x.national_granted), ("regional", x.regional_pledged)])
                    for x in figures.lines
                ]
            ),
            "chart_parties": charts.per_party(
                [
                    (x.name, [("national", x.national_received), ("regional", x.regional_pledged)])
                    for x in figures.parties
                ]
            ),
        }

    return _page(request, slug, "money", "money", build)


def results(request, slug):
    """Where the deal stands per result, and an indicator's latest values per wijk on a map
    (`?indicator=CODE`; the first indicator with values per wijk by default)."""
    asked = (request.GET.get("indicator") or "").strip()[:40]

    def build(deal, version):
        choices = public_wijk_indicators(deal)
        code = asked if asked in {c for c, _n, _e in choices} else (choices[0][0] if choices else "")
        return {
            "results": public_results(deal),
            "wijk_indicators": choices,
            "per_wijk": public_indicator_per_wijk(deal, code) if code else None,
        }

    return _page(request, slug, "results", "results", build, asked, params=("indicator",))


def reports(request, slug):
    """The public editions of the submitted reports, with a note for each edition withdrawn."""
    return _page(request, slug, "reports", "reports", lambda deal, version: {"reports": public_reports(deal)})


def ideas(request, slug):
    area = (request.GET.get("wijk") or "").strip() or None

    def build(deal, version):
        return {
            "ideas": public_ideas(deal, area=area),
            "areas": sorted({(i.area_code, i.area_name) for i in public_ideas(deal)}, key=lambda a: a[1]),
            "area": area,
        }

    return _page(request, slug, "ideas", "ideas", build, area or "", params=("wijk",))


def idea(request, slug, number):
    def build(deal, version):
        try:
            return {"idea": public_idea(deal, number)}
        except LookupError as exc:
            raise Http404 from exc

    return _page(request, slug, "idea", "ideas", build, number, head=(("idea", "number"),))


def open_data(request, slug):
    datasets = list(opendata.DATASETS.values())
    return _page(
        request,
        slug,
        "open_data",
        "open-data",
        lambda deal, version: {
            "datasets": datasets,
            "iati_available": iati.available(deal),
            "iati_dictionary": iati.DICTIONARY,
        },
    )


def iati_file(deal: dm.Deal) -> bytes:
    """The deal's IATI activity file, made once per data version (portal/iati.py)."""
    return cached_fragment(deal, "open-data:iati", lambda: iati.build(deal))


def catalogue_file(deal: dm.Deal, fmt: str) -> str:
    """The DCAT-AP-DONL catalogue in Turtle ("ttl") or JSON-LD ("jsonld"), per data version."""
    serialize = dcat.as_turtle if fmt == "ttl" else dcat.as_jsonld
    return cached_fragment(deal, f"open-data:catalogue:{fmt}", lambda: serialize(dcat.build(deal)))


def open_data_iati(request, slug):
    deal = _public_deal(slug)
    try:
        content = iati_file(deal)
    except iati.IatiUnavailable as exc:
        raise Http404 from exc
    response = HttpResponse(content, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{deal.slug}-iati.xml"'
    return response


CATALOGUE_TYPES = {"ttl": "text/turtle; charset=utf-8", "jsonld": "application/ld+json; charset=utf-8"}


def open_data_catalogue(request, slug, fmt):
    deal = _public_deal(slug)
    if fmt not in CATALOGUE_TYPES:
        raise Http404
    response = HttpResponse(catalogue_file(deal, fmt), content_type=CATALOGUE_TYPES[fmt])
    response["Content-Disposition"] = f'inline; filename="{deal.slug}-catalogus.{fmt}"'
    return response


def open_data_file(request, slug, dataset, fmt):
    deal = _public_deal(slug)
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


XML = "application/xml; charset=utf-8"


def robots_txt(request):
    """robots.txt, naming the Woo sitemap index."""
    return HttpResponse(woo.robots_txt(), content_type="text/plain; charset=utf-8")


def woo_sitemap_index(request):
    return HttpResponse(woo.sitemap_index_xml(), content_type=XML)


def woo_sitemap(request, slug):
    return HttpResponse(woo.sitemap_xml(_public_deal(slug)), content_type=XML)


def woo_metadata(request, slug, key):
    """The DiWoo metadata of one document published under the Woo; 404 for any other."""
    try:
        return HttpResponse(woo.metadata_xml(_public_deal(slug), key), content_type=XML)
    except LookupError as exc:
        raise Http404 from exc


def woo_text(request, slug, key):
    """The plain-text edition of a public decision or change of the covenant; 404 for any other."""
    if not key.startswith(("besluit-", "wijziging-")):
        raise Http404
    try:
        return HttpResponse(
            woo.document_text(_public_deal(slug), key), content_type="text/plain; charset=utf-8"
        )
    except LookupError as exc:
        raise Http404 from exc
