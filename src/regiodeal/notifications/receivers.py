"""The apps' events, heard from the rows their services already save (post_save), so that no app
imports notifications: a request's step into consultation, a report's step to the Parties, an
idea's status change. Each runs inside the service's transaction: a rolled-back change notifies
no one. A notification that cannot be made never stops the change itself: it runs in a savepoint
and a failure is logged (logger `regiodeal.notifications`)."""

from __future__ import annotations

import logging
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from regiodeal.governance.constants import RequestStatus
from regiodeal.governance.models import RequestTransition
from regiodeal.ideas.models import IdeaContact, IdeaTransition
from regiodeal.reporting.constants import ReportStatus
from regiodeal.reporting.models import ReportTransition

from . import services

logger = logging.getLogger("regiodeal.notifications")


@contextmanager
def _best_effort(what: str):
    try:
        with transaction.atomic():
            yield
    except Exception:
        logger.exception("notifications: %s not made", what)


@receiver(post_save, sender=RequestTransition, dispatch_uid="notifications.request_step")
def request_step(sender, instance: RequestTransition, created: bool, raw: bool = False, **kwargs):
    if created and not raw and instance.to_status == RequestStatus.CONSULTATION:
        with _best_effort(f"consent requested for request {instance.request_id}"):
            services.consent_requested(request=instance.request, on=instance.on)


@receiver(post_save, sender=ReportTransition, dispatch_uid="notifications.report_step")
def report_step(sender, instance: ReportTransition, created: bool, raw: bool = False, **kwargs):
    if created and not raw and instance.to_status == ReportStatus.SENT:
        with _best_effort(f"report {instance.report_id} sent"):
            services.report_sent(report=instance.report, on=instance.on)


@receiver(post_save, sender=IdeaTransition, dispatch_uid="notifications.idea_step")
def idea_step(sender, instance: IdeaTransition, created: bool, raw: bool = False, **kwargs):
    if not created or raw:
        return
    with _best_effort(f"idea status mail for transition {instance.pk}"):
        if (
            IdeaContact.objects.filter(idea_id=instance.idea_id, notify_status=True)
            .exclude(email="")
            .exists()
        ):
            from .jobs import idea_status_mail

            idea_status_mail.enqueue(instance.pk)
