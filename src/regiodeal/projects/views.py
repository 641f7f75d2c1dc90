"""Project screens: the register (filter by pillar, area, group, status), a project's page with
its status and allowed transitions, milestones, risks, links and Art. 8 credit, and the forms.

Reading needs VIEW_INTERNAL; creating, editing and moving a project along its lifecycle need
MANAGE_PROJECTS (programme office); milestones and risks need RECORD_PROGRESS, which a project
lead has only for the projects they manage. Writes go through services; an EditConflict is shown
to the user with the form as they left it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regiodeal.accounts.access import deal_capability_required
from regiodeal.accounts.permissions import can
from regiodeal.accounts.roles import Capability
from regiodeal.audit.services import Actor
from regiodeal.common.lookups import found_or_404
from regiodeal.common.submit import status_changed, submitted
from regiodeal.disclosure.access import visible_to

from . import services
from .forms import MilestoneDoneForm, MilestoneForm, ProjectForm, RiskForm, RiskStatusForm, TransitionForm
from .models import Milestone, Project, Risk
from .selectors import project_list, project_page, register_filters
from .workflow import TRANSITIONS


def _project(request, code) -> Project:
    project = found_or_404(project_page, deal=request.deal, code=code)
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
        saved = submitted(
            request,
            form,
            lambda: services.project_create(actor=Actor.from_request(request), deal=request.deal, **data),
            lambda project: _("Project %(code)s is aangemaakt.") % {"code": project.code},
        )
        if saved:
            return redirect("projects:detail", slug=slug, code=saved.result.code)
    return render(request, "projects/form.html", {"deal": request.deal, "form": form, "project": None})


@deal_capability_required(Capability.MANAGE_PROJECTS)
def edit(request, slug, code):
    project = _project(request, code)
    if request.method == "POST":
        form = ProjectForm(request.POST, deal=request.deal, editing=True)
        if form.is_valid():
            data = dict(form.cleaned_data)
            expected = data.pop("lock_version")
            if submitted(
                request,
                form,
                lambda: services.project_update(
                    actor=Actor.from_request(request), project=project, expected_version=expected, **data
                ),
                _("De wijzigingen zijn opgeslagen."),
            ):
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
    if form.is_valid() and status_changed(request, form, services.project_transition, project=project):
        return redirect("projects:detail", slug=slug, code=code)
    return _render_detail(request, project, transition_form=form)


def _recordable(request, code) -> Project:
    project = _project(request, code)
    if not can(request.user, Capability.RECORD_PROGRESS, request.deal, obj=project):
        raise PermissionDenied
    return project


def _posted_on_page(request, project, form, call, done, **shown):
    """A form on the project page: the service decides (`common.submit`); success back to the
    page with a message, a refusal the page again with the form (`shown`) and its errors."""
    if form.is_valid() and submitted(request, form, call, done):
        return redirect("projects:detail", slug=request.deal.slug, code=project.code)
    return _render_detail(request, project, **shown)


# A milestone or risk added on the project page: its form, service and the name under which the
# page shows the form again.
ADD_FORMS = {
    Milestone: (MilestoneForm, services.milestone_add, "milestone_form"),
    Risk: (RiskForm, services.risk_add, "risk_form"),
}


def _add_to_project(request, code, model, done):
    """A milestone or risk added on the project page."""
    form_class, service, form_name = ADD_FORMS[model]
    project = _recordable(request, code)
    form = form_class(request.POST)
    return _posted_on_page(
        request,
        project,
        form,
        lambda: service(actor=Actor.from_request(request), project=project, **form.cleaned_data),
        done,
        **{form_name: form},
    )


# A row's own form on the project page: its prefix, form, service, the one field it changes and
# the name under which the page shows the form again.
ROW_FORMS = {
    Milestone: ("done", MilestoneDoneForm, services.milestone_update, "done_on", "done_form"),
    Risk: ("risk", RiskStatusForm, services.risk_update, "status", "risk_status_form"),
}


def _item_changed(request, code, pk, model, done):
    """A milestone marked done or a risk's status changed, in its row on the project page."""
    prefix, form_class, service, field, form_name = ROW_FORMS[model]
    project = _recordable(request, code)
    item = get_object_or_404(model, pk=pk, project=project)
    form = form_class(request.POST, auto_id=f"{prefix}-{item.pk}-%s")
    return _posted_on_page(
        request,
        project,
        form,
        lambda: service(
            actor=Actor.from_request(request),
            expected_version=form.cleaned_data["lock_version"],
            **{model._meta.model_name: item, field: form.cleaned_data[field]},
        ),
        done,
        **{form_name: (item.pk, form)},
    )


@require_POST
@deal_capability_required(Capability.VIEW_INTERNAL)
def milestone_add(request, slug, code):
    return _add_to_project(request, code, Milestone, _("De mijlpaal is toegevoegd."))


@require_POST
@deal_capability_required(Capability.VIEW_INTERNAL)
def milestone_done(request, slug, code, pk):
    return _item_changed(request, code, pk, Milestone, _("De mijlpaal is bijgewerkt."))


@require_POST
@deal_capability_required(Capability.VIEW_INTERNAL)
def risk_add(request, slug, code):
    return _add_to_project(request, code, Risk, _("Het risico is toegevoegd."))


@require_POST
@deal_capability_required(Capability.VIEW_INTERNAL)
def risk_status(request, slug, code, pk):
    return _item_changed(request, code, pk, Risk, _("Het risico is bijgewerkt."))
