"""The Rijk-Regio-overleg (Art. 6): meetings and their actions; the register of bottlenecks and
risks with its escalation route (Art. 6.2, 6.5, 16)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regiodeal.accounts.roles import Capability as C
from regiodeal.common.lookups import found_or_404
from regiodeal.common.submit import submitted
from regiodeal.disclosure.access import shows, visible_to

from .. import forms as f
from .. import models as gm
from .. import selectors as sel
from .. import services as svc
from .common import VIEW, _actor, _page, _require, _saved


@VIEW
def meetings(request, slug):
    deal = request.deal
    form = f.MeetingForm(request.POST or None, deal=deal)
    if request.method == "POST":
        _require(request, C.MANAGE_GOVERNANCE)
        if saved := _saved(request, form, svc.meeting_create, _("Vergadering vastgelegd.")):
            return redirect("governance:meeting", slug=slug, pk=saved.result.pk)
    today = timezone.localdate()
    # Art. 10.1: a confidential meeting is kept from a third party (disclosure/access.py).
    shown = visible_to(sel.meeting_list(deal), request.user, deal).prefetch_related("guests")
    meeting_rows = [(m, sel.meeting_counts(m)) for m in shown]
    return _page(
        request,
        "meetings.html",
        meetings=meeting_rows,
        form=form,
        per_year=sel.meetings_per_year(deal, today),
        short_years=sel.years_without_enough_meetings(deal, today),
    )


def _meeting_or_404(request, pk):
    m = found_or_404(sel.meeting_get, request.deal, pk)
    if not shows(request.user, request.deal, m):
        raise Http404  # Art. 10.1: kept from a third party
    return m


@VIEW
def meeting(request, slug, pk, form_name=None):
    deal = request.deal
    m = _meeting_or_404(request, pk)
    post = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    initial = {
        "held_on": m.held_on,
        "title": m.title,
        "location": m.location,
        "agenda": m.agenda,
        "minutes": m.minutes,
        "attendees": list(m.attendees.all()),
        "guests": list(m.guests.all()),
        "lock_version": m.lock_version,
    }
    forms = {
        "edit": f.MeetingForm(
            post if form_name == "edit" else None, deal=deal, initial=initial, prefix="edit"
        ),
        "decision": f.DecisionForm(post if form_name == "decision" else None, prefix="decision"),
        "action": f.ActionForm(post if form_name == "action" else None, deal=deal, prefix="action"),
        "file": f.AttachmentForm(
            post if form_name == "file" else None, files if form_name == "file" else None, prefix="file"
        ),
    }
    if request.method == "POST":
        _require(request, C.MANAGE_GOVERNANCE)
        form = forms.get(form_name)
        if form is None:
            raise Http404
        actor = _actor(request)
        if form.is_valid():
            d = form.cleaned_data
            calls = {
                "edit": lambda: svc.meeting_update(
                    actor=actor,
                    meeting=m,
                    expected_version=d["lock_version"],
                    attendees=d["attendees"],
                    guests=d["guests"],
                    **{k: d[k] for k in svc.MEETING_FIELDS},
                ),
                "decision": lambda: svc.decision_add(
                    actor=actor, meeting=m, text=d["text"], public=d["public"]
                ),
                "action": lambda: svc.action_add(actor=actor, meeting=m, **d),
                "file": lambda: svc.attachment_add(
                    actor=actor, deal=deal, meeting=m, file=d["file"], title=d["title"]
                ),
            }
            if submitted(request, form, calls[form_name], _("Opgeslagen.")):
                return redirect("governance:meeting", slug=slug, pk=m.pk)
    actions = [
        (a, f.ActionDoneForm(initial={"lock_version": a.lock_version}, prefix=f"done{a.pk}"))
        for a in m.actions.all()
    ]
    return _page(
        request,
        "meeting.html",
        meeting=m,
        forms=forms,
        actions=actions,
        counts=sel.meeting_counts(m),
        attachments=visible_to(m.attachments.all(), request.user, deal),  # Art. 10.1
    )


@VIEW
@require_POST
def action_done(request, slug, pk):
    _require(request, C.MANAGE_GOVERNANCE)
    action = found_or_404(gm.Action.objects.get, deal=request.deal, pk=pk)
    form = f.ActionDoneForm(request.POST, prefix=f"done{pk}")
    if form.is_valid():
        d = form.cleaned_data
        submitted(
            request,
            form,
            lambda: svc.action_complete(
                actor=_actor(request),
                action=action,
                expected_version=d["lock_version"],
                done_on=d["done_on"],
                note=d["note"],
            ),
            _("Actie afgevinkt."),
        )
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return redirect("governance:meeting", slug=slug, pk=action.meeting_id)


@VIEW
def register(request, slug):
    deal = request.deal
    form = f.RegisterItemForm(request.POST or None, deal=deal, prefix="item")
    level_form = f.EscalationLevelForm(request.POST or None, deal=deal, prefix="level")
    if request.method == "POST":
        _require(request, C.MANAGE_GOVERNANCE)
        if "level-name" in request.POST:
            if _saved(request, level_form, svc.escalation_level_save, _("Escalatieniveau opgeslagen.")):
                return redirect("governance:register", slug=slug)
        elif _saved(
            request,
            form,
            svc.register_item_create,
            _("Punt toegevoegd aan het register."),
            leave_out=("lock_version", "status"),
        ):
            return redirect("governance:register", slug=slug)
    return _page(
        request,
        "register.html",
        items=visible_to(sel.register_list(deal), request.user, deal),  # Art. 10.1
        levels=sel.escalation_levels(deal),
        form=form,
        level_form=level_form,
    )


LEVEL_FIELDS = ("position", "name", "handled_by", "respond_within_days", "agreed_in")


@VIEW
def escalation_level(request, slug, pk, step=None):
    """One level of the escalation arrangement (Art. 6.5): edit it, end it, or remove it when no
    item ever went through it."""
    deal = request.deal
    try:
        level = sel.escalation_levels(deal).get(pk=pk)
    except gm.EscalationLevel.DoesNotExist as exc:
        raise Http404 from exc
    post = request.POST if request.method == "POST" else None
    initial = {k: getattr(level, k) for k in LEVEL_FIELDS} | {"lock_version": level.lock_version}
    edit = f.EscalationLevelForm(post if step == "edit" else None, deal=deal, initial=initial, prefix="edit")
    end = f.EscalationLevelEndForm(
        post if step == "end" else None, initial={"lock_version": level.lock_version}, prefix="end"
    )
    delete_errors = []
    if post is not None:
        _require(request, C.MANAGE_GOVERNANCE)
        actor = _actor(request)
        if step == "edit":
            if edit.is_valid():
                d = dict(edit.cleaned_data)
                version = d.pop("lock_version")
                if submitted(
                    request,
                    edit,
                    lambda: svc.escalation_level_save(
                        actor=actor, deal=deal, level=level, expected_version=version, **d
                    ),
                    _("Escalatieniveau opgeslagen."),
                ):
                    return redirect("governance:escalation_level", slug=slug, pk=pk)
        elif step == "end":
            if end.is_valid() and submitted(
                request,
                end,
                lambda: svc.escalation_level_end(
                    actor=actor,
                    level=level,
                    ended_on=end.cleaned_data["ended_on"],
                    expected_version=end.cleaned_data["lock_version"],
                ),
                _("Escalatieniveau beëindigd."),
            ):
                return redirect("governance:escalation_level", slug=slug, pk=pk)
        elif step == "delete":
            try:
                svc.escalation_level_delete(actor=actor, level=level)
            except ValidationError as exc:
                delete_errors = exc.messages
            else:
                messages.success(request, _("Escalatieniveau verwijderd."))
                return redirect("governance:register", slug=slug)
        else:
            raise Http404
        level.refresh_from_db()
    escalations = gm.Escalation.objects.filter(Q(to_level=level) | Q(from_level=level)).count()
    return _page(
        request,
        "escalation_level.html",
        level=level,
        edit=edit,
        end=end,
        delete_errors=delete_errors,
        escalations=escalations,
        items=visible_to(gm.RegisterItem.objects.filter(deal=deal, level=level), request.user, deal),
    )


@VIEW
def register_item(request, slug, pk):
    deal = request.deal
    item = found_or_404(sel.register_item_get, deal, pk)
    if not shows(request.user, deal, item):
        raise Http404  # Art. 10.1: kept from a third party
    post = request.POST if request.method == "POST" else None
    initial = {k: getattr(item, k) for k in svc.ITEM_FIELDS} | {"lock_version": item.lock_version}
    edit = f.RegisterItemForm(
        post if post and "edit-title" in post else None, deal=deal, initial=initial, prefix="edit"
    )
    escalate = f.EscalateForm(post if post and "esc-reason" in post else None, deal=deal, prefix="esc")
    if post:
        _require(request, C.MANAGE_GOVERNANCE)
        actor = _actor(request)
        if "edit-title" in post and edit.is_valid():
            d = dict(edit.cleaned_data)
            version = d.pop("lock_version")
            if submitted(
                request,
                edit,
                lambda: svc.register_item_update(actor=actor, item=item, expected_version=version, **d),
                _("Opgeslagen."),
            ):
                return redirect("governance:register_item", slug=slug, pk=pk)
        elif (
            "esc-reason" in post
            and escalate.is_valid()
            and submitted(
                request,
                escalate,
                lambda: svc.register_item_escalate(actor=actor, item=item, **escalate.cleaned_data),
                _("Geëscaleerd."),
            )
        ):
            return redirect("governance:register_item", slug=slug, pk=pk)
    # Art. 10.1: the meeting it was discussed in is not named when that meeting is kept from the user.
    meeting = item.meeting if item.meeting_id and shows(request.user, deal, item.meeting) else None
    return _page(request, "register_item.html", item=item, edit=edit, escalate=escalate, meeting=meeting)
