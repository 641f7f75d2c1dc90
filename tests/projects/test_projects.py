"""Projects: the lifecycle (one transitions table, every transition stored with who, when, why),
the register and project page for every role, the API, and optimistic locking."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from regiodeal.common.locking import EditConflict
from regiodeal.projects import services
from regiodeal.projects.models import Project, ProjectTransition
from tests.factories import ACTOR, DEAL_ROLES, make_project

READERS = set(DEAL_ROLES)  # every role in the deal reads these
ALL = sorted(READERS | {"other_deal", "anonymous"})


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def projects(waterwegregio):
    return [
        make_project(waterwegregio, "WW-001", pillars=["1"], areas=["SCHIEDAM"], groups=["jongeren"]),
        make_project(waterwegregio, "WW-002", pillars=["2", "3"], areas=["VLAARDINGEN"], results=["2B"]),
    ]


def test_a_project_moves_only_along_the_transitions_table_and_each_move_is_stored(projects):
    project = projects[0]
    services.project_transition(actor=ACTOR, project=project, to_status="proposed", reason="uitgewerkt")
    with pytest.raises(ValidationError) as caught:
        services.project_transition(actor=ACTOR, project=project, to_status="completed", reason="klaar")
    assert "goedgekeurd" in str(caught.value)  # names what is allowed
    with pytest.raises(ValidationError):
        services.project_transition(actor=ACTOR, project=project, to_status="approved", reason="  ")
    assert [(t.from_status, t.to_status, t.reason, t.by_label) for t in ProjectTransition.objects.all()] == [
        ("idea", "proposed", "uitgewerkt", "test")
    ]
    assert project.status == "proposed"


def test_a_stale_edit_is_refused_with_a_message(projects):
    a = Project.objects.get(code="WW-001")
    b = Project.objects.get(code="WW-001")
    services.project_update(actor=ACTOR, project=a, expected_version=a.lock_version, title="Nieuw")
    with pytest.raises(EditConflict) as caught:
        services.project_update(actor=ACTOR, project=b, expected_version=b.lock_version, title="Ander")
    assert "intussen door iemand anders gewijzigd" in str(caught.value)


@pytest.mark.parametrize("role", ALL)
def test_the_register_and_project_page_are_for_readers_of_this_deal(role, role_users, projects):
    client = client_for(role_users[role])
    for url in ("/deals/waterwegregio/projects/", "/deals/waterwegregio/projects/WW-001/"):
        response = client.get(url)
        if role in READERS:
            assert response.status_code == 200
            assert b"WW-001" in response.content
        elif role == "anonymous":
            assert response.status_code == 302
        else:
            assert response.status_code == 403
    api = client.get("/api/v1/deals/waterwegregio/projects/")
    assert api.status_code == (200 if role in READERS else 403)


def test_the_register_filters_by_pillar_area_group_and_status(role_users, projects):
    client = client_for(role_users["auditor"])

    def codes(query):
        html = client.get(f"/deals/waterwegregio/projects/?{query}").content.decode()
        return [c for c in ("WW-001", "WW-002") if f">{c}</a>" in html]

    assert codes("pillar=3") == ["WW-002"]
    assert codes("area=SCHIEDAM") == ["WW-001"]
    assert codes("group=jongeren") == ["WW-001"]
    assert codes("status=idea") == ["WW-001", "WW-002"]
    assert codes("status=running") == []
    api = client.get("/api/v1/deals/waterwegregio/projects/?pillar=2").json()
    assert [p["code"] for p in api["results"]] == ["WW-002"]


@pytest.mark.parametrize("role", ALL)
def test_only_the_programme_office_changes_a_projects_status_on_screen(role, role_users, projects):
    client = client_for(role_users[role])
    page = client.get("/deals/waterwegregio/projects/WW-001/")
    shows_form = page.status_code == 200 and b'name="to_status"' in page.content
    response = client.post(
        "/deals/waterwegregio/projects/WW-001/transition/", {"to_status": "proposed", "reason": "uitgewerkt"}
    )
    project = Project.objects.get(code="WW-001")
    if role == "programme_office":
        assert shows_form
        assert response.status_code == 302
        assert project.status == "proposed"
        history = client.get("/deals/waterwegregio/projects/WW-001/").content.decode()
        assert "uitgewerkt" in history and "programme_office-waterwegregio-x" in history
    else:
        assert not shows_form
        assert response.status_code in (302, 403) and project.status == "idea"


def test_the_edit_screen_shows_an_edit_conflict(role_users, projects):
    client = client_for(role_users["programme_office"])
    project = Project.objects.get(code="WW-001")
    form = {
        "title": "Gewijzigd",
        "lead": project.lead_id,
        "lock_version": project.lock_version,
    }
    services.project_update(
        actor=ACTOR, project=project, expected_version=project.lock_version, title="Eerst"
    )
    response = client.post("/deals/waterwegregio/projects/WW-001/edit/", form)
    assert response.status_code == 200
    assert "intussen door iemand anders gewijzigd" in response.content.decode()
    assert Project.objects.get(code="WW-001").title == "Eerst"


@pytest.mark.parametrize("role", ALL)
def test_milestones_and_risks_are_for_the_office_and_the_lead_of_that_project(role, role_users, projects):
    projects[0].managers.add(role_users["project_lead"])
    client = client_for(role_users[role])
    own = client.post(
        "/api/v1/deals/waterwegregio/projects/WW-001/milestones/",
        {"title": "Eerste bijeenkomst", "due_on": "2026-03-01"},
        content_type="application/json",
    )
    other = client.post(
        "/deals/waterwegregio/projects/WW-002/risks/",
        {"description": "Te weinig deelnemers", "likelihood": "medium", "impact": "high"},
    )
    if role == "programme_office":
        assert (own.status_code, other.status_code) == (201, 302)
    elif role == "project_lead":
        assert (own.status_code, other.status_code) == (201, 403)
    else:
        assert own.status_code == 403
        assert other.status_code == (302 if role == "anonymous" else 403)


def test_the_api_creates_and_patches_a_project_with_lock_version(role_users, waterwegregio):
    client = client_for(role_users["programme_office"])
    created = client.post(
        "/api/v1/deals/waterwegregio/projects/",
        {
            "code": "WW-010",
            "title": "Wijkhub Westwijk",
            "lead": "VLAARDINGEN",
            "pillars": ["1", "3"],
            "results": ["3D"],
            "areas": ["VLAARDINGEN_WESTWIJK"],
            "starts_on": "2025-03-01",
            "credits_rijk_regio": True,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["pillars"], body["allowed_transitions"]) == (
        "idea",
        ["1", "3"],
        ["proposed", "stopped"],
    )
    url = "/api/v1/deals/waterwegregio/projects/WW-010/"
    ok = client.patch(
        url, {"title": "Wijkhub", "lock_version": body["lock_version"]}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["title"] == "Wijkhub"
    stale = client.patch(
        url, {"title": "Oud", "lock_version": body["lock_version"]}, content_type="application/json"
    )
    assert stale.status_code == 409
    bad = client.patch(
        url,
        {"areas": ["ATLANTIS"], "lock_version": ok.json()["lock_version"]},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "ATLANTIS" in bad.content.decode()
    moved = client.post(
        url + "transitions/",
        {"to_status": "proposed", "reason": "ingediend"},
        content_type="application/json",
    )
    assert moved.status_code == 201
    refused = client.post(
        url + "transitions/", {"to_status": "completed", "reason": "klaar"}, content_type="application/json"
    )
    assert refused.status_code == 400


def test_the_openapi_schema_documents_projects_and_monitoring(role_users, waterwegregio):
    schema = client_for(None).get("/api/v1/schema/?format=json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/deals/{slug}/projects/",
        "/api/v1/deals/{slug}/projects/{code}/",
        "/api/v1/deals/{slug}/projects/{code}/transitions/",
        "/api/v1/deals/{slug}/monitoring/indicators/",
        "/api/v1/deals/{slug}/monitoring/targets/{id}/",
        "/api/v1/deals/{slug}/monitoring/measurements/import/",
        "/api/v1/deals/{slug}/monitoring/verdicts/",
    ):
        assert path in paths, path


def test_a_project_date_range_is_checked(waterwegregio):
    with pytest.raises(ValidationError):
        make_project(waterwegregio, "WW-099", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2025, 1, 1))
