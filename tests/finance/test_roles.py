"""Who may read and write the books: every role of `role_users`, another deal's office, and
anonymous, against every finance page and endpoint. Finance data is internal: never public."""

import io

import pytest
from django.urls import reverse

from regiodeal.finance.models import LedgerEntry
from tests.factories import ROLES

READERS = {"programme_office", "regiokassier", "party_representative", "ministry", "auditor"}
WRITERS = {"programme_office", "regiokassier"}
ALL = ROLES

PAGES = [
    ("finance:overview", {}),
    ("finance:ledger", {}),
    ("finance:vat", {}),
    ("finance:agreement", {}),
    ("finance:eu-law", {}),
    ("finance:findings", {}),
    ("finance:spuk", {}),
    ("finance:export", {"table": "overview"}),
    ("finance:export", {"table": "ledger"}),
    ("finance:export", {"table": "sisa"}),
]
READ_ENDPOINTS = ["entries/", "programme/", "overview/", "vat-split/", "findings/", "spuk/", "vat-payments/",
                  "spuk/decisions/", "spuk/payments/", "eu-law/", "spuk/sisa/"]  # fmt: skip


def client_for(client, role_users, role):
    user = role_users[role]
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ALL)
def test_finance_pages_are_for_those_who_may_read_finance(client, role_users, role):
    client = client_for(client, role_users, role)
    for name, kwargs in PAGES:
        response = client.get(reverse(name, kwargs={"slug": "waterwegregio", **kwargs}))
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
        elif role in READERS:
            assert response.status_code == 200, name
        else:
            assert response.status_code == 403, (name, role)


@pytest.mark.parametrize("role", ALL)
def test_finance_api_reads_are_for_those_who_may_read_finance(client, role_users, role):
    client = client_for(client, role_users, role)
    for endpoint in READ_ENDPOINTS:
        response = client.get(f"/api/v1/deals/waterwegregio/finance/{endpoint}")
        expected = 200 if role in READERS else 403
        assert response.status_code == expected, (endpoint, role)


@pytest.mark.parametrize("role", ALL)
def test_only_the_programme_office_and_regiokassier_book_entries(client, role_users, projects, role):
    client = client_for(client, role_users, role)
    response = client.post(
        "/api/v1/deals/waterwegregio/finance/entries/",
        {
            "kind": "national_allocation",
            "booked_on": "2026-02-01",
            "amount": "1000.00",
            "budget_line": "P1",
            "project": "WW-001",
            "organisation": "SCHIEDAM",
            "source_document": "besluit",
        },
        content_type="application/json",
    )
    assert response.status_code == (201 if role in WRITERS else 403)
    assert LedgerEntry.objects.exists() == (role in WRITERS)


@pytest.mark.parametrize("role", ALL)
def test_only_writers_correct_entries_submit_accounts_set_the_programme_and_import(
    client, role_users, book, role
):
    entry = book("national_allocation", "1000.00")
    client = client_for(client, role_users, role)
    base = "/api/v1/deals/waterwegregio/finance"
    posts = [
        (f"{base}/entries/{entry.pk}/reverse/", {"reason": "fout"}, "json"),
        (
            f"{base}/programme/",
            {"year": 2026, "budget_line": "P1", "national": "1.00", "regional": "1.00"},
            "json",
        ),
        (f"{base}/spuk/2026/submit/", {"submitted_on": "2027-03-01"}, "json"),
    ]
    for url, data, _ in posts:
        response = client.post(url, data, content_type="application/json")
        if role in WRITERS:
            assert response.status_code in (201, 400), url  # allowed in; the service decides
        else:
            assert response.status_code == 403, (url, role)
    upload = io.BytesIO(
        b"datum;bedrag;begrotingsregel;project;partij;brondocument\n2026-02-01;1;P1;WW-001;SCHIEDAM;b\n"
    )
    upload.name = "x.csv"
    response = client.post(f"{base}/imports/", {"kind": "allocations", "file": upload})
    assert response.status_code == (201 if role in WRITERS else 403)

    page = reverse("finance:reverse", kwargs={"slug": "waterwegregio", "pk": entry.pk})
    response = client.get(page)
    if role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if role in WRITERS else 403)


def test_an_unknown_deal_is_not_found(client, role_users):
    client.force_login(role_users["ministry"])
    assert client.get("/api/v1/deals/nergens/finance/overview/").status_code == 404
    assert client.get("/deals/nergens/finance/").status_code == 404
