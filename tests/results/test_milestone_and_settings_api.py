"""The API beside the screens for the second reading's new duties: milestones (Art. 3, result 1B
judged by its delivery) and the deal's settings (deadlines the covenant leaves open, Bijlage 1 B;
the office's reading of "voorjaar 2025", Art. 7.1). Written by the roles that write them on screen,
with the version they started from, audited; refused for others."""

import pytest

from regiodeal.accounts.roles import Role
from regiodeal.audit.models import AuditEvent
from regiodeal.deals.models import DealSettings
from regiodeal.results.models import Milestone

pytestmark = pytest.mark.django_db
API = "/api/v1/deals/waterwegregio"


def test_a_milestone_is_planned_delivered_and_refused_through_the_api(client, role_users):
    client.force_login(role_users[Role.PROGRAMME_OFFICE.value])
    r = client.post(
        f"{API}/monitoring/milestones/",
        {"result_code": "1D", "title": "Handreiking gereed", "due_on": "2027-06-30"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["result_code"], body["title"], body["due_on"]) == ("1D", "Handreiking gereed", "2027-06-30")
    milestone = Milestone.objects.get(pk=body["id"])

    r = client.patch(
        f"{API}/monitoring/milestones/{milestone.pk}/",
        {"note": "Vertraagd door de zomer.", "lock_version": body["lock_version"]},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    assert (
        client.get(f"{API}/monitoring/milestones/{milestone.pk}/").json()["note"]
        == "Vertraagd door de zomer."
    )
    stale = client.patch(
        f"{API}/monitoring/milestones/{milestone.pk}/",
        {"note": "x", "lock_version": body["lock_version"]},
        content_type="application/json",
    )
    assert stale.status_code == 409
    missing = client.patch(
        f"{API}/monitoring/milestones/{milestone.pk}/", {"note": "x"}, content_type="application/json"
    )
    assert missing.status_code == 400 and "lock_version" in missing.json()
    unknown = client.post(
        f"{API}/monitoring/milestones/",
        {"result_code": "9Z", "title": "x", "due_on": "2027-06-30"},
        content_type="application/json",
    )
    assert unknown.status_code == 400
    assert (
        AuditEvent.objects.filter(object_type="results.milestone", object_id=str(milestone.pk)).count() == 2
    )

    client.force_login(role_users[Role.AUDITOR.value])
    assert client.get(f"{API}/monitoring/milestones/").status_code == 200
    refused = client.post(
        f"{API}/monitoring/milestones/",
        {"result_code": "1D", "title": "x", "due_on": "2027-06-30"},
        content_type="application/json",
    )
    assert refused.status_code == 403


def test_the_deal_settings_are_read_and_set_through_the_api(client, role_users):
    client.force_login(role_users[Role.PROGRAMME_OFFICE.value])
    r = client.get(f"{API}/settings/")
    assert r.status_code == 200 and r.json()["programme_due_month"] is None
    r = client.put(
        f"{API}/settings/",
        {"programme_due_month": 2, "programme_due_day": 1, "baseline_due_on": "2025-05-31"},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    saved = DealSettings.objects.get(deal__slug="waterwegregio")
    assert (saved.programme_due_month, saved.programme_due_day, str(saved.baseline_due_on)) == (
        2,
        1,
        "2025-05-31",
    )
    again = client.put(
        f"{API}/settings/",
        {"programme_due_month": 3, "programme_due_day": 1},
        content_type="application/json",
    )
    assert again.status_code == 400 and "lock_version" in again.json()
    half = client.put(
        f"{API}/settings/",
        {"programme_due_month": 2, "programme_due_day": None, "lock_version": r.json()["lock_version"]},
        content_type="application/json",
    )
    assert half.status_code == 400 and "programme_due_day" in half.json()
    assert AuditEvent.objects.filter(action="deal.settings.updated").count() == 1

    client.force_login(role_users[Role.PROJECT_LEAD.value])
    assert client.get(f"{API}/settings/").status_code == 200
    assert client.put(f"{API}/settings/", {}, content_type="application/json").status_code == 403
    client.force_login(role_users["other_deal"])
    assert client.get(f"{API}/settings/").status_code in (403, 404)
