"""Writes for notifications. The apps' events come in through `receivers.py` (the rows their
services already save: a request's step into consultation, a report's step to the Parties, an
idea's status change); the daily reminders of duties through `jobs.py`. Each writes the
`Notification` rows inside the service's own transaction and enqueues the mail (jobs.deliver):
nothing is mailed inside a request, and nothing is mailed for a change that was rolled back.

Notifications are the person's own record (made, sent, read); they are not in the audit trail,
which records the events themselves. A changed preference is."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from regiodeal.accounts.roles import Capability
from regiodeal.audit.services import Actor, audit_record, snapshot
from regiodeal.deals.selectors import parties_in_office, version_in_force_cached
from regiodeal.jobs import task
from regiodeal.jobs.schedule import daily

from . import selectors
from .constants import OVERDUE_EVERY_DAYS, REMINDERS_HOUR, SOON_DAYS, Delivery, Kind, Language
from .duties import FALLBACK, OWNER, holders_of
from .jobs import deliver
from .models import Notification, NotificationPreference

logger = logging.getLogger(__name__)


def _path(name: str, **kwargs) -> str:
    with translation.override("nl"):  # stored without language prefix; texts.localised_path adds it
        return reverse(name, kwargs=kwargs)


def _deal_name(deal, on: dt.date) -> str:
    """The deal's name in its version in force on `on`, as this process keeps it (a notification
    names its deal; a new version or a correction is a new key, so a renamed deal is read anew)."""
    try:
        return version_in_force_cached(deal, on).name
    except Exception:  # a deal without a version in force on that day: its slug will do
        return deal.slug


def notify(
    *, users, deal, kind: str, params: dict, link: str, on: dt.date, key: str = ""
) -> list[Notification]:
    """A notification per person in `users`; with `key`, never twice the same to one person.
    Those who want their mail at once get it from the worker as soon as this commits."""
    made = []
    with transaction.atomic():
        for user in users:
            if key and Notification.objects.filter(user=user, key=key).exists():
                continue
            row = Notification(user=user, deal=deal, kind=kind, params=params, link=link, key=key, on=on)
            row.full_clean(validate_unique=False, validate_constraints=False)
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError:  # the same job running at the same moment made it first
                continue
            made.append(row)
        immediate = [n.pk for n in made if selectors.preference_of(n.user).delivery == Delivery.IMMEDIATE]
        if immediate:
            deliver.enqueue(immediate)
    return made


# ---------------------------------------------------------------------------------------------
# Events


def consent_requested(*, request, on: dt.date) -> list[Notification]:
    """Art. 11.2, 13.2: VRO asks the Parties' consent: each Party's representatives are told."""
    from regiodeal.governance.constants import CONSENT_KINDS
    from regiodeal.governance.selectors import request_deadline

    if request.kind not in CONSENT_KINDS:
        return []
    deadline = request_deadline(request)
    link = _path("governance:request", slug=request.deal.slug, number=request.number)
    made = []
    for party in parties_in_office(request.deal, on):
        users = selectors.people(
            request.deal, capability=Capability.CONSENT, organisations=[party.organisation]
        )
        made += notify(
            users=users,
            deal=request.deal,
            kind=Kind.CONSENT_REQUESTED,
            params={
                "deal": _deal_name(request.deal, on),
                "number": request.number,
                "title": request.title,
                "request_kind": request.kind,
                "party": {"nl": party.short_name, "en": party.name_en or party.short_name},
                "deadline": deadline.isoformat() if deadline else "",
            },
            link=link,
            on=on,
            key=f"consent:{request.deal.slug}:{request.number}",
        )
    return made


def report_sent(*, report, on: dt.date) -> list[Notification]:
    """Art. 7.3: the draft progress report goes to the Parties: each Party's representatives are
    asked to comment. A second round (after reopening) is told again."""
    link = _path("reporting:detail", slug=report.deal.slug, year=report.year)
    made = []
    for party in parties_in_office(report.deal, on):
        users = selectors.people(
            report.deal, capability=Capability.COMMENT_REPORT, organisations=[party.organisation]
        )
        made += notify(
            users=users,
            deal=report.deal,
            kind=Kind.REPORT_SENT,
            params={
                "deal": _deal_name(report.deal, on),
                "year": report.year,
                "party": {"nl": party.short_name, "en": party.name_en or party.short_name},
            },
            link=link,
            on=on,
            key=f"report-sent:{report.deal.slug}:{report.year}:{on.isoformat()}",
        )
    return made


# ---------------------------------------------------------------------------------------------
# Reminders of dated duties


def reminder_stage(due_on: dt.date, today: dt.date) -> str | None:
    """Which reminder a duty not yet done gets today, before looking at what was already sent:
    within SOON_DAYS before (the first such day), on the day, or overdue (the day after, then
    every OVERDUE_EVERY_DAYS days)."""
    days = (due_on - today).days
    if 0 < days <= SOON_DAYS:
        return Kind.OBLIGATION_SOON.value
    if days == 0:
        return Kind.OBLIGATION_DUE.value
    if days < 0:
        return Kind.OBLIGATION_OVERDUE.value
    return None


def _holders(deal, obligation):
    roles = holders_of(obligation.key)
    if OWNER in roles:
        from regiodeal.governance.models import Action

        action = Action.objects.filter(deal=deal, pk=int(obligation.key.rsplit("-", 1)[1])).first()
        if action is not None:
            owners = selectors.people(deal, organisations=[action.owner_id])
            if owners.exists():
                return owners
        roles = tuple(r for r in roles if r != OWNER) or FALLBACK
    return selectors.people(deal, roles=roles)


def _already(user, deal, key_stem: str, stage: str, today: dt.date) -> bool:
    """A reminder of this stage was made for this duty: ever (14 days, on the day), or within the
    last week (overdue)."""
    qs = Notification.objects.filter(user=user, deal=deal, key__startswith=f"{key_stem}:{stage}")
    if stage == Kind.OBLIGATION_OVERDUE:
        qs = qs.filter(on__gt=today - dt.timedelta(days=OVERDUE_EVERY_DAYS))
    return qs.exists()


def obligation_reminders(*, today: dt.date | None = None, deals=None) -> list[Notification]:
    """The daily reminders of every deal's dated duties that are not done (governance's
    obligations calendar, with the evidence other apps keep). Idempotent: run twice on a day,
    it makes nothing the second time."""
    from regiodeal.deals.models import Deal
    from regiodeal.governance.constants import ObligationStatus
    from regiodeal.governance.selectors import obligations

    today = today or timezone.localdate()
    made = []
    for deal in deals if deals is not None else Deal.objects.all():
        with translation.override("nl"):
            duties = [o for o in obligations(deal, today) if o.status != ObligationStatus.DONE]
        with translation.override("en"):
            english = {o.key: o for o in obligations(deal, today)}
        name = _deal_name(deal, today)
        link = _path("governance:calendar", slug=deal.slug)
        for o in duties:
            stage = reminder_stage(o.due_on, today)
            if stage is None:
                continue
            en = english.get(o.key, o)
            stem = f"obligation:{deal.slug}:{o.key}:{o.due_on.isoformat()}"
            params = {
                "deal": name,
                "title": {"nl": str(o.title), "en": str(en.title)},
                "article": {"nl": str(o.article), "en": str(en.article)},
                "due_on": o.due_on.isoformat(),
                "days": (o.due_on - today).days,
                "late": (today - o.due_on).days,
            }
            for user in _holders(deal, o):
                if _already(user, deal, stem, stage, today):
                    continue
                made += notify(
                    users=[user],
                    deal=deal,
                    kind=stage,
                    params=params,
                    link=link,
                    on=today,
                    key=f"{stem}:{stage}:{today.isoformat()}",
                )
    return made


@daily("obligation-reminders", hour=REMINDERS_HOUR)
@task()
def remind_obligations() -> int:
    """The daily job (docs/jobs.md): the reminders of every deal's dated duties that fall today."""
    return len(obligation_reminders(today=timezone.localdate()))


# ---------------------------------------------------------------------------------------------
# The person's own


def preference_set(*, actor: Actor, user, delivery: str, language: str) -> NotificationPreference:
    if delivery not in Delivery.values:
        raise ValidationError({"delivery": _("Kies meteen of een dagelijks overzicht.")})
    if language not in Language.values:
        raise ValidationError({"language": _("Kies Nederlands of Engels.")})
    with transaction.atomic():
        pref, _created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
        before = snapshot(pref, ["delivery", "language"])
        pref.delivery, pref.language = delivery, language
        pref.full_clean()
        pref.save()
        audit_record(
            actor=actor,
            action="notifications.preference.set",
            obj=pref,
            deal_slug="",
            summary=f"{user}: {delivery}, {language}",
            before=before,
            after=snapshot(pref, ["delivery", "language"]),
        )
        if delivery == Delivery.IMMEDIATE:  # what waited for the digest goes now
            waiting = list(
                Notification.objects.filter(user=user, sent_at__isnull=True).values_list("pk", flat=True)
            )
            if waiting:
                deliver.enqueue(waiting)
    return pref


def mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one of the person's notifications (or all of them) as read; returns how many."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
