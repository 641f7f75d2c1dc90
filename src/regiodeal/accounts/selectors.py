"""Reads for accounts: the people of a deal with their roles, and the ministry's accounts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from regiodeal.deals.models import Deal

from .models import Invitation, Membership
from .roles import ACROSS_DEALS, Role


@dataclass
class Person:
    membership: Membership
    projects: list
    status: str  # "active", "invited", "expired"
    invitation: Invitation | None

    @property
    def user(self):
        return self.membership.user


def _status(user, now) -> tuple[str, Invitation | None]:
    if user.has_usable_password() or user.last_login:
        return "active", None
    latest = next(iter(user.invitations.all()), None)  # newest first (Invitation.Meta.ordering)
    if latest is None or latest.used_at:
        return "active", latest
    if latest.revoked_at or latest.expires_at <= now:
        return "expired", latest
    return "invited", latest


def people_of_deal(deal: Deal) -> list[Person]:
    """One row per role in the deal, by name; a project lead's projects ordered by code."""
    from regiodeal.projects.models import Project

    memberships = (
        Membership.objects.filter(deal=deal)
        .select_related("user", "organisation")
        .prefetch_related(
            "user__invitations",
            Prefetch(
                "user__managed_projects",
                queryset=Project.objects.filter(deal=deal).order_by("code"),
                to_attr="deal_projects",
            ),
        )
        .order_by("user__last_name", "user__first_name", "user__username", "role")
    )
    now = timezone.now()
    people = []
    for m in memberships:
        status, invitation = _status(m.user, now)
        projects = m.user.deal_projects if m.role == Role.PROJECT_LEAD else []
        people.append(Person(membership=m, projects=projects, status=status, invitation=invitation))
    return people


def person_of_deal(deal: Deal, pk: int) -> Person:
    """Raises Membership.DoesNotExist for a role of another deal."""
    for person in people_of_deal(deal):
        if person.membership.pk == pk:
            return person
    raise Membership.DoesNotExist


def ministry_people() -> list[Person]:
    memberships = (
        Membership.objects.filter(role__in=ACROSS_DEALS, deal__isnull=True)
        .select_related("user")
        .prefetch_related("user__invitations")
        .order_by("user__username")
    )
    now = timezone.now()
    return [
        Person(membership=m, projects=[], status=_status(m.user, now)[0], invitation=None)
        for m in memberships
    ]


def deals_managed_by(user) -> list[Deal]:
    """The deals whose people this user manages (for the links on /accounts/me/)."""
    from .permissions import can, memberships_of

    deals = {m.deal_id: m.deal for m in memberships_of(user) if m.deal_id}
    return [d for d in deals.values() if can(user, "manage_people", d)]
