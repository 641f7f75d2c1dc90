"""Confidentiality (Art. 10): a Party asks, the overleg decides, the office lifts it."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from regiodeal.audit.services import Actor
from regiodeal.deals import models as dm
from regiodeal.disclosure import services as disclosure
from regiodeal.disclosure.registry import deal_of

from .. import models as gm
from ..constants import RequestKind
from ..constants import RequestStatus as S
from .common import _check_party, _create_request, _lock, _not_in_future, _transition


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
