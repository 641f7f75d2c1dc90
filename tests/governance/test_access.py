"""Every role of `role_users` (and anonymous, and another deal's user) against the governance
pages and endpoints: reading needs VIEW_INTERNAL; managing needs MANAGE_GOVERNANCE; filing and
declaring only on behalf of one's own Party."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from rest_framework.test import APIClient

from regiodeal.accounts.roles import Role
from regiodeal.governance import services as svc
from regiodeal.governance.models import Consent, Meeting, Request
from tests.factories import DEAL_ROLES

from .conftest import ACTOR, declaration

pytestmark = pytest.mark.django_db

READERS = set(DEAL_ROLES)  # every role in the deal reads these
PAGES = [
    "",
    "signatures/",
    "meetings/",
    "register/",
    "requests/",
    "versions/",
    "versions/compare/?a=1&b=1",
    "calendar/",
    "calendar.ics",
    "publications/",
]
BASE = "/deals/waterwegregio/governance/"
API = "/api/v1/deals/waterwegregio/governance/"


def web(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def api(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize("role", sorted(READERS | {"other_deal", "anonymous"}))
def test_governance_pages_are_read_with_view_internal_only(role_users, role):
    client = web(role_users[role])
    for page in PAGES:
        response = client.get(BASE + page)
        if role in READERS:
            assert response.status_code == 200, (page, response.status_code)
        elif role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], page
        else:
            assert response.status_code == 403, page


@pytest.mark.parametrize("role", sorted(READERS | {"other_deal", "anonymous"}))
def test_only_the_programme_office_records_a_meeting(role_users, role, waterwegregio):
    response = web(role_users[role]).post(BASE + "meetings/", {"held_on": "2025-03-01", "title": "Overleg"})
    if role == "programme_office":
        assert response.status_code == 302
        assert Meeting.objects.filter(deal=waterwegregio).count() == 1
    else:
        assert response.status_code == (302 if role == "anonymous" else 403)
        assert Meeting.objects.count() == 0
    api_response = api(role_users[role]).post(API + "meetings/", {"held_on": "2025-03-02"}, format="json")
    assert api_response.status_code in ({201} if role == "programme_office" else {401, 403})


@pytest.mark.parametrize("role", sorted(READERS | {"other_deal", "anonymous"}))
def test_only_a_party_representative_files_an_amendment_and_only_for_their_own_party(role_users, role):
    body = {
        "kind": "amendment",
        "filed_by": "SCHIEDAM",
        "filed_on": "2025-03-03",
        "title": "Verschuiving",
        "reasons": "Waarom",
        "budget": {
            "P1": {"rijk": "7400000", "regional": "7400000"},
            "P2": {"rijk": "7700000", "regional": "7700000"},
        },
    }
    response = api(role_users[role]).post(API + "requests/", body, format="json")
    if role == "party_representative":
        assert response.status_code == 201, response.json()
        assert response.json()["filed_by"] == "SCHIEDAM"
    else:
        assert response.status_code in (401, 403)
    page = web(role_users[role]).get(BASE + "requests/new/amendment/")
    assert page.status_code == (
        200 if role == "party_representative" else 302 if role == "anonymous" else 403
    )


def test_a_representative_cannot_file_or_declare_for_another_party(role_users, signed):
    schiedam = api(role_users["party_representative"])
    body = {
        "kind": "withdrawal",
        "filed_by": "ROTTERDAM",
        "filed_on": "2025-03-03",
        "reasons": "Omstandigheden.",
    }
    assert schiedam.post(API + "requests/", body, format="json").status_code == 403
    request = svc.amendment_file(
        actor=ACTOR,
        deal=signed,
        filed_by=signed.organisations.get(code="VRO"),
        filed_on=dt.date(2025, 3, 3),
        title="T",
        reasons="R",
        changes={"ends_on": "2029-06-30"},
    )
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 3, 4))
    other = {
        "organisation": "ROTTERDAM",
        "answer": "consent",
        "declared_on": "2025-03-05",
        "declaration": declaration(),
    }
    assert (
        schiedam.post(API + f"requests/{request.number}/consents/", other, format="multipart").status_code
        == 403
    )
    own = {**other, "organisation": "SCHIEDAM", "declaration": declaration()}
    response = schiedam.post(API + f"requests/{request.number}/consents/", own, format="multipart")
    assert response.status_code == 200, response.json()
    assert [c["organisation"] for c in response.json()["consents"]] == ["SCHIEDAM"]
    assert Consent.objects.count() == 1


@pytest.mark.parametrize("role", sorted(READERS | {"other_deal", "anonymous"}))
def test_declaration_files_are_downloaded_only_by_readers_of_the_deal(role_users, signed, role):
    request = svc.amendment_file(
        actor=ACTOR,
        deal=signed,
        filed_by=signed.organisations.get(code="VRO"),
        filed_on=dt.date(2025, 3, 3),
        title="T",
        reasons="R",
        changes={"ends_on": "2029-06-30"},
    )
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 3, 4))
    consent = svc.consent_record(
        actor=ACTOR,
        request=request,
        organisation=signed.organisations.get(code="VRO"),
        answer="consent",
        declared_on=dt.date(2025, 3, 5),
        declaration=declaration(),
    )
    response = web(role_users[role]).get(f"{BASE}files/{consent.declaration_id}/")
    expected = 200 if role in READERS else 302 if role == "anonymous" else 403
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 declaration of consent"


def test_the_calendar_feed_opens_with_its_secret_and_closes_when_the_membership_goes(
    role_users, signed, make_user
):
    user = role_users["ministry"]
    client = web(user)
    client.post(BASE + "calendar/token/")
    page = client.get(BASE + "calendar/")
    url = page.context["feed_url"]
    assert "/governance/feed/" in url and url.endswith(".ics")
    path = url.split("testserver", 1)[1]
    feed = Client().get(path)  # no login: Outlook can't
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in feed.content and b"UID:beginsituatie@" in feed.content
    assert client.get(BASE + "calendar/").context["feed_url"] is None  # shown once
    assert Client().get(path.replace(".ics", "x.ics")).status_code == 404
    user.memberships.all().delete()
    assert Client().get(path).status_code == 404


def test_a_new_feed_address_replaces_the_old(role_users, signed):
    client = web(role_users["auditor"])
    client.post(BASE + "calendar/token/")
    first = client.get(BASE + "calendar/").context["feed_url"].split("testserver", 1)[1]
    client.post(BASE + "calendar/token/")
    second = client.get(BASE + "calendar/").context["feed_url"].split("testserver", 1)[1]
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200


def test_another_deals_office_cannot_reach_this_deals_requests(role_users, signed):
    svc.withdrawal_file(
        actor=ACTOR,
        deal=signed,
        party=signed.organisations.get(code="PZH"),
        notice_on=dt.date(2025, 3, 1),
        circumstances="Veranderd.",
    )
    number = Request.objects.get().number
    assert web(role_users["other_deal"]).get(f"{BASE}requests/{number}/").status_code == 403
    assert api(role_users["other_deal"]).get(f"{API}requests/{number}/").status_code == 403
    assert (
        api(role_users["other_deal"])
        .post(f"{API}requests/{number}/receipt/", {"received_on": "2025-03-02"}, format="json")
        .status_code
        == 403
    )


def test_the_role_table_gives_governance_to_the_office_and_declarations_to_representatives():
    from regiodeal.accounts.roles import ROLE_CAPABILITIES, Capability

    assert Capability.MANAGE_GOVERNANCE in ROLE_CAPABILITIES[Role.PROGRAMME_OFFICE]
    assert {Capability.CONSENT, Capability.FILE_REQUEST} <= ROLE_CAPABILITIES[Role.PARTY_REPRESENTATIVE]
