"""Requests (procedures, Art. 10-13, 19.2): the list, a new request of each kind, and a
request's page with the form of every step the user may take."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from regiodeal.accounts.permissions import can
from regiodeal.accounts.roles import Capability as C
from regiodeal.common.forms import screen_message
from regiodeal.common.lookups import found_or_404
from regiodeal.common.submit import submitted
from regiodeal.deals.selectors import parties_in_office, version_diff
from regiodeal.disclosure.access import visible_to, without_pointers_to_hidden

from .. import forms as f
from .. import models as gm
from .. import selectors as sel
from .. import services as svc
from ..constants import CONSENT_KINDS, RequestKind
from ..constants import RequestStatus as S
from ..constants import Role as RequestRole
from ..filing import FILINGS, file_request, named_record
from ..permissions import capabilities, own_parties, require_own_party
from .common import VIEW, _actor, _page, _require


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


def _given(d, *names) -> dict:
    return {name: d[name] for name in names}


# The form of each kind in the service's words (which service, and for which Party: FILINGS).
FORM_FIELDS = {
    RequestKind.ACCESSION: lambda form, d, deal: {
        **_given(d, "filed_on", "contribution", "letter"),
        "party": form.party(),
    },
    RequestKind.AMENDMENT: lambda form, d, deal: {
        **_given(d, "filed_on", "title", "reasons", "effective_from", "discussed_in", "letter"),
        "changes": form.changes(),
    },
    RequestKind.DURATION: lambda form, d, deal: _given(
        d, "filed_on", "ends_on", "decision", "reasons", "letter"
    ),
    RequestKind.WITHDRAWAL: lambda form, d, deal: _given(d, "notice_on", "circumstances", "letter"),
    RequestKind.CONFIDENTIALITY: lambda form, d, deal: {
        **_given(d, "filed_on", "grounds", "until", "woo_ground"),
        "record": named_record(deal, d["record_kind"], d["record_id"]),
    },
}


@VIEW
def request_new(request, slug, kind):
    deal = request.deal
    if kind not in RequestKind.values:
        raise Http404
    parties = own_parties(request.user, deal)
    by_party = FILINGS[kind].by_party
    # Art. 13: an accession is registered by a Party or by the programme office.
    if not (parties or (not by_party and can(request.user, C.MANAGE_GOVERNANCE, deal))):
        raise PermissionDenied
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    if kind == RequestKind.ACCESSION:
        form = f.AccessionForm(data, files)
    elif kind == RequestKind.WITHDRAWAL:
        form = f.WithdrawalForm(data, files, parties=parties)
    else:
        form = NEW_FORMS[kind](data, files, deal=deal, parties=parties)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        saved = submitted(
            request,
            form,
            lambda: file_request(
                kind,
                user=request.user,
                actor=_actor(request),
                deal=deal,
                party=d.get("party" if kind == RequestKind.WITHDRAWAL else "filed_by"),
                fields=lambda: FORM_FIELDS[kind](form, d, deal),
            ),
            _("Verzoek vastgelegd."),
        )
        if saved:
            return redirect("governance:request", slug=slug, number=saved.result.number)
    return _page(request, "request_new.html", form=form, kind=kind, kind_label=RequestKind(kind).label)


def _request_or_404(deal, number, user=None):
    r = found_or_404(sel.request_get, deal, number)
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

    if submitted(request, form, call, _("Vastgelegd.")):
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
