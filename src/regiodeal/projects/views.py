"""Project screens: the register (filter by pillar, area, group, status), a project's page with
its status and allowed transitions, milestones, risks, links and Art. 8 credit, and the forms.

Reading needs VIEW_INTERNAL; creating, editing and moving a project along its lifecycle need
MANAGE_PROJECTS (programme office); milestones and risks need RECORD_PROGRESS, which a project
lead has only for the projects they manage. Writes go through services; an EditConflict is shown
to the user with the form as they left it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regiodeal.accounts.access import deal_capability_required
from regiodeal.accounts.permissions import can
from regiodeal.accounts.roles import Capability
from regiodeal.audit.services import Actor
from regiodeal.common.locking import EditConflict
from regiodeal.disclosure.access import visible_to

from . import services
from .forms import MilestoneDoneForm, MilestoneForm, ProjectForm, RiskForm, RiskStatusForm, TransitionForm
from .models import Milestone, Project, Risk
from .selectors import project_list, project_page, register_filters
from .workflow import TRANSITIONS


def _project(request, code) -> Project:
    try:
        project = project_page(deal=request.deal, code=code)
    except Project.DoesNotExist as exc:
        raise Http404 from exc
    if not visible_to(Project.objects.filter(pk=project.pk), request.user, request.deal).exists():
        raise Http404  # kept from third parties, such as a Partner's project lead (Art. 10.1)
    return project


@deal_capability_required(Capability.VIEW_INTERNAL)
def register(request, slug):
    selected = {k: request.GET.get(k, "") for k in ("pillar", "area", "group", "status")}
    found = project_list(deal=request.deal, **{k: v or None for k, v in selected.items()})
    projects = list(visible_to(found, request.user, request.deal))  # Art. 10.1: not for third parties
    return render(
        request,
        "projects/register.html",
        {
            "deal": request.deal,
            "projects": projects,
            "filters": register_filters(deal=request.deal),
            "selected": selected,
            "can_manage": can(request.user, Capability.MANAGE_PROJECTS, request.deal),
        },
    )


@deal_capability_required(Capability.VIEW_INTERNAL)
def detail(request, slug, code):
    project = _project(request, code)
    return _render_detail(request, project)


def _row_form(sent, row, form_class, name, initial):
    """The form of one milestone or risk row: the one sent (with its errors) for its row, else a
    fresh one; ids carry the row's number so that every row's label points at its own field."""
    if sent is not None and sent[0] == row.pk:
        return sent[1]
    return form_class(initial=initial, auto_id=f"{name}-{row.pk}-%s")


def _render_detail(request, project, **forms):
    deal = request.deal
    can_manage = can(request.user, Capability.MANAGE_PROJECTS, deal)
    can_record = can(request.user, Capability.RECORD_PROGRESS, deal, obj=project)
    context = {
        "deal": deal,
        "project": project,
        "transitions": list(project.transitions.all()),
        "edges": [(to, why) for (frm, to), why in TRANSITIONS.items() if frm == project.status],
        "can_manage": can_manage,
        "can_record": can_record,
        "transition_form": forms.get("transition_form") or TransitionForm(status=project.status),
        "milestone_form": forms.get("milestone_form") or MilestoneForm(),
        "risk_form": forms.get("risk_form") or RiskForm(),
        # One small form per row (its own ids), the one sent back with its error when refused.
        "milestones": [
            (
                m,
                _row_form(
                    forms.get("done_form"), m, MilestoneDoneForm, "done", {"lock_version": m.lock_version}
                ),
            )
            for m in project.milestones.all()
        ],
        "risks": [
            (
                r,
                _row_form(
                    forms.get("risk_status_form"),
                    r,
                    RiskStatusForm,
                    "risk",
                    {"status": r.status, "lock_version": r.lock_version},
                ),
            )
            for r in project.risks.all()
        ],
    }
    return render(request, "projects/detail.html", context, status=400 if forms else 200)


@deal_capability_required(Capability.MANAGE_PROJECTS)
def create(request, slug):
    form = ProjectForm(request.POST or None, deal=request.deal)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "lock_version"}
        try:
            project = services.project_create(actor=Actor.from_request(request), deal=request.deal, **data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Project %(code)s is aangemaakt.") % {"code": project.code})
            return redirect("projects:detail", slug=slug, code=project.code)
    return render(request, "projects/form.html", {"deal": request.deal, "form": form, "project": None})


@deal_capability_required(Capability.MANAGE_PROJECTS)
def edit(request, slug, code):
    project = _project(request, code)
    if request.method == "POST":
        form = ProjectForm(request.POST, deal=request.deal, editing=True)
        if form.is_valid():
            data = dict(form.cleaned_data)
            expected = data.pop("lock_version")
            try:
                services.project_update(
                    actor=Actor.from_request(request), project=project, expected_version=expected, **data
                )
            except EditConflict as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("De wijzigingen zijn opgeslagen."))
                return redirect("projects:detail", slug=slug, code=project.code)
    else:
        initial = {
            name: getattr(project, name)
            for name in (
                "title",
                "description",
                "lead",
                "starts_on",
                "ends_on",
                "residents_participation",
                "credits_rijk_regio",
                "credits_evidence",
                "lock_version",
            )
        }
        for name in services.LINK_FIELDS:
            initial[name] = list(getattr(project, name).all())
        form = ProjectForm(initial=initial, deal=request.deal, editing=True)
    return render(
        request, "projects/form.html", {"deal": request.deal, "form": form, "project": project}, status=200
    )


@require_POST
@deal_capability_required(Capability.MANAGE_PROJECTS)
def transition(request, slug, code):
    project = _project(request, code)
    form = TransitionForm(request.POST, status=project.status)
    if form.is_valid():
        try:
            services.project_transition(
                actor=Actor.from_request(request),
                project=project,
                to_status=form.cleaned_data["to_status"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("De status is gewijzigd."))
            return redirect("projects:detail", slug=slug, code=code)
    return _render_detail(request, project, transition_form=form)


def _recordable(request, code) -> Project:
    project = _project(request, code)
    if not can(request.user, Capability.RECORD_PROGRESS, request.deal, obj=project):
        raise PermissionDenied
    return project


def _add_to_project(request, slug, code, *, form_class, service, done, form_name):
    """A milestone or risk added on the project page: the service decides, errors go back to
    the form on the page, success back to the page with a message."""
    project = _recordable(request, code)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(actor=Actor.from_request(request), project=project, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, done)
            return redirect("projects:detail", slug=slug, code=code)
    return _render_detail(request, project, **{form_name: form})


@require_POST
@deal_capability_required(Capability.VIEW_INTERNAL)
def milestone_add(request, slug, code):
    return _add_to_project(
        request,
        slug,
        code,
        form_class=MilestoneForm,
        service=services.milestone_add,
        done=_("De mijlpaal is toegevoegd."),
        form_name="milestone_form",
    )


@require_POST
@deal_capability_required(Capability.VIEW_INTERNAL)
def milestone_done(request, slug, code, pk):
    project = _recordable(request, code)
    milestone = get_object_or_404(Milestone, pk=pk, project=project)
    form = MilestoneDoneForm(request.POST, auto_id=f"done-{milestone.pk}-%s")
    if form.is_valid():
        try:
            services.milestone_update(
                actor=Actor.from_request(request),
                milestone=milestone,
                expected_version=form.cleaned_data["lock_version"],
                done_on=form.cleaned_data["done_on"],
            )
        except EditConflict as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("De mijlpaal is bijgewerkt."))
            return redirect("projects:detail", slug=slug, code=code)
    return _render_detail(request, project, done_form=(milestone.pk, form))


@require_POST
@deal_capability_required(Capability.VIEW_INTERNAL)
def risk_add(request, slug, code):
    return _add_to_project(
        request,
        slug,
        code,
        form_class=RiskForm,
        service=services.risk_add,
        done=_("Het risico is toegevoegd."),
        form_name="risk_form",
    )


@require_POST
@deal_capability_required(Capability.VIEW_INTERNAL)
def risk_status(request, slug, code, pk):
    project = _recordable(request, code)
    risk = get_object_or_404(Risk, pk=pk, project=project)
    form = RiskStatusForm(request.POST, auto_id=f"risk-{risk.pk}-%s")
    if form.is_valid():
        try:
            services.risk_update(
                actor=Actor.from_request(request),
                risk=risk,
                expected_version=form.cleaned_data["lock_version"],
                status=form.cleaned_data["status"],
            )
        except EditConflict as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Het risico is bijgewerkt."))
            return redirect("projects:detail", slug=slug, code=code)
    return _render_detail(request, project, risk_status_form=(risk.pk, form))
