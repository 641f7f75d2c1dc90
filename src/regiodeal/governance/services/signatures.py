"""Signatures and entry into force (Art. 17, 19), and the publication in the Staatscourant
(Art. 20.1)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from regiodeal.audit.services import Actor
from regiodeal.common.records import record_created
from regiodeal.deals import models as dm

from .. import models as gm
from ..constants import RequestStatus as S
from .common import _not_in_future


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
        return record_created(
            signature,
            actor=actor,
            action="governance.signature.recorded",
            summary=f"{organisation} signed on {signed_on}",
            snapshot_of=lambda _signature: {
                "organisation": organisation.code,
                "signed_on": signed_on.isoformat(),
            },
        )


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
        return record_created(
            publication,
            actor=actor,
            action="governance.publication.recorded",
            summary=f"{reference} ({published_on})",
        )
