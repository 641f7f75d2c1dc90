"""Art. 10.1 "jegens derden": confidentiality keeps a record from third parties,
not from the Parties. A Partner's project lead is a third party (except for the project they lead
themselves); a Party's people, the programme office, the ministry as VRO and the auditor are not.
Shown on the internal report: its page, its downloads and the API. Before this change
confidentiality hid a record from the public only, so each Partner test failed on the old code."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from regiodeal.accounts.roles import Role
from regiodeal.disclosure.access import sees_confidential, visible_to
from regiodeal.projects.models import Project
from tests.reporting.helpers import rendered

from .conftest import SECRET_CODE, SECRET_TITLE

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _internal_views(client, deal) -> dict[str, str]:
    base = f"/deals/{deal.slug}"
    return {
        "page": client.get(f"{base}/reports/2025/").content.decode(),
        "json": client.get(f"{base}/reports/2025/download/internal.json").content.decode(),
        "api": client.get(
            f"/api/v1/deals/{deal.slug}/reports/2025/document/?audience=internal"
        ).content.decode(),
    }


@pytest.fixture
def draft(portfolio, make_secret):
    from regiodeal.reporting import services

    from .conftest import ACTOR

    make_secret(portfolio)
    services.report_generate(actor=ACTOR, deal=portfolio, year=2025)
    return portfolio


def test_art_10_1_a_partners_project_lead_is_a_third_party(draft, make_user):
    lead = make_user(Role.PROJECT_LEAD, draft, "ALBEDA")  # Albeda College: a Partner
    assert not sees_confidential(lead, draft)
    for name, text in _internal_views(_client(lead), draft).items():
        assert SECRET_TITLE not in text, name
        assert SECRET_CODE not in text, name
    document = json.loads(_internal_views(_client(lead), draft)["json"])
    p3 = {x["code"]: x for x in document["money"]["lines"]}["P3"]
    assert p3["year"]["granted"] == "0.00"  # its 350.000,00 out of the figures too
    assert document["money"]["excludes_confidential"] is True
    assert SECRET_CODE not in {p.code for p in visible_to(Project.objects.filter(deal=draft), lead, draft)}


def test_art_10_1_a_partners_lead_sees_the_project_they_lead(draft, make_user):
    lead = make_user(Role.PROJECT_LEAD, draft, "ALBEDA")
    Project.objects.get(deal=draft, code=SECRET_CODE).managers.add(lead)
    assert SECRET_TITLE in _internal_views(_client(lead), draft)["page"]
    assert SECRET_CODE in {p.code for p in visible_to(Project.objects.filter(deal=draft), lead, draft)}


def test_art_10_1_the_parties_are_no_third_parties(draft, role_users):
    for role in ("programme_office", "regiokassier", "party_representative", "project_lead"):
        user = role_users[role]  # the project lead of gemeente Vlaardingen, a Party
        assert sees_confidential(user, draft), role
        assert SECRET_TITLE in _internal_views(_client(user), draft)["page"], role


def test_art_10_1_the_ministry_sees_a_deal_as_vro(draft, role_users, other_deal):
    ministry = role_users["ministry"]
    assert sees_confidential(ministry, draft)  # VRO is a Party of the Waterwegregio
    assert SECRET_TITLE in _internal_views(_client(ministry), draft)["json"]


def test_art_10_1_the_exceptions_remain_the_auditor_and_the_yearly_report_to_vro(draft, role_users):
    import datetime as dt

    from regiodeal.reporting import services
    from regiodeal.reporting.models import Report

    from .conftest import ACTOR
    from .helpers import pdf_text

    auditor = role_users["auditor"]
    assert sees_confidential(auditor, draft)
    assert SECRET_TITLE in _internal_views(_client(auditor), draft)["json"]
    report = Report.objects.get(deal=draft, year=2025)
    services.report_send(actor=ACTOR, report=report, sent_on=dt.date(2026, 6, 1))
    services.report_finalise(actor=ACTOR, report=report)
    frozen = rendered(services.report_submit(actor=ACTOR, report=report, submitted_on=dt.date(2026, 7, 1)))
    assert SECRET_TITLE in pdf_text(bytes(frozen.internal_pdf))  # the report VRO receives holds it
    ministry = _client(role_users["ministry"])
    pdf = ministry.get(f"/deals/{draft.slug}/reports/2025/download/internal.pdf")
    assert SECRET_TITLE in pdf_text(pdf.content)


def test_art_10_1_the_project_register_keeps_it_from_a_partners_lead(draft, make_user, role_users):
    lead = _client(make_user(Role.PROJECT_LEAD, draft, "ALBEDA"))
    base = f"/deals/{draft.slug}/projects/"
    assert SECRET_TITLE not in lead.get(base).content.decode()
    assert lead.get(f"{base}{SECRET_CODE}/").status_code == 404
    api = lead.get(f"/api/v1/deals/{draft.slug}/projects/").content.decode()
    assert SECRET_CODE not in api and "WW-001" in api
    assert lead.get(f"/api/v1/deals/{draft.slug}/projects/{SECRET_CODE}/").status_code == 404
    party = _client(role_users["project_lead"])  # gemeente Vlaardingen: a Party
    assert SECRET_TITLE in party.get(base).content.decode()
    assert party.get(f"{base}{SECRET_CODE}/").status_code == 200
