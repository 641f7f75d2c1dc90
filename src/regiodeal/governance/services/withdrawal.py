"""Withdrawal (Art. 12): the notice, and the decision on the roles of the leaving Party."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from regiodeal.audit.services import Actor, snapshot
from regiodeal.deals import models as dm
from regiodeal.deals.selectors import version_in_force

from .. import models as gm
from ..constants import RequestKind, Role
from ..constants import RequestStatus as S
from ..dates import withdrawal_effective_on
from ..selectors import roles_of
from .common import _audit, _check_party, _create_request, _lock, attachment_add
from .consents import _make_version


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
