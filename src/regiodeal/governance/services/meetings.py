"""The Rijk-Regio-overleg (Art. 6): meetings, decisions and actions; and the bottlenecks, risks
and the escalation route (Art. 6.2, 6.5, 16)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from regiodeal.audit.services import Actor, snapshot
from regiodeal.common.locking import save_locked
from regiodeal.common.records import record_created, record_updated
from regiodeal.deals import models as dm
from regiodeal.deals.selectors import overleg_members_in_office, parties_in_office, version_in_force

from .. import models as gm
from ..constants import RegisterKind, RegisterStatus
from .common import _audit, _not_in_future


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

        def people(saved):
            saved.attendees.set(attendees)
            saved.guests.set(guests)

        return record_created(meeting, actor=actor, action="governance.meeting.created", then=people)


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
        return record_created(
            decision,
            actor=actor,
            action="governance.decision.added",
            summary=text[:200],
            deal_slug=meeting.deal.slug,
        )


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
        return record_created(
            action, actor=actor, action="governance.action.added", summary=description[:200]
        )


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
            return record_created(level, actor=actor, action="governance.escalation_level.created")
        return record_updated(
            level,
            actor=actor,
            action="governance.escalation_level.updated",
            changes=fields,
            expected_version=expected_version,
            deal_slug=deal.slug,
        )


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
        return record_updated(
            level,
            actor=actor,
            action="governance.escalation_level.ended",
            changes={"ended_on": ended_on},
            expected_version=expected_version,
        )


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
            by_label=actor.record_label,
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
