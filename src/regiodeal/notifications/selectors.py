"""Reads for notifications: a person's list, their preference, and who receives what."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from regiodeal.accounts.models import Membership
from regiodeal.accounts.roles import ROLE_CAPABILITIES

from .constants import Delivery
from .models import Notification, NotificationPreference


def notifications_for(user, limit: int | None = 10, unread_only: bool = False) -> list[Notification]:
    """The person's newest notifications (the list "Meldingen"), newest first."""
    if not getattr(user, "is_authenticated", False):
        return []
    qs = Notification.objects.filter(user=user).select_related("deal")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return list(qs[:limit] if limit else qs)


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def preference_of(user) -> NotificationPreference:
    """The stored preference, or the default (at once, in Dutch) unsaved."""
    pref = NotificationPreference.objects.filter(user=user).first()
    return pref or NotificationPreference(user=user, delivery=Delivery.IMMEDIATE, language="nl")


def people(
    deal,
    *,
    roles=None,
    capability: str | None = None,
    organisations=None,
) -> QuerySet:
    """Active accounts with a membership in `deal` (never the ministry's, which is across deals and
    holds no duty of a deal) in one of `roles`, or whose role grants `capability`, optionally
    acting for one of `organisations`."""
    memberships = Membership.objects.filter(deal=deal, user__is_active=True)
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    if capability is not None:
        memberships = memberships.filter(
            role__in=[role for role, caps in ROLE_CAPABILITIES.items() if capability in caps]
        )
    if organisations is not None:
        memberships = memberships.filter(organisation__in=list(organisations))
    return get_user_model().objects.filter(pk__in=memberships.values("user_id")).order_by("pk")


def unsent(delivery: str) -> QuerySet:
    """Notifications not yet mailed to people who chose `delivery` (no preference is "at once")."""
    qs = Notification.objects.filter(sent_at__isnull=True)
    digest_users = NotificationPreference.objects.filter(delivery=Delivery.DIGEST).values("user_id")
    if delivery == Delivery.DIGEST:
        return qs.filter(user_id__in=digest_users)
    return qs.exclude(user_id__in=digest_users)
