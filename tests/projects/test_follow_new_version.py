"""A project keeps its links when an amendment adopts a new version of the deal (receivers.py)."""

import datetime as dt

import pytest

from regiodeal.audit.services import Actor
from regiodeal.projects.selectors import project_get
from regiodeal.projects.services import project_create
from tests.factories import amend

pytestmark = pytest.mark.django_db


def test_links_follow_the_new_version_from_its_effective_date(waterwegregio, definition_text, monkeypatch):
    v1 = waterwegregio.versions.get()
    project = project_create(
        actor=Actor(label="t"),
        deal=waterwegregio,
        code="WW-1",
        title="Ontmoetingsplek",
        lead=waterwegregio.organisations.get(code="SCHIEDAM"),
        pillars=[v1.pillars.get(code="1")],
        results=[v1.results.get(code="1A")],
        areas=[v1.areas.get(code="SCHIEDAM")],
    )
    amended = definition_text.replace("ends_on: 2028-12-31", "ends_on: 2029-12-31", 1)
    v2 = amend(waterwegregio, amended, on=dt.date(2027, 1, 1))
    assert set(project.results.values_list("version__number", "code")) == {(1, "1A"), (2, "1A")}
    assert set(project.areas.values_list("version__number", "code")) == {(1, "SCHIEDAM"), (2, "SCHIEDAM")}
    # Before the effective date the project shows version 1's rows, from it version 2's; never both.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: dt.date(2026, 12, 31))
    assert [r.version_id for r in project_get(deal=waterwegregio, code="WW-1").results.all()] == [v1.pk]
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: dt.date(2027, 1, 1))
    assert [r.version_id for r in project_get(deal=waterwegregio, code="WW-1").results.all()] == [v2.pk]
