"""Screens of governance (`/deals/<slug>/governance/`). Reading needs VIEW_INTERNAL; each form
checks its own capability, and a Party representative acts only for their own Party. Views only
collect input and call services; errors from the services come back on the form."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regiodeal.accounts.access import deal_capability_required, deal_from_slug
from regiodeal.accounts.permissions import can
from regiodeal.accounts.roles import Capability as C
from regiodeal.audit.services import Actor
from regiodeal.common.forms import screen_message
from regiodeal.common.locking import EditConflict
from regiodeal.deals.selectors import (
    deal_entry_into_force,
    parties_in_office,
    version_diff,
    version_get,
    version_in_force,
    version_list,
    version_with_content,
)
from regiodeal.disclosure.access import shows, visible_to, without_pointers_to_hidden
from regiodeal.disclosure.registry import record_get

from . import check_selectors, ical
from . import forms as f
from . import models as gm
from . import selectors as sel
from . import services as svc
from .constants import CONSENT_KINDS, ObligationStatus, RequestKind
from .constants import RequestStatus as S
from .constants import Role as RequestRole
from .permissions import capabilities, own_parties, require_own_party

VIEW = deal_capability_required(C.VIEW_INTERNAL)


def _require(request, capability):
    if not can(request.user, capability, request.deal):
        raise PermissionDenied


def _page(request, template, **context):
    deal = request.deal
    return render(
        request, f"governance/{template}", {"deal": deal, "can": capabilities(request.user, deal), **context}
    )


def _run(request, form, call, done: str) -> bool:
    """Call the service; its ValidationError or EditConflict goes onto the form."""
    try:
        call()
    except ValidationError as exc:
        # At the fields it names, in words: a refused definition's rule codes stay in the log
        # and the API (`changes.refusal`, `common.forms.screen_message`).
        form.add_service_errors(exc)
        return False
    except EditConflict as exc:
        form.add_error(None, str(exc))
        return False
    messages.success(request, done)
    return True


def _actor(request) -> Actor:
    return Actor.from_request(request)


# ---------------------------------------------------------------------------------------------
# Overview and signatures


@VIEW
def index(request, slug):
    deal = request.deal
    today = timezone.localdate()
    items = sel.obligations_for(deal, today, request.user)  # Art. 10.1
    return _page(
        request,
        "index.html",
        force=deal_entry_into_force(deal),
        version=version_in_force(deal),
        obligations=[o for o in items if o.status != ObligationStatus.DONE][:8],
        open_requests=[
            r
            for r in without_pointers_to_hidden(sel.request_list(deal), request.user, deal)  # Art. 10.1
            if r.status in (S.FILED, S.CONSULTATION)
        ],
        meetings=visible_to(sel.meeting_list(deal), request.user, deal)[:5],  # Art. 10.1
        short_years=sel.years_without_enough_meetings(deal, today),
        open_items=visible_to(sel.register_list(deal), request.user, deal).filter(status="open").count(),
    )


@VIEW
def signatures(request, slug):
    deal = request.deal
    form = f.SignatureForm(request.POST or None, deal=deal)
    if request.method == "POST":
        _require(request, C.MANAGE_GOVERNANCE)
        if form.is_valid() and _run(
            request,
            form,
            lambda: svc.signature_record(actor=_actor(request), deal=deal, **form.cleaned_data),
            _("Ondertekening vastgelegd."),
        ):
            return redirect("governance:signatures", slug=slug)
    first = deal.versions.order_by("number").first()
    signed = dict(deal.signatures.values_list("organisation_id", "signed_on"))
    rows = [(p, signed.get(p.organisation_id)) for p in first.parties.select_related("organisation")]
    return _page(
        request, "signatures.html", force=deal_entry_into_force(deal), rows=rows, form=form, rules=first.rules
    )


# ---------------------------------------------------------------------------------------------
# Meetings


@VIEW
def meetings(request, slug):
    deal = request.deal
    form = f.MeetingForm(request.POST or None, deal=deal)
    if request.method == "POST":
        _require(request, C.MANAGE_GOVERNANCE)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "lock_version"}
            holder = {}
            if _run(
                request,
                form,
                lambda: holder.setdefault("m", svc.meeting_create(actor=_actor(request), deal=deal, **data)),
                _("Vergadering vastgelegd."),
            ):
                return redirect("governance:meeting", slug=slug, pk=holder["m"].pk)
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
    try:
        m = sel.meeting_get(request.deal, pk)
    except gm.Meeting.DoesNotExist as exc:
        raise Http404 from exc
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
            if _run(request, form, calls[form_name], _("Opgeslagen.")):
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
    try:
        action = gm.Action.objects.get(deal=request.deal, pk=pk)
    except gm.Action.DoesNotExist as exc:
        raise Http404 from exc
    form = f.ActionDoneForm(request.POST, prefix=f"done{pk}")
    if form.is_valid():
        d = form.cleaned_data
        _run(
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


# ---------------------------------------------------------------------------------------------
# Register and escalation route


@VIEW
def register(request, slug):
    deal = request.deal
    form = f.RegisterItemForm(request.POST or None, deal=deal, prefix="item")
    level_form = f.EscalationLevelForm(request.POST or None, deal=deal, prefix="level")
    if request.method == "POST":
        _require(request, C.MANAGE_GOVERNANCE)
        if "level-name" in request.POST:
            if level_form.is_valid() and _run(
                request,
                level_form,
                lambda: svc.escalation_level_save(
                    actor=_actor(request),
                    deal=deal,
                    **{k: v for k, v in level_form.cleaned_data.items() if k != "lock_version"},
                ),
                _("Escalatieniveau opgeslagen."),
            ):
                return redirect("governance:register", slug=slug)
        elif form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("lock_version", "status")}
            if _run(
                request,
                form,
                lambda: svc.register_item_create(actor=_actor(request), deal=deal, **data),
                _("Punt toegevoegd aan het register."),
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
                if _run(
                    request,
                    edit,
                    lambda: svc.escalation_level_save(
                        actor=actor, deal=deal, level=level, expected_version=version, **d
                    ),
                    _("Escalatieniveau opgeslagen."),
                ):
                    return redirect("governance:escalation_level", slug=slug, pk=pk)
        elif step == "end":
            if end.is_valid() and _run(
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
    try:
        item = sel.register_item_get(deal, pk)
    except gm.RegisterItem.DoesNotExist as exc:
        raise Http404 from exc
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
            if _run(
                request,
                edit,
                lambda: svc.register_item_update(actor=actor, item=item, expected_version=version, **d),
                _("Opgeslagen."),
            ):
                return redirect("governance:register_item", slug=slug, pk=pk)
        elif (
            "esc-reason" in post
            and escalate.is_valid()
            and _run(
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


# ---------------------------------------------------------------------------------------------
# Requests (procedures)


@VIEW
def requests(request, slug):
    deal = request.deal
    # Art. 10.1: not a confidentiality request about a record kept from the user: it names it.
    shown = without_pointers_to_hidden(sel.request_list(deal), request.user, deal)
    return _page(request, "requests.html", requests=shown, kinds=RequestKind)


NEW_FORMS = {
    RequestKind.AMENDMENT: f.AmendmentForm,
    RequestKind.DURATION: f.DurationForm,
    RequestKind.CONFIDENTIALITY: f.ConfidentialityForm,
}


@VIEW
def request_new(request, slug, kind):
    deal = request.deal
    if kind not in RequestKind.values:
        raise Http404
    parties = own_parties(request.user, deal)
    actor = _actor(request)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    if kind == RequestKind.ACCESSION:
        if not (parties or can(request.user, C.MANAGE_GOVERNANCE, deal)):
            raise PermissionDenied
        form = f.AccessionForm(data, files)
    else:
        if not parties:
            raise PermissionDenied
        if kind == RequestKind.WITHDRAWAL:
            form = f.WithdrawalForm(data, files, parties=parties)
        else:
            form = NEW_FORMS[kind](data, files, deal=deal, parties=parties)
    made = {}
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data

        def call():
            if kind == RequestKind.ACCESSION:
                made["r"] = svc.accession_file(
                    actor=actor,
                    deal=deal,
                    filed_on=d["filed_on"],
                    contribution=d["contribution"],
                    party=form.party(),
                    letter=d["letter"],
                )
                return
            organisation = d["party"] if kind == RequestKind.WITHDRAWAL else d["filed_by"]
            require_own_party(request.user, deal, organisation)
            if kind == RequestKind.AMENDMENT:
                made["r"] = svc.amendment_file(
                    actor=actor,
                    deal=deal,
                    filed_by=organisation,
                    filed_on=d["filed_on"],
                    title=d["title"],
                    reasons=d["reasons"],
                    changes=form.changes(),
                    effective_from=d["effective_from"],
                    discussed_in=d["discussed_in"],
                    letter=d["letter"],
                )
            elif kind == RequestKind.DURATION:
                made["r"] = svc.duration_change_file(
                    actor=actor,
                    deal=deal,
                    filed_by=organisation,
                    filed_on=d["filed_on"],
                    ends_on=d["ends_on"],
                    decision=d["decision"],
                    reasons=d["reasons"],
                    letter=d["letter"],
                )
            elif kind == RequestKind.WITHDRAWAL:
                made["r"] = svc.withdrawal_file(
                    actor=actor,
                    deal=deal,
                    party=organisation,
                    notice_on=d["notice_on"],
                    circumstances=d["circumstances"],
                    letter=d["letter"],
                )
            else:
                try:
                    record = record_get(d["record_kind"], d["record_id"], deal=deal)
                except (LookupError, ObjectDoesNotExist) as exc:
                    raise ValidationError({"record_id": _("Dat gegeven bestaat niet.")}) from exc
                made["r"] = svc.confidentiality_file(
                    actor=actor,
                    deal=deal,
                    filed_by=organisation,
                    filed_on=d["filed_on"],
                    record=record,
                    grounds=d["grounds"],
                    until=d["until"],
                    woo_ground=d["woo_ground"],
                )

        if _run(request, form, call, _("Verzoek vastgelegd.")):
            return redirect("governance:request", slug=slug, number=made["r"].number)
    return _page(request, "request_new.html", form=form, kind=kind, kind_label=RequestKind(kind).label)


def _request_or_404(deal, number, user=None):
    try:
        r = sel.request_get(deal, number)
    except gm.Request.DoesNotExist as exc:
        raise Http404 from exc
    if (
        user is not None
        and not without_pointers_to_hidden(gm.Request.objects.filter(pk=r.pk), user, deal).exists()
    ):
        raise Http404  # Art. 10.1: a confidentiality request names a record kept from the user
    return r


REQUEST_STEPS = (
    "receipt",
    "consent",
    "letter",
    "withdraw",
    "reconsider",
    "decide",
    "lift",
    "spuk",
    "consultation",
    "roles",
    "acceptance",
)


def _unanswered_parties(request_obj, deal, on) -> list:
    """Parties in office on `on` that have not yet declared on the request."""
    answered = set(request_obj.consents.values_list("organisation_id", flat=True))
    return [p.organisation for p in parties_in_office(deal, on) if p.organisation_id not in answered]


def _answering_parties(request, r, today) -> tuple[list, list]:
    """Who may still answer: the Parties the user represents (their own declaration) and, for
    the programme office, every Party that has not answered (a declaration that came by letter)."""
    deal = request.deal
    if r.kind not in CONSENT_KINDS or r.status != S.CONSULTATION:
        return [], []
    unanswered = _unanswered_parties(r, deal, today)
    open_ids = {o.pk for o in unanswered}
    consent_parties = [o for o in own_parties(request.user, deal, C.CONSENT) if o.pk in open_ids]
    letter_parties = unanswered if can(request.user, C.MANAGE_GOVERNANCE, deal) else []
    return consent_parties, letter_parties


def _request_forms(request, r, step, consent_parties, letter_parties) -> dict:
    """The form of every step on the request's page; the one posted (`step`) is bound."""
    deal = request.deal
    posted = request.method == "POST"

    def data(name):
        return request.POST if posted and step == name else None

    def files(name):
        return request.FILES if posted and step == name else None

    forms = {
        "receipt": f.ReceiptForm(data("receipt"), prefix="receipt"),
        "consent": f.ConsentForm(
            data("consent"), files("consent"), parties=consent_parties, prefix="consent"
        ),
        "letter": f.LetterConsentForm(
            data("letter"), files("letter"), deal=deal, parties=letter_parties, prefix="letter"
        ),
        "withdraw": f.NoteForm(data("withdraw"), prefix="withdraw"),
        "decide": f.DecideForm(data("decide"), prefix="decide", initial={"until": r.confidential_until}),
        "lift": f.NoteForm(data("lift"), prefix="lift"),
        "spuk": f.SpukForm(data("spuk"), prefix="spuk"),
        "consultation": f.ConsultationForm(
            data("consultation"),
            deal=deal,
            prefix="consultation",
            initial={"meeting": r.discussed_in_id, "consulted_on": r.consulted_on},
        ),
        "acceptance": f.AcceptanceForm(data("acceptance"), files("acceptance"), prefix="acceptance"),
    }
    if r.kind == RequestKind.WITHDRAWAL and r.roles:
        forms["roles"] = f.RolesForm(data("roles"), deal=deal, request_obj=r, prefix="roles")
    return forms


# Each step of the request's page: the service it calls with the form's cleaned data.
STEP_SERVICES = {
    "receipt": lambda actor, r, d: svc.request_receipt_record(
        actor=actor, request=r, received_on=d["received_on"], note=d["note"]
    ),
    "withdraw": lambda actor, r, d: svc.request_withdraw(
        actor=actor, request=r, on=d["on"], reason=d["reason"]
    ),
    "decide": lambda actor, r, d: svc.confidentiality_decide(actor=actor, request=r, **d),
    "lift": lambda actor, r, d: svc.confidentiality_lift(
        actor=actor, request=r, on=d["on"], reason=d["reason"]
    ),
    "spuk": lambda actor, r, d: svc.spuk_request_record(actor=actor, request=r, **d),
    "consultation": lambda actor, r, d: svc.consultation_record(actor=actor, request=r, **d),
    "acceptance": lambda actor, r, d: svc.accession_acceptance_record(actor=actor, request=r, **d),
    "roles": lambda actor, r, d: svc.withdrawal_roles_decide(
        actor=actor,
        request=r,
        decision=d["decision"],
        note=d["note"],
        successors={k: d[k] for k in ("regiokassier", "vro") if d.get(k)},
    ),
    "consent": lambda actor, r, d: svc.consent_record(actor=actor, request=r, **d),
    "letter": lambda actor, r, d: svc.consent_record(actor=actor, request=r, on_behalf=True, **d),
}
OFFICE_STEPS = frozenset({"receipt", "decide", "lift", "letter", "consultation", "roles", "acceptance"})


def _require_step(request, r, step) -> None:
    """Who may take the step: the programme office, the regiokassier (the SPUK request), or the
    Party that filed the request (its withdrawal). A Party's own declaration is checked with the
    Party it names (`_post_step`)."""
    if step in OFFICE_STEPS:
        _require(request, C.MANAGE_GOVERNANCE)
    elif step == "spuk" and not capabilities(request.user, request.deal)["spuk"]:
        raise PermissionDenied
    elif step == "withdraw":
        require_own_party(request.user, request.deal, r.filed_by)


def _reconsider(request, r):
    _require(request, C.MANAGE_GOVERNANCE)
    try:
        svc.request_reconsider(actor=_actor(request), request=r)
        messages.success(request, _("Opnieuw beoordeeld."))
    except ValidationError as exc:
        errors = getattr(exc, "error_list", None) or [e for es in exc.error_dict.values() for e in es]
        messages.error(request, " ".join(screen_message(e) for e in errors))
    return redirect("governance:request", slug=request.deal.slug, number=r.number)


def _post_step(request, r, step, forms):
    """Take the posted step; the redirect when it was taken, else None (the errors on its form)."""
    if step not in REQUEST_STEPS:
        raise Http404
    if step == "reconsider":
        return _reconsider(request, r)
    _require_step(request, r, step)
    form = forms.get(step)
    if form is None:
        raise Http404
    if not form.is_valid():
        return None
    d = form.cleaned_data

    def call():
        if step == "consent":
            require_own_party(request.user, request.deal, d["organisation"], C.CONSENT)
        STEP_SERVICES[step](_actor(request), r, d)

    if _run(request, form, call, _("Vastgelegd.")):
        return redirect("governance:request", slug=request.deal.slug, number=r.number)
    return None


def _technical_diff(request, r) -> tuple[bool, list]:
    """The YAML diff behind the link "Technische weergave": of the adopted version against the
    one before, or of the proposal against the version it amends."""
    technical = request.GET.get("weergave") == "yaml"
    if technical and r.adopted_version and r.adopted_version.number > 1:
        previous = (
            request.deal.versions.filter(number__lt=r.adopted_version.number).order_by("-number").first()
        )
        return technical, version_diff(previous, r.adopted_version)
    if technical and r.proposed_text and r.base_version:
        import difflib

        from regiodeal.deals.selectors import version_content_yaml

        return technical, list(
            difflib.unified_diff(
                version_content_yaml(r.base_version).splitlines(),
                r.proposed_text.splitlines(),
                fromfile=f"versie {r.base_version.number}",
                tofile=_("voorstel"),
                lineterm="",
                n=3,
            )
        )
    return technical, []


def _request_context(request, r, today) -> dict:
    """What the request's page shows beside its forms: the declarations, the deadline, what it
    changes in words, what it waits for (Art. 11-13, 19.2)."""
    deal = request.deal
    comparison, old_number, new_side = sel.request_comparison(r)
    technical, diff = _technical_diff(request, r)
    consulting = r.status == S.CONSULTATION
    return {
        "consents": sel.consent_table(r) if r.kind in CONSENT_KINDS else [],
        "deadline": sel.request_deadline(r),
        "diff": diff,
        "technical": technical,
        "comparison": comparison,
        "old_number": old_number,
        "new_side": new_side,
        "has_changes": bool(r.proposed_text or r.adopted_version_id),
        "can_withdraw": r.status in (S.FILED, S.CONSULTATION)
        and r.kind in CONSENT_KINDS
        and r.filed_by_id in {o.pk for o in own_parties(request.user, deal)},
        "missing": sel.missing_consents(r, today) if consulting else [],
        "waits_for": sel.waits_for(r, today) if consulting else [],
        "overleg_articles": sel.overleg_articles(r),
        "discussion": sel.discussion_of(r),
        "roles": [(RequestRole(x).label, sel.role_consequence(x)) for x in r.roles],
        "spuk_due": sel.changes_duration(r),
        "consultation_open": r.kind in (RequestKind.AMENDMENT, RequestKind.DURATION)
        and r.received_on is not None
        and r.status in (S.CONSULTATION, S.ADOPTED, S.REJECTED),
        "attachments": visible_to(r.attachments.all(), request.user, deal),  # Art. 10.1
    }


@VIEW
def request_detail(request, slug, number, step=None):
    """A request's page: its state, its declarations, and the form of each step the user may take."""
    r = _request_or_404(request.deal, number, request.user)
    today = timezone.localdate()
    consent_parties, letter_parties = _answering_parties(request, r, today)
    forms = _request_forms(request, r, step, consent_parties, letter_parties)
    if request.method == "POST":
        done = _post_step(request, r, step, forms)
        if done is not None:
            return done
        r = _request_or_404(request.deal, number)
    return _page(
        request,
        "request.html",
        r=r,
        forms=forms,
        consent_parties=consent_parties,
        letter_parties=letter_parties,
        **_request_context(request, r, today),
    )


# ---------------------------------------------------------------------------------------------
# Publication in the Staatscourant (Art. 20.1)


@VIEW
def publications(request, slug):
    deal = request.deal
    form = f.PublicationForm(request.POST or None, deal=deal)
    if request.method == "POST":
        _require(request, C.MANAGE_GOVERNANCE)
        if form.is_valid() and _run(
            request,
            form,
            lambda: svc.publication_record(actor=_actor(request), deal=deal, **form.cleaned_data),
            _("Publicatie vastgelegd."),
        ):
            return redirect("governance:publications", slug=slug)
    return _page(request, "publications.html", publications=sel.publication_list(deal), form=form)


# ---------------------------------------------------------------------------------------------
# The covenant check on screen


@VIEW
def covenant_check(request, slug):
    """Every domain's findings (the same checks as `regiodeal check --deal`), per domain and
    severity, each with its article and the page where it is resolved. Every role that reads the
    deal's internal pages sees it; the money findings only those who may see the finances."""
    deal = request.deal
    today = timezone.localdate()
    form = f.CheckDateForm(request.GET if "on" in request.GET else None)
    on, groups, hidden, status = today, [], 0, 200
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        if form.is_bound and form.cleaned_data["on"]:
            on = form.cleaned_data["on"]
        groups, hidden = check_selectors.covenant_check(
            deal,
            on,
            with_finance=can(request.user, C.VIEW_FINANCE, deal),
            viewer=request.user,  # Art. 10.1
        )
    response = _page(
        request,
        "check.html",
        form=form,
        on=on,
        today=today,
        groups=groups,
        hidden=hidden,
        errors=sum(len(g.errors) for g in groups),
        warnings=sum(len(g.warnings) for g in groups),
        checked=status == 200,
    )
    response.status_code = status
    return response


# ---------------------------------------------------------------------------------------------
# Versions


@VIEW
def versions(request, slug):
    deal = request.deal
    today = timezone.localdate()
    in_force = version_in_force(deal, today)
    made_by = {
        r.adopted_version_id: r for r in gm.Request.objects.filter(deal=deal, adopted_version__isnull=False)
    }
    return _page(request, "versions.html", versions=version_list(deal), in_force=in_force, made_by=made_by)


@VIEW
def version_detail(request, slug, number):
    deal = request.deal
    try:
        v = version_with_content(version_get(deal, number))
    except deal.versions.model.DoesNotExist as exc:
        raise Http404 from exc
    return _page(
        request,
        "version.html",
        v=v,
        lines=list(v.budget_lines.all()),
        annexes=gm.Request.objects.filter(deal=deal, adopted_version=v).prefetch_related("attachments"),
    )


@VIEW
def version_compare(request, slug):
    deal = request.deal
    form = f.DiffForm(request.GET or None)
    numbers = list(deal.versions.values_list("number", flat=True))
    diff, comparison, a, b = [], [], None, None
    technical = request.GET.get("weergave") == "yaml"
    if form.is_valid():
        try:
            a, b = version_get(deal, form.cleaned_data["a"]), version_get(deal, form.cleaned_data["b"])
        except deal.versions.model.DoesNotExist as exc:
            raise Http404 from exc
        comparison = sel.version_comparison(a, b)
        if technical:
            diff = version_diff(a, b)
    return _page(
        request,
        "compare.html",
        numbers=numbers,
        diff=diff,
        comparison=comparison,
        technical=technical,
        a=a,
        b=b,
        old_number=a.number if a else None,
        new_side=_("versie %(n)s") % {"n": b.number} if b else "",
    )


# ---------------------------------------------------------------------------------------------
# The obligations calendar and its feed


@VIEW
def calendar(request, slug):
    deal = request.deal
    form = f.FulfilForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        _require(request, C.MANAGE_GOVERNANCE)
        if form.is_valid() and _run(
            request,
            form,
            lambda: svc.obligation_fulfil(actor=_actor(request), deal=deal, **form.cleaned_data),
            _("Verplichting afgevinkt."),
        ):
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


@VIEW
def attachment(request, slug, pk):
    try:
        a = gm.Attachment.objects.get(deal=request.deal, pk=pk)
    except gm.Attachment.DoesNotExist as exc:
        raise Http404 from exc
    if not shows(request.user, request.deal, a) or (
        a.meeting_id and not shows(request.user, request.deal, a.meeting)
    ):
        raise Http404  # Art. 10.1: a confidential document, or one of a confidential meeting
    return FileResponse(a.file.open("rb"), as_attachment=True, filename=a.filename)
