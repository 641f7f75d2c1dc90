"""A project marked confidential through the governance procedure (Art. 10)
is absent from every public page, the public API, every open-data download and the public
reports, while it is present internally."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from regiodeal.governance import services as governance
from tests.portal.conftest import ACTOR, PUBLIC_TITLE, SECRET_CODE, SECRET_TITLE
from tests.portal.surface import public_surface
from tests.reporting.helpers import render_waiting

pytestmark = pytest.mark.django_db


def leaks(surface: dict[str, str], *needles: str) -> list[str]:
    return [f"{needle} in {path}" for path, text in surface.items() for needle in needles if needle in text]


def test_a_confidential_project_is_on_no_public_surface(site):
    surface = public_surface(site["deal"])
    assert len(surface) > 40
    assert leaks(surface, SECRET_TITLE, SECRET_CODE) == []
    assert leaks(surface, PUBLIC_TITLE)  # the search does find what is public


def test_its_money_is_left_out_of_the_public_figures(site):
    data = json.loads(Client().get("/api/v1/public/deals/waterwegregio/money-per-line/").content)
    p3 = next(r for r in data["results"] if r["budget_line"] == "P3")
    assert p3["national_granted"] == "0.00"
    parties = json.loads(Client().get("/api/v1/public/deals/waterwegregio/money-per-party/").content)
    assert (
        next(r for r in parties["results"] if r["organisation"] == "VLAARDINGEN")["national_received"]
        == "0.00"
    )


def test_an_idea_taken_up_in_it_says_only_that_a_project_took_it_up(site):
    page = Client().get("/deals/waterwegregio/public/ideas/2/").content.decode()
    assert "opgenomen in een project" in page and "Bankjes aan de kade" in page
    assert SECRET_CODE not in page and SECRET_TITLE not in page


def test_the_confidential_project_is_present_internally(site, role_users):
    office = Client()
    office.force_login(role_users["programme_office"])
    assert SECRET_TITLE in office.get("/deals/waterwegregio/projects/").content.decode()
    api = APIClient()
    api.force_authenticate(role_users["programme_office"])
    codes = [p["code"] for p in api.get("/api/v1/deals/waterwegregio/projects/").json()["results"]]
    assert SECRET_CODE in codes


def test_once_the_confidentiality_is_refused_the_project_is_public_again(site):
    """The same search finds the project when it is not (or no longer) confidential: the test above
    can fail."""
    governance.confidentiality_decide(
        actor=ACTOR,
        request=site["request"],
        grant=False,
        decided_on=timezone.localdate(),
        note="Openbaarmaking verplicht (Woo).",
    )
    surface = public_surface(site["deal"])
    assert any(SECRET_TITLE in text for text in surface.values())
    assert "/api/v1/public/deals/waterwegregio/projects/?pillar=3&wijk=VLAARDINGEN_WESTWIJK" in surface
    assert (
        SECRET_CODE
        in surface["/api/v1/public/deals/waterwegregio/projects/?pillar=3&wijk=VLAARDINGEN_WESTWIJK"]
    )
    data = json.loads(surface["/api/v1/public/deals/waterwegregio/money-per-line/"])
    assert next(r for r in data["results"] if r["budget_line"] == "P3")["national_granted"] == "777000.00"


def test_the_submitted_public_report_leaves_it_out_too(site):
    """With the reporting app: a report submitted after the confidentiality began is listed on the
    deal page and its public PDF (read with pdftotext) holds neither title nor code."""
    import datetime as dt

    from regiodeal.reporting import services

    deal = site["deal"]
    report = services.report_generate(actor=ACTOR, deal=deal, year=2025)
    services.report_send(actor=ACTOR, report=report, sent_on=dt.date(2026, 6, 1))
    services.report_finalise(actor=ACTOR, report=report)
    services.report_submit(actor=ACTOR, report=report, submitted_on=dt.date(2026, 7, 1))
    render_waiting()  # what the worker does next (reporting/rendering.py)
    surface = public_surface(deal)
    pdfs = [path for path in surface if path.startswith("/") and "2025" in path and "/reports/" in path]
    assert pdfs, list(surface)[-3:]
    assert "Voortgangsrapportage 2025 (PDF)" in surface["/deals/waterwegregio/"]
    assert leaks(surface, SECRET_TITLE, SECRET_CODE) == []
    assert PUBLIC_TITLE in surface[pdfs[0]]
