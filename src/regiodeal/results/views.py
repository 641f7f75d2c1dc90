"""Results screens: the dashboard with the verdicts (and the rule, Art. 7.2.B), the theory of
change as navigable pages (aim -> pillar -> objective/result -> project, and back from a
project), the indicator catalogue, an indicator's measurements and distribution effects, and the
forms for baselines, targets and measurements (imports: the upload flow of `regiodeal.imports`).

Reading needs VIEW_INTERNAL; baselines, targets and indicators need MANAGE_RESULTS; measurements
need RECORD_PROGRESS (a project lead only for a project they manage, so only with that project);
an import (regiodeal.imports) needs RECORD_PROGRESS for the whole deal.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from regiodeal.accounts.access import deal_capability_required
from regiodeal.accounts.pages import kept_whole
from regiodeal.accounts.permissions import can
from regiodeal.accounts.roles import Capability
from regiodeal.audit.services import Actor
from regiodeal.common.dataversion import cached_for_deal, cached_fragment
from regiodeal.common.downloads import xlsx_append, xlsx_response
from regiodeal.common.locks import build_lock
from regiodeal.common.lookups import found_or_404
from regiodeal.common.params import date_param
from regiodeal.common.submit import submitted
from regiodeal.deals.selectors import version_in_force
from regiodeal.disclosure.access import shows, visibility_key, without_hidden_projects
from regiodeal.projects.models import Project
from regiodeal.projects.selectors import project_page

from . import services
from .charts import indicator_chart
from .constants import VERDICT_LABELS
from .forms import LinkForm, MeasurementForm, MilestoneForm, NewLinkForm
from .models import ResultIndicator
from .per_wijk import values_per_wijk
from .selectors import (
    approach_norms,
    dashboard,
    indicator_detail,
    indicator_get,
    indicator_list,
    measurement_list,
    milestone_get,
    milestone_list,
    unjudged,
)
from .verdict import Point


def _on(request) -> dt.date:
    """`?on=YYYY-MM-DD`, today without it; a value that is no date: a 400 page (common/params.py)."""
    return date_param(request.GET, "on")


def _charts(board_links, on) -> list[dict]:
    """Per indicator target: the chart and the rows of its table, with the same figures."""
    out = []
    for ls in board_links:
        link = ls.link
        baseline = Point(link.baseline_on, link.baseline_value) if link.baseline_value is not None else None
        level = ls.target_level
        target = Point(link.target_on, level) if level is not None else None
        if link.target_kind == "per_area":
            actuals = ls.series.areas_of_kind(link.area_kind)
            names = ls.series.area_names
        else:
            actuals = {"": ls.series.regional}
            names = {"": _("regio")}
        rows = sorted(
            ((p.on, names.get(key, key), p.value) for key, pts in actuals.items() for p in pts),
            key=lambda r: (r[0], r[1]),
        )
        title = _(
            "%(indicator)s bij resultaat %(result)s: nulmeting, pad naar de streefwaarde en per jaar "
            "de laatste meting"
        ) % {
            "indicator": link.indicator.name,
            "result": link.result.code,
        }
        description = _("Oordeel op %(on)s: %(verdict)s.") % {
            "on": on.isoformat(),
            "verdict": VERDICT_LABELS[ls.verdict.verdict],
        }
        out.append(
            {
                "status": ls,
                "svg": indicator_chart(
                    chart_id=f"chart-{link.pk}",
                    title=title,
                    description=description,
                    baseline=baseline,
                    target=target,
                    actuals=actuals,
                ),
                "title": title,
                "rows": rows,
                "baseline": baseline,
                "target": target,
            }
        )
    return out


def _yearly_board(deal, on: dt.date, viewer):
    """The board with the charts' series (the latest measurement of each year), computed once per
    data version and date: the dashboard's chart parts (one request per result) and the result
    pages share it. After a write, the parts a browser fetches at once wait for one build in this
    process (every server's, with Redis: common/locks.py) instead of each building it; a board
    already cached is read without the lock. Its
    projects are those the viewer may see (Art. 10.1): one copy for all who see everything."""
    key = f"results:board-yearly:{on.isoformat()}:{visibility_key(viewer, deal)}"

    def build_once():
        with build_lock(f"{deal.pk}:{key}"):  # another may have built it while this one waited
            return cached_for_deal(
                deal, key, lambda: dashboard(deal=deal, on=on, per_year=True, viewer=viewer)
            )

    return cached_for_deal(deal, key, build_once)


@deal_capability_required(Capability.VIEW_INTERNAL)
@kept_whole("results:dashboard-page")
def dashboard_view(request, slug):
    """The verdicts of every pillar and result in one table, and per result a part with its
    indicators' charts that the browser fetches as it scrolls to it (`dashboard_charts`, htmx;
    without JavaScript a link to the result's page, which shows the same charts). So the response
    is one screen of verdicts whatever the number of indicators, areas and years (it
    was 114 KB at the national portfolio's size with every chart in it)."""
    on = _on(request)
    deal = request.deal
    can_manage_results = can(request.user, Capability.MANAGE_RESULTS, deal)
    can_import = can(request.user, Capability.RECORD_PROGRESS, deal)

    def parts() -> dict:
        # The page but for its frame and messages: the deal's name for the title, the sub-navigation
        # and heading (`head`), the verdicts (`body`; the charts come per result). Each thing read
        # once: the norms' series with the results', what is unjudged from the board, and of the
        # projects the user may see (Art. 10.1) only their number per result, which the table shows.
        board = dashboard(
            deal=deal, on=on, latest_only=True, viewer=request.user, with_norms=True, count_projects=True
        )
        milestones = list(milestone_list(deal=deal))
        context = {
            "deal": deal,
            "board": board,
            "on": on,
            "can_manage_results": can_manage_results,
            "can_import": can_import,
            "section": "dashboard",
            "norms": board.norms,
            "unjudged": unjudged(deal=deal, on=on, board=board, milestones=milestones),
            "milestones": milestones,
        }
        return {
            "name": board.version.name,
            "head": render_to_string("results/_dashboard_head.html", context),
            "body": render_to_string("results/_dashboard_body.html", context),
        }

    # Read far more often than measurements are recorded: cached under the deal's data version, so
    # a new measurement shows on the next request (common/dataversion.py).
    found = cached_fragment(
        deal,
        "results:dashboard-page",
        parts,
        on.isoformat(),
        can_manage_results,
        can_import,
        visibility_key(request.user, deal),
    )
    return render(request, "results/dashboard.html", {"deal": deal, "on": on, **found})


@deal_capability_required(Capability.VIEW_INTERNAL)
def dashboard_charts(request, slug, code):
    """The dashboard's part for one result: its indicators, each with its chart and the table of
    the chart's figures (the same blocks as the result's page), cached like the dashboard."""
    on = _on(request)
    deal = request.deal
    can_manage_results = can(request.user, Capability.MANAGE_RESULTS, deal)

    def body() -> str:
        try:
            status = _yearly_board(deal, on, request.user).result(code)
        except KeyError as exc:
            raise Http404 from exc
        return render_to_string(
            "results/_result_charts.html",
            {
                "deal": deal,
                "status": status,
                "on": on,
                "charts": _charts(status.links, on),
                "can_manage_results": can_manage_results,
            },
        )

    return HttpResponse(
        cached_fragment(
            deal,
            "results:dashboard-charts",
            body,
            on.isoformat(),
            code,
            can_manage_results,
            visibility_key(request.user, deal),
        )
    )


@deal_capability_required(Capability.VIEW_INTERNAL)
def theory(request, slug):
    on = _on(request)
    # Verdicts only, no charts; the projects the user may see (Art. 10.1).
    board = dashboard(deal=request.deal, on=on, latest_only=True, viewer=request.user)
    return render(request, "results/theory.html", {"deal": request.deal, "board": board, "on": on})


@deal_capability_required(Capability.VIEW_INTERNAL)
def pillar(request, slug, code):
    on = _on(request)
    board = dashboard(deal=request.deal, on=on, latest_only=True, viewer=request.user)  # no charts
    try:
        status = board.pillar(code)
    except KeyError as exc:
        raise Http404 from exc
    return render(
        request,
        "results/pillar.html",
        {
            "deal": request.deal,
            "board": board,
            "status": status,
            "on": on,
            "norms": [n for n in approach_norms(deal=request.deal, on=on) if n.norm.pillar.code == code],
            "milestones": list(milestone_list(deal=request.deal).filter(pillar_code=code)),
            "can_manage_results": can(request.user, Capability.MANAGE_RESULTS, request.deal),
        },
    )


@deal_capability_required(Capability.VIEW_INTERNAL)
def result(request, slug, code):
    on = _on(request)
    board = _yearly_board(request.deal, on, request.user)  # the same board as the dashboard's parts
    try:
        status = board.result(code)
    except KeyError as exc:
        raise Http404 from exc
    return render(
        request,
        "results/result.html",
        {
            "deal": request.deal,
            "board": board,
            "status": status,
            "pillar_status": board.pillar(status.result.pillar.code),
            "charts": _charts(status.links, on),
            "on": on,
            "can_manage_results": can(request.user, Capability.MANAGE_RESULTS, request.deal),
            "milestones": list(milestone_list(deal=request.deal).filter(result_code=code)),
        },
    )


@deal_capability_required(Capability.VIEW_INTERNAL)
def project_chain(request, slug, code):
    """From a project: what it is meant to change, up to the deal's aim, with the verdicts."""
    on = _on(request)
    project = found_or_404(project_page, deal=request.deal, code=code)
    if not shows(request.user, request.deal, project):
        raise Http404  # Art. 10.1: kept from a third party
    board = dashboard(deal=request.deal, on=on, latest_only=True)  # verdicts only, no charts
    codes = {r.code for r in project.results.all()}
    chain = []
    for ps in board.pillars:
        results = [rs for rs in ps.results if rs.result.code in codes]
        objectives = [o for o in project.objectives.all() if o.pillar.code == ps.pillar.code]
        serves_pillar = any(p.code == ps.pillar.code for p in project.pillars.all())
        if results or objectives or serves_pillar:
            chain.append({"pillar": ps, "results": results, "objectives": objectives})
    return render(
        request,
        "results/project_chain.html",
        {"deal": request.deal, "project": project, "board": board, "chain": chain, "on": on},
    )


@deal_capability_required(Capability.VIEW_INTERNAL)
def indicators(request, slug):
    return render(
        request,
        "results/indicators.html",
        {
            "deal": request.deal,
            "indicators": list(indicator_list(deal=request.deal)),
            "can_manage_results": can(request.user, Capability.MANAGE_RESULTS, request.deal),
            "can_import": can(request.user, Capability.RECORD_PROGRESS, request.deal),
        },
    )


@deal_capability_required(Capability.VIEW_INTERNAL)
def indicator(request, slug, pk):
    try:
        ind = indicator_get(deal=request.deal, pk=pk)
    except Exception as exc:
        raise Http404 from exc
    on = _on(request)
    view = indicator_detail(deal=request.deal, indicator=ind, on=on)
    # Art. 10.1: not the measurements of a project kept from the user (its name and its figures).
    measurements = without_hidden_projects(
        measurement_list(deal=request.deal, indicator=ind), request.user, request.deal
    )
    if request.GET.get("export") == "xlsx":
        return _measurements_xlsx(request.deal, ind, measurements, view.group_names)
    return render(
        request,
        "results/indicator.html",
        {
            "deal": request.deal,
            "view": view,
            "indicator": ind,
            # A page at a time: a series measured monthly per wijk for years runs into thousands
            # of rows; all of them are in the Excel download.
            "measurements": Paginator(measurements, MEASUREMENTS_PER_PAGE).get_page(request.GET.get("page")),
            # The latest value in each wijk on a map, of what the reader may see.
            "per_wijk": values_per_wijk(measurements),
            "distribution": [
                (title, parts, names)
                for title, parts, names in (
                    (_("Per doelgroep"), view.groups, view.group_names),
                    (_("Per gebied"), view.areas, view.series.area_names),
                )
                if parts
            ],
            "on": on,
            "can_record": can(request.user, Capability.RECORD_PROGRESS, request.deal),
        },
    )


MEASUREMENTS_PER_PAGE = 100


def _measurements_xlsx(deal, indicator, measurements, group_names) -> HttpResponse:
    """Every measurement of the indicator in this deal, as the page's table shows them."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(indicator.code[:31])
    xlsx_append(
        sheet,
        [_("Datum"), _("Periode vanaf"), _("Gebied"), _("Doelgroep"), _("Waarde"), _("Bron"), _("Project")],
    )
    for m in measurements.iterator(chunk_size=2000):
        xlsx_append(
            sheet,
            [
                m.on,
                m.period_start,
                m.area_name or m.area_code or _("regio"),
                group_names.get(m.group_code, m.group_code),
                m.value,
                m.source,
                m.project.code if m.project else "",
            ],
        )
    return xlsx_response(workbook, f"{deal.slug}-{indicator.code}-metingen.xlsx")


@deal_capability_required(Capability.MANAGE_RESULTS)
def link_edit(request, slug, pk):
    link = get_object_or_404(
        ResultIndicator.objects.select_related("indicator", "result", "norm__pillar"),
        pk=pk,
        deal=request.deal,
    )
    fields = services.LINK_FIELDS
    if request.method == "POST":
        form = LinkForm(request.POST)
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in fields}
            data["baseline_source"] = data["baseline_source"] or ""
            if submitted(
                request,
                form,
                lambda: services.result_indicator_update(
                    actor=Actor.from_request(request),
                    link=link,
                    expected_version=form.cleaned_data["lock_version"],
                    **data,
                ),
                _("Nulmeting en streefwaarde zijn opgeslagen."),
            ):
                if link.result is None:  # a norm of the approach (Art. 2): its pillar's page
                    return redirect("results:pillar", slug=slug, code=link.norm.pillar.code)
                return redirect("results:result", slug=slug, code=link.result.code)
    else:
        form = LinkForm(initial={**{k: getattr(link, k) for k in fields}, "lock_version": link.lock_version})
    return render(request, "results/link_form.html", {"deal": request.deal, "form": form, "link": link})


@deal_capability_required(Capability.MANAGE_RESULTS)
def link_add(request, slug):
    version = version_in_force(request.deal)
    results = list(version.results.order_by("position"))
    inds = list(indicator_list(deal=request.deal))
    form = NewLinkForm(
        request.POST or None, results=results, indicators=inds, initial={"target_on": version.ends_on}
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.LINK_FIELDS}
        saved = submitted(
            request,
            form,
            lambda: services.result_indicator_create(
                actor=Actor.from_request(request),
                deal=request.deal,
                result=next(r for r in results if r.code == form.cleaned_data["result"]),
                indicator=next(i for i in inds if str(i.pk) == form.cleaned_data["indicator"]),
                **data,
            ),
            _("De indicator is aan het resultaat gekoppeld."),
        )
        if saved:
            return redirect("results:result", slug=slug, code=saved.result.result.code)
    return render(request, "results/link_form.html", {"deal": request.deal, "form": form, "link": None})


@deal_capability_required(Capability.VIEW_INTERNAL)
def measurement_add(request, slug):
    deal = request.deal
    deal_wide = can(request.user, Capability.RECORD_PROGRESS, deal)
    candidates = Project.objects.filter(deal=deal).order_by("code")
    if not deal_wide:
        candidates = candidates.filter(managers=request.user)
    projects = [
        p for p in candidates if deal_wide or can(request.user, Capability.RECORD_PROGRESS, deal, obj=p)
    ]
    if not deal_wide and not projects:
        raise PermissionDenied
    asked = (request.POST if request.method == "POST" else request.GET).get("project", "")
    if (
        asked
        and asked not in {p.code for p in projects}
        and Project.objects.filter(deal=deal, code=asked).exists()
    ):
        raise PermissionDenied  # a project lead records only for the projects they lead
    version = version_in_force(deal)
    inds = list(indicator_list(deal=deal))
    initial = {"project": request.GET.get("project", ""), "on": timezone.localdate()}
    form = MeasurementForm(
        request.POST or None, indicators=inds, groups=version.groups.all(), projects=projects, initial=initial
    )
    if not deal_wide:
        form.fields["project"].required = True
        form.fields["project"].choices = form.fields["project"].choices[1:]
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = data.pop("project")  # once: "" is the whole region
        project = next((p for p in projects if p.code == code), None)
        if project is None and not deal_wide:
            raise PermissionDenied
        indicator_pk = data.pop("indicator")
        saved = submitted(
            request,
            form,
            lambda: services.measurement_record(
                actor=Actor.from_request(request),
                deal=deal,
                indicator=next(i for i in inds if str(i.pk) == indicator_pk),
                project=project,
                **data,
            ),
            _("De meting is vastgelegd."),
        )
        if saved:
            return redirect("results:indicator", slug=slug, pk=saved.result.indicator_id)
    return render(request, "results/measurement_form.html", {"deal": deal, "form": form})


def _milestone_form(request, *, deal, milestone=None, initial=None):
    version = version_in_force(deal)
    return MilestoneForm(
        request.POST or None,
        request.FILES or None,
        results=list(version.results.order_by("position")),
        pillars=list(version.pillars.order_by("position")),
        fixed_subject=milestone is not None,
        initial=initial,
    )


def _subject(milestone) -> str:
    return f"result:{milestone.result_code}" if milestone.result_code else f"pillar:{milestone.pillar_code}"


def _back_to(slug, milestone):
    if milestone.result_code:
        return redirect("results:result", slug=slug, code=milestone.result_code)
    return redirect("results:pillar", slug=slug, code=milestone.pillar_code)


@deal_capability_required(Capability.MANAGE_RESULTS)
def milestone_add(request, slug):
    """Judge an intended result (or what residents will notice of a pillar) by a milestone where
    the covenant names no number (Art. 3, Bijlage 1 §2.B)."""
    deal = request.deal
    subject = request.GET.get("for", "")
    form = _milestone_form(
        request, deal=deal, initial={"subject": subject, "due_on": version_in_force(deal).ends_on}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kind, _sep, code = data["subject"].partition(":")
        saved = submitted(
            request,
            form,
            lambda: services.milestone_create(
                actor=Actor.from_request(request),
                deal=deal,
                result_code=code if kind == "result" else "",
                pillar_code=code if kind == "pillar" else "",
                **{name: data[name] for name in ("title", "due_on", "delivered_on", "document", "note")},
            ),
            _("De mijlpaal is vastgelegd."),
        )
        if saved:
            return _back_to(slug, saved.result)
    return render(request, "results/milestone_form.html", {"deal": deal, "form": form, "milestone": None})


@deal_capability_required(Capability.MANAGE_RESULTS)
def milestone_edit(request, slug, pk):
    deal = request.deal
    milestone = found_or_404(milestone_get, deal=deal, pk=pk)
    form = _milestone_form(
        request,
        deal=deal,
        milestone=milestone,
        initial={
            "subject": _subject(milestone),
            "title": milestone.title,
            "due_on": milestone.due_on,
            "delivered_on": milestone.delivered_on,
            "note": milestone.note,
            "lock_version": milestone.lock_version,
            "has_document": bool(milestone.document),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if submitted(
            request,
            form,
            lambda: services.milestone_update(
                actor=Actor.from_request(request),
                milestone=milestone,
                expected_version=data["lock_version"],
                document=data["document"] or None,
                **{name: data[name] for name in ("title", "due_on", "delivered_on", "note")},
            ),
            _("De mijlpaal is opgeslagen."),
        ):
            return _back_to(slug, milestone)
    return render(
        request, "results/milestone_form.html", {"deal": deal, "form": form, "milestone": milestone}
    )


@deal_capability_required(Capability.VIEW_INTERNAL)
def milestone_document(request, slug, pk):
    from django.http import FileResponse

    milestone = found_or_404(milestone_get, deal=request.deal, pk=pk)
    if not milestone.document:
        raise Http404
    return FileResponse(milestone.document.open("rb"), as_attachment=True, filename=milestone.filename)
