"""Adding a milestone or a risk on the project page: saved with a message, or the form comes back
with the error; a project lead only on a project they manage."""

import pytest

from regiodeal.audit.services import Actor
from regiodeal.projects.models import Milestone, Risk
from regiodeal.projects.services import project_create

pytestmark = pytest.mark.django_db
BASE = "/deals/waterwegregio/projects/WW-1"


@pytest.fixture
def project(waterwegregio):
    return project_create(
        actor=Actor(label="t"),
        deal=waterwegregio,
        code="WW-1",
        title="Ontmoetingsplek",
        lead=waterwegregio.organisations.get(code="SCHIEDAM"),
    )


def test_the_programme_office_adds_a_milestone_and_a_risk(client, role_users, project):
    client.force_login(role_users["programme_office"])
    response = client.post(f"{BASE}/milestones/", {"title": "Plek open", "due_on": "2026-03-01"}, follow=True)
    assert "De mijlpaal is toegevoegd." in response.content.decode()
    assert Milestone.objects.get(project=project).title == "Plek open"
    response = client.post(
        f"{BASE}/risks/",
        {"description": "Geen locatie", "likelihood": "high", "impact": "medium"},
        follow=True,
    )
    assert "Het risico is toegevoegd." in response.content.decode()
    assert Risk.objects.get(project=project).likelihood == "high"


def test_a_milestone_without_a_date_comes_back_with_the_error(client, role_users, project):
    client.force_login(role_users["programme_office"])
    response = client.post(f"{BASE}/milestones/", {"title": "Plek open"})
    assert response.status_code == 400  # the page again, marked as a refused request
    assert "Plek open" in response.content.decode()  # the form keeps what was typed
    assert not Milestone.objects.exists()


def test_a_project_lead_of_another_project_may_not_add_a_risk(client, role_users, project):
    client.force_login(role_users["project_lead"])
    response = client.post(f"{BASE}/risks/", {"description": "x", "likelihood": "low", "impact": "low"})
    assert response.status_code == 403
    assert not Risk.objects.exists()
