"""In the browser: the samenwerkingsovereenkomst (programme office), a Party's payment
of execution costs and the SPUK beschikking with VRO's payment (regiokassier). Each form with good
input, reopened to see every value survive, and with bad input (error at the field and in the
summary, nothing saved); axe on each page in Dutch and English."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from regiodeal.finance.models import (
    ContributionSource,
    CooperationAgreement,
    EuLawBasis,
    SpukDecision,
    SpukPayment,
    VatPayment,
)
from tests.browser_helpers import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BASE = "/deals/waterwegregio/finance/"
SCHIEDAM = "Het college van burgemeester en wethouders van de gemeente Schiedam"


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return live_server.url


def summary_and_field(page, field_id: str, text: str):
    summary = page.locator(".utrecht-form-field-error-message, [role=alert]").first
    expect(summary).to_be_visible()
    assert text in page.locator(f"#{field_id}_error").inner_text()
    assert page.locator(f"#{field_id}").get_attribute("aria-invalid") == "true"
    assert page.locator(f'a[href="#{field_id}"]').count() >= 1  # the summary links to the field


def test_the_programme_office_records_the_samenwerkingsovereenkomst_and_reopens_it(
    page, live_server, role_users
):
    url = sign_in(page, live_server, role_users["programme_office"]) + BASE + "samenwerkingsovereenkomst/"
    page.goto(url)
    assert_accessible(page)
    # Bad: an amount that reads two ways is refused at its field and in the summary.
    page.fill("#id_signed_on", "2025-09-01")
    page.fill("#id_vat_level", "1.234")
    page.fill("#id_vat_estimate", "650000")
    page.get_by_role("button", name="Samenwerkingsovereenkomst opslaan").click()
    summary_and_field(page, "id_vat_level", "1.234")
    assert not CooperationAgreement.objects.exists()
    assert_accessible(page)
    # Good: Dutch amounts, a note and the file.
    page.fill("#id_vat_level", "600.000,00")
    page.fill("#id_vat_estimate", "€ 650.000,00")
    page.fill("#id_note", "Vastgesteld door de colleges")
    page.set_input_files(
        "#id_file", {"name": "swo.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 swo"}
    )
    page.get_by_role("button", name="Samenwerkingsovereenkomst opslaan").click()
    assert "is vastgelegd" in page.get_by_role("status").first.inner_text()
    # Reopen: every value survived, on the page and in the form.
    page.goto(url)
    assert page.get_by_test_id("agreement-signed-on").inner_text() == "1 september 2025"
    assert page.get_by_test_id("agreement-vat-level").inner_text() == "€\u00a0600.000,00"
    assert page.get_by_test_id("agreement-vat-estimate").inner_text() == "€\u00a0650.000,00"
    assert page.get_by_test_id("agreement-file").inner_text().startswith("swo")
    assert page.input_value("#id_signed_on") == "2025-09-01"
    assert page.input_value("#id_vat_level") == "600.000,00"
    assert page.input_value("#id_vat_estimate") == "650.000,00"
    assert page.input_value("#id_note") == "Vastgesteld door de colleges"
    with page.expect_download() as download:
        page.get_by_test_id("agreement-file").click()
    assert download.value.suggested_filename.startswith("swo")
    # The VAT split now divides that level.
    page.goto(live_server.url + BASE + "vat-verdeling/")
    assert "€\u00a0600.000,00" in page.locator("#vat-level").inner_text()
    assert_accessible(page)
    page.goto(live_server.url + "/en" + BASE + "samenwerkingsovereenkomst/")
    assert page.get_by_role("heading", level=1).inner_text() == "Cooperation agreement"
    assert_accessible(page)


def test_the_regiokassier_records_a_partys_vat_payment_and_sees_it_reconciled(
    page, live_server, role_users, book
):
    book("national_allocation", "300000.00")
    book("execution_costs", "40000.00", line="VAT", funding="regional")
    url = sign_in(page, live_server, role_users["regiokassier"]) + BASE + "vat-verdeling/?on=2026-06-30"
    page.goto(url)
    # Bad: no Party chosen, an amount that is not one.
    page.fill("#id_paid_on", "2026-04-01")
    page.fill("#id_amount", "veel")
    page.fill("#id_reference", "bank 1")
    page.get_by_role("button", name="Betaling vastleggen").click()
    summary_and_field(page, "id_organisation", "")
    summary_and_field(page, "id_amount", "9.400.000,00")
    assert not VatPayment.objects.exists()
    assert_accessible(page)
    page.select_option("#id_organisation", label=SCHIEDAM)
    page.fill("#id_amount", "30.000,00")
    page.get_by_role("button", name="Betaling vastleggen").click()
    assert "is vastgelegd" in page.get_by_role("status").first.inner_text()
    page.goto(url)
    row = page.locator("#table-vat-payments tbody tr", has_text="Schiedam")
    cells = row.locator("td").all_inner_texts()
    assert cells[:2] == ["€\u00a040.000,00", "€\u00a030.000,00"]
    assert "10.000,00" in cells[2] and "-" in cells[2]  # still to pay
    payment = VatPayment.objects.get()
    assert (payment.organisation.code, payment.paid_on, str(payment.amount), payment.reference) == (
        "SCHIEDAM",
        dt.date(2026, 4, 1),
        "30000.00",
        "bank 1",
    )
    assert_accessible(page)
    page.goto(live_server.url + "/en" + BASE + "vat-verdeling/")
    assert_accessible(page)


def test_the_regiokassier_records_the_beschikking_and_a_payment_from_vro(page, live_server, role_users):
    url = sign_in(page, live_server, role_users["regiokassier"]) + BASE + "spuk/"
    page.goto(url)
    # Bad: no date.
    page.fill("#id_decision-reference", "VRO-2025-1")
    page.fill("#id_decision-amount", "17.700.000,00")
    page.get_by_role("button", name="Beschikking vastleggen").click()
    summary_and_field(page, "id_decision-decided_on", "")
    assert not SpukDecision.objects.exists()
    assert_accessible(page)
    page.fill("#id_decision-decided_on", "2025-06-01")
    page.set_input_files(
        "#id_decision-file", {"name": "beschikking.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}
    )
    page.get_by_role("button", name="Beschikking vastleggen").click()
    assert "VRO-2025-1 is vastgelegd" in page.get_by_role("status").first.inner_text()
    # A payment before the beschikking's date is refused at its field.
    page.select_option("#id_payment-decision", label="VRO-2025-1 (1 juni 2025)")
    page.fill("#id_payment-received_on", "2025-05-01")
    page.fill("#id_payment-amount", "8.850.000,00")
    page.fill("#id_payment-reference", "voorschot 1")
    page.get_by_role("button", name="Ontvangst vastleggen").click()
    summary_and_field(page, "id_payment-received_on", "vóór de datum van de beschikking")
    assert not SpukPayment.objects.exists()
    page.fill("#id_payment-received_on", "2025-07-01")
    page.get_by_role("button", name="Ontvangst vastleggen").click()
    assert "is vastgelegd" in page.get_by_role("status").first.inner_text()
    page.goto(url)
    decisions = page.locator("#table-spuk-decisions tbody tr").first
    assert "VRO-2025-1" in decisions.inner_text() and "€\u00a017.700.000,00" in decisions.inner_text()
    payments = page.locator("#table-spuk-payments tbody tr").first.inner_text()
    assert "VRO-2025-1" in payments and "voorschot 1" in payments and "€\u00a08.850.000,00" in payments
    expect(page.get_by_role("link", name="Beschikking VRO-2025-1 (bestand)")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/en" + BASE + "spuk/")
    assert_accessible(page)


def test_the_programme_office_records_the_source_of_a_public_contribution(
    page, live_server, role_users, book
):
    entry = book("regional_contribution", "25000.00", organisation="VLAARDINGEN")
    url = sign_in(page, live_server, role_users["programme_office"]) + BASE + f"grootboek/{entry.pk}/"
    page.goto(url)
    assert page.get_by_test_id("public-source").inner_text() == "Nog niet vastgelegd."
    # Bad: no source chosen.
    page.fill("#id_source-note", "Raadsbesluit 2026-12")
    page.get_by_role("button", name="Herkomst vastleggen").click()
    expect(page.locator("#id_source_error, #id_source-source_error").first).to_be_visible()
    assert page.locator('a[href="#id_source-source"]').count() >= 1
    assert not ContributionSource.objects.exists()
    assert_accessible(page)
    page.get_by_label("subsidie van het Rijk").check()
    page.get_by_role("button", name="Herkomst vastleggen").click()
    assert "is vastgelegd" in page.get_by_role("status").first.inner_text()
    page.goto(url)
    assert page.get_by_test_id("public-source").inner_text() == "subsidie van het Rijk: Raadsbesluit 2026-12"
    assert page.get_by_label("subsidie van het Rijk").is_checked()
    assert page.input_value("#id_source-note") == "Raadsbesluit 2026-12"
    page.goto(live_server.url + BASE + "bevindingen/")
    assert f"Bijdrage #{entry.pk}" in page.locator("main").inner_text()
    page.goto(live_server.url + "/en" + BASE + f"grootboek/{entry.pk}/")
    assert_accessible(page)


def test_the_programme_office_records_procurement_and_state_aid_of_a_project(
    page, live_server, role_users, book
):
    entry = book("national_allocation", "10000.00")
    base = sign_in(page, live_server, role_users["programme_office"]) + BASE
    page.goto(base + "unierecht/")
    assert "niet vastgelegd" in page.get_by_test_id("eu-project-WW-001").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Project WW-001").click()
    # Bad: AGVV without its article.
    page.select_option("#id_procurement_route", label="meervoudig onderhands")
    page.get_by_label("vrijgesteld onder de AGVV (GBER)").check()
    page.get_by_role("button", name="Opslaan").click()
    summary_and_field(page, "id_gber_article", "artikel van de AGVV")
    assert not EuLawBasis.objects.exists()
    assert_accessible(page)
    page.fill("#id_gber_article", "56")
    page.fill("#id_note", "Sportinfrastructuur")
    page.get_by_role("button", name="Opslaan").click()
    assert "is vastgelegd" in page.get_by_role("status").first.inner_text()
    row = page.get_by_test_id("eu-project-WW-001").inner_text()
    assert "meervoudig onderhands" in row and "art. 56 AGVV" in row
    assert "als het project" in page.get_by_test_id(f"eu-entry-{entry.pk}").inner_text()
    # Reopen the form: every value survived.
    page.get_by_role("link", name="Project WW-001").click()
    assert page.locator("#id_procurement_route").input_value() == "multiple"
    assert page.get_by_label("vrijgesteld onder de AGVV (GBER)").is_checked()
    assert page.input_value("#id_gber_article") == "56"
    assert page.input_value("#id_note") == "Sportinfrastructuur"
    page.goto(live_server.url + "/en" + BASE + "unierecht/")
    assert_accessible(page)
    page.goto(live_server.url + "/en" + BASE + f"unierecht/project/{entry.project_id}/")
    assert_accessible(page)
