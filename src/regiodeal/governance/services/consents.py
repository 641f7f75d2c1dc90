"""The Parties' declarations on a request (Art. 11.3, 13.3) and the adoption they bring: one
refusal rejects it, the consent of every Party in office adopts it and makes the new deal
version."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from regiodeal.audit.services import Actor
from regiodeal.common.records import record_created
from regiodeal.deals import models as dm
from regiodeal.deals.definition import DefinitionError
from regiodeal.deals.selectors import version_in_force
from regiodeal.deals.services import deal_version_create

from .. import models as gm
from ..constants import CONSENT_KINDS, Answer
from ..constants import RequestStatus as S
from ..selectors import missing_consents, overleg_articles, required_parties, waits_for
from .common import (
    ORIGIN,
    _amended,
    _completion_day,
    _definition_refused,
    _in_words,
    _lock,
    _not_in_future,
    _today,
    _transition,
    attachment_add,
    check_letter,
)


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
            recorded_by_label=actor.record_label,
        )
        record_created(
            consent,
            actor=actor,
            action=f"governance.consent.{answer}",
            summary=f"{consent} ({consent.recorded_as})" if on_behalf else str(consent),
            deal_slug=request.deal.slug,
            snapshot_of=lambda _consent: {
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
