"""Who may do what with the progress report, on the screens and in the API, for every role of
`role_users`, anonymous and a user of another deal: VIEW_INTERNAL reads, MANAGE_REPORT writes
(programme office), COMMENT_REPORT comments for its own Party, RECEIVE_REPORTS (ministry) reads
submitted reports; the public PDF of a submitted report is open to anyone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from rest_framework.test import APIClient

from regiodeal.accounts.permissions import can
from regiodeal.accounts.roles import Capability
from regiodeal.audit.services import Actor
from regiodeal.reporting import services
from regiodeal.reporting.models import Report
from tests.factories import ROLES
from tests.reporting.helpers import render_waiting, rendered

pytestmark = pytest.mark.django_db
OFFICE = Actor(label="programmabureau")


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


def _expected_read(user, deal):
    if user is None:
        return 302
    return 200 if can(user, Capability.VIEW_INTERNAL, deal) else 403


@pytest.fixture
def sent_report(waterwegregio):
    report = services.report_generate(actor=OFFICE, deal=waterwegregio, year=2025)
    services.report_send(actor=OFFICE, report=report, sent_on=dt.date(2026, 6, 1))
    return report


def test_the_screens_are_read_by_every_role_of_the_deal_and_by_nobody_else(
    role_users, waterwegregio, sent_report
):
    base = "/deals/waterwegregio/reports/"
    for role in ROLES:
        user = role_users[role]
        expected = _expected_read(user, waterwegregio)
        for path in (
            base,
            f"{base}2025/",
            f"{base}2025/download/internal.json",
            f"{base}2025/download/public.html",
        ):
            response = web(user).get(path)
            assert response.status_code == expected, (role, path, response.status_code)
            if expected == 302:
                assert "/accounts/login/" in response["Location"]


def test_the_report_page_shows_the_steps_downloads_and_the_report(role_users, sent_report):
    page = web(role_users["auditor"]).get("/deals/waterwegregio/reports/2025/").content.decode()
    assert "voorgelegd aan de Partijen" in page
    assert "/deals/waterwegregio/reports/2025/download/public.pdf" in page
    assert "A. Voortgang van de initiatieven en projecten" in page
    assert "<script>" not in page and 'style="' not in page
    assert 'action="/deals/waterwegregio/reports/2025/finalise/"' not in page  # the auditor can't act
    office_page = (
        web(role_users["programme_office"]).get("/deals/waterwegregio/reports/2025/").content.decode()
    )
    assert 'action="/deals/waterwegregio/reports/2025/finalise/"' in office_page


def test_only_the_programme_office_generates_and_moves_the_report(role_users, waterwegregio):
    for role in ROLES:
        user = role_users[role]
        response = web(user).post("/deals/waterwegregio/reports/generate/", {"year": "2025"})
        if role == "programme_office":
            assert response.status_code == 302 and response["Location"].endswith("/reports/2025/")
        elif user is None:
            assert "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403, role
    assert Report.objects.filter(deal=waterwegregio).count() == 1
    for role in ("party_representative", "ministry", "other_deal"):
        response = web(role_users[role]).post("/deals/waterwegregio/reports/2025/send/", {"on": "2026-06-01"})
        assert response.status_code == 403, role
    web(role_users["programme_office"]).post("/deals/waterwegregio/reports/2025/send/", {"on": "2026-06-01"})
    assert Report.objects.get(deal=waterwegregio).status == "sent"


def test_only_a_party_representative_comments_and_only_for_their_own_party(
    role_users, waterwegregio, sent_report
):
    schiedam = waterwegregio.organisations.get(code="SCHIEDAM")
    rotterdam = waterwegregio.organisations.get(code="ROTTERDAM")
    path = "/deals/waterwegregio/reports/2025/comment/"
    for role in ROLES:
        user = role_users[role]
        response = web(user).post(path, {"organisation": schiedam.pk, "text": f"van {role}"})
        if role == "party_representative":
            assert response.status_code == 302
        elif user is None:
            assert "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403, role
    web(role_users["party_representative"]).post(
        path, {"organisation": rotterdam.pk, "text": "namens Rotterdam"}
    )
    assert [(c.organisation.code, c.text) for c in sent_report.comments.all()] == [
        ("SCHIEDAM", "van party_representative")
    ]


def test_the_api_reads_and_writes_as_the_role_table_says(role_users, waterwegregio, sent_report):
    base = "/api/v1/deals/waterwegregio/reports/"
    comment = api(role_users["party_representative"]).post(
        f"{base}2025/comments/", {"organisation": "SCHIEDAM", "text": "Akkoord"}, format="json"
    )
    assert comment.status_code == 201, comment.json()
    assert comment.json()["organisation"] == "SCHIEDAM"
    other = api(role_users["party_representative"]).post(
        f"{base}2025/comments/", {"organisation": "ROTTERDAM", "text": "x"}, format="json"
    )
    assert other.status_code == 400
    for role in ROLES:
        user = role_users[role]
        may_read = user is not None and can(user, Capability.VIEW_INTERNAL, waterwegregio)
        for path in (base, f"{base}2025/", f"{base}2025/document/?audience=public", f"{base}2025/comments/"):
            status = api(user).get(path).status_code
            expected = {200} if may_read else {401, 403} if user is None else {403}
            assert status in expected, (role, path, status)
        assert api(user).get(f"{base}public/").status_code == 200
        finalise = api(user).post(f"{base}2025/finalise/", {}, format="json").status_code
        assert finalise == 200 if role == "programme_office" else finalise in (401, 403), role


def test_the_api_takes_the_programme_office_through_the_whole_life(role_users, portfolio):
    client = api(role_users["programme_office"])
    base = "/api/v1/deals/waterwegregio/reports/"
    assert client.post(base, {"year": 2025}, format="json").status_code == 201
    assert client.post(base, {"year": 2025}, format="json").status_code == 400
    lessons = client.post(f"{base}2025/lessons/", {"lessons": "Leren", "expected_version": 1}, format="json")
    assert lessons.status_code == 200
    stale = client.post(f"{base}2025/lessons/", {"lessons": "Oud", "expected_version": 1}, format="json")
    assert stale.status_code == 409
    assert client.post(f"{base}2025/send/", {"on": "2026-06-20"}, format="json").status_code == 200
    assert client.post(f"{base}2025/finalise/", {}, format="json").status_code == 200
    done = client.post(f"{base}2025/submit/", {"on": "2026-07-01"}, format="json").json()
    assert done["status"] == "submitted" and done["public_sha256"] is None  # the worker renders it
    assert render_waiting() == 2
    done = client.get(f"{base}2025/").json()
    assert len(done["public_sha256"]) == 64 and len(done["internal_sha256"]) == 64
    assert [t["late"] for t in done["transitions"]] == [False, True, False, False]
    public = api(None).get(f"{base}public/").json()
    assert public[0]["checksum"] == done["public_sha256"]
    assert public[0]["public_pdf_url"].endswith("/deals/waterwegregio/reports/2025/openbaar.pdf")
    assert api(None).get(f"{base}2025/document/").status_code in (401, 403)


def test_anyone_opens_the_public_pdf_of_a_submitted_report_and_nothing_else(role_users, waterwegregio):
    report = services.report_generate(actor=OFFICE, deal=waterwegregio, year=2025)
    path = "/deals/waterwegregio/reports/2025/openbaar.pdf"
    assert web(None).get(path).status_code == 404  # a draft is not public
    services.report_send(actor=OFFICE, report=report, sent_on=dt.date(2026, 6, 1))
    services.report_finalise(actor=OFFICE, report=report)
    frozen = rendered(services.report_submit(actor=OFFICE, report=report, submitted_on=dt.date(2026, 7, 1)))
    for role in ROLES:
        response = web(role_users[role]).get(path)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", role
        assert response.content == bytes(frozen.public_pdf)
    internal = web(role_users["ministry"]).get("/deals/waterwegregio/reports/2025/download/internal.pdf")
    assert internal.content == bytes(frozen.internal_pdf)
    page = web(role_users["ministry"]).get("/deals/waterwegregio/reports/2025/").content.decode()
    assert frozen.internal_sha256 in page and frozen.public_sha256 in page
    assert web(None).get("/deals/waterwegregio/reports/2024/openbaar.pdf").status_code == 404
    assert web(None).get("/deals/onbekend/reports/2025/openbaar.pdf").status_code == 404


def test_a_drafts_download_is_rendered_once_per_data_version(
    role_users, waterwegregio, sent_report, monkeypatch
):
    """The PDF of a draft took 26 s at the national portfolio's size and each commenting Party
    downloads it: a rendering is kept until anything in the deal changes; a comment
    is such a change, and the next download is the report as it is then."""
    from regiodeal.reporting import views
    from regiodeal.reporting.renderers import render
    from regiodeal.reporting.selectors import report_document

    rendered = []

    def counting(structure, fmt):
        rendered.append(fmt)
        return render(structure, fmt)

    monkeypatch.setattr(views, "render", counting)
    office = web(role_users["programme_office"])
    path = "/deals/waterwegregio/reports/2025/download/internal.json"
    first = office.get(path).content
    assert office.get(path).content == first
    public = office.get(path.replace("internal", "public")).content
    assert rendered == ["json", "json"]  # one rendering per audience, each kept
    assert public != first and public == render(report_document(sent_report, "public"), "json")
    schiedam = waterwegregio.organisations.get(code="SCHIEDAM")
    web(role_users["party_representative"]).post(
        "/deals/waterwegregio/reports/2025/comment/", {"organisation": schiedam.pk, "text": "graag per wijk"}
    )
    again = office.get(path).content
    assert rendered == ["json", "json", "json"]
    sent_report.refresh_from_db()
    assert again == render(report_document(sent_report, "internal"), "json")
