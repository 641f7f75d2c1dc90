"""The tests' building blocks, in one place: the roles a permission test walks through, a
project (and its start), a ledger entry, a result's baseline, a measurement and a new version of
the deal made through the services (the way the screens and `regiodeal demo`
make them). The example portfolio itself is `regiodeal.demo` (values and writers).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from regiodeal.audit.services import Actor
from regiodeal.deals.selectors import version_in_force
from regiodeal.deals.services import deal_version_create
from regiodeal.finance.services import entry_record
from regiodeal.finance.validation import EntryDraft
from regiodeal.projects.services import project_create, project_transition
from regiodeal.results.models import ResultIndicator
from regiodeal.results.services import measurement_record, result_indicator_update

ACTOR = Actor(label="test")

# The deal's six roles; with an account of another deal and nobody logged in, every role of the
# `role_users` fixture (tests/conftest.py).
DEAL_ROLES = [
    "programme_office",
    "regiokassier",
    "party_representative",
    "project_lead",
    "ministry",
    "auditor",
]
ROLES = [*DEAL_ROLES, "other_deal", "anonymous"]


def make_project(deal, code: str, *, lead="ROTTERDAM", pillars=(), results=(), areas=(), groups=(), **kwargs):
    """A project through `project_create`, its links given by code."""
    version = version_in_force(deal)
    return project_create(
        actor=kwargs.pop("actor", ACTOR),
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


def run(project, *, actor: Actor = ACTOR):
    """The project proposed, approved and running (public from approval), read again."""
    for to in ("proposed", "approved", "running"):
        project_transition(actor=actor, project=project, to_status=to, reason="test")
    project.refresh_from_db()
    return project


def book(
    deal,
    kind: str,
    amount: str,
    line: str = "P1",
    on: dt.date = dt.date(2026, 3, 1),
    *,
    source_document: str = "besluit 2026-01",
    actor: Actor = ACTOR,
    **fields,
):
    """One ledger entry through `entry_record`: `book(deal, "spending", "1000.00", "P1",
    project="WW-001", funding="national")`."""
    draft = EntryDraft(
        kind=kind,
        booked_on=on,
        amount=Decimal(amount),
        budget_line=line,
        source_document=source_document,
        **fields,
    )
    return entry_record(actor=actor, deal=deal, draft=draft)


def link_of(deal, result_code: str) -> ResultIndicator:
    """The covenant's target of an intended result, as `results_setup` linked it."""
    return ResultIndicator.objects.select_related("indicator").get(deal=deal, result__code=result_code)


def set_baseline(
    link, value, *, on=dt.date(2025, 1, 1), target_on=dt.date(2027, 1, 1), source="test", actor: Actor = ACTOR
):
    """A target's baseline (and the day it is due) through `result_indicator_update`."""
    return result_indicator_update(
        actor=actor,
        link=link,
        expected_version=link.lock_version,
        baseline_value=Decimal(value),
        baseline_on=on,
        baseline_source=source,
        target_on=target_on,
    )


def measure(deal, indicator, value, on, *, source="test", actor: Actor = ACTOR, **fields):
    """One measurement through `measurement_record`."""
    return measurement_record(
        actor=actor, deal=deal, indicator=indicator, value=Decimal(value), on=on, source=source, **fields
    )


def amend(deal, text: str, *, on: dt.date, source_name: str = "amendment-1.yaml", actor: Actor = ACTOR):
    """A new version of the deal from `text`, in force from `on`, adopted by an amendment; what
    follows its commit (projects' links to the new version's rows) runs before this returns."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return deal_version_create(
            actor=actor,
            deal=deal,
            source_text=text,
            source_name=source_name,
            effective_from=on,
            origin="amendment",
        )
