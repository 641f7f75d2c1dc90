"""Writes for residents' ideas: bring one in, move it along its life (workflow.py), read the
resident's contact details (audited, AVG) and delete them after the retention period."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from regiodeal.accounts.roles import Capability
from regiodeal.audit.services import Actor, audit_personal_data_read, audit_record
from regiodeal.common.records import record_created
from regiodeal.common.transitions import Procedure, lock
from regiodeal.common.transitions import transition as engine_transition
from regiodeal.deals import models as dm
from regiodeal.participation.personal_data import personal_data_errors

from .constants import DESCRIPTION_MAX, TITLE_MAX, IdeaStatus
from .models import Idea, IdeaContact, IdeaTransition
from .selectors import idea_areas
from .workflow import FINAL, NEEDS_PROJECT, NEEDS_REASON, TRANSITIONS

CONSENT_TEXT = (
    "Ik geef toestemming om mijn contactgegevens te gebruiken om contact met mij op te nemen over dit "
    "idee. Alleen het programmabureau ziet ze; ze worden niet gepubliceerd en na afloop van de "
    "bewaartermijn verwijderd."
)
NOTIFY_TEXT = gettext_noop(
    "Stuur mij een e-mail als de status van mijn idee verandert (alleen met een e-mailadres en "
    "toestemming hierboven)."
)


def _personal_data_errors(title: str, description: str) -> dict[str, list[str]]:
    """The idea's text is published: refuse e-mail addresses, phone numbers and addresses in it
    (the participation app's guard, always installed: it never silently switches off)."""
    return personal_data_errors(
        {"title": (_("Titel"), title), "description": (_("Omschrijving"), description)}
    )


def idea_submit(
    *,
    actor: Actor,
    deal: dm.Deal,
    title: str,
    description: str,
    area_code: str,
    name: str = "",
    email: str = "",
    phone: str = "",
    consent: bool = False,
    notify_status: bool = False,
) -> Idea:
    """Bijlage 1 §3: a resident brings in an idea for a wijk. Contact details are optional and
    kept only with consent; with an e-mail address the resident may also ask to be told when the
    idea's status changes (`notify_status`, off unless ticked; notifications.jobs.idea_status_mail),
    in the language they used."""
    title, description = title.strip(), description.strip()
    name, email, phone = name.strip(), email.strip(), phone.strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Geef uw idee een titel.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [_("De titel is te lang (hoogstens %(n)s tekens).") % {"n": TITLE_MAX}]
    if not description:
        errors["description"] = [_("Beschrijf uw idee.")]
    elif len(description) > DESCRIPTION_MAX:
        errors["description"] = [
            _("De omschrijving is te lang (hoogstens %(n)s tekens).") % {"n": DESCRIPTION_MAX}
        ]
    areas = {a.code: a for a in idea_areas(deal)}
    if area_code not in areas:
        errors["area"] = [_("Kies een wijk of gebied van de Regio Deal.")]
    if (name or email or phone) and not consent:
        errors["consent"] = [
            _("Zonder toestemming bewaren we geen contactgegevens: vink het vakje aan of laat ze leeg.")
        ]
    if notify_status and not email:
        errors["email"] = [_("Vul uw e-mailadres in als u bericht wilt krijgen over uw idee.")]
    errors.update(_personal_data_errors(title, description))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        dm.Deal.objects.select_for_update().get(pk=deal.pk)  # numbers without gaps or doubles
        number = (Idea.objects.filter(deal=deal).aggregate(n=Max("number"))["n"] or 0) + 1
        idea = Idea(
            deal=deal,
            number=number,
            title=title,
            description=description,
            area_code=area_code,
            area_name=areas[area_code].name,
        )
        record_created(idea, actor=actor, action="ideas.idea.submitted")
        if name or email or phone:
            contact = IdeaContact(
                idea=idea,
                name=name,
                email=email,
                phone=phone,
                consent_text=CONSENT_TEXT + (f" {NOTIFY_TEXT}" if notify_status else ""),
                notify_status=notify_status,
                language=(get_language() or "nl")[:2],
            )
            # The values stay out of the audit trail: it records which fields were given.
            record_created(
                contact,
                actor=actor,
                action="ideas.contact.stored",
                summary=f"contact details of {idea}: {', '.join(contact.filled_fields())}",
                deal_slug=deal.slug,
                snapshot_of=lambda c: {"fields": c.filled_fields()},
            )
    return idea


def _reason_and_project(idea: Idea, to: str, context) -> None:
    """A refusal or removal tells the resident why (public); taking it up names the project."""
    if to in NEEDS_REASON and not context["public_reason"]:
        raise ValidationError({"public_reason": _("Zeg de indiener waarom (dit is openbaar).")})
    if to in NEEDS_PROJECT:
        project = context["project"]
        if project is None:
            raise ValidationError({"project": _("Kies het project dat het idee opneemt.")})
        if project.deal_id != idea.deal_id:
            raise ValidationError({"project": _("Dat project hoort bij een andere deal.")})


def _refused(idea: Idea, frm: str | None, to: str, allowed: list[str]) -> dict:
    return {
        "to_status": _("Van ‘%(frm)s’ kan een idee niet naar ‘%(to)s’.")
        % {"frm": _label(frm), "to": _label(to)}
    }


# The life of an idea (workflow.TRANSITIONS) in the one transition engine.
PROCEDURE = Procedure(
    name="idea",
    row_model=IdeaTransition,
    subject="idea",
    table=TRANSITIONS,
    action="ideas.idea.transition",
    refused=_refused,
    capability=Capability.MANAGE_PARTICIPATION,
    guards=(_reason_and_project,),
)


def idea_transition(
    *,
    actor: Actor,
    idea: Idea,
    to_status: str,
    public_reason: str = "",
    internal_note: str = "",
    project=None,
) -> IdeaTransition:
    """Move an idea along the transitions table; the reason is public, the note is not."""
    public_reason, internal_note = public_reason.strip(), internal_note.strip()
    if to_status not in NEEDS_PROJECT:
        project = None
    with transaction.atomic():
        idea = lock(idea)
        frm = idea.status
        return engine_transition(
            PROCEDURE,
            actor=actor,
            obj=idea,
            to=to_status,
            context={"public_reason": public_reason, "project": project},
            row={"public_reason": public_reason, "internal_note": internal_note, "project": project},
            fields={
                "project": project,
                "public_reason": public_reason,
                "closed_at": timezone.now() if to_status in FINAL else None,
            },
            summary=f"{idea}: {frm} -> {to_status}",
        )


def _label(status: str | None) -> str:
    try:
        return str(IdeaStatus(status).label)
    except ValueError:
        return str(status)


def idea_contact_read(*, actor: Actor, idea: Idea) -> IdeaContact | None:
    """AVG: the programme office reads a resident's contact details; the read is recorded."""
    contact = IdeaContact.objects.filter(idea=idea).first()
    if contact is not None:
        audit_personal_data_read(
            actor=actor, obj=contact, deal_slug=idea.deal.slug, fields=contact.filled_fields()
        )
    return contact


def contacts_purge(*, actor: Actor, contacts) -> list[tuple[Idea, list[str]]]:
    """Delete contact details whose retention period has passed, each deletion audited.
    Idempotent: what is gone is not found again."""
    done = []
    for contact in contacts:
        with transaction.atomic():
            locked = IdeaContact.objects.select_for_update().filter(pk=contact.pk).first()
            if locked is None:
                continue
            idea, fields = contact.idea, locked.filled_fields()
            audit_record(
                actor=actor,
                action="ideas.contact.purged",
                obj=locked,
                deal_slug=idea.deal.slug,
                summary=f"contact details of {idea} deleted after the retention period: {', '.join(fields)}",
                before={"fields": fields},
            )
            locked.delete()
            done.append((idea, fields))
    return done


def resident_sources_purge(*, actor: Actor, now=None) -> int:
    """Blank the IP addresses of residents in the audit trail once their retention period has
    passed (`selectors.resident_sources_expired`): the one rewrite the trail permits. One event per
    deal records which events were blanked. Idempotent. Returns how many were blanked."""
    from regiodeal.audit.models import AuditChain, AuditEvent

    from .selectors import resident_sources_expired

    due = resident_sources_expired(now)
    by_deal: dict[str, list[int]] = {}
    for slug, pk in AuditEvent.objects.filter(pk__in=due).values_list("deal_slug", "id"):
        by_deal.setdefault(slug, []).append(pk)
    blanked = 0
    for slug, ids in sorted(by_deal.items()):
        with transaction.atomic():
            n = AuditEvent.objects.filter(pk__in=ids).purge_sources()
            if n:
                chain = AuditChain.objects.get(key=slug)
                audit_record(
                    actor=actor,
                    action="audit.source.purged",
                    obj=chain,
                    deal_slug=slug,
                    summary=f"residents IP addresses blanked in {n} audit events (retention passed)",
                    after={"events": sorted(ids)},
                )
            blanked += n
    return blanked


def personal_data_purge(*, actor: Actor, now=None) -> tuple[list[tuple[Idea, list[str]]], int]:
    """The daily purge (AVG art. 5(1)(e)): residents' contact details and the IP addresses in the
    audit trail whose retention period has passed. Returns (contacts deleted, addresses blanked)."""
    from .selectors import contacts_expired

    contacts = contacts_purge(actor=actor, contacts=contacts_expired(now))
    return contacts, resident_sources_purge(actor=actor, now=now)
