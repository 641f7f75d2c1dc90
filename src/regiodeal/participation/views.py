"""Participation screens: the outreach norm per wijk (with the results app's verdict), the
conversations and their form, bewonersdeals and initiatives with their lifecycle, co-creation per
project and rolled up per pillar and wijk, participation quality, and the wijken and themes lists.

Reading needs VIEW_INTERNAL. Recording outreach and co-creation needs MANAGE_PARTICIPATION, or a
project lead's RECORD_PROGRESS for a project they manage; everything else MANAGE_PARTICIPATION
(`permissions.py`). Writes go through services; errors are shown at their field.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regiodeal.accounts.access import deal_capability_required
from regiodeal.accounts.roles import Capability
from regiodeal.audit.services import Actor
from regiodeal.common.lookups import found_or_404
from regiodeal.common.params import date_param
from regiodeal.common.submit import posted, status_changed, submitted
from regiodeal.deals import models as dm
from regiodeal.deals.selectors import version_in_force
from regiodeal.disclosure.access import hidden_project_ids, shows, visible_to, without_hidden_projects
from regiodeal.projects.models import Project

from . import selectors, services
from .charts import norm_chart
from .constants import InitiativeStatus
from .forms import (
    CoCreationForm,
    ConversationForm,
    InitiativeForm,
    PublishForm,
    ThemeForm,
    TransitionForm,
    WijkForm,
)
from .models import Conversation, Initiative
from .permissions import may_manage, may_record_for, projects_recordable_by
from .places import norm_map
from .workflow import allowed_next

VIEW = Capability.VIEW_INTERNAL
MANAGE = Capability.MANAGE_PARTICIPATION


def _on(request) -> dt.date:
    """`?on=YYYY-MM-DD`, today without it; a value that is no date: a 400 page (common/params.py)."""
    return date_param(request.GET, "on")


def _context(request, section: str, **extra) -> dict:
    return {
        "deal": request.deal,
        "section": section,
        "can_manage": may_manage(request.user, request.deal),
        "can_record": bool(projects_recordable_by(request.user, request.deal))
        or may_manage(request.user, request.deal),
        **extra,
    }


def _form_page(request, form, template: str, section: str, *, save, done, back, **shown):
    """A participation form on its own page: a valid post goes to its service (`save`, through
    `common.submit`) and, saved, on to `back(result)` with the message `done`; otherwise the page
    (again) with the form and its errors."""
    if request.method == "POST" and form.is_valid():
        saved = submitted(request, form, save, done)
        if saved:
            return back(saved.result)
    return render(request, f"participation/{template}", _context(request, section, form=form, **shown))


def _given(form, names) -> dict:
    return {name: form.cleaned_data[name] for name in names}


def _update(request, form, service, values, **record):
    """The service call of an edit form: `record` changed to `values()` under the version the
    form showed (a save in between is refused: `common.locking`)."""
    return lambda: service(
        actor=Actor.from_request(request),
        expected_version=form.cleaned_data["lock_version"],
        **record,
        **values(),
    )


@deal_capability_required(VIEW)
def overview(request, slug):
    on = _on(request)
    norm = selectors.norm_overview(deal=request.deal, on=on)
    chart = norm_chart(
        chart_id="norm-chart",
        title=_("Bewoners gesproken per wijk tegen de norm van %(norm)s (art. 2.1)") % {"norm": norm.norm},
        description=_("%(met)s van %(total)s wijken halen de norm op %(on)s.")
        % {"met": norm.met_count, "total": len(norm.wijken), "on": on.isoformat()},
        rows=[(w.wijk.name, w.spoken) for w in norm.wijken],
        norm=norm.norm,
        norm_label=_("norm: %(norm)s") % {"norm": norm.norm},
    )
    wijk_map = norm_map(
        [(w.wijk.code, w.wijk.name, w.spoken, str(w.spoken)) for w in norm.wijken], norm=norm.norm
    )
    return render(
        request,
        "participation/overview.html",
        _context(request, "overview", norm=norm, chart=chart, on=on, wijk_map=wijk_map),
    )


@deal_capability_required(VIEW)
def conversations(request, slug):
    wijk = request.GET.get("wijk", "")
    # Art. 10.1: not the conversations held for a project kept from the user.
    items = list(
        without_hidden_projects(
            selectors.conversation_list(deal=request.deal, wijk=wijk or None), request.user, request.deal
        )
    )
    return render(
        request,
        "participation/conversations.html",
        _context(
            request,
            "conversations",
            conversations=items,
            wijken=list(selectors.wijk_list(deal=request.deal)),
            selected=wijk,
            group_names=selectors.group_names(deal=request.deal),
        ),
    )


def _choosable_wijken(deal, current=None) -> list:
    """The wijken on the list today, and the record's own wijk when it has left the list since."""
    wijken = list(selectors.wijk_list(deal=deal, on_list=timezone.localdate()))
    if current is not None and current not in wijken:
        wijken.append(current)
    return wijken


def _conversation_form(request, deal, *, data=None, initial=None, projects, project_required, current=None):
    version = version_in_force(deal)
    return ConversationForm(
        data,
        initial=initial,
        wijken=_choosable_wijken(deal, current),
        organisations=dm.Organisation.objects.filter(deal=deal).order_by("name"),
        themes=selectors.theme_list(deal=deal, active_only=True),
        groups=version.groups.order_by("position"),
        projects=projects,
        project_required=project_required,
    )


def _conversation_values(deal, form, projects) -> dict:
    data = form.cleaned_data
    project = next((p for p in projects if p.code == data["project"]), None)
    themes = list(selectors.theme_list(deal=deal).filter(code__in=data["themes"]))
    return {
        "wijk": selectors.wijk_list(deal=deal).get(code=data["wijk"]),
        "held_on": data["held_on"],
        "organisation": dm.Organisation.objects.get(deal=deal, code=data["organisation"]),
        "residents": data["residents"],
        "form": data["form"],
        "themes_other": data["themes_other"],
        "raised": data["raised"],
        "input_followup": data["input_followup"],
        "feedback": data["feedback"],
        "feedback_on": data["feedback_on"],
        "project": project,
        "groups": form.groups(),
        "themes": themes,
    }


@deal_capability_required(VIEW)
def conversation_new(request, slug):
    deal = request.deal
    projects = projects_recordable_by(request.user, deal)
    deal_wide = may_manage(request.user, deal)
    if not deal_wide and not projects:
        raise PermissionDenied
    if not selectors.wijk_list(deal=deal, on_list=timezone.localdate()).exists():
        # Art. 2.1 counts residents per wijk: without a wijk on the list there is nothing to
        # record against, so the page says where wijken are added instead of an empty list.
        return render(
            request,
            "participation/conversation_form.html",
            _context(request, "conversations", form=None, conversation=None, no_wijken=True),
        )
    initial = {"held_on": timezone.localdate(), "project": request.GET.get("project", "")}
    form = _conversation_form(
        request,
        deal,
        data=request.POST or None,
        initial=initial,
        projects=projects,
        project_required=not deal_wide,
    )
    return _form_page(
        request,
        form,
        "conversation_form.html",
        "conversations",
        save=lambda: services.conversation_record(
            actor=Actor.from_request(request), deal=deal, **_recordable_values(request, form, projects)
        ),
        done=lambda conversation: (
            _("De gesprekken zijn vastgelegd en tellen mee voor de norm van %(wijk)s.")
            % {"wijk": conversation.wijk.name}
        ),
        back=lambda conversation: redirect("participation:overview", slug=slug),
        conversation=None,
    )


def _recordable_values(request, form, projects) -> dict:
    """The form's conversation, for a project the user may record for (Art. 2.1)."""
    values = _conversation_values(request.deal, form, projects)
    if not may_record_for(request.user, request.deal, values["project"]):
        raise PermissionDenied
    return values


def _conversation(request, pk) -> Conversation:
    conversation = found_or_404(selectors.conversation_get, deal=request.deal, pk=pk)
    if conversation.project_id in hidden_project_ids(request.user, request.deal):
        raise Http404  # Art. 10.1: a record of a project kept from the user
    return conversation


@deal_capability_required(VIEW)
def conversation_detail(request, slug, pk):
    conversation = _conversation(request, pk)
    return render(
        request,
        "participation/conversation.html",
        _context(
            request,
            "conversations",
            conversation=conversation,
            may_edit=may_record_for(request.user, request.deal, conversation.project),
            group_names=selectors.group_names(deal=request.deal),
        ),
    )


@deal_capability_required(VIEW)
def conversation_edit(request, slug, pk):
    deal = request.deal
    conversation = _conversation(request, pk)
    if not may_record_for(request.user, deal, conversation.project):
        raise PermissionDenied
    projects = projects_recordable_by(request.user, deal)
    initial = {
        "wijk": conversation.wijk.code,
        "organisation": conversation.organisation.code,
        "project": conversation.project.code if conversation.project else "",
        "themes": [t.code for t in conversation.themes.all()],
        "lock_version": conversation.lock_version,
        **{name: getattr(conversation, name) for name in ("held_on", "residents", "form", "feedback_on")},
        **{name: getattr(conversation, name) for name in Conversation.TEXT_FIELDS},
        **{f"group_{g.group_code}": g.residents for g in conversation.groups.all()},
    }
    form = _conversation_form(
        request,
        deal,
        data=request.POST or None,
        initial=initial,
        projects=projects,
        project_required=not may_manage(request.user, deal),
        current=conversation.wijk,
    )
    return _form_page(
        request,
        form,
        "conversation_form.html",
        "conversations",
        save=_update(
            request,
            form,
            services.conversation_update,
            lambda: _recordable_values(request, form, projects),
            conversation=conversation,
        ),
        done=_("De gesprekken zijn bijgewerkt."),
        back=lambda saved: redirect("participation:conversation", slug=slug, pk=pk),
        conversation=conversation,
    )


@require_POST
@deal_capability_required(MANAGE)
def conversation_publish(request, slug, pk):
    conversation = _conversation(request, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        raise Http404
    posted(
        request,
        lambda: services.conversation_set_publishable(
            actor=Actor.from_request(request),
            conversation=conversation,
            publishable=form.cleaned_data["publishable"],
            expected_version=form.cleaned_data["lock_version"],
        ),
        _("De tekst is vrijgegeven voor de publieke site.")
        if form.cleaned_data["publishable"]
        else _("De tekst is weer alleen intern."),
    )
    return redirect("participation:conversation", slug=slug, pk=pk)


@require_POST
@deal_capability_required(MANAGE)
def conversation_delete(request, slug, pk):
    conversation = _conversation(request, pk)
    services.conversation_delete(actor=Actor.from_request(request), conversation=conversation)
    messages.success(request, _("Het record is verwijderd; de telling van de wijk is bijgewerkt."))
    return redirect("participation:conversations", slug=slug)


@deal_capability_required(VIEW)
def initiatives(request, slug):
    status = request.GET.get("status", "")
    items = list(
        selectors.initiative_list(
            deal=request.deal,
            status=status if status in InitiativeStatus.values else None,
            viewer=request.user,  # Art. 10.1: no confidential project named
        )
    )
    return render(
        request,
        "participation/initiatives.html",
        _context(
            request, "initiatives", initiatives=items, statuses=InitiativeStatus.choices, selected=status
        ),
    )


def _initiative_form(deal, data=None, *, initial=None, current=None):
    version = version_in_force(deal)
    return InitiativeForm(
        data,
        initial=initial,
        wijken=_choosable_wijken(deal, current),
        organisations=dm.Organisation.objects.filter(deal=deal).order_by("name"),
        projects=Project.objects.filter(deal=deal).order_by("code"),
        results=version.results.order_by("position"),
    )


def _initiative_values(deal, form) -> dict:
    data = {k: v for k, v in form.cleaned_data.items() if k != "lock_version"}
    data["wijk"] = selectors.wijk_list(deal=deal).get(code=data["wijk"])
    data["party"] = dm.Organisation.objects.get(deal=deal, code=data["party"])
    data["projects"] = list(Project.objects.filter(deal=deal, code__in=data["projects"]))
    data["results"] = list(version_in_force(deal).results.filter(code__in=data["results"]))
    return data


@deal_capability_required(MANAGE)
def initiative_new(request, slug):
    deal = request.deal
    if not selectors.wijk_list(deal=deal, on_list=timezone.localdate()).exists():
        return render(
            request,
            "participation/initiative_form.html",
            _context(request, "initiatives", form=None, initiative=None, no_wijken=True),
        )
    form = _initiative_form(deal, request.POST or None)
    return _form_page(
        request,
        form,
        "initiative_form.html",
        "initiatives",
        save=lambda: services.initiative_create(
            actor=Actor.from_request(request), deal=deal, **_initiative_values(deal, form)
        ),
        done=_("Het initiatief is vastgelegd als voorgesteld."),
        back=lambda initiative: redirect("participation:initiative", slug=slug, pk=initiative.pk),
        initiative=None,
    )


def _initiative(request, pk) -> Initiative:
    return found_or_404(selectors.initiative_get, deal=request.deal, pk=pk, viewer=request.user)


@deal_capability_required(MANAGE)
def initiative_edit(request, slug, pk):
    deal = request.deal
    initiative = _initiative(request, pk)
    initial = {
        "wijk": initiative.wijk.code,
        "party": initiative.party.code,
        "projects": [p.code for p in initiative.projects.all()],
        "results": [r.code for r in initiative.results.all()],
        "lock_version": initiative.lock_version,
        **{n: getattr(initiative, n) for n in services.INITIATIVE_FIELDS if n not in ("wijk", "party")},
    }
    form = _initiative_form(deal, request.POST or None, initial=initial, current=initiative.wijk)
    return _form_page(
        request,
        form,
        "initiative_form.html",
        "initiatives",
        save=_update(
            request,
            form,
            services.initiative_update,
            lambda: _initiative_values(deal, form),
            initiative=initiative,
        ),
        done=_("Het initiatief is bijgewerkt."),
        back=lambda saved: redirect("participation:initiative", slug=slug, pk=pk),
        initiative=initiative,
    )


def _transition_form(initiative, data=None):
    allowed = [(s, InitiativeStatus(s).label) for s in allowed_next(initiative.status)]
    return TransitionForm(data, allowed=allowed)


@deal_capability_required(VIEW)
def initiative_detail(request, slug, pk):
    initiative = _initiative(request, pk)
    form = _transition_form(initiative, request.POST or None) if allowed_next(initiative.status) else None
    if request.method == "POST":
        if not may_manage(request.user, request.deal):
            raise PermissionDenied
        if (
            form is not None
            and form.is_valid()
            and status_changed(request, form, services.initiative_transition, initiative=initiative)
        ):
            return redirect("participation:initiative", slug=slug, pk=pk)
    return render(
        request,
        "participation/initiative.html",
        _context(request, "initiatives", initiative=initiative, form=form),
    )


@deal_capability_required(VIEW)
def cocreation(request, slug):
    # Art. 10.1: without the projects kept from the user, in the lists and every roll-up.
    rollup = selectors.cocreation_rollup(deal=request.deal, viewer=request.user)
    projects = list(
        visible_to(Project.objects.filter(deal=request.deal), request.user, request.deal).order_by("code")
    )
    return render(
        request,
        "participation/cocreation.html",
        _context(request, "cocreation", rollup=rollup, projects=projects),
    )


@deal_capability_required(VIEW)
def project_page(request, slug, code):
    deal = request.deal
    try:
        project = Project.objects.prefetch_related("pillars").get(deal=deal, code=code)
    except Project.DoesNotExist as exc:
        raise Http404 from exc
    if not shows(request.user, deal, project):
        raise Http404  # Art. 10.1: kept from a third party
    may_record = may_record_for(request.user, deal, project)
    form = (
        CoCreationForm(
            request.POST or None,
            initial={"held_on": timezone.localdate()},
            wijken=selectors.wijk_list(deal=deal, on_list=timezone.localdate()),
        )
        if may_record
        else None
    )
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["wijk"] = (
                selectors.wijk_list(deal=deal).filter(code=data["wijk"]).first() if data["wijk"] else None
            )
            if submitted(
                request,
                form,
                lambda: services.cocreation_record(
                    actor=Actor.from_request(request), deal=deal, project=project, **data
                ),
                _("De cocreatie is vastgelegd."),
            ):
                return redirect("participation:project", slug=slug, code=code)
    return render(
        request,
        "participation/project.html",
        _context(
            request,
            "cocreation",
            part=selectors.project_participation(deal=deal, project=project),
            form=form,
            may_record=may_record,
        ),
    )


@deal_capability_required(VIEW)
def quality(request, slug):
    on = _on(request)
    return render(
        request,
        "participation/quality.html",
        _context(
            request,
            "quality",
            rows=selectors.participation_quality(deal=request.deal, on=on),
            group_names=selectors.group_names(deal=request.deal),
            on=on,
        ),
    )


def _areas(deal) -> list:
    return list(version_in_force(deal).areas.order_by("position"))


def _wijken_page(request, *, form=None, theme_form=None, status=200):
    deal = request.deal
    areas = _areas(deal)
    return render(
        request,
        "participation/wijken.html",
        _context(
            request,
            "wijken",
            wijken=list(selectors.wijk_list(deal=deal)),
            today=timezone.localdate(),
            areas={a.code: a.name for a in areas},
            form=form or WijkForm(areas=areas),
            themes=list(selectors.theme_list(deal=deal)),
            theme_form=theme_form or ThemeForm(prefix="theme"),
        ),
        status=status,
    )


@deal_capability_required(VIEW)
def wijken(request, slug):
    """The wijken and themes, with the forms to add them (MANAGE_PARTICIPATION)."""
    deal = request.deal
    if request.method != "POST":
        return _wijken_page(request)
    if not may_manage(request.user, deal):
        raise PermissionDenied
    form = WijkForm(request.POST, areas=_areas(deal))
    if form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k not in ("lock_version",)}
        if submitted(
            request,
            form,
            lambda: services.wijk_add(actor=Actor.from_request(request), deal=deal, **values),
            lambda wijk: _("%(wijk)s staat op de lijst.") % {"wijk": wijk},
        ):
            return redirect("participation:wijken", slug=slug)
    return _wijken_page(request, form=form)


def _wijk(request, pk):
    return found_or_404(selectors.wijk_get, deal=request.deal, pk=pk)


@deal_capability_required(MANAGE)
def wijk_edit(request, slug, pk):
    deal = request.deal
    wijk = _wijk(request, pk)
    initial = {
        name: getattr(wijk, name)
        for name in ("code", "name", "gemeente", "within", "listed_on", "ended_on", "lock_version")
    }
    form = WijkForm(request.POST or None, initial=initial, areas=_areas(deal), editing=True)
    fields = ("name", "gemeente", "within", "listed_on", "ended_on")
    return _form_page(
        request,
        form,
        "wijk_form.html",
        "wijken",
        save=_update(request, form, services.wijk_update, lambda: _given(form, fields), wijk=wijk),
        done=lambda saved: _("%(wijk)s is bijgewerkt.") % {"wijk": saved},
        back=lambda saved: redirect("participation:wijken", slug=slug),
        wijk=wijk,
    )


@require_POST
@deal_capability_required(MANAGE)
def theme_add(request, slug):
    form = ThemeForm(request.POST, prefix="theme")
    if form.is_valid() and submitted(
        request,
        form,
        lambda: services.theme_add(
            actor=Actor.from_request(request),
            deal=request.deal,
            code=form.cleaned_data["code"],
            name=form.cleaned_data["name"],
        ),
        _("Het thema staat op de lijst."),
    ):
        return redirect("participation:wijken", slug=slug)
    return _wijken_page(request, theme_form=form)


def _theme(request, pk):
    return found_or_404(selectors.theme_get, deal=request.deal, pk=pk)


@deal_capability_required(MANAGE)
def theme_edit(request, slug, pk):
    theme = _theme(request, pk)
    initial = {name: getattr(theme, name) for name in ("code", "name", "active", "lock_version")}
    form = ThemeForm(request.POST or None, initial=initial, editing=True)
    return _form_page(
        request,
        form,
        "theme_form.html",
        "wijken",
        save=_update(
            request, form, services.theme_update, lambda: _given(form, ("name", "active")), theme=theme
        ),
        done=_("Het thema is bijgewerkt."),
        back=lambda saved: redirect("participation:wijken", slug=slug),
        theme=theme,
    )


@require_POST
@deal_capability_required(MANAGE)
def theme_toggle(request, slug, code):
    theme = selectors.theme_list(deal=request.deal).filter(code=code).first()
    if theme is None:
        raise Http404
    posted(
        request,
        lambda: services.theme_set_active(
            actor=Actor.from_request(request),
            theme=theme,
            active=not theme.active,
            expected_version=theme.lock_version,
        ),
    )
    return redirect("participation:wijken", slug=slug)
