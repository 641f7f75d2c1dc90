"""Recording a measurement on screen: for the whole region and for any project as the
programme office, for their own project as a project lead, never for another's project. It
crashed (500) for the whole region and for every project but the first on the list."""

import datetime as dt
from decimal import Decimal

import pytest

from regiodeal.projects.models import Project
from regiodeal.results.models import Indicator, Measurement

pytestmark = pytest.mark.django_db
URL = "/deals/waterwegregio/results/measurements/new/"


def form(indicator, project="", on="2026-02-01", value="4"):
    return {"indicator": str(indicator.pk), "value": value, "on": on, "source": "telling", "project": project}


@pytest.fixture
def places(portfolio):
    return Indicator.objects.get(code="ontmoetingsplekken")


def test_the_office_records_a_measurement_for_the_whole_region(client, role_users, places):
    client.force_login(role_users["programme_office"])
    response = client.post(URL, form(places))
    assert response.status_code == 302
    m = Measurement.objects.get(indicator=places, on=dt.date(2026, 2, 1))
    assert (m.project, m.value, m.area_code) == (None, Decimal("4"), "")


@pytest.mark.parametrize("code", ["WW-001", "WW-002"])
def test_the_office_records_a_measurement_for_any_project(client, role_users, places, code):
    client.force_login(role_users["programme_office"])
    response = client.post(URL, form(places, project=code))
    assert response.status_code == 302
    assert Measurement.objects.get(indicator=places, on=dt.date(2026, 2, 1)).project.code == code


def test_the_project_page_link_opens_the_form_with_the_project_chosen(client, role_users, places):
    client.force_login(role_users["programme_office"])
    page = client.get("/deals/waterwegregio/projects/WW-002/").content.decode()
    assert f"{URL}?project=WW-002" in page
    response = client.get(f"{URL}?project=WW-002")
    assert response.status_code == 200
    assert '<option value="WW-002" selected>' in response.content.decode()


def test_a_lead_records_for_their_own_project_but_not_for_another(client, role_users, places):
    lead = role_users["project_lead"]
    Project.objects.get(code="WW-002").managers.add(lead)
    client.force_login(lead)
    assert client.post(URL, form(places, project="WW-002")).status_code == 302
    assert Measurement.objects.get(indicator=places, on=dt.date(2026, 2, 1)).project.code == "WW-002"
    assert client.post(URL, form(places, project="WW-001", on="2026-02-02")).status_code == 403
    assert client.get(f"{URL}?project=WW-001").status_code == 403
    # Nor for the whole region: that is the programme office's.
    response = client.post(URL, form(places, project="", on="2026-02-03"))
    assert response.status_code == 200
    assert "Dit veld is vereist." in response.content.decode()
    assert not Measurement.objects.filter(on__in=[dt.date(2026, 2, 2), dt.date(2026, 2, 3)]).exists()


def test_a_bad_date_is_shown_at_the_field_and_in_the_summary_and_changes_nothing(client, role_users, places):
    client.force_login(role_users["programme_office"])
    before = Measurement.objects.count()
    page = client.post(URL, form(places, on="1-2-2026x")).content.decode()
    assert 'id="id_on_error"' in page and 'href="#id_on"' in page
    assert Measurement.objects.count() == before


def test_another_deals_office_and_anonymous_may_not(client, role_users, places):
    client.force_login(role_users["other_deal"])
    assert client.post(URL, form(places)).status_code == 403
    client.logout()
    assert client.post(URL, form(places)).status_code == 302
    assert not Measurement.objects.filter(on=dt.date(2026, 2, 1)).exists()
