"""A project's history names who did it (docs/presentation.md): a person by name, a write from the
command line as "beheerder (opdrachtregel)"; the audit trail stores the label as documented."""

import pytest
from django.test import Client

from regiodeal.audit.models import AuditEvent
from regiodeal.audit.services import Actor
from regiodeal.projects import services
from tests.factories import make_project


@pytest.fixture
def history(waterwegregio, role_users):
    office = role_users["programme_office"]
    office.first_name, office.last_name = "Fatima", "el Amrani"
    office.save()
    project = make_project(waterwegregio, "WW-001", pillars=["1"])
    services.project_transition(actor=Actor.cli(), project=project, to_status="proposed", reason="ingelezen")
    services.project_transition(
        actor=Actor(user=office, label=office.get_username()),
        project=project,
        to_status="approved",
        reason="ja",
    )
    client = Client()
    client.force_login(office)
    return client


def test_a_cli_write_shows_as_the_administrator_and_a_person_by_name(history):
    page = history.get("/deals/waterwegregio/projects/WW-001/").content.decode()
    assert "beheerder (opdrachtregel)" in page and "Fatima el Amrani" in page
    assert "cli:" not in page
    english = history.get("/en/deals/waterwegregio/projects/WW-001/").content.decode()
    assert "administrator (command line)" in english and "beheerder" not in english


def test_the_audit_trail_shows_the_label_but_stores_the_cli_actor_as_documented(history):
    assert AuditEvent.objects.filter(action="project.transition", actor_label__startswith="cli:").exists()
    page = history.get("/deals/waterwegregio/audit/").content.decode()
    assert "beheerder (opdrachtregel)" in page and "cli:" not in page
