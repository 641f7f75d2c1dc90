"""Evaluation and steering in a real headless Chromium, as the programme office uses it: each form
submitted with valid input and reopened with every value as entered; a bad input shows its error
at the field and in the summary; axe finds no WCAG 2.1 A/AA violations, in Dutch and English."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from regiodeal.accounts.roles import Role
from regiodeal.audit.services import Actor
from regiodeal.evaluation.models import Adjustment, CreditLineRequest, EvaluationDocument
from regiodeal.governance.models import Meeting
from regiodeal.projects.services import project_transition
from tests.browser_helpers import assert_accessible, logged_in
from tests.factories import make_project

ACTOR = Actor(label="test")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def office(browser, live_server, signed, make_user):
    make_user(Role.PROGRAMME_OFFICE, signed, username="bureau")
    page = logged_in(browser, live_server, "bureau")
    page.base = f"{live_server.url}/deals/waterwegregio/evaluation/"
    page.en = f"{live_server.url}/en/deals/waterwegregio/evaluation/"
    return page


def save(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()


def assert_error(page, field_id, text):
    assert text in page.locator(f"#{field_id}_error").inner_text()
    assert text in page.locator(f'.rd-error-summary a[href="#{field_id}"]').inner_text()


def test_a_document_keeps_every_value(office, tmp_path):
    page = office
    page.goto(f"{page.base}documents/new/?kind=evaluation_approach")
    assert_accessible(page)
    assert page.locator("#id_kind").input_value() == "evaluation_approach"
    page.get_by_label("Titel").fill("Evaluatieaanpak Waterwegregio")
    page.locator("#id_dated").fill("2099-05-01")
    page.get_by_label("Samenvatting").fill("Drie metingen per jaar, met bewoners.")
    f = tmp_path / "aanpak.pdf"
    f.write_bytes(b"%PDF-1.4 test\n%%EOF\n")
    page.get_by_label("Bestand").set_input_files(str(f))
    save(page)
    assert_error(page, "id_dated", "in de toekomst")
    assert not EvaluationDocument.objects.exists()
    page.locator("#id_dated").fill("2025-05-01")
    page.get_by_label("Bestand").set_input_files(str(f))
    save(page)
    assert "Het document is vastgelegd." in page.content()
    expect(
        page.locator("#required").get_by_role("link", name="Evaluatieaanpak Waterwegregio")
    ).to_be_visible()
    assert_accessible(page)

    doc = EvaluationDocument.objects.get()
    page.goto(f"{page.base}documents/{doc.pk}/edit/")
    assert page.get_by_label("Titel").input_value() == "Evaluatieaanpak Waterwegregio"
    assert page.locator("#id_dated").input_value() == "2025-05-01"
    assert page.get_by_label("Samenvatting").input_value() == "Drie metingen per jaar, met bewoners."
    page.locator("#id_dated").fill("2025-05-02")
    save(page)  # no new file: the old one stays
    doc.refresh_from_db()
    assert doc.dated == dt.date(2025, 5, 2) and doc.file.name.endswith(".pdf")
    with page.expect_download() as download:
        page.locator("#required").get_by_role("link", name="Evaluatieaanpak Waterwegregio").click()
    assert download.value.suggested_filename.startswith("aanpak")


def test_an_adjustment_keeps_every_value_and_refuses_bad_input(office, signed):
    page = office
    meeting = Meeting.objects.create(deal=signed, held_on=dt.date(2025, 10, 1), title="Rijk-Regio-overleg")
    page.goto(f"{page.base}adjustments/new/")
    assert_accessible(page)
    save(page)
    assert_error(page, "id_decided_on", "vereist")
    assert_error(page, "id_title", "vereist")
    page.locator("#id_decided_on").fill("2025-10-02")
    page.get_by_label("Wat is bijgestuurd").fill("Meer outreach in Holy")
    page.get_by_label("De wijziging").fill("Twee extra bijeenkomsten per kwartaal.")
    page.get_by_label("Waarom").fill("De norm per wijk werd niet gehaald.")
    page.locator('input[name="results"][value="1A"]').check()
    page.locator('input[name="results"][value="2B"]').check()
    page.locator("#id_meeting").select_option(str(meeting.pk))
    save(page)
    assert "De bijsturing is vastgelegd." in page.content()
    expect(page.locator("#adjustments").get_by_text("Meer outreach in Holy")).to_be_visible()

    a = Adjustment.objects.get()
    page.goto(f"{page.base}adjustments/{a.pk}/edit/")
    assert page.locator("#id_decided_on").input_value() == "2025-10-02"
    assert page.get_by_label("Wat is bijgestuurd").input_value() == "Meer outreach in Holy"
    assert page.get_by_label("De wijziging").input_value() == "Twee extra bijeenkomsten per kwartaal."
    assert page.get_by_label("Waarom").input_value() == "De norm per wijk werd niet gehaald."
    checked = page.eval_on_selector_all('input[name="results"]:checked', "els => els.map(e => e.value)")
    assert checked == ["1A", "2B"]
    assert page.locator("#id_meeting").input_value() == str(meeting.pk)


def test_a_credit_line_request_is_recorded_per_project(office, signed):
    page = office
    project = make_project(signed, "WW-801", pillars=["1"], title="Buurtkamers")
    project_transition(actor=ACTOR, project=project, to_status="proposed", reason="r")
    page.goto(f"{page.base}communication/")
    assert_accessible(page)
    assert "WW-801" not in page.locator("#credit-lines").inner_text()  # a proposal is not yet executed
    project_transition(actor=ACTOR, project=project, to_status="approved", reason="r")
    page.goto(f"{page.base}communication/")
    assert "nog niet gevraagd" in page.locator("#credit-lines").inner_text()
    page.get_by_role("link", name="vastleggen dat het is gevraagd (WW-801)").click()
    page.get_by_label("Hoe gevraagd").fill("Per e-mail aan de trekker")
    save(page)
    assert_error(page, "id_asked_on", "vereist")
    page.locator("#id_asked_on").fill("2025-03-04")
    save(page)
    row = page.locator("#credit-lines").inner_text()
    assert "4 maart 2025: Per e-mail aan de trekker" in row
    assert CreditLineRequest.objects.get().asked_on == dt.date(2025, 3, 4)


def test_the_pages_in_english(office, signed):
    page = office
    for path in ("", "communication/", "adjustments/new/", "documents/new/"):
        page.goto(f"{page.en}{path}")
        assert page.locator("html").get_attribute("lang") == "en"
        assert_accessible(page)
    page.goto(page.en)
    body = page.locator("main").inner_text()
    assert "Evaluation and steering" in body and "Bijsturing" not in body
