"""Reads for projects. Lists prefetch everything they show, so their query count does not grow
with the number of projects."""

from __future__ import annotations

from django.db.models import QuerySet

from regiodeal.deals import models as dm

from .models import Project


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
        .prefetch_related("pillars", "areas", "groups", "results")
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
            "pillars",
            "objectives",
            "results",
            "areas",
            "groups",
            "sectors",
            "milestones",
            "risks",
            "transitions",
        )
        .get(deal=deal, code=code)
    )
