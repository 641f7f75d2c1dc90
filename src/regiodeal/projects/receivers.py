"""Projects follow new versions of their deal.

A project links to rows of a deal version (its pillars, objectives, intended results, areas,
groups, sectors). When a procedure adopts a new version (`deals.signals.version_adopted`), each
project also gets the new version's rows with the same codes, so it keeps its meaning on both
sides of the effective date; reads pick the rows of the version in force (`selectors`). A code the
new version no longer has is simply not carried over: the amendment removed it.
"""

from __future__ import annotations

from django.db import transaction

from regiodeal.deals import models as dm

from .models import Project

# link field -> (model of the version's rows, how a row is matched across versions)
LINKS = {
    "pillars": dm.Pillar,
    "objectives": dm.Objective,
    "results": dm.IntendedResult,
    "areas": dm.Area,
    "groups": dm.TargetGroup,
    "sectors": dm.Sector,
}


def follow_new_version(sender, *, deal: dm.Deal, version: dm.DealVersion, previous: dm.DealVersion, **kwargs):
    new_rows = {
        name: {row.code: row for row in model.objects.filter(version=version)}
        for name, model in LINKS.items()
    }
    with transaction.atomic():
        for project in Project.objects.filter(deal=deal).prefetch_related(*LINKS):
            for name in LINKS:
                current = getattr(project, name).all()
                carried = [
                    new_rows[name][row.code]
                    for row in current
                    if row.version_id == previous.pk and row.code in new_rows[name]
                ]
                if carried:
                    getattr(project, name).add(*carried)
