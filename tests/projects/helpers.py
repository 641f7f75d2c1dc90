"""Building projects through the services, the way the screens and `regiodeal demo` do."""

from __future__ import annotations

import datetime as dt

from regiodeal.audit.services import Actor
from regiodeal.deals.selectors import version_in_force
from regiodeal.projects.services import project_create

ACTOR = Actor(label="test")


def make_project(deal, code: str, *, lead="ROTTERDAM", pillars=(), results=(), areas=(), groups=(), **kwargs):
    version = version_in_force(deal)
    return project_create(
        actor=ACTOR,
        deal=deal,
        code=code,
        title=kwargs.pop("title", f"Project {code}"),
        lead=deal.organisations.get(code=lead),
        starts_on=kwargs.pop("starts_on", dt.date(2025, 1, 1)),
        ends_on=kwargs.pop("ends_on", dt.date(2028, 12, 31)),
        pillars=list(version.pillars.filter(code__in=pillars)),
        results=list(version.results.filter(code__in=results)),
        areas=list(version.areas.filter(code__in=areas)),
        groups=list(version.groups.filter(code__in=groups)),
        **kwargs,
    )
