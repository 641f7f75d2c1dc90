"""The notification jobs (run by `regiodeal worker`, docs/jobs.md):

- `deliver(ids)`: the mails of those who want them at once, enqueued by services.notify;
- `notification-digest` (daily from 07:00): one mail per person who chose the daily overview, and
  a new try for mails to be sent at once that failed;
- `obligation-reminders` (daily from 06:00): the reminders of dated duties, a job beside the
  service it runs (`services.remind_obligations`);
- `idea_status_mail(transition_id)`: a resident who asked to be told hears of their idea's new status.

A notification is claimed by setting `sent_at` before its mail goes out (an UPDATE that only one
worker can win), so a mail is never sent twice, even with two workers or a job run twice."""

from __future__ import annotations

import logging

from django.utils import timezone, translation

from regiodeal.jobs import task
from regiodeal.jobs.schedule import daily

from . import mail, selectors
from .constants import DIGEST_HOUR, Delivery
from .models import Notification

logger = logging.getLogger(__name__)


def _claim(ids) -> int:
    return Notification.objects.filter(pk__in=list(ids), sent_at__isnull=True).update(sent_at=timezone.now())


def _release(ids) -> None:
    Notification.objects.filter(pk__in=list(ids)).update(sent_at=None)


@task()
def deliver(ids: list[int]) -> int:
    """Mail each notification to its person, one mail each; returns how many were sent."""
    sent = 0
    rows = Notification.objects.filter(pk__in=ids, sent_at__isnull=True).select_related("user", "deal")
    for n in rows:
        pref = selectors.preference_of(n.user)
        if pref.delivery != Delivery.IMMEDIATE or not n.user.email or not n.user.is_active:
            continue  # the digest takes it (the person changed their mind), or there is no address
        if not _claim([n.pk]):
            continue
        try:
            mail.one(n, pref.language).send()
        except Exception:  # the mail server refused: free it for the next try (send_digests)
            _release([n.pk])
            logger.exception("notification %s: mail not sent", n.pk)
            continue
        sent += 1
    return sent


@daily("notification-digest", hour=DIGEST_HOUR)
@task()
def send_digests() -> int:
    """One mail per person who chose the daily overview, listing their notifications not yet sent.
    Returns how many mails."""
    mails = 0
    by_user: dict[int, list[Notification]] = {}
    for n in selectors.unsent(Delivery.DIGEST).select_related("user", "deal").order_by("on", "id"):
        by_user.setdefault(n.user_id, []).append(n)
    for rows in by_user.values():
        user = rows[0].user
        if not user.email or not user.is_active:
            continue
        ids = [n.pk for n in rows]
        if _claim(ids) != len(ids):  # another worker is at it
            continue
        try:
            mail.digest(user, rows, selectors.preference_of(user).language).send()
        except Exception:
            _release(ids)
            raise
        mails += 1
    # A mail to be sent at once that failed (the mail server was down) is tried again now.
    pending = list(selectors.unsent(Delivery.IMMEDIATE).values_list("pk", flat=True))
    if pending:
        deliver.enqueue(pending)
    return mails


@task()
def idea_status_mail(transition_id: int) -> bool:
    """Tell the resident the new status of their idea, if they left an e-mail address and agreed
    to be told. Their details are read here, at sending time: once purged, nothing is sent. The
    address goes into the mail only, never into a log or the audit trail."""
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from regiodeal.deals.selectors import version_in_force
    from regiodeal.ideas.constants import HIDDEN, IdeaStatus
    from regiodeal.ideas.models import IdeaContact, IdeaTransition

    from .texts import absolute

    step = IdeaTransition.objects.select_related("idea", "idea__deal").filter(pk=transition_id).first()
    if step is None:
        return False
    contact = IdeaContact.objects.filter(idea=step.idea).first()
    if contact is None or not contact.notify_status or not contact.email:
        return False
    idea = step.idea
    language = contact.language or settings.LANGUAGE_CODE
    with translation.override(language):
        deal_name = version_in_force(idea.deal).name
        status = str(IdeaStatus(step.to_status).label)
        subject = _("%(deal)s: nieuwe status van uw idee ‘%(t)s’: %(s)s") % {
            "deal": deal_name,
            "t": idea.title,
            "s": status,
        }
        lines = [
            _("De status van uw idee ‘%(t)s’ (idee %(n)s) is veranderd in: %(s)s.")
            % {"t": idea.title, "n": idea.number, "s": status}
        ]
        if step.public_reason:
            lines.append(_("Toelichting van het programmabureau: %(r)s") % {"r": step.public_reason})
        if step.to_status not in HIDDEN:
            with translation.override("nl"):
                path = reverse("portal:idea", kwargs={"slug": idea.deal.slug, "number": idea.number})
            lines.append(absolute(path, language))
        lines.append(
            "-- \n"
            + _(
                "U krijgt deze e-mail omdat u bij uw idee vroeg om bericht als de status verandert. Uw "
                "contactgegevens worden verwijderd na afloop van de bewaartermijn."
            )
        )
        body = "\n\n".join(lines) + "\n"
    EmailMessage(
        subject=subject, body=body, to=[contact.email], from_email=settings.DEFAULT_FROM_EMAIL
    ).send()
    return True
