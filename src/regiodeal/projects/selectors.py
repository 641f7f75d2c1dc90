"""Reads for projects. Lists prefetch everything they show, so their query count does not grow
with the number of projects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from regiodeal.deals import models as dm
from regiodeal.deals.selectors import version_in_force

from .constants import ProjectStatus
from .models import Project, ProjectTransition

LINKED = ("pillars", "objectives", "results", "areas", "groups", "sectors")


def _links_in_force(deal: dm.Deal, on: dt.date | None = None) -> list[Prefetch]:
    """A project links to the rows of every version since it was made (receivers.py); show those of
    the version in force."""
    version = version_in_force(deal, on)
    return [
        Prefetch(name, queryset=getattr(Project, name).field.related_model.objects.filter(version=version))
        for name in LINKED
    ]


def project_list(
    *,
    deal: dm.Deal,
    pillar: str | None = None,
    area: str | None = None,
    group: str | None = None,
    status: str | None = None,
) -> QuerySet[Project]:
    qs = (
        Project.objects.filter(deal=deal)
        .select_related("lead")
        .prefetch_related("participants", *_links_in_force(deal))
        .order_by("code")
    )
    if pillar:
        qs = qs.filter(pillars__code=pillar)
    if area:
        qs = qs.filter(areas__code=area)
    if group:
        qs = qs.filter(groups__code=group)
    if status:
        qs = qs.filter(status=status)
    return qs.distinct()


def project_get(*, deal: dm.Deal, code: str) -> Project:
    return (
        Project.objects.select_related("deal", "lead")
        .prefetch_related(
            "participants",
            *_links_in_force(deal),
            "milestones",
            "risks",
            Prefetch("transitions", queryset=ProjectTransition.objects.select_related("by")),
        )
        .get(deal=deal, code=code)
    )


@dataclass(frozen=True)
class RegisterFilters:
    """The choices of the register's filters: from the deal version in force."""

    pillars: list[dm.Pillar]
    areas: list[dm.Area]
    groups: list[dm.TargetGroup]
    statuses: list[tuple[str, str]]


def register_filters(*, deal: dm.Deal, on: dt.date | None = None) -> RegisterFilters:
    version = version_in_force(deal, on)
    return RegisterFilters(
        pillars=list(version.pillars.order_by("position")),
        areas=list(version.areas.order_by("position")),
        groups=list(version.groups.order_by("position")),
        statuses=list(ProjectStatus.choices),
    )


def project_page(*, deal: dm.Deal, code: str) -> Project:
    """One project with everything its page shows, in a fixed number of queries."""
    return (
        Project.objects.select_related("deal", "lead")
        .prefetch_related(
            "participants",
            "pillars",
            "objectives__pillar",
            Prefetch(
                "results", queryset=dm.IntendedResult.objects.select_related("pillar").order_by("position")
            ),
            "areas",
            "groups",
            "sectors",
            "managers",
            "milestones",
            "risks",
            Prefetch(
                "transitions", queryset=ProjectTransition.objects.select_related("by").order_by("at", "id")
            ),
        )
        .get(deal=deal, code=code)
    )


def lead_choices(*, deal: dm.Deal) -> QuerySet[dm.Organisation]:
    """The Parties and Partners that may lead or take part in a project."""
    return dm.Organisation.objects.filter(deal=deal).order_by("name")


def manager_choices(*, deal: dm.Deal):
    """Accounts with a project-lead membership in this deal."""
    from django.contrib.auth import get_user_model

    from regiodeal.accounts.roles import Role

    return (
        get_user_model()
        .objects.filter(memberships__deal=deal, memberships__role=Role.PROJECT_LEAD)
        .distinct()
        .order_by("username")
    )
