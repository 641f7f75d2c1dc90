"""Finance fixtures: projects to book on, a short way to book an entry, and an amendment that
changes the budget table from a date (a second DealVersion, made directly)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from regiodeal.audit.services import Actor
from regiodeal.deals import models as dm
from regiodeal.projects.services import project_create
from tests import factories
from tests.deal_template import replayed

ACTOR = Actor(label="test-kassier")


@pytest.fixture
@replayed
def projects(waterwegregio):
    """Two projects: WW-001 led by Schiedam, WW-002 led by Vlaardingen, both on every pillar (so
    money on any pillar line follows its goals, Art. 4.1)."""
    orgs = {o.code: o for o in waterwegregio.organisations.all()}
    pillars = list(waterwegregio.versions.get(number=1).pillars.all())
    return {
        code: project_create(
            actor=ACTOR,
            deal=waterwegregio,
            code=code,
            title=f"Project {code}",
            lead=orgs[lead],
            pillars=pillars,
        )
        for code, lead in [("WW-001", "SCHIEDAM"), ("WW-002", "VLAARDINGEN")]
    }


@pytest.fixture
def book(waterwegregio, projects):
    """`book(kind, amount, line="P1", on=date(2026, 3, 1), **fields)`: one entry via the service,
    on WW-001 and Schiedam unless said otherwise."""

    def make(
        kind: str, amount: str, line: str = "P1", on: dt.date = dt.date(2026, 3, 1), deal=None, **fields
    ):
        defaults = {}
        if kind == "national_allocation":
            defaults.update(project="WW-001", organisation="SCHIEDAM")
        elif kind == "regional_contribution":
            defaults.update(
                organisation="SCHIEDAM", contribution_status="pledged", sector="public", form="cash"
            )
        elif kind == "spending":
            defaults.update(project="WW-001", funding="national")
        elif kind == "execution_costs":
            defaults.update(funding="national")
        defaults.update(fields)
        return factories.book(deal or waterwegregio, kind, amount, line, on, actor=ACTOR, **defaults)

    return make


@pytest.fixture
def amend_budget(waterwegregio):
    """`amend_budget(effective_from, P1=(rijk, regional), ...)`: a version 2 of the deal, as an
    adopted amendment (Art. 4.3, 11) makes it, with a changed budget table."""

    def amend(
        effective_from: dt.date, ends_on: dt.date | None = None, **lines: tuple[str, str]
    ) -> dm.DealVersion:
        v1 = waterwegregio.versions.get(number=1)
        v2 = dm.DealVersion.objects.get(pk=v1.pk)
        v2.pk = None
        v2.number = 2
        v2.origin = "amendment"
        v2.effective_from = effective_from
        if ends_on:
            v2.ends_on = ends_on
        v2.save()
        for p in v1.parties.all():
            p.pk, p.version = None, v2
            p.save()
        for p in v1.partners.all():
            p.pk, p.version = None, v2
            p.save()
        for b in v1.budget_lines.all():
            b.pk, b.version = None, v2
            if b.code in lines:
                b.rijk, b.regional = (Decimal(x) for x in lines[b.code])
                b.total = b.rijk + b.regional
            b.save()
        rules = v1.rules
        members = list(rules.overleg_members.all())
        rules.pk, rules.version = None, v2
        rules.save()
        rules.overleg_members.set(members)
        return v2

    return amend
