"""The obligations calendar: a dated duty done, with its evidence, and the secret of a person's
calendar feed."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from regiodeal.audit.services import Actor
from regiodeal.common.records import record_created
from regiodeal.deals import models as dm

from .. import models as gm
from .common import _audit, _not_in_future, _today, attachment_add


def obligation_fulfil(
    *, actor: Actor, deal: dm.Deal, key: str, done_on: dt.date, evidence: str, file=None
) -> gm.ObligationFulfilment:
    """Record that a dated duty was done, with its evidence (a text, and a file if there is one)."""
    from ..selectors import obligations

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
            recorded_by_label=actor.record_label,
        )
        return record_created(
            row,
            actor=actor,
            action="governance.obligation.fulfilled",
            summary=f"{key}: {evidence[:200]}",
            snapshot_of=lambda _row: {"key": key, "done_on": done_on.isoformat()},
        )


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
