"""Procedures: filing a request (amendment Art. 11, duration Art. 19.2, accession Art. 13), its
receipt by VRO, the discussion in the overleg, its withdrawal, the acceptance of the acceding
party (Art. 13.1) and the SPUK request after a change of duration (Art. 19.2)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from regiodeal.audit.services import Actor, snapshot
from regiodeal.common.formatting import day
from regiodeal.deals import models as dm
from regiodeal.deals.selectors import version_in_force

from .. import models as gm
from ..constants import RequestKind
from ..constants import RequestStatus as S
from ..selectors import changes_duration
from .common import (
    _amended,
    _audit,
    _check_party,
    _completion_day,
    _create_request,
    _lock,
    _not_in_future,
    _today,
    _transition,
    attachment_add,
    check_letter,
)
from .consents import _adopt_if_complete


def amendment_file(
    *,
    actor: Actor,
    deal: dm.Deal,
    filed_by: dm.Organisation,
    filed_on: dt.date,
    title: str,
    reasons: str,
    changes: dict,
    effective_from: dt.date | None = None,
    kind: str = RequestKind.AMENDMENT,
    decision: gm.Decision | None = None,
    discussed_in: gm.Meeting | None = None,
    letter=None,
) -> gm.Request:
    """Art. 11.1: any Party asks in writing to amend the deal: what changes and why. The amended
    definition is checked now, with the covenant's own messages (Art. 4.2 money, Art. 19 dates).

    A change of the budget split (Art. 4.3) or of the duration (Art. 19.2) comes "na bespreking
    in het Rijk-Regio-overleg": the meeting that discussed it (`discussed_in`) may be given now or
    recorded later (`consultation_record`); the request is not adopted before it."""
    if kind not in (RequestKind.AMENDMENT, RequestKind.DURATION):
        raise ValueError(kind)
    if not reasons.strip():
        raise ValidationError({"reasons": _("Zeg waarom de deal moet veranderen (art. 11.1).")})
    if not changes:
        raise ValidationError({"changes": _("Zeg wat er verandert.")})
    _check_party(deal, filed_by, filed_on)
    if discussed_in is not None:
        _check_discussion(deal, discussed_in, "discussed_in")
    base = version_in_force(deal, filed_on)
    text = _amended(changes, base.content, f"verzoek-{deal.slug}.yaml")
    with transaction.atomic():
        request = _create_request(
            actor=actor,
            deal=deal,
            kind=kind,
            filed_on=filed_on,
            title=title,
            reasons=reasons,
            initial=S.FILED,
            filed_by=filed_by,
            changes=changes,
            proposed_text=text,
            base_version=base,
            effective_from=effective_from,
            decision=decision,
            discussed_in=discussed_in,
        )
        if letter is not None:
            attachment_add(
                actor=actor, deal=deal, file=letter, title=_("Schriftelijk verzoek"), request=request
            )
    return request


def _check_discussion(deal: dm.Deal, meeting: gm.Meeting, field: str) -> None:
    """Art. 4.3, 19.2: a meeting of this deal's overleg whose agenda and minutes record the
    discussion (an agenda item and the minutes suffice; no decision is needed)."""
    if meeting.deal_id != deal.pk:
        raise ValidationError({field: _("Die vergadering hoort bij een andere deal.")})
    if meeting.held_on > _today():
        raise ValidationError({field: _("Die vergadering moet nog plaatsvinden.")})
    if not meeting.agenda.strip() or not meeting.minutes.strip():
        raise ValidationError(
            {
                field: _(
                    "%(m)s heeft geen agenda of geen verslag: vul bij de vergadering het agendapunt en "
                    "het verslag van de bespreking in (art. 4.3, 19.2)."
                )
                % {"m": meeting}
            }
        )


def consultation_record(
    *,
    actor: Actor,
    request: gm.Request,
    consulted_on: dt.date | None = None,
    meeting: gm.Meeting | None = None,
    note: str = "",
) -> gm.Request:
    """Art. 11.2: the Parties consult within six weeks after VRO learned of the request. The six
    weeks bound the consultation, not the decision: a consultation after them is a warning, and
    consents gathered later still adopt the request. The consultation is a date, or the overleg
    meeting that held it; that meeting is also the discussion Art. 4.3 and 19.2 ask for."""
    if request.kind not in (RequestKind.AMENDMENT, RequestKind.DURATION):
        raise ValidationError(_("Alleen bij een verzoek tot wijziging (art. 11.2)."))
    if meeting is not None:
        _check_discussion(request.deal, meeting, "meeting")
        consulted_on = meeting.held_on
    if consulted_on is None:
        raise ValidationError({"consulted_on": _("Vul de datum van het overleg in, of kies de vergadering.")})
    _not_in_future(consulted_on, "consulted_on")
    request = gm.Request.objects.get(pk=request.pk)  # the receipt as stored, not as the caller read it
    if request.received_on is None:
        raise ValidationError(
            _(
                "Leg eerst vast wanneer VRO het verzoek ontving: daarna treden de Partijen in overleg "
                "(art. 11.2)."
            )
        )
    if consulted_on < request.received_on:
        raise ValidationError(
            {
                "meeting" if meeting is not None else "consulted_on": _(
                    "Vóór VRO het verzoek ontving (%(d)s); het overleg volgt daarop (art. 11.2)."
                )
                % {"d": request.received_on}
            }
        )
    with transaction.atomic():
        request = _lock(request)
        fields = ["consulted_on", "discussed_in"]
        before = snapshot(request, fields)
        request.consulted_on = consulted_on
        if meeting is not None:
            request.discussed_in = meeting
        request.save(update_fields=fields)
        _audit(
            actor,
            "governance.request.consulted",
            request,
            request.deal,
            f"{request}: consulted on {consulted_on}. {note}".strip(),
            before,
            snapshot(request, fields),
        )
        if request.status == S.CONSULTATION and request.consents.exists():
            _adopt_if_complete(actor=actor, request=request, on=_completion_day(request))
    return request


def duration_change_file(
    *,
    actor: Actor,
    deal: dm.Deal,
    filed_by: dm.Organisation,
    filed_on: dt.date,
    ends_on: dt.date,
    decision: gm.Decision,
    reasons: str,
    letter=None,
) -> gm.Request:
    """Art. 19.2: after discussion in the Rijk-Regio-overleg, the Parties can change the duration:
    an amendment of the end date, with the overleg's decision it follows."""
    if decision is None or decision.meeting.deal_id != deal.pk:
        raise ValidationError(
            {"decision": _("Eerst bespreken in het Rijk-Regio-overleg (art. 19.2): kies het besluit.")}
        )
    if decision.meeting.held_on > filed_on:
        raise ValidationError({"decision": _("Het besluit ligt na de datum van het verzoek (art. 19.2).")})
    current = version_in_force(deal, filed_on).ends_on
    if ends_on == current:
        raise ValidationError({"ends_on": _("Dat is de huidige einddatum.")})
    return amendment_file(
        actor=actor,
        deal=deal,
        filed_by=filed_by,
        filed_on=filed_on,
        kind=RequestKind.DURATION,
        title=_("Looptijd tot en met %(d)s") % {"d": day(ends_on)},
        reasons=reasons,
        changes={"ends_on": ends_on.isoformat()},
        decision=decision,
        letter=letter,
    )


def accession_file(
    *, actor: Actor, deal: dm.Deal, filed_on: dt.date, contribution: str, party: dict, letter=None
) -> gm.Request:
    """Art. 13.2: a written request to VRO to accede, with the applicant's concrete contribution;
    `party` describes the applicant as a definition does (code, name, short_name, kind, acts_as,
    signatory {name, function}; `overleg`: whether it joins the Rijk-Regio-overleg)."""
    if not contribution.strip():
        raise ValidationError(
            {"reasons": _("Het verzoek vermeldt de concrete bijdrage aan de deal (art. 13.2).")}
        )
    if dm.Organisation.objects.filter(deal=deal, code=party.get("code")).exists():
        raise ValidationError({"code": _("Die code is al in gebruik in deze deal.")})
    base = version_in_force(deal, filed_on)
    changes = {"add_party": party}
    text = _amended(changes, base.content, f"toetreding-{deal.slug}.yaml")
    with transaction.atomic():
        request = _create_request(
            actor=actor,
            deal=deal,
            kind=RequestKind.ACCESSION,
            filed_on=filed_on,
            title=_("Toetreding van %(n)s") % {"n": party["name"]},
            reasons=contribution,
            initial=S.FILED,
            changes=changes,
            proposed_text=text,
            base_version=base,
        )
        if letter is not None:
            attachment_add(
                actor=actor, deal=deal, file=letter, title=_("Verzoek tot toetreding"), request=request
            )
    return request


def request_receipt_record(
    *, actor: Actor, request: gm.Request, received_on: dt.date, note: str = ""
) -> gm.Request:
    """Art. 11.2, 13.2: the day VRO learns of the request starts the consultation (within 6 weeks
    for an amendment); VRO informs the other Parties and asks their consent."""
    _not_in_future(received_on, "received_on")
    if received_on < request.filed_on:
        raise ValidationError({"received_on": _("VRO kan het verzoek niet ontvangen vóór het is gedaan.")})
    with transaction.atomic():
        request = _lock(request)
        request.received_on = received_on
        _transition(actor=actor, request=request, to=S.CONSULTATION, on=received_on, note=note)
        request.save(update_fields=["received_on"])
    return request


def request_withdraw(*, actor: Actor, request: gm.Request, on: dt.date, reason: str) -> gm.Request:
    with transaction.atomic():
        request = _lock(request)
        _transition(actor=actor, request=request, to=S.WITHDRAWN, on=on, note=reason)
    return request


def spuk_request_record(
    *, actor: Actor, request: gm.Request, requested_on: dt.date, note: str = ""
) -> gm.Request:
    """Art. 19.2: after a change of duration the regiokassier asks VRO to amend the SPUK decision."""
    if not changes_duration(request) or request.status != S.ADOPTED:
        raise ValidationError(_("Alleen na een aangenomen wijziging van de looptijd (art. 19.2)."))
    _not_in_future(requested_on, "requested_on")
    if requested_on < request.decided_on:
        raise ValidationError({"requested_on": _("Vóór de wijziging was aangenomen.")})
    with transaction.atomic():
        request = _lock(request)
        before = snapshot(request, ["spuk_requested_on", "spuk_note"])
        request.spuk_requested_on, request.spuk_note = requested_on, note
        request.save(update_fields=["spuk_requested_on", "spuk_note"])
        _audit(
            actor,
            "governance.request.spuk_requested",
            request,
            request.deal,
            note,
            before,
            snapshot(request, ["spuk_requested_on", "spuk_note"]),
        )
    return request


def accession_acceptance_record(
    *, actor: Actor, request: gm.Request, accepted_on: dt.date, declaration
) -> gm.Request:
    """Art. 13.1: an acceding party must accept the obligations the deal gives it. Its written
    acceptance is recorded with the file; the accession is adopted only with it (and every
    Party's consent, Art. 13.3)."""
    request = gm.Request.objects.get(pk=request.pk)  # as stored, not as the caller read it
    if request.kind != RequestKind.ACCESSION:
        raise ValidationError(_("Alleen bij een verzoek tot toetreding (art. 13.1)."))
    if request.status not in (S.FILED, S.CONSULTATION):
        raise ValidationError(_("Dit verzoek is %(s)s.") % {"s": request.get_status_display()})
    if request.obligations_accepted_on:
        raise ValidationError({"accepted_on": _("De aanvaarding is al vastgelegd.")})
    if declaration is None:
        raise ValidationError({"declaration": _("Voeg de verklaring van aanvaarding toe (art. 13.1).")})
    _not_in_future(accepted_on, "accepted_on")
    if accepted_on < request.filed_on:
        raise ValidationError({"accepted_on": _("Vóór het verzoek tot toetreding.")})
    check_letter(declaration, "declaration")
    with transaction.atomic():
        request = _lock(request)
        attachment = attachment_add(
            actor=actor,
            deal=request.deal,
            file=declaration,
            title=_("Aanvaarding van de verplichtingen"),
            request=request,
        )
        request.obligations_accepted_on, request.acceptance = accepted_on, attachment
        request.save(update_fields=["obligations_accepted_on", "acceptance"])
        _audit(
            actor,
            "governance.request.obligations_accepted",
            request,
            request.deal,
            f"{request}: obligations accepted on {accepted_on}",
            after={"obligations_accepted_on": accepted_on.isoformat()},
        )
        if request.status == S.CONSULTATION and request.consents.exists():
            _adopt_if_complete(actor=actor, request=request, on=_completion_day(request))
    return request
