"""Every role of the role table against the participation pages and endpoints: read with
VIEW_INTERNAL; wijken, themes, initiatives and publishing with MANAGE_PARTICIPATION (programme
office); outreach and co-creation also by a project lead, for a project they manage; nothing for
anonymous visitors or another deal's accounts."""

import datetime as dt

import pytest
from django.test import Client

from regiodeal.participation.models import CoCreation, Conversation, Initiative, Wijk
from tests.deal_template import replayed
from tests.factories import DEAL_ROLES, make_project

from .conftest import garden, talk

READERS = set(DEAL_ROLES)  # every role in the deal reads these
ALL = sorted(READERS | {"other_deal", "anonymous"})
BASE = "/deals/waterwegregio/participation/"
API = "/api/v1/deals/waterwegregio/participation/"


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
@replayed
def world(role_users, wijken, themes):
    deal = wijken["oost"].deal
    own = make_project(deal, "WW-010", pillars=["1"], results=["1B"])
    own.managers.add(role_users["project_lead"])
    make_project(deal, "WW-011", pillars=["1"])
    conversation = talk(deal, wijken["nieuwland"], 12, dt.date(2025, 3, 1), project=own)
    initiative = garden(deal, wijken["nieuwland"])
    return {"deal": deal, "conversation": conversation, "initiative": initiative, "role_users": role_users}


def pages(world):
    c, i = world["conversation"], world["initiative"]
    return [
        BASE,
        f"{BASE}conversations/",
        f"{BASE}conversations/{c.pk}/",
        f"{BASE}initiatives/",
        f"{BASE}initiatives/{i.pk}/",
        f"{BASE}cocreation/",
        f"{BASE}projects/WW-010/",
        f"{BASE}quality/",
        f"{BASE}wijken/",
    ]


@pytest.mark.parametrize("role", ALL)
def test_participation_pages_are_for_readers_of_this_deal_only(role, world):
    client = client_for(world["role_users"][role])
    for url in pages(world):
        response = client.get(url)
        if role in READERS:
            assert response.status_code == 200, url
        elif role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        else:
            assert response.status_code == 403, url


@pytest.mark.parametrize("role", ALL)
def test_the_participation_api_is_for_readers_of_this_deal_only(role, world):
    client = client_for(world["role_users"][role])
    c, i = world["conversation"], world["initiative"]
    for path in [
        "wijken/",
        "themes/",
        "conversations/",
        f"conversations/{c.pk}/",
        "norm/",
        "quality/",
        "public-summary/",
        "initiatives/",
        f"initiatives/{i.pk}/",
        f"initiatives/{i.pk}/transitions/",
        "cocreation/",
        "cocreation/rollup/",
    ]:
        status = client.get(API + path).status_code
        assert status == (200 if role in READERS else 403), path


CONVERSATION = {
    "wijk": "WK060602",
    "held_on": "2025-03-02",
    "organisation": "SCHIEDAM",
    "residents": "8",
    "form": "street",
}


@pytest.mark.parametrize("role", ALL)
def test_deal_wide_outreach_is_recorded_by_the_programme_office_only(role, world):
    client = client_for(world["role_users"][role])
    page = client.post(f"{BASE}conversations/new/", CONVERSATION)
    api = client.post(
        f"{API}conversations/", {**CONVERSATION, "residents": 8}, content_type="application/json"
    )
    stored = Conversation.objects.filter(wijk__code="WK060602").count()
    if role == "programme_office":
        assert page.status_code == 302 and api.status_code == 201 and stored == 2
    else:
        assert stored == 0
        assert api.status_code in (401, 403)
        assert page.status_code == (302 if role == "anonymous" else 403) or (
            role == "project_lead" and page.status_code == 200  # the form again: a project is required
        )


@pytest.mark.parametrize("role", ALL)
def test_a_project_lead_records_outreach_only_for_a_project_they_manage(role, world):
    client = client_for(world["role_users"][role])
    own = client.post(
        f"{API}conversations/",
        {**CONVERSATION, "residents": 5, "project": "WW-010"},
        content_type="application/json",
    )
    other = client.post(
        f"{API}conversations/",
        {**CONVERSATION, "residents": 6, "project": "WW-011"},
        content_type="application/json",
    )
    may_own = role in ("programme_office", "project_lead")
    assert (own.status_code == 201) == may_own, own.content
    assert (other.status_code == 201) == (role == "programme_office"), other.content
    if role == "project_lead":
        assert other.status_code == 403
        page = client.post(
            f"{BASE}conversations/new/", {**CONVERSATION, "residents": "7", "project": "WW-010"}
        )
        assert page.status_code == 302
        assert Conversation.objects.filter(residents=7, project__code="WW-010").exists()


@pytest.mark.parametrize("role", ALL)
def test_co_creation_is_recorded_by_the_office_or_the_projects_lead(role, world):
    client = client_for(world["role_users"][role])
    data = {
        "rung": "coproduce",
        "stage": "design",
        "held_on": "2025-03-01",
        "residents": "9",
        "description": "Ontwerpsessie",
    }
    page = client.post(f"{BASE}projects/WW-010/", data)
    api = client.post(
        f"{API}cocreation/", {**data, "project": "WW-011", "residents": 4}, content_type="application/json"
    )
    assert CoCreation.objects.filter(project__code="WW-010").exists() == (
        role in ("programme_office", "project_lead")
    )
    assert (api.status_code == 201) == (role == "programme_office")
    if role not in READERS:
        assert page.status_code in (302, 403)


@pytest.mark.parametrize("role", ALL)
def test_wijken_themes_initiatives_and_publishing_are_for_the_programme_office(role, world):
    client = client_for(world["role_users"][role])
    c, i = world["conversation"], world["initiative"]
    client.post(f"{BASE}wijken/", {"code": "WK062201", "name": "Centrum", "gemeente": "VLAARDINGEN"})
    client.post(f"{API}wijken/", {"code": "WK062202", "name": "Oost", "gemeente": "VLAARDINGEN"})
    client.post(f"{BASE}themes/", {"theme-code": "jeugd", "theme-name": "Jeugd"})
    client.post(f"{BASE}conversations/{c.pk}/publish/", {"publishable": "on", "lock_version": c.lock_version})
    client.post(f"{BASE}initiatives/{i.pk}/", {"to_status": "agreed", "reason": "getekend"})
    api = client.post(
        f"{API}initiatives/{i.pk}/transitions/",
        {"to_status": "agreed", "reason": "getekend"},
        content_type="application/json",
    )
    office = role == "programme_office"
    assert Wijk.objects.filter(code__in=["WK062201", "WK062202"]).count() == (2 if office else 0)
    assert world["deal"].participation_themes.filter(code="jeugd").exists() == office
    c.refresh_from_db()
    assert c.text_publishable == office
    assert Initiative.objects.get(pk=i.pk).status == ("agreed" if office else "proposed")
    if not office:
        assert api.status_code in (401, 403)


@pytest.mark.parametrize("role", ALL)
def test_only_the_programme_office_marks_text_publishable_through_the_api(role, world):
    c = world["conversation"]
    client = client_for(world["role_users"][role])
    response = client.patch(
        f"{API}conversations/{c.pk}/",
        {"lock_version": c.lock_version, "text_publishable": True},
        content_type="application/json",
    )
    c.refresh_from_db()
    assert c.text_publishable == (role == "programme_office")
    assert response.status_code == (200 if role == "programme_office" else 403)
