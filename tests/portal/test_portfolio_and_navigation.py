"""The ministry's portfolio view for every role, and the site navigation: the
deal's internal sections appear for an account by its capabilities, never for anonymous."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tests.factories import ROLES
from tests.governance.conftest import PARTIES

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_the_portfolio_answers_each_role(role_users, role):
    response = client_for(role_users[role]).get("/portfolio/")
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        return
    if role not in ("ministry", "programme_office", "other_deal"):
        assert response.status_code == 403
        return
    page = response.content.decode()
    assert response.status_code == 200
    shows = {slug for slug in ("waterwegregio", "proefdeal") if f'data-deal="{slug}"' in page}
    assert (
        shows
        == {
            "ministry": {"waterwegregio", "proefdeal"},
            "programme_office": {"waterwegregio"},
            "other_deal": {"proefdeal"},
        }[role]
    )


@pytest.mark.parametrize("role", ROLES)
def test_the_navigation_links_the_portfolio_exactly_for_the_accounts_it_answers(role_users, role):
    """The link is decided from the memberships alone (no read of every deal on every page), and
    agrees with `can` asked for every deal."""
    from regiodeal.accounts.permissions import can, can_in_some_deal
    from regiodeal.deals.models import Deal

    user = role_users[role]
    page = client_for(user).get("/deals/waterwegregio/").content.decode()
    expected = user is not None and any(
        can(user, c, d) for d in Deal.objects.all() for c in ("receive_reports", "manage_report")
    )
    assert ('href="/portfolio/"' in page) == expected
    assert (user is not None and can_in_some_deal(user, "receive_reports", "manage_report")) == expected
    assert expected == (role in ("ministry", "programme_office", "other_deal"))


def test_the_portfolio_shows_money_and_whether_each_report_was_on_time(site, role_users, monkeypatch):
    """On 1 March 2026 (time stands still for the test): the report on 2024 was submitted on 14
    July 2025, on time; the one on 2025 is not due before 15 July 2026, so it is pending."""
    from regiodeal.audit.services import Actor
    from regiodeal.deals.models import Signature
    from regiodeal.reporting import services as reports

    deal = site["deal"]
    for code in PARTIES:
        Signature.objects.create(
            deal=deal, organisation=deal.organisations.get(code=code), signed_on=dt.date(2024, 10, 1)
        )
    office = Actor(label="programmabureau")
    report = reports.report_generate(actor=office, deal=deal, year=2024)
    reports.report_send(actor=office, report=report, sent_on=dt.date(2025, 6, 2))
    reports.report_finalise(actor=office, report=report)
    reports.report_submit(actor=office, report=report, submitted_on=dt.date(2025, 7, 14))
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2026, 3, 1))

    page = client_for(role_users["ministry"]).get("/portfolio/").content.decode()
    row = page.split('data-deal="waterwegregio"')[1].split("</tr>")[0]
    assert "€\u00a017.700.000" in row
    assert "€\u00a0902.000,00" in row  # granted: the confidential project counts here, internally
    assert "€\u00a040.000,00" in row  # national money spent
    assert 'data-year="2024" data-state="on_time"' in row and "op tijd ingediend (14 juli 2025)" in row
    assert 'data-year="2025" data-state="pending"' in row
    assert 'data-year="2026" data-state="pending"' in row and "uiterlijk 15 juli 2027" in row
    assert 'data-verdict="no_data"' in row


def test_a_report_after_15_july_is_late_and_a_missing_one_overdue(site, role_users, monkeypatch):
    from regiodeal.portal.portfolio import ReportYear

    assert ReportYear(2024, dt.date(2025, 7, 15), dt.date(2025, 7, 15)).state == "on_time"
    assert ReportYear(2024, dt.date(2025, 7, 15), dt.date(2025, 7, 16)).state == "late"
    assert ReportYear(2024, dt.date(2025, 7, 15), None).state == "overdue"
    assert ReportYear(2099, dt.date(2100, 7, 15), None).state == "pending"


def test_each_state_of_a_report_reads_in_either_language():
    from django.utils import translation

    from regiodeal.portal.portfolio import ReportYear

    due = dt.date(2025, 7, 15)
    reports = [
        ReportYear(2024, due, dt.date(2025, 7, 14)),
        ReportYear(2024, due, dt.date(2025, 7, 16)),
        ReportYear(2024, due, None),
        ReportYear(2099, dt.date(2100, 7, 15), None),
    ]
    assert [r.text for r in reports] == [
        "op tijd ingediend (14 juli 2025)",
        "te laat ingediend (16 juli 2025, uiterlijk 15 juli 2025)",
        "niet ingediend (uiterlijk 15 juli 2025)",
        "nog niet nodig (uiterlijk 15 juli 2100)",
    ]
    with translation.override("en"):
        assert [r.text for r in reports] == [
            "submitted on time (14 July 2025)",
            "submitted late (16 July 2025, due by 15 July 2025)",
            "not submitted (due by 15 July 2025)",
            "not yet required (due by 15 July 2100)",
        ]


INTERNAL_LINKS = {
    "Projectregister": "/deals/waterwegregio/projects/",
    "Financiën": "/deals/waterwegregio/finance/",
    "Monitoring": "/deals/waterwegregio/results/",
    "Bestuur": "/deals/waterwegregio/governance/",
    "Ideeën beheren": "/deals/waterwegregio/ideas/manage/",
    "Audittrail": "/deals/waterwegregio/audit/",
    "Portfolio": "/portfolio/",
}
EXPECTED = {
    "programme_office": set(INTERNAL_LINKS),
    "regiokassier": {"Projectregister", "Financiën", "Monitoring", "Bestuur"},
    "party_representative": {"Projectregister", "Financiën", "Monitoring", "Bestuur"},
    "project_lead": {"Projectregister", "Monitoring", "Bestuur"},
    "ministry": {"Projectregister", "Financiën", "Monitoring", "Bestuur", "Portfolio"},
    "auditor": {"Projectregister", "Financiën", "Monitoring", "Bestuur", "Audittrail"},
    "other_deal": {"Portfolio"},
    "anonymous": set(),
}


@pytest.mark.parametrize("role", ROLES)
def test_the_navigation_shows_the_internal_sections_each_role_may_open(role_users, role):
    page = client_for(role_users[role]).get("/deals/waterwegregio/").content.decode()
    shown = {label for label, url in INTERNAL_LINKS.items() if f'href="{url}">{label}</a>' in page}
    assert shown == EXPECTED[role]
    for label in ("Projecten", "Waar het geld heen gaat", "Resultaten", "Open data"):
        assert f">{label}</a>" in page
