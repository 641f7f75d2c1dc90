"""Writes for disclosure: start a confidentiality and set the day it ends. Called by the
governance app's confidentiality procedure (Art. 10); every change is audited.

Starting one also withdraws what was published before and holds the record: the signal
`confidentiality_started` makes the reporting app withdraw every frozen public edition of a
report holding it and publish a corrected one (reporting/editions.py), in the same transaction."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction

from regiodeal.audit.services import Actor, audit_record, snapshot
from regiodeal.deals.models import Deal

from .models import Confidentiality
from .registry import deal_of
from .signals import confidentiality_started


def confidentiality_start(
    *,
    actor: Actor,
    deal: Deal,
    record: models.Model,
    starts_on: dt.date,
    grounds: str,
    source: str,
    until: dt.date | None = None,
    woo_ground: str = "",
) -> Confidentiality:
    """Art. 10.1: from the request on, the record is kept from everything public. `woo_ground`
    names the ground of the Woo (art. 5.1/5.2, `WooGround`) it is withheld on."""
    if deal_of(record) != deal.pk:
        raise ValidationError({"record": f"{record} does not belong to deal {deal.slug}"})
    with transaction.atomic():
        row = Confidentiality(
            deal=deal,
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            label=str(record)[:300],
            starts_on=starts_on,
            until=until,
            grounds=grounds,
            source=source,
            woo_ground=woo_ground,
        )
        row.full_clean()
        row.save()
        audit_record(
            actor=actor,
            action="disclosure.confidentiality.started",
            obj=row,
            deal_slug=deal.slug,
            summary=f"{row.label} kept confidential from {starts_on} ({source})",
            after=snapshot(row),
        )
        # What was published before holds the record: withdraw it (frozen reports, Art. 10.1).
        confidentiality_started.send(sender=Confidentiality, confidentiality=row, record=record, actor=actor)
    return row


def confidentiality_set_until(
    *, actor: Actor, confidentiality: Confidentiality, until: dt.date | None, reason: str
) -> Confidentiality:
    """The decision on a request fixes the last confidential day (or ends it: a refusal makes
    the record public from the decision on)."""
    with transaction.atomic():
        row = Confidentiality.objects.select_for_update().get(pk=confidentiality.pk)
        before = snapshot(row)
        row.until = until
        row.full_clean()
        row.save(update_fields=["until", "updated_at"])
        audit_record(
            actor=actor,
            action="disclosure.confidentiality.until_set",
            obj=row,
            deal_slug=row.deal.slug,
            summary=reason,
            before=before,
            after=snapshot(row),
        )
    return row
