"""Every role of the role table against the results pages and endpoints: read with
VIEW_INTERNAL, baselines and targets with MANAGE_RESULTS, measurements with RECORD_PROGRESS (a
project lead only for a project they manage), nothing internal for anonymous or another deal."""

import datetime as dt

import pytest
from django.test import Client

from regiodeal.results.models import Measurement
from tests.factories import DEAL_ROLES

from .conftest import link_of

READERS = set(DEAL_ROLES)  # every role in the deal reads these
ALL = sorted(READERS | {"other_deal", "anonymous"})


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


PAGES = [
    "/deals/waterwegregio/results/",
    "/deals/waterwegregio/results/theory/",
    "/deals/waterwegregio/results/pillars/1/",
    "/deals/waterwegregio/results/results/1C/",
    "/deals/waterwegregio/results/charts/1C/",
    "/deals/waterwegregio/results/projects/WW-001/",
    "/deals/waterwegregio/results/indicators/",
]
API = [
    "/api/v1/deals/waterwegregio/monitoring/indicators/",
    "/api/v1/deals/waterwegregio/monitoring/targets/",
    "/api/v1/deals/waterwegregio/monitoring/measurements/",
    "/api/v1/deals/waterwegregio/monitoring/verdicts/",
]


@pytest.mark.parametrize("role", ALL)
def test_internal_results_pages_are_for_readers_of_this_deal_only(role, role_users, portfolio):
    client = client_for(role_users[role])
    for url in PAGES:
        response = client.get(url)
        if role in READERS:
            assert response.status_code == 200, url
        elif role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        else:
            assert response.status_code == 403, url


@pytest.mark.parametrize("role", ALL)
def test_the_results_api_is_for_readers_of_this_deal_only(role, role_users, portfolio):
    client = client_for(role_users[role])
    for url in API:
        status = client.get(url).status_code
        assert status == (200 if role in READERS else 403), url


@pytest.mark.parametrize("role", ALL)
def test_only_the_programme_office_sets_baselines_and_targets(role, role_users, portfolio):
    link = link_of(portfolio, "1A")
    client = client_for(role_users[role])
    page = client.post(
        f"/deals/waterwegregio/results/links/{link.pk}/",
        {
            "baseline_value": "1",
            "baseline_on": "2025-01-01",
            "target_kind": "absolute",
            "target_value": "3",
            "target_on": "2027-01-01",
            "lock_version": link.lock_version,
        },
    )
    link.refresh_from_db()
    api = client.patch(
        f"/api/v1/deals/waterwegregio/monitoring/targets/{link.pk}/",
        {"lock_version": link.lock_version, "baseline_source": "CBS"},
        content_type="application/json",
    )
    link.refresh_from_db()
    if role == "programme_office":
        assert (page.status_code, api.status_code) == (302, 200)
        assert (link.baseline_value, link.baseline_source) == (1, "CBS")
    else:
        assert page.status_code == (302 if role == "anonymous" else 403)
        assert api.status_code == 403
        assert link.baseline_value == 0


def measurement_payload(project=None):
    data = {"indicator": "ontmoetingsplekken", "value": "2", "on": "2026-03-01", "source": "telling"}
    if project:
        data["project"] = project
    return data


@pytest.mark.parametrize("role", ALL)
def test_measurements_are_recorded_by_the_programme_office_or_a_lead_for_their_own_project(
    role, role_users, portfolio
):
    from regiodeal.projects.models import Project

    lead = role_users["project_lead"]
    Project.objects.get(code="WW-001").managers.add(lead)
    client = client_for(role_users[role])
    url = "/api/v1/deals/waterwegregio/monitoring/measurements/"
    own = client.post(url, measurement_payload("WW-001"), content_type="application/json")
    other = client.post(
        url, {**measurement_payload("WW-002"), "on": "2026-03-02"}, content_type="application/json"
    )
    deal_wide = client.post(
        url, {**measurement_payload(), "on": "2026-03-03"}, content_type="application/json"
    )
    if role == "programme_office":
        assert (own.status_code, other.status_code, deal_wide.status_code) == (201, 201, 201)
    elif role == "project_lead":
        assert (own.status_code, other.status_code, deal_wide.status_code) == (201, 403, 403)
        assert Measurement.objects.filter(project__code="WW-001", on=dt.date(2026, 3, 1)).exists()
    else:
        assert (own.status_code, other.status_code, deal_wide.status_code) == (403, 403, 403)


@pytest.mark.parametrize("role", ALL)
def test_the_measurement_screen_gives_a_project_lead_only_their_own_projects(role, role_users, portfolio):
    from regiodeal.projects.models import Project

    Project.objects.get(code="WW-001").managers.add(role_users["project_lead"])
    response = client_for(role_users[role]).get("/deals/waterwegregio/results/measurements/new/")
    if role == "programme_office":
        assert response.status_code == 200
        assert b"WW-002" in response.content
    elif role == "project_lead":
        assert response.status_code == 200
        assert b"WW-001" in response.content and b"WW-002" not in response.content
    elif role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ALL)
def test_only_deal_wide_progress_recorders_may_import(role, role_users, portfolio):
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = b"indicator,on,value,source\nontmoetingsplekken,2026-02-01,2,telling\n"
    client = client_for(role_users[role])
    api = client.post(
        "/api/v1/deals/waterwegregio/monitoring/measurements/import/",
        {"file": SimpleUploadedFile("m.csv", csv)},
    )
    page = client.get("/deals/waterwegregio/imports/measurements/")  # the upload page
    if role == "programme_office":
        assert api.status_code == 201
        assert page.status_code == 200
    else:
        assert api.status_code == 403
        assert page.status_code == (302 if role == "anonymous" else 403)
