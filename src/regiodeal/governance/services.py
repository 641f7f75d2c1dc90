"""Writes for governance. Each service checks the covenant's rule (naming its article), writes in
one transaction and records an audit event. Who may call them is checked by the caller (views,
API) with `governance.permissions`; a Party representative acts only for their own Party.

Procedures change state only through `_transition`, which reads the one table in `workflow.py`,
locks the request (`select_for_update`) and stores the step. An adopted amendment, duration
change or accession, and a withdrawal notice, make a new deal version through
`deals.services.deal_version_create`; versions already made for a later date (a withdrawal still
in its notice period) are made again on top of it, so no adopted change is lost.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import yaml
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from regiodeal.audit.services import Actor, audit_record, snapshot
from regiodeal.common.formatting import day
from regiodeal.common.locking import save_locked
from regiodeal.deals import models as dm
from regiodeal.deals.constants import VersionOrigin
from regiodeal.deals.definition import DefinitionError
from regiodeal.deals.selectors import (
    overleg_members_in_office,
    parties_in_office,
    version_in_force,
)
from regiodeal.deals.services import deal_version_create
from regiodeal.disclosure import services as disclosure
from regiodeal.disclosure.registry import deal_of

from . import models as gm
from .changes import amended_text, refusal
from .constants import (
    CONSENT_KINDS,
    MAX_UPLOAD_BYTES,
    NEEDS_OVERLEG,
    Answer,
    RegisterKind,
    RegisterStatus,
    RequestKind,
    Role,
)
from .constants import RequestStatus as S
from .dates import withdrawal_effective_on
from .workflow import reason_for

ORIGIN = {
    RequestKind.AMENDMENT: VersionOrigin.AMENDMENT,
    RequestKind.DURATION: VersionOrigin.AMENDMENT,
    RequestKind.ACCESSION: VersionOrigin.ACCESSION,
    RequestKind.WITHDRAWAL: VersionOrigin.WITHDRAWAL,
}


def _today() -> dt.date:
    return timezone.localdate()


def _not_in_future(day: dt.date, field: str) -> None:
    if day > _today():
        raise ValidationError({field: _("Deze datum ligt in de toekomst.")})


def _audit(actor: Actor, action: str, obj, deal: dm.Deal, summary: str = "", before=None, after=None):
    audit_record(
        actor=actor, action=action, obj=obj, deal_slug=deal.slug, summary=summary, before=before, after=after
    )


# ---------------------------------------------------------------------------------------------
# Signatures and entry into force (Art. 17, 19)


def signature_record(
    *, actor: Actor, deal: dm.Deal, organisation: dm.Organisation, signed_on: dt.date
) -> dm.Signature:
    """Art. 17: each Party signs, in its own counterpart if the deal allows; Art. 19.1: the deal is
    in force from the day after the last signature. Only the Parties of the deal as signed sign:
    an acceding Party becomes one by consent (Art. 13.3)."""
    first = deal.versions.order_by("number").first()
    signatories = {p.organisation_id for p in first.parties.all()}
    if organisation.pk not in signatories:
        raise ValidationError(
            {"organisation": _("%(o)s is geen ondertekenende Partij (art. 17).") % {"o": organisation}}
        )
    _not_in_future(signed_on, "signed_on")
    if signed_on > first.ends_on:
        raise ValidationError({"signed_on": _("Na de einddatum van de deal (art. 19).")})
    with transaction.atomic():
        dm.Deal.objects.select_for_update().get(pk=deal.pk)
        existing = dm.Signature.objects.filter(deal=deal, organisation=organisation).first()
        if existing:
            raise ValidationError(
                {
                    "organisation": _("%(o)s heeft al ondertekend op %(d)s.")
                    % {"o": organisation, "d": existing.signed_on}
                }
            )
        if not first.rules.counterparts_allowed:
            other = dm.Signature.objects.filter(deal=deal).exclude(signed_on=signed_on).first()
            if other:
                raise ValidationError(
                    {
                        "signed_on": _("Deze deal wordt in één exemplaar ondertekend (art. 17): op %(d)s.")
                        % {"d": other.signed_on}
                    }
                )
        signature = dm.Signature(deal=deal, organisation=organisation, signed_on=signed_on)
        signature.full_clean()
        signature.save()
        _audit(
            actor,
            "governance.signature.recorded",
            signature,
            deal,
            f"{organisation} signed on {signed_on}",
            after={"organisation": organisation.code, "signed_on": signed_on.isoformat()},
        )
    return signature


# ---------------------------------------------------------------------------------------------
# Files


def attachment_add(
    *, actor: Actor, deal: dm.Deal, file, title: str = "", meeting=None, request=None
) -> gm.Attachment:
    attachment = gm.Attachment(
        deal=deal,
        meeting=meeting,
        request=request,
        title=(title or getattr(file, "name", "") or _("bijlage"))[:200],
        file=file,
        uploaded_by=actor.user,
        uploaded_by_label=actor.label or (actor.user.get_username() if actor.user else "system"),
    )
    attachment.full_clean()
    attachment.save()
    _audit(
        actor,
        "governance.attachment.added",
        attachment,
        deal,
        attachment.title,
        after={"title": attachment.title, "file": attachment.file.name},
    )
    return attachment


# ---------------------------------------------------------------------------------------------
# The Rijk-Regio-overleg (Art. 6)


def _check_attendees(deal: dm.Deal, held_on: dt.date, attendees) -> None:
    """Art. 6.3: the overleg consists of its members; a withdrawn Party no longer attends."""
    members = {o.pk for o in overleg_members_in_office(deal, held_on)}
    strangers = [str(o) for o in attendees if o.pk not in members]
    if strangers:
        raise ValidationError(
            {
                "attendees": _("Geen lid van het Rijk-Regio-overleg op die datum (art. 6.3): %(n)s")
                % {"n": ", ".join(strangers)}
            }
        )


def _check_guests(deal: dm.Deal, held_on: dt.date, guests) -> None:
    """Art. 6.1: Partners may take part in the overleg as guests; Art. 6.3: they are not members,
    so a guest is a Partner of the deal on that date and never counted for Art. 6.2."""
    version = version_in_force(deal, held_on)
    partners = set(version.partners.values_list("organisation_id", flat=True))
    strangers = [str(o) for o in guests if o.pk not in partners]
    if strangers:
        raise ValidationError(
            {
                "guests": _("Geen Partner van de deal op die datum (art. 6.1): %(n)s")
                % {"n": ", ".join(strangers)}
            }
        )


MEETING_FIELDS = ("held_on", "title", "location", "agenda", "minutes")


def meeting_create(
    *,
    actor: Actor,
    deal: dm.Deal,
    held_on: dt.date,
    attendees=(),
    guests=(),
    title: str = "Rijk-Regio-overleg",
    location: str = "",
    agenda: str = "",
    minutes: str = "",
) -> gm.Meeting:
    _check_attendees(deal, held_on, attendees)
    _check_guests(deal, held_on, guests)
    with transaction.atomic():
        meeting = gm.Meeting(
            deal=deal, held_on=held_on, title=title, location=location, agenda=agenda, minutes=minutes
        )
        meeting.full_clean()
        meeting.save()
        meeting.attendees.set(attendees)
        meeting.guests.set(guests)
        _audit(actor, "governance.meeting.created", meeting, deal, str(meeting), after=snapshot(meeting))
    return meeting


def meeting_update(
    *,
    actor: Actor,
    meeting: gm.Meeting,
    expected_version: int | None,
    attendees=None,
    guests=None,
    **changes,
) -> gm.Meeting:
    unknown = set(changes) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        before = snapshot(meeting)
        for key, value in changes.items():
            setattr(meeting, key, value)
        meeting.full_clean()
        if attendees is not None:
            _check_attendees(meeting.deal, meeting.held_on, attendees)
        if guests is not None:
            _check_guests(meeting.deal, meeting.held_on, guests)
        save_locked(meeting, expected_version=expected_version, update_fields=list(changes))
        if attendees is not None:
            meeting.attendees.set(attendees)
        if guests is not None:
            meeting.guests.set(guests)
        _audit(
            actor,
            "governance.meeting.updated",
            meeting,
            meeting.deal,
            str(meeting),
            before,
            snapshot(meeting),
        )
    return meeting


def decision_add(*, actor: Actor, meeting: gm.Meeting, text: str, public: bool = True) -> gm.Decision:
    """A decision of the overleg; public unless the office says not (Art. 10: public in
    principle), and then published under the Woo (portal/woo.py)."""
    with transaction.atomic():
        gm.Meeting.objects.select_for_update().get(pk=meeting.pk)
        number = (meeting.decisions.aggregate(n=Max("number"))["n"] or 0) + 1
        decision = gm.Decision(meeting=meeting, number=number, text=text, public=public)
        decision.full_clean()
        decision.save()
        _audit(
            actor, "governance.decision.added", decision, meeting.deal, text[:200], after=snapshot(decision)
        )
    return decision


def action_add(
    *,
    actor: Actor,
    meeting: gm.Meeting,
    description: str,
    owner: dm.Organisation,
    due_on: dt.date,
    owner_person: str = "",
) -> gm.Action:
    if owner.deal_id != meeting.deal_id:
        raise ValidationError({"owner": _("De eigenaar hoort bij een andere deal.")})
    with transaction.atomic():
        action = gm.Action(
            deal=meeting.deal,
            meeting=meeting,
            description=description,
            owner=owner,
            owner_person=owner_person,
            due_on=due_on,
        )
        action.full_clean()
        action.save()
        _audit(
            actor, "governance.action.added", action, meeting.deal, description[:200], after=snapshot(action)
        )
    return action


def action_complete(
    *, actor: Actor, action: gm.Action, expected_version: int | None, done_on: dt.date, note: str = ""
) -> gm.Action:
    _not_in_future(done_on, "done_on")
    with transaction.atomic():
        before = snapshot(action)
        action.done_on, action.done_note = done_on, note
        save_locked(action, expected_version=expected_version, update_fields=["done_on", "done_note"])
        _audit(actor, "governance.action.done", action, action.deal, str(action), before, snapshot(action))
    return action


# ---------------------------------------------------------------------------------------------
# Bottlenecks, risks and the escalation route (Art. 6.2, 6.5, 16)


def escalation_level_save(
    *,
    actor: Actor,
    deal: dm.Deal,
    position: int,
    name: str,
    handled_by: str,
    respond_within_days: int | None = None,
    agreed_in: gm.Meeting | None = None,
    level: gm.EscalationLevel | None = None,
    expected_version: int | None = None,
) -> gm.EscalationLevel:
    """Art. 6.5: the overleg agrees its escalation arrangement; each deal sets its own levels."""
    if agreed_in and agreed_in.deal_id != deal.pk:
        raise ValidationError({"agreed_in": _("Die vergadering hoort bij een andere deal.")})
    taken = gm.EscalationLevel.objects.filter(deal=deal, position=position)
    if level is not None:
        taken = taken.exclude(pk=level.pk)
    if other := taken.first():
        raise ValidationError(
            {
                "position": _("Niveau %(n)s is al %(name)s; kies een ander nummer (art. 6.5).")
                % {"n": position, "name": other.name}
            }
        )
    fields = {
        "position": position,
        "name": name,
        "handled_by": handled_by,
        "respond_within_days": respond_within_days,
        "agreed_in": agreed_in,
    }
    with transaction.atomic():
        if level is None:
            level = gm.EscalationLevel(deal=deal, **fields)
            level.full_clean()
            level.save()
            _audit(
                actor, "governance.escalation_level.created", level, deal, str(level), after=snapshot(level)
            )
        else:
            before = snapshot(level)
            for key, value in fields.items():
                setattr(level, key, value)
            level.full_clean()
            save_locked(level, expected_version=expected_version, update_fields=list(fields))
            _audit(
                actor, "governance.escalation_level.updated", level, deal, str(level), before, snapshot(level)
            )
    return level


def escalation_level_end(
    *, actor: Actor, level: gm.EscalationLevel, ended_on: dt.date, expected_version: int | None = None
) -> gm.EscalationLevel:
    """Art. 6.5: the overleg stops using a level. Its escalations stay in the history; no item
    escalates to it any more. An open item on this level must move to another level first."""
    if level.ended_on:
        raise ValidationError(_("Dit niveau is al beëindigd op %(d)s.") % {"d": level.ended_on})
    _not_in_future(ended_on, "ended_on")
    waiting = gm.RegisterItem.objects.filter(level=level, status=RegisterStatus.OPEN)
    if waiting.exists():
        raise ValidationError(
            {
                "ended_on": _(
                    "Op dit niveau liggen nog %(n)s open punten (%(titles)s); escaleer ze eerst naar een "
                    "ander niveau of sluit ze af."
                )
                % {"n": waiting.count(), "titles": ", ".join(i.title for i in waiting[:3])}
            }
        )
    with transaction.atomic():
        before = snapshot(level)
        level.ended_on = ended_on
        level.full_clean()
        save_locked(level, expected_version=expected_version, update_fields=["ended_on"])
        after = snapshot(level)
        _audit(actor, "governance.escalation_level.ended", level, level.deal, str(level), before, after)
    return level


def escalation_level_delete(*, actor: Actor, level: gm.EscalationLevel) -> None:
    """Remove a level that no item ever reached (one entered by mistake). A level with escalations
    is part of the history: end it instead."""
    with transaction.atomic():
        level = gm.EscalationLevel.objects.select_for_update().get(pk=level.pk)
        used = gm.Escalation.objects.filter(Q(to_level=level) | Q(from_level=level)).exists()
        if used or gm.RegisterItem.objects.filter(level=level).exists():
            raise ValidationError(
                _(
                    "Punten uit het register zijn al via dit niveau geëscaleerd; het blijft in de "
                    "geschiedenis staan. Beëindig het in plaats van het te verwijderen."
                )
            )
        before = snapshot(level)
        deal = level.deal
        _audit(actor, "governance.escalation_level.deleted", level, deal, str(level), before, None)
        level.delete()


ITEM_FIELDS = (
    "kind",
    "title",
    "description",
    "raised_by",
    "addressed_to",
    "raised_on",
    "meeting",
    "mitigation",
    "status",
)


def _check_shortcoming(item: gm.RegisterItem) -> None:
    """Art. 16: Parties call each other to account for shortcomings in carrying out the deal, in
    the Rijk-Regio-overleg: one Party raises it against another Party (a Partner is neither)."""
    if item.kind != RegisterKind.SHORTCOMING:
        if item.addressed_to_id:
            raise ValidationError(
                {"addressed_to": _("Alleen een tekortkoming (art. 16) spreekt een Partij aan.")}
            )
        return
    if item.addressed_to is None:
        raise ValidationError(
            {"addressed_to": _("Kies de Partij die op de tekortkoming wordt aangesproken (art. 16).")}
        )
    parties = {p.organisation_id for p in parties_in_office(item.deal, item.raised_on)}
    for name, org in (("raised_by", item.raised_by), ("addressed_to", item.addressed_to)):
        if org.pk not in parties:
            raise ValidationError(
                {
                    name: _("%(o)s is op %(d)s geen Partij; alleen Partijen spreken elkaar aan (art. 16).")
                    % {"o": org, "d": item.raised_on}
                }
            )
    if item.raised_by_id == item.addressed_to_id:
        raise ValidationError({"addressed_to": _("Een Partij spreekt een andere Partij aan (art. 16).")})


def register_item_create(
    *,
    actor: Actor,
    deal: dm.Deal,
    kind: str,
    title: str,
    description: str,
    raised_by: dm.Organisation,
    raised_on: dt.date,
    meeting: gm.Meeting | None = None,
    mitigation: str = "",
    addressed_to: dm.Organisation | None = None,
) -> gm.RegisterItem:
    for name, obj in (("raised_by", raised_by), ("meeting", meeting), ("addressed_to", addressed_to)):
        if obj is not None and obj.deal_id != deal.pk:
            raise ValidationError({name: _("Hoort bij een andere deal.")})
    with transaction.atomic():
        item = gm.RegisterItem(
            deal=deal,
            kind=kind,
            title=title,
            description=description,
            raised_by=raised_by,
            raised_on=raised_on,
            meeting=meeting,
            mitigation=mitigation,
            addressed_to=addressed_to,
        )
        item.full_clean()
        _check_shortcoming(item)
        item.save()
        _audit(actor, "governance.register_item.created", item, deal, str(item), after=snapshot(item))
    return item


def register_item_update(
    *, actor: Actor, item: gm.RegisterItem, expected_version: int | None, **changes
) -> gm.RegisterItem:
    unknown = set(changes) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        before = snapshot(item)
        for key, value in changes.items():
            setattr(item, key, value)
        item.full_clean()
        _check_shortcoming(item)
        save_locked(item, expected_version=expected_version, update_fields=list(changes))
        _audit(actor, "governance.register_item.updated", item, item.deal, str(item), before, snapshot(item))
    return item


def register_item_escalate(
    *, actor: Actor, item: gm.RegisterItem, to_level: gm.EscalationLevel, reason: str
) -> gm.Escalation:
    """Art. 6.5: an item moves up (or back down) the deal's escalation route; each step a row."""
    if to_level.deal_id != item.deal_id:
        raise ValidationError({"to_level": _("Dat niveau hoort bij een andere deal.")})
    if to_level.ended_on:
        raise ValidationError(
            {"to_level": _("Dat niveau is beëindigd op %(d)s (art. 6.5).") % {"d": to_level.ended_on}}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Zeg waarom.")})
    with transaction.atomic():
        locked = gm.RegisterItem.objects.select_for_update().get(pk=item.pk)
        if locked.status == RegisterStatus.CLOSED:
            raise ValidationError({"to_level": _("Een afgesloten punt escaleert niet.")})
        if locked.level_id == to_level.pk:
            raise ValidationError({"to_level": _("Het punt ligt al op dat niveau.")})
        step = gm.Escalation.objects.create(
            item=locked,
            from_level=locked.level,
            to_level=to_level,
            by=actor.user,
            by_label=actor.label or "system",
            reason=reason,
        )
        locked.level = to_level
        locked.lock_version += 1
        locked.save(update_fields=["level", "lock_version"])
        _audit(
            actor,
            "governance.register_item.escalated",
            locked,
            locked.deal,
            f"{locked} -> {to_level}: {reason}",
            before={"level": step.from_level_id},
            after={"level": to_level.pk},
        )
    item.level, item.lock_version = to_level, locked.lock_version
    return step


# ---------------------------------------------------------------------------------------------
# Procedures: the one way a request changes state


def _transition(
    *, actor: Actor, request: gm.Request, to: str, on: dt.date, note: str = ""
) -> gm.RequestTransition:
    """Take an edge of `workflow.TRANSITIONS`; call inside the transaction holding the row lock."""
    frm = request.status or None
    try:
        edge = reason_for(request.kind, frm, to)
    except KeyError as exc:
        raise ValidationError(
            _("Dit verzoek is %(s)s; die stap kan nu niet.") % {"s": request.get_status_display() or "-"}
        ) from exc
    step = gm.RequestTransition.objects.create(
        request=request,
        from_status=frm or "",
        to_status=to,
        on=on,
        by=actor.user,
        by_label=actor.label or "system",
        reason=f"{edge}. {note}".strip() if note else edge,
    )
    request.status = to
    request.save(update_fields=["status"])
    _audit(
        actor,
        f"governance.request.{to}",
        request,
        request.deal,
        f"{request}: {frm or '-'} -> {to}. {note}".strip(),
        before={"status": frm},
        after={"status": to, "on": on.isoformat()},
    )
    return step


def _lock(request: gm.Request) -> gm.Request:
    return gm.Request.objects.select_for_update().select_related("deal").get(pk=request.pk)


def _create_request(
    *,
    actor: Actor,
    deal: dm.Deal,
    kind: str,
    filed_on: dt.date,
    title: str,
    reasons: str,
    initial: str,
    **fields,
) -> gm.Request:
    _not_in_future(filed_on, "filed_on")
    dm.Deal.objects.select_for_update().get(pk=deal.pk)
    number = (gm.Request.objects.filter(deal=deal).aggregate(n=Max("number"))["n"] or 0) + 1
    request = gm.Request(
        deal=deal,
        number=number,
        kind=kind,
        status="",
        filed_on=filed_on,
        title=title,
        reasons=reasons,
        **fields,
    )
    request.full_clean(exclude=["status"])
    request.save()
    _transition(actor=actor, request=request, to=initial, on=filed_on)
    return request


def _completion_day(request: gm.Request) -> dt.date:
    """The day the last of what adoption needs was there: the last declaration (recorded out of
    order, the last one dated completes the set), the discussion, the acceptance."""
    days = list(request.consents.values_list("declared_on", flat=True))
    if request.discussed_in_id:
        days.append(request.discussed_in.held_on)
    if request.obligations_accepted_on:
        days.append(request.obligations_accepted_on)
    return max(days)


def _definition_refused(exc: DefinitionError | ValidationError, text: str = "") -> ValidationError:
    """A refused definition as a ValidationError: the API's message per problem, with its
    rule code, and the same problem in words for the screen (`changes.refusal`)."""
    if isinstance(exc, ValidationError):
        return exc
    content = yaml.safe_load(text) if text else {}
    return refusal(exc.problems, content if isinstance(content, dict) else {})


def _in_words(exc: ValidationError) -> str:
    """A refusal's problems as the screen shows them, without rule codes."""
    return "; ".join(
        str(e.params["message"]) if e.params and "message" in e.params else e.messages[0]
        for e in exc.error_list
    )


def _amended(request_or_changes, content: dict, name: str) -> str:
    try:
        return amended_text(content, request_or_changes, name)
    except DefinitionError as exc:
        raise _definition_refused(exc) from exc


def _check_party(
    deal: dm.Deal, organisation: dm.Organisation, on: dt.date, field: str = "filed_by"
) -> dm.Party:
    for party in parties_in_office(deal, on):
        if party.organisation_id == organisation.pk:
            return party
    raise ValidationError(
        {field: _("%(o)s is op %(d)s geen Partij van de deal.") % {"o": organisation, "d": on}}
    )


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


# The first bytes of the files a scanned letter may be: PDF, PNG, JPEG.
LETTER_SIGNATURES = {"pdf": (b"%PDF-",), "png": (b"\x89PNG\r\n\x1a\n",), "jpg": (b"\xff\xd8\xff",)}
LETTER_SIGNATURES["jpeg"] = LETTER_SIGNATURES["jpg"]


def check_letter(file, field: str) -> None:
    """A scanned letter is a PDF or an image (PNG, JPEG) of at most 20 MB, and its content must
    be what its name says."""
    name = getattr(file, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in LETTER_SIGNATURES:
        raise ValidationError(
            {field: _("Voeg de brief toe als PDF, PNG of JPEG; %(n)s is dat niet.") % {"n": name or "—"}}
        )
    if file.size > MAX_UPLOAD_BYTES:
        raise ValidationError({field: _("Het bestand is groter dan 20 MB.")})
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not head.startswith(LETTER_SIGNATURES[extension]):
        raise ValidationError(
            {
                field: _("%(n)s is geen leesbaar %(t)s-bestand. Scan de brief opnieuw als PDF, PNG of JPEG.")
                % {"n": name, "t": extension.upper()}
            }
        )


def required_parties(request: gm.Request, on: dt.date) -> list[dm.Party]:
    """Whose consent the request needs on `on`: every Party in office then (Art. 11.1, 13.1). An
    acceded Party counts from its adoption; a withdrawn one no longer from its effective day."""
    return parties_in_office(request.deal, on)


def consent_record(
    *,
    actor: Actor,
    request: gm.Request,
    organisation: dm.Organisation,
    answer: str,
    declared_on: dt.date,
    declaration,
    note: str = "",
    on_behalf: bool = False,
) -> gm.Consent:
    """Art. 11.3, 13.3: a Party makes known to VRO that it consents (or not), with its written
    declaration. One refusal rejects the request; the consent of every Party in office adopts it.

    `on_behalf`: the declaration reached the programme office by letter and the office records it
    for the Party (the caller checks MANAGE_GOVERNANCE); the scanned letter must be a PDF or an
    image (`check_letter`). The same rules hold: one answer per Party, Parties in office, and
    only while the request asks for consent."""
    if request.kind not in CONSENT_KINDS:
        raise ValidationError(_("Voor dit verzoek is geen instemming nodig."))
    if answer not in Answer.values:
        raise ValidationError({"answer": _("Instemmen of niet instemmen.")})
    if declaration is None:
        raise ValidationError({"declaration": _("Voeg de schriftelijke verklaring toe (art. 11.3).")})
    if on_behalf:
        check_letter(declaration, "declaration")
    _not_in_future(declared_on, "declared_on")
    with transaction.atomic():
        request = _lock(request)
        if request.status != S.CONSULTATION:
            raise ValidationError(
                _(
                    "Dit verzoek is %(s)s: verklaringen volgen nadat VRO het verzoek heeft ontvangen en om "
                    "instemming vraagt (art. 11.2)."
                )
                % {"s": request.get_status_display()}
            )
        if declared_on < request.received_on:
            raise ValidationError({"declared_on": _("Vóór VRO om instemming vroeg (art. 11.2).")})
        required = required_parties(request, declared_on)
        if organisation.pk not in {p.organisation_id for p in required}:
            raise ValidationError(
                {
                    "organisation": _("%(o)s is op %(d)s geen Partij van de deal.")
                    % {"o": organisation, "d": declared_on}
                }
            )
        if request.consents.filter(organisation=organisation).exists():
            raise ValidationError(
                {"organisation": _("%(o)s heeft al een verklaring gegeven.") % {"o": organisation}}
            )
        attachment = attachment_add(
            actor=actor,
            deal=request.deal,
            file=declaration,
            title=(_("Brief van %(o)s") if on_behalf else _("Verklaring van %(o)s")) % {"o": organisation},
            request=request,
        )
        consent = gm.Consent(
            request=request,
            organisation=organisation,
            answer=answer,
            declared_on=declared_on,
            declaration=attachment,
            note=note,
            on_behalf=on_behalf,
            recorded_by=actor.user,
            recorded_by_label=actor.label or "system",
        )
        consent.full_clean()
        consent.save()
        _audit(
            actor,
            f"governance.consent.{answer}",
            consent,
            request.deal,
            f"{consent} ({consent.recorded_as})" if on_behalf else str(consent),
            after={
                "request": request.number,
                "organisation": organisation.code,
                "answer": answer,
                "declared_on": declared_on.isoformat(),
                "on_behalf": on_behalf,
                "note": note,
            },
        )
        if answer == Answer.REFUSE:
            request.decided_on = declared_on
            request.save(update_fields=["decided_on"])
            _transition(
                actor=actor,
                request=request,
                to=S.REJECTED,
                on=declared_on,
                note=(_("%(o)s stemt niet in (per brief).") if on_behalf else _("%(o)s stemt niet in."))
                % {"o": organisation},
            )
        else:
            # Declarations may be recorded out of order: the last one dated completes the set.
            _adopt_if_complete(actor=actor, request=request, on=_completion_day(request))
    return consent


def request_reconsider(*, actor: Actor, request: gm.Request, on: dt.date | None = None) -> gm.Request:
    """Adopt a request whose remaining Parties all consented, once a Party that never answered has
    left (its withdrawal took effect, Art. 12), or once what it waited for is recorded (the
    discussion in the overleg, Art. 4.3 and 19.2; the acceding party's acceptance, Art. 13.1)."""
    on = on or _today()
    with transaction.atomic():
        request = _lock(request)
        if request.status != S.CONSULTATION:
            raise ValidationError(_("Dit verzoek wacht niet op verklaringen."))
        if not _adopt_if_complete(actor=actor, request=request, on=on):
            if missing_consents(request, on):
                raise ValidationError(_("Nog niet alle Partijen hebben ingestemd."))
            raise ValidationError(_waiting_message(request, on))
    return request


def _waiting_message(request: gm.Request, on: dt.date) -> str:
    parts = []
    for what in waits_for(request, on):
        if what == "discussion":
            parts.append(
                _(
                    "Deze wijziging wordt pas aangenomen na bespreking in het Rijk-Regio-overleg "
                    "(art. %(a)s): leg de vergadering vast die haar besprak."
                )
                % {"a": ", ".join(overleg_articles(request))}
            )
        else:
            parts.append(
                _(
                    "De toetredende partij heeft de verplichtingen nog niet aanvaard (art. 13.1): "
                    "leg dat vast."
                )
            )
    return " ".join(parts)


def missing_consents(request: gm.Request, on: dt.date) -> list[dm.Party]:
    consented = set(request.consents.filter(answer=Answer.CONSENT).values_list("organisation_id", flat=True))
    return [p for p in required_parties(request, on) if p.organisation_id not in consented]


def overleg_articles(request: gm.Request) -> list[str]:
    """The articles by which this request's changes need discussion in the Rijk-Regio-overleg:
    the budget split (Art. 4.3) and the duration (Art. 19.2), whatever the request's kind."""
    return [article for key, article in NEEDS_OVERLEG.items() if request.changes.get(key)]


def discussion_of(request: gm.Request, on: dt.date | None = None) -> gm.Meeting | None:
    """The overleg meeting that discussed the request on or before `on`: the meeting of its
    decision, or the meeting recorded as its discussion (an agenda item and minutes suffice)."""
    for meeting in (request.decision.meeting if request.decision_id else None, request.discussed_in):
        if meeting is not None and (on is None or meeting.held_on <= on):
            return meeting
    return None


def waits_for(request: gm.Request, on: dt.date) -> list[str]:
    """What, beside the consents, the request waits for before it can be adopted on `on`."""
    out = []
    if overleg_articles(request) and discussion_of(request, on) is None:
        out.append("discussion")
    if request.kind == RequestKind.ACCESSION and not request.obligations_accepted_on:
        out.append("acceptance")
    return out


def _adopt_if_complete(*, actor: Actor, request: gm.Request, on: dt.date) -> bool:
    if missing_consents(request, on) or waits_for(request, on):
        return False
    effective = max(request.effective_from or on, on)
    version = _make_version(actor=actor, request=request, effective=effective)
    request.adopted_version, request.effective_from, request.decided_on = version, effective, on
    request.save(update_fields=["adopted_version", "effective_from", "decided_on"])
    _transition(
        actor=actor,
        request=request,
        to=S.ADOPTED,
        on=on,
        note=_("Versie %(n)s van de deal, geldt vanaf %(d)s.") % {"n": version.number, "d": effective},
    )
    return True


def _make_version(*, actor: Actor, request: gm.Request, effective: dt.date) -> dm.DealVersion:
    """The new deal version of an adopted request, on the version in force on its effective date;
    then every version already made for a later date, made again on top of it."""
    deal = request.deal
    name = f"{deal.slug}-verzoek-{request.number}.yaml"
    base = version_in_force(deal, effective)
    text = _amended(request.changes, base.content, name)
    try:
        version = deal_version_create(
            actor=actor,
            deal=deal,
            source_text=text,
            source_name=name,
            effective_from=effective,
            origin=ORIGIN[request.kind],
            summary=f"{request} ({request.get_kind_display()})",
        )
    except DefinitionError as exc:
        raise _definition_refused(exc, text) from exc
    later = (
        gm.Request.objects.filter(deal=deal, adopted_version__effective_from__gt=effective)
        .exclude(pk=request.pk)
        .select_related("adopted_version")
        .order_by("adopted_version__effective_from", "adopted_version__number")
    )
    for other in later:
        when = other.adopted_version.effective_from
        other_name = f"{deal.slug}-verzoek-{other.number}.yaml"
        try:
            again = deal_version_create(
                actor=actor,
                deal=deal,
                source_text=_amended(other.changes, version_in_force(deal, when).content, other_name),
                source_name=other_name,
                effective_from=when,
                origin=ORIGIN[other.kind],
                summary=f"{other}, again on top of {request}",
            )
        except (DefinitionError, ValidationError) as exc:
            raise ValidationError(
                _("Samen met %(o)s (gaat in op %(d)s) klopt de deal niet meer: %(e)s")
                % {"o": other, "d": when, "e": _in_words(_definition_refused(exc))}
            ) from exc
        other.adopted_version = again
        other.save(update_fields=["adopted_version"])
    return version


def request_withdraw(*, actor: Actor, request: gm.Request, on: dt.date, reason: str) -> gm.Request:
    with transaction.atomic():
        request = _lock(request)
        _transition(actor=actor, request=request, to=S.WITHDRAWN, on=on, note=reason)
    return request


def changes_duration(request: gm.Request) -> bool:
    """Art. 19.2: the request changes the end date, whether as a duration change or inside a
    generic amendment."""
    return request.kind == RequestKind.DURATION or bool(request.changes.get("ends_on"))


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


# ---------------------------------------------------------------------------------------------
# Withdrawal (Art. 12)


def withdrawal_file(
    *,
    actor: Actor,
    deal: dm.Deal,
    party: dm.Organisation,
    notice_on: dt.date,
    circumstances: str,
    letter=None,
) -> gm.Request:
    """Art. 12.1: every Party may give written notice, which must state the changed circumstances
    (a notice without them is refused); it takes effect the notice period (3 months) after the
    notice date, from when the Party no longer counts for consents and meetings. The deal stays
    in force for the others as far as its content allows (12.2); the Party's history stays.

    A Party that holds a role in the deal (the regiokassier, Art. 5; VRO, who gives the national
    contribution and receives the requests, Art. 4.2, 11.2, 13.2) may withdraw too. The notice
    then names the roles and puts the consequence before the overleg; the covenant prescribes no
    remedy, so the new version is made once the remaining Parties' decision is recorded
    (`withdrawal_roles_decide`)."""
    if not circumstances.strip():
        raise ValidationError(
            {
                "reasons": _(
                    "Een opzegging moet de verandering in omstandigheden vermelden (art. 12.1); "
                    "zonder die vermelding wordt ze geweigerd."
                )
            }
        )
    _check_party(deal, party, notice_on, "party")
    if gm.Request.objects.filter(deal=deal, kind=RequestKind.WITHDRAWAL, filed_by=party).exists():
        raise ValidationError({"party": _("%(o)s heeft al opgezegd.") % {"o": party}})
    version = version_in_force(deal, notice_on)
    roles = roles_of(version, party)
    effective = withdrawal_effective_on(notice_on, version.rules.withdrawal_notice_months)
    with transaction.atomic():
        request = _create_request(
            actor=actor,
            deal=deal,
            kind=RequestKind.WITHDRAWAL,
            filed_on=notice_on,
            title=_("Opzegging door %(o)s") % {"o": party},
            reasons=circumstances,
            initial=S.NOTICE_GIVEN,
            filed_by=party,
            changes={"remove_party": party.code},
            effective_from=effective,
            roles=roles,
        )
        if roles:
            _audit(
                actor,
                "governance.request.roles_open",
                request,
                deal,
                f"{request}: {party.code} holds {', '.join(roles)}; for the overleg (art. 12.2)",
                after={"roles": roles},
            )
        else:
            made = _make_version(actor=actor, request=request, effective=effective)
            request.adopted_version = made
            request.save(update_fields=["adopted_version"])
        if letter is not None:
            attachment_add(actor=actor, deal=deal, file=letter, title=_("Opzegging"), request=request)
    return request


def roles_of(version: dm.DealVersion, organisation: dm.Organisation) -> list[str]:
    """The roles (constants.Role) the organisation holds in this version of the deal."""
    roles = []
    if version.regiokassier_id == organisation.pk:
        roles.append(Role.REGIOKASSIER.value)
    rules = version.rules
    if organisation.pk in (rules.amendment_addressed_to_id, rules.accession_addressed_to_id):
        roles.append(Role.VRO.value)
    return roles


def role_consequence(role: str) -> str:
    """Art. 12.2: what the overleg must settle when the Party holding `role` leaves."""
    if role == Role.REGIOKASSIER:
        return _("wie het rijksgeld hierna ontvangt en verantwoordt (art. 5, 7.3)")
    return _(
        "de rijksbijdrage (art. 4.2) en wie de verzoeken tot wijziging en toetreding ontvangt "
        "(art. 11.2, 13.2)"
    )


def withdrawal_roles_decide(
    *,
    actor: Actor,
    request: gm.Request,
    decision: gm.Decision,
    successors: dict[str, dm.Organisation],
    note: str,
) -> gm.Request:
    """Art. 12.2: record what the remaining Parties decided about the roles of a withdrawing
    Party (a decision of the overleg), and who takes each role from the day the notice takes
    effect. Then the version without the Party is made. The regiokassier must be a regional
    Party (Art. 5); the definition's check says so when it is not."""
    request = gm.Request.objects.get(pk=request.pk)  # as stored, not as the caller read it
    if request.kind != RequestKind.WITHDRAWAL or not request.roles:
        raise ValidationError(_("Deze opzegging laat geen rol open."))
    if request.roles_decision_id:
        raise ValidationError(_("Het besluit over de rollen is al vastgelegd."))
    if decision is None or decision.meeting.deal_id != request.deal_id:
        raise ValidationError({"decision": _("Kies het besluit van het Rijk-Regio-overleg (art. 12.2).")})
    if decision.meeting.held_on < request.filed_on:
        raise ValidationError({"decision": _("Dat besluit ligt vóór de opzegging.")})
    if not note.strip():
        raise ValidationError({"note": _("Zeg wat de overige Partijen besloten (art. 12.2).")})
    chosen = {}
    for role in request.roles:
        org = successors.get(role)
        if org is None:
            raise ValidationError({role: _("Kies wie de rol %(r)s overneemt.") % {"r": Role(role).label}})
        if org.code == request.changes.get("remove_party"):
            raise ValidationError({role: _("Dat is de Partij die opzegt.")})
        _check_party(request.deal, org, request.effective_from, role)
        chosen[role] = org.code
    with transaction.atomic():
        request = _lock(request)
        before = snapshot(request, ["roles_decision", "roles_note", "changes"])
        request.roles_decision, request.roles_note = decision, note
        request.changes = {**request.changes, "roles": chosen}
        made = _make_version(actor=actor, request=request, effective=request.effective_from)
        request.adopted_version = made
        request.save(update_fields=["roles_decision", "roles_note", "changes", "adopted_version"])
        _audit(
            actor,
            "governance.request.roles_decided",
            request,
            request.deal,
            f"{request}: {chosen}. {note}",
            before,
            snapshot(request, ["roles_decision", "roles_note", "changes"]),
        )
    return request


# ---------------------------------------------------------------------------------------------
# Accession: the acceding party accepts its obligations (Art. 13.1)


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


# ---------------------------------------------------------------------------------------------
# Publication in the Staatscourant (Art. 20.1)


def publication_record(
    *,
    actor: Actor,
    deal: dm.Deal,
    reference: str,
    published_on: dt.date,
    url: str = "",
    request: gm.Request | None = None,
) -> gm.Publication:
    """Art. 20.1: the deal is made public in the Staatscourant; record where. An adopted
    amendment's publication may be recorded too (the covenant does not require it)."""
    if request is not None:
        if request.deal_id != deal.pk:
            raise ValidationError({"request": _("Dat verzoek hoort bij een andere deal.")})
        if request.status != S.ADOPTED:
            raise ValidationError({"request": _("Alleen een aangenomen wijziging wordt gepubliceerd.")})
    _not_in_future(published_on, "published_on")
    first_signature = deal.signatures.order_by("signed_on").values_list("signed_on", flat=True).first()
    if first_signature is None or published_on < first_signature:
        raise ValidationError(
            {"published_on": _("Vóór de ondertekening (art. 17): eerst ondertekenen, dan publiceren.")}
        )
    reference = " ".join(reference.split())
    if gm.Publication.objects.filter(deal=deal, reference__iexact=reference).exists():
        raise ValidationError({"reference": _("Deze vindplaats is al vastgelegd.")})
    with transaction.atomic():
        publication = gm.Publication(
            deal=deal, reference=reference, published_on=published_on, url=url, request=request
        )
        publication.full_clean()
        publication.save()
        _audit(
            actor,
            "governance.publication.recorded",
            publication,
            deal,
            f"{reference} ({published_on})",
            after=snapshot(publication),
        )
    return publication


# ---------------------------------------------------------------------------------------------
# Confidentiality (Art. 10)


def confidentiality_file(
    *,
    actor: Actor,
    deal: dm.Deal,
    filed_by: dm.Organisation,
    filed_on: dt.date,
    record,
    grounds: str,
    until: dt.date | None = None,
    woo_ground: str = "",
) -> gm.Request:
    """Art. 10.1: a Party asks that a record be kept confidential, with its grounds (and the
    ground of the Woo, art. 5.1/5.2, it is withheld on). The other
    Parties keep it confidential from the request on, until the decision says otherwise."""
    if not grounds.strip():
        raise ValidationError({"reasons": _("Noem de gronden voor geheimhouding (art. 10).")})
    if deal_of(record) != deal.pk:
        raise ValidationError({"record": _("Dat gegeven hoort niet bij deze deal.")})
    _check_party(deal, filed_by, filed_on)
    with transaction.atomic():
        request = _create_request(
            actor=actor,
            deal=deal,
            kind=RequestKind.CONFIDENTIALITY,
            filed_on=filed_on,
            title=_("Geheimhouding van %(r)s") % {"r": str(record)[:250]},
            reasons=grounds,
            initial=S.FILED,
            filed_by=filed_by,
            target_type=ContentType.objects.get_for_model(record),
            target_id=record.pk,
            target_label=str(record)[:300],
            confidential_until=until,
        )
        request.confidentiality = disclosure.confidentiality_start(
            actor=actor,
            deal=deal,
            record=record,
            starts_on=filed_on,
            grounds=grounds,
            source=f"governance.request:{request.number}",
            woo_ground=woo_ground,
        )
        request.save(update_fields=["confidentiality"])
    return request


def confidentiality_decide(
    *,
    actor: Actor,
    request: gm.Request,
    grant: bool,
    decided_on: dt.date,
    until: dt.date | None = None,
    note: str = "",
) -> gm.Request:
    """Granted: confidential up to and including `until` (open-ended if empty). Refused (the law,
    a court or the deal requires disclosure, Art. 10.1): public from the decision on."""
    _not_in_future(decided_on, "decided_on")
    if request.kind != RequestKind.CONFIDENTIALITY:
        raise ValidationError(_("Dit is geen verzoek om geheimhouding."))
    if grant and until is not None and until < decided_on:
        raise ValidationError({"until": _("De einddatum ligt vóór het besluit.")})
    if not grant and not note.strip():
        raise ValidationError({"note": _("Zeg welke verplichting tot openbaarmaking geldt (art. 10.1).")})
    with transaction.atomic():
        request = _lock(request)
        end = until if grant else decided_on - dt.timedelta(days=1)
        _transition(
            actor=actor, request=request, to=S.GRANTED if grant else S.REFUSED, on=decided_on, note=note
        )
        request.decided_on, request.confidential_until = decided_on, end
        request.save(update_fields=["decided_on", "confidential_until"])
        disclosure.confidentiality_set_until(
            actor=actor,
            confidentiality=request.confidentiality,
            until=end,
            reason=f"{request}: {request.get_status_display()}",
        )
    return request


def confidentiality_lift(*, actor: Actor, request: gm.Request, on: dt.date, reason: str) -> gm.Request:
    _not_in_future(on, "on")
    with transaction.atomic():
        request = _lock(request)
        _transition(actor=actor, request=request, to=S.LIFTED, on=on, note=reason)
        request.confidential_until = on - dt.timedelta(days=1)
        request.save(update_fields=["confidential_until"])
        disclosure.confidentiality_set_until(
            actor=actor,
            confidentiality=request.confidentiality,
            until=request.confidential_until,
            reason=f"{request}: {reason}",
        )
    return request


# ---------------------------------------------------------------------------------------------
# The obligations calendar


def obligation_fulfil(
    *, actor: Actor, deal: dm.Deal, key: str, done_on: dt.date, evidence: str, file=None
) -> gm.ObligationFulfilment:
    """Record that a dated duty was done, with its evidence (a text, and a file if there is one)."""
    from .selectors import obligations

    _not_in_future(done_on, "done_on")
    if not evidence.strip():
        raise ValidationError({"evidence": _("Waaruit blijkt dat het gedaan is?")})
    known = {o.key: o for o in obligations(deal, _today())}
    if key not in known or not known[key].manual:
        raise ValidationError({"key": _("Deze verplichting wordt niet met de hand afgevinkt.")})
    with transaction.atomic():
        if gm.ObligationFulfilment.objects.filter(deal=deal, key=key).exists():
            raise ValidationError({"key": _("Deze verplichting is al afgevinkt.")})
        attachment = (
            attachment_add(actor=actor, deal=deal, file=file, title=known[key].title) if file else None
        )
        row = gm.ObligationFulfilment(
            deal=deal,
            key=key,
            done_on=done_on,
            evidence=evidence,
            attachment=attachment,
            recorded_by=actor.user,
            recorded_by_label=actor.label or "system",
        )
        row.full_clean()
        row.save()
        _audit(
            actor,
            "governance.obligation.fulfilled",
            row,
            deal,
            f"{key}: {evidence[:200]}",
            after={"key": key, "done_on": done_on.isoformat()},
        )
    return row


def calendar_token_issue(*, actor: Actor, user, deal: dm.Deal) -> str:
    """A new secret for the user's calendar feed (the old address stops working). Only the hash
    is stored; the secret is shown once."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        gm.CalendarToken.objects.filter(user=user, deal=deal).delete()
        row = gm.CalendarToken.objects.create(user=user, deal=deal, token_hash=token_hash(token))
        _audit(
            actor, "governance.calendar_token.issued", row, deal, f"calendar feed for {user.get_username()}"
        )
    return token


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
