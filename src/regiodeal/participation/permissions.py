"""Who may record what in participation, in terms of `accounts.permissions.can`.

- Outreach conversations and co-creation: MANAGE_PARTICIPATION (programme office) for the whole
  deal; a project lead (RECORD_PROGRESS, own projects only) for a project they manage.
- Wijken, themes, initiatives, population figures, marking text publishable: MANAGE_PARTICIPATION.
- Reading: VIEW_INTERNAL.
"""

from __future__ import annotations

from regiodeal.accounts.permissions import can
from regiodeal.accounts.roles import Capability


def may_manage(user, deal) -> bool:
    return can(user, Capability.MANAGE_PARTICIPATION, deal)


def may_record_for(user, deal, project=None) -> bool:
    """Record outreach or co-creation, deal-wide (project None) or for this project."""
    if may_manage(user, deal):
        return True
    return project is not None and can(user, Capability.RECORD_PROGRESS, deal, obj=project)


def projects_recordable_by(user, deal) -> list:
    """The projects the user may record outreach or co-creation for."""
    from regiodeal.projects.models import Project

    projects = Project.objects.filter(deal=deal).order_by("code")
    if may_manage(user, deal):
        return list(projects)
    return [
        p for p in projects.filter(managers__pk=getattr(user, "pk", None)) if may_record_for(user, deal, p)
    ]
