"""In a real Chromium: a milestone for a result the covenant gives no number (with its
document), the deal's settings (a date the covenant does not set, the reading of a season), and the
administrator's correction of a reading. Each form: a bad input with its error at the field and in
the summary, a good one, then reopened with every value there; axe in Dutch and English."""

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from regiodeal.accounts.roles import Role
from regiodeal.deals.selectors import version_in_force
from regiodeal.results.models import Milestone
from regiodeal.results.services import results_setup
from tests.browser_helpers import assert_accessible, logged_in

from .conftest import ACTOR
from .test_second_reading import corrected_text, load, old_reading_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_error(page, field_id, text):
    assert text in page.locator(f"#{field_id}_error").inner_text()
    assert text in page.locator(f".rd-error-summary a[href='#{field_id}']").inner_text()


@pytest.fixture
def office(waterwegregio, make_user):
    results_setup(actor=ACTOR, deal=waterwegregio)
    make_user(Role.PROGRAMME_OFFICE, waterwegregio, username="office")
    return waterwegregio


def test_a_milestone_for_result_1d_with_its_document_survives_a_save(browser, live_server, office, tmp_path):
    page = logged_in(browser, live_server, "office")
    page.goto(f"{live_server.url}/deals/waterwegregio/results/results/1D/")
    assert "dit resultaat heeft geen indicator en geen mijlpaal" in page.locator("#unjudged").inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name="Een mijlpaal vastleggen").click()
    assert page.locator("#id_subject option:checked").inner_text().startswith("Resultaat 1D.")
    assert_accessible(page)

    page.get_by_label("Mijlpaal", exact=True).fill("Lerende aanpak huurders en verhuurders vastgesteld")
    page.get_by_label("Op te leveren uiterlijk").fill("2026-06-30")
    page.get_by_label("Opgeleverd op").fill("2026-05-15")  # delivered, but without its document
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    assert_error(page, "id_document", "Een opgeleverde mijlpaal heeft zijn document")
    assert_accessible(page)

    document = tmp_path / "aanpak.pdf"
    document.write_bytes(b"%PDF-1.4 lerende aanpak")
    page.get_by_label("Document").set_input_files(str(document))
    page.get_by_label("Toelichting").fill("Vastgesteld in het overleg")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    assert page.url.endswith("/results/results/1D/")
    assert page.locator("#unjudged").count() == 0
    row = page.locator("#milestones tbody tr").first
    assert "aanpak" in row.inner_text() and "15 mei 2026" in row.inner_text()

    milestone = Milestone.objects.get(deal=office, result_code="1D")
    page.goto(f"{live_server.url}/deals/waterwegregio/results/milestones/{milestone.pk}/")
    assert page.locator("#id_subject option:checked").inner_text().startswith("Resultaat 1D.")
    assert (
        page.get_by_label("Mijlpaal", exact=True).input_value()
        == "Lerende aanpak huurders en verhuurders vastgesteld"
    )
    assert page.get_by_label("Op te leveren uiterlijk").input_value() == "2026-06-30"
    assert page.get_by_label("Opgeleverd op").input_value() == "2026-05-15"
    assert page.get_by_label("Toelichting").input_value() == "Vastgesteld in het overleg"
    assert page.locator("#current-document").inner_text().startswith("aanpak")
    # Saved again without a new file: the document stays.
    page.get_by_label("Op te leveren uiterlijk").fill("2026-07-31")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    milestone.refresh_from_db()
    assert milestone.due_on == dt.date(2026, 7, 31) and milestone.document

    page.goto(f"{live_server.url}/en/deals/waterwegregio/results/milestones/{milestone.pk}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    page.goto(f"{live_server.url}/en/deals/waterwegregio/results/")
    assert "Norms of the approach (Art. 2)" in page.content()
    assert_accessible(page)
    page.close()


def test_the_deals_settings_survive_a_save(browser, live_server, office):
    page = logged_in(browser, live_server, "office")
    url = f"{live_server.url}/deals/waterwegregio/settings/"
    page.goto(url)
    assert (
        "het convenant zegt “voorjaar 2025”; gelezen als 20 juni 2025"
        in page.locator("#settings-now").inner_text()
    )
    assert_accessible(page)

    page.get_by_label("Uitvoeringsprogramma vastgesteld uiterlijk: dag").fill("30")
    page.get_by_label("Uitvoeringsprogramma vastgesteld uiterlijk: maand").select_option(label="februari")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    assert_error(page, "id_programme_due_day", "Die dag bestaat niet in die maand")
    assert_accessible(page)

    page.get_by_label("Uitvoeringsprogramma vastgesteld uiterlijk: dag").fill("31")
    page.get_by_label("Uitvoeringsprogramma vastgesteld uiterlijk: maand").select_option(label="maart")
    page.get_by_label("Beginsituatie beschreven uiterlijk (lezing)").fill("2025-07-15")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    assert "De instellingen van de deal zijn opgeslagen." in page.content()

    page.goto(url)
    assert page.get_by_label("Uitvoeringsprogramma vastgesteld uiterlijk: dag").input_value() == "31"
    assert page.locator("#id_programme_due_month option:checked").inner_text() == "maart"
    assert page.get_by_label("Beginsituatie beschreven uiterlijk (lezing)").input_value() == "2025-07-15"
    assert (
        "gelezen als 15 juli 2025 (lezing van het programmabureau)"
        in page.locator("#settings-now").inner_text()
    )

    page.goto(f"{live_server.url}/en{url.removeprefix(live_server.url)}")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "read as 15 July 2025" in page.locator("#settings-now").inner_text()
    assert_accessible(page)
    page.close()


def test_the_administrator_corrects_a_reading_and_an_amendment_is_refused(page, live_server, tmp_path):
    deal = load(old_reading_text())
    get_user_model().objects.create_superuser("beheerder", "beheer@example.nl", "a-long-test-password")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("beheerder")
    page.get_by_label("Wachtwoord").fill("a-long-test-password")
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    url = f"{live_server.url}/beheer/deals/waterwegregio/verbeteren/"
    page.goto(url)
    assert_accessible(page)

    good = Path(tmp_path / "waterwegregio.yaml")
    good.write_text(corrected_text(), encoding="utf-8")
    amended = Path(tmp_path / "langer.yaml")
    amended.write_text(
        corrected_text().replace("ends_on: 2028-12-31", "ends_on: 2029-12-31", 1), encoding="utf-8"
    )

    # Without a reason: the error at the field and in the summary.
    page.get_by_label("Verbeterd definitiebestand (YAML)").set_input_files(str(good))
    with page.expect_navigation():
        page.get_by_role("button", name="Controleren").click()
    assert_error(page, "id_reason", "Dit veld is vereist.")
    assert_accessible(page)

    # A changed end date is an amendment (Art. 11): refused, nothing changed.
    page.get_by_label("Verbeterd definitiebestand (YAML)").set_input_files(str(amended))
    page.get_by_label("Reden van de verbetering").fill("langer")
    with page.expect_navigation():
        page.get_by_role("button", name="Controleren").click()
    assert "met instemming van alle Partijen (art. 11)" in page.locator("#correction-refused").inner_text()
    assert_accessible(page)

    page.get_by_label("Verbeterd definitiebestand (YAML)").set_input_files(str(good))
    page.get_by_label("Reden van de verbetering").fill(
        "Resultaat 1C telt jongeren; de norm hoort bij de aanpak"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Controleren").click()
    changes = page.locator("#correction-changes").inner_text()
    assert "eenheid: was “% van jongeren”, wordt “aantal jongeren”" in changes
    assert "hoort niet bij beoogd resultaat 1B maar bij de aanpak van pijler 1 (art. 2)" in changes
    assert "Beoogd resultaat 1B wordt beoordeeld op zijn oplevering" in changes
    assert (
        page.locator("#correction-reason").inner_text()
        == "Resultaat 1C telt jongeren; de norm hoort bij de aanpak"
    )
    assert_accessible(page)
    # Nothing changes before the confirmation.
    assert version_in_force(deal).indicators.get(code="jongeren_steunnetwerk").unit == "% van jongeren"
    with page.expect_navigation():
        page.get_by_role("button", name="Verbetering doorvoeren").click()
    assert "De lezing van Regio Deal Waterwegregio is verbeterd (" in page.locator("main").inner_text()
    assert version_in_force(deal).indicators.get(code="jongeren_steunnetwerk").unit == "aantal jongeren"

    page.goto(f"{live_server.url}/en/beheer/deals/waterwegregio/verbeteren/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
