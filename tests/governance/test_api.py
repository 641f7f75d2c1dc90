"""An amendment walked through the REST API, end to end."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from regiodeal.accounts.roles import Role

from .conftest import PARTIES, declaration

pytestmark = pytest.mark.django_db
API = "/api/v1/deals/waterwegregio/governance/"


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_amendment_through_the_api(signed, representatives, make_user):
    office = client_for(make_user(Role.PROGRAMME_OFFICE, signed, username="office"))
    schiedam = client_for(representatives["SCHIEDAM"])
    filed = schiedam.post(
        API + "requests/",
        {
            "kind": "amendment",
            "filed_by": "SCHIEDAM",
            "filed_on": "2025-03-03",
            "title": "Verschuiving",
            "reasons": "Pijler 2 loopt sneller.",
            "budget": {
                "P1": {"rijk": "7400000.00", "regional": "7400000.00"},
                "P2": {"rijk": "7700000.00", "regional": "7700000.00"},
            },
        },
        format="json",
    )
    assert filed.status_code == 201, filed.json()
    number = filed.json()["number"]
    assert filed.json()["status"] == "filed"
    received = office.post(API + f"requests/{number}/receipt/", {"received_on": "2025-03-05"}, format="json")
    assert received.json()["status"] == "consultation"
    assert received.json()["consultation_deadline"] == "2025-04-16"
    assert len(received.json()["missing"]) == 10
    for code in PARTIES:
        response = client_for(representatives[code]).post(
            API + f"requests/{number}/consents/",
            {
                "organisation": code,
                "answer": "consent",
                "declared_on": "2025-03-20",
                "declaration": declaration(),
            },
            format="multipart",
        )
        assert response.status_code == 200, response.json()
    # Art. 4.3: a change of the split waits for its discussion in the Rijk-Regio-overleg.
    waiting = office.get(API + f"requests/{number}/").json()
    assert waiting["status"] == "consultation" and waiting["waits_for"] == ["discussion"]
    meeting = office.post(
        API + "meetings/",
        {
            "held_on": "2025-03-10",
            "attendees": ["VRO", "SCHIEDAM"],
            "guests": ["TNO"],
            "agenda": "1. Verzoek verschuiving pijler 1 naar 2",
            "minutes": "Besproken; geen bezwaar.",
        },
        format="json",
    )
    assert meeting.status_code == 201, meeting.json()
    assert meeting.json()["guests"] == ["TNO"] and meeting.json()["counts"] is True
    consulted = office.post(
        API + f"requests/{number}/consultation/", {"meeting": meeting.json()["id"]}, format="json"
    )
    assert consulted.status_code == 200, consulted.json()
    assert consulted.json()["consulted_on"] == "2025-03-10"
    done = office.get(API + f"requests/{number}/").json()
    assert (
        done["status"] == "adopted"
        and done["adopted_version"] == 2
        and done["effective_from"] == "2025-03-20"
    )
    assert [t["to_status"] for t in done["transitions"]] == ["filed", "consultation", "adopted"]
    diff = office.get(API + "versions/diff/?a=1&b=2").json()["diff"]
    assert "-    rijk: '8400000'" in diff and "+    rijk: '7400000'" in diff
    versions = office.get(API + "versions/").json()["results"]
    assert [(v["number"], v["origin"], v["effective_from"]) for v in versions] == [
        (1, "definition", None),
        (2, "amendment", "2025-03-20"),
    ]


def test_api_errors_name_the_rule(signed, representatives):
    schiedam = client_for(representatives["SCHIEDAM"])
    response = schiedam.post(
        API + "requests/",
        {"kind": "withdrawal", "filed_by": "SCHIEDAM", "filed_on": "2025-03-03", "reasons": ""},
        format="json",
    )
    assert response.status_code == 400
    assert "art. 12.1" in str(response.json())


def test_art_4_2_a_refused_amendment_keeps_its_rule_code_in_the_api(signed, representatives):
    """The screen tells the problem in words; the API keeps the path, message and rule code."""
    schiedam = client_for(representatives["SCHIEDAM"])
    response = schiedam.post(
        API + "requests/",
        {
            "kind": "amendment",
            "filed_by": "SCHIEDAM",
            "filed_on": "2025-03-03",
            "title": "Minder regionaal geld",
            "reasons": "R",
            "budget": {"P1": {"rijk": "8400000.00", "regional": "7400000.00"}},
        },
        format="json",
    )
    assert response.status_code == 400
    [message] = response.json()["detail"]
    assert message.startswith("budget.totals.regional: regional total €16,700,000.00 is below")
    assert message.endswith("[regional-matches-national]")
