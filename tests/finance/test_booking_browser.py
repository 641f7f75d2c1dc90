"""Booking, correcting and planning money in a real headless Chromium, signed in as the programme
office: each kind of entry is booked and opened again with every value intact, bad input shows
at the field and in the summary, a correction is one step, the yearly programme is set and
reopened, and axe finds no WCAG 2.1 A/AA violations on the new pages in Dutch and English."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from regiodeal.finance.models import LedgerEntry, ProgrammeBudget

from .test_finance_browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BASE = "/deals/waterwegregio/finance/"
SCHIEDAM = "Het college van burgemeester en wethouders van de gemeente Schiedam"
ROTTERDAM = "Het college van burgemeester en wethouders van de gemeente Rotterdam"


@pytest.fixture
def office(page, live_server, role_users, projects):
    client = Client()
    client.force_login(role_users["programme_office"])
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return live_server.url


# Per booking form: selects (id -> option label), radios (name -> value), texts (id -> text), and
# what the entry page then shows (test id -> text).
CASES = {
    "toekenning": (
        {"id_budget_line": "Pijler 1: Impuls leefbaarheid in wijken", "id_project": "Project WW-001",
         "id_organisation": SCHIEDAM},
        {},
        {},
        {"kind": "Toekenning rijksbijdrage", "funding": "rijksbijdrage", "project": "Project WW-001",
         "organisation": SCHIEDAM},
    ),
    "toezegging": (
        {"id_budget_line": "Pijler 2: Bestendig en kwalitatief werk", "id_organisation": "Albeda College"},
        {"sector": "private", "contribution_form": "in_kind"},
        {"id_valuation_basis": "200 uur maal € 95"},
        {"kind": "Toezegging regionale bijdrage", "contribution_status": "toegezegd", "sector": "privaat",
         "form": "in natura", "valuation_basis": "200 uur maal € 95", "organisation": "Albeda College"},
    ),
    "bijdrage": (
        {"id_budget_line": "Pijler 1: Impuls leefbaarheid in wijken", "id_organisation": SCHIEDAM,
         "id_project": "Project WW-002"},
        {"sector": "public", "contribution_form": "cash"},
        {},
        {"kind": "Regionale bijdrage betaald of geleverd", "contribution_status": "betaald of geleverd",
         "sector": "publiek", "form": "in geld", "project": "Project WW-002"},
    ),
    "besteding": (
        {"id_budget_line": "Pijler 3: Duurzaam wonen, werken en bouwen", "id_project": "Project WW-001"},
        {"funding": "national"},
        {},
        {"kind": "Besteding", "funding": "rijksbijdrage", "project": "Project WW-001"},
    ),
    "uitvoeringskosten": (
        {"id_budget_line": "Uitvoeringskosten (VAT)", "id_organisation": ROTTERDAM},
        {"funding": "regional"},
        {},
        {"kind": "Uitvoeringskosten", "funding": "regionale financiering", "organisation": ROTTERDAM,
         "budget_line": "Uitvoeringskosten (VAT)"},
    ),
}  # fmt: skip


@pytest.mark.parametrize("screen", list(CASES))
def test_each_kind_is_booked_and_every_value_survives(page, office, screen):
    selects, radios, texts, shown = CASES[screen]
    page.goto(f"{office}{BASE}grootboek/boeken/")
    page.get_by_role("link", name=str(shown["kind"]), exact=True).click()
    page.get_by_label("Datum", exact=True).fill("2026-03-02")
    page.get_by_label("Bedrag").fill("9.400.000,00")
    for field_id, label in selects.items():
        page.locator(f"#{field_id}").select_option(label=label)
    for name, value in radios.items():
        page.locator(f"input[name={name}][value={value}]").check()
    for field_id, text in texts.items():
        page.locator(f"#{field_id}").fill(text)
    page.get_by_label("Brondocument").fill("besluit RK-2026-7")
    page.get_by_label("Omschrijving").fill("eerste tranche")
    page.get_by_role("button", name="Boeking vastleggen").click()

    entry = LedgerEntry.objects.get()
    expect(page).to_have_url(re.compile(rf"{BASE}grootboek/{entry.pk}/$"))
    expect(page.get_by_role("status")).to_contain_text(f"Boeking #{entry.pk} is vastgelegd.")
    expect(page.get_by_test_id("booked_on")).to_have_text("2 maart 2026")
    expect(page.get_by_test_id("amount")).to_have_text("€\u00a09.400.000,00")
    expect(page.get_by_test_id("source_document")).to_have_text("besluit RK-2026-7")
    expect(page.get_by_test_id("description")).to_have_text("eerste tranche")
    for test_id, text in shown.items():
        expect(page.get_by_test_id(test_id)).to_have_text(text)

    # The correction form opens with every value as it was booked.
    page.get_by_role("link", name=f"Corrigeer #{entry.pk}").click()
    expect(page.get_by_label("Datum", exact=True)).to_have_value("2026-03-02")
    expect(page.get_by_label("Bedrag")).to_have_value("9.400.000,00")
    expect(page.get_by_label("Brondocument")).to_have_value("besluit RK-2026-7")
    for field_id, label in selects.items():
        expect(page.locator(f"#{field_id} option:checked")).to_have_text(label)
    for name, value in radios.items():
        expect(page.locator(f"input[name={name}][value={value}]")).to_be_checked()
    for field_id, text in texts.items():
        expect(page.locator(f"#{field_id}")).to_have_value(text)


def test_bad_input_shows_at_the_field_and_in_the_summary(page, office):
    page.goto(f"{office}{BASE}grootboek/boeken/toekenning/")
    page.get_by_label("Datum", exact=True).fill("2026-03-02")
    page.get_by_label("Bedrag").fill("1.234")
    page.locator("#id_budget_line").select_option(label="Pijler 1: Impuls leefbaarheid in wijken")
    page.locator("#id_organisation").select_option(label=SCHIEDAM)
    page.get_by_role("button", name="Boeking vastleggen").click()

    summary = page.locator(".rd-error-summary")
    expect(summary).to_contain_text("Er zijn 3 fouten")
    expect(
        summary.get_by_role("link", name=re.compile("^Bedrag: .*schrijf 1234 of 1.234,00"))
    ).to_be_visible()
    expect(summary.get_by_role("link", name=re.compile("^Project: "))).to_be_visible()
    expect(summary.get_by_role("link", name=re.compile("^Brondocument: "))).to_be_visible()
    expect(page.locator("#id_amount_error")).to_contain_text("dubbelzinnig")
    expect(page.get_by_label("Bedrag")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_project_error")).to_be_visible()
    expect(page.locator("#id_source_document_error")).to_be_visible()
    # What was typed stays, and nothing is booked.
    expect(page.get_by_label("Bedrag")).to_have_value("1.234")
    expect(page.locator("#id_organisation option:checked")).to_have_text(SCHIEDAM)
    assert not LedgerEntry.objects.exists()
    assert_accessible(page)

    # A rule of the validator (not of the form) shows at its field too: a national spending
    # without a project, with a zero amount.
    page.goto(f"{office}{BASE}grootboek/boeken/besteding/")
    page.get_by_label("Datum", exact=True).fill("2026-03-02")
    page.get_by_label("Bedrag").fill("0")
    page.locator("#id_budget_line").select_option(label="Pijler 3: Duurzaam wonen, werken en bouwen")
    page.locator("input[name=funding][value=national]").check()
    page.get_by_label("Brondocument").fill("factuur 12")
    page.get_by_role("button", name="Boeking vastleggen").click()
    expect(page.locator("#id_amount_error")).to_have_text(
        "Het bedrag moet groter dan nul zijn; corrigeer met een tegenboeking."
    )
    expect(page.locator("#id_project_error")).to_contain_text("hoort bij een project")
    expect(page.locator(".rd-error-summary")).to_contain_text("Er zijn 2 fouten")
    expect(page.locator("body")).not_to_contain_text("finance.")
    assert not LedgerEntry.objects.exists()


def test_an_entry_is_corrected_in_one_step(page, office, book):
    entry = book("national_allocation", "5000.00", on=dt.date(2026, 3, 1))
    page.goto(f"{office}{BASE}grootboek/")
    page.get_by_role("link", name=f"Corrigeer #{entry.pk}").click()
    expect(page.get_by_label("Bedrag")).to_have_value("5.000,00")
    page.get_by_label("Bedrag").fill("4.500,00")
    page.locator("#id_project").select_option(label="Project WW-002")
    page.locator("#id_reversed_on").fill("2026-03-05")
    page.get_by_label("Reden van de correctie").fill("verkeerd project en bedrag")
    page.get_by_role("button", name="Correctie vastleggen").click()

    corrected = LedgerEntry.objects.get(replaces=entry)
    reversal = LedgerEntry.objects.get(reverses=entry)
    expect(page).to_have_url(re.compile(rf"{BASE}grootboek/{corrected.pk}/$"))
    expect(page.get_by_role("status")).to_contain_text(
        f"tegenboeking #{reversal.pk} en de juiste boeking #{corrected.pk}"
    )
    expect(page.get_by_test_id("amount")).to_have_text("€\u00a04.500,00")
    expect(page.get_by_test_id("project")).to_have_text("Project WW-002")
    expect(page.get_by_test_id("replaces")).to_contain_text(f"#{entry.pk}")
    assert reversal.booked_on == dt.date(2026, 3, 5) and "verkeerd project" in reversal.description
    # The ledger shows the three, and the original can no longer be corrected.
    page.goto(f"{office}{BASE}grootboek/")
    row = page.locator(f"#entry-{corrected.pk}")
    expect(row).to_contain_text(f"vervangt #{entry.pk}")
    expect(page.locator(f"#entry-{reversal.pk}")).to_contain_text(f"corrigeert #{entry.pk}")
    expect(page.locator(f"#entry-{entry.pk}")).to_contain_text("gecorrigeerd")

    # A bad corrected value writes nothing and shows at its field.
    page.goto(f"{office}{BASE}grootboek/{corrected.pk}/corrigeren/")
    page.get_by_label("Bedrag").fill("-3")
    page.get_by_label("Reden van de correctie").fill("fout")
    page.get_by_role("button", name="Correctie vastleggen").click()
    expect(page.locator("#id_amount_error")).to_contain_text("groter dan nul")
    expect(page.locator(".rd-error-summary")).to_contain_text("Bedrag")
    assert LedgerEntry.objects.count() == 3


def test_the_yearly_programme_is_set_and_reopened(page, office):
    page.goto(f"{office}{BASE}")
    # The finance pages are the second level of the one navigation.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Uitvoeringsprogramma").click()
    year = dt.date.today().year
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Uitvoeringsprogramma {year}")
    line = page.locator("#line-P2")
    line.get_by_label("Gepland rijksbijdrage").fill("1.500.000,00")
    line.get_by_label("Gepland regionale financiering").fill("1750000")
    line.get_by_label("Toelichting").fill("wijkaanpak Westwijk")
    line.get_by_role("button", name="Opslaan: Pijler 2: Bestendig en kwalitatief werk").click()
    expect(page.get_by_role("status")).to_contain_text(f"Het uitvoeringsprogramma {year} is bijgewerkt")

    page.goto(f"{office}{BASE}uitvoeringsprogramma/{year}/")
    line = page.locator("#line-P2")
    expect(line.get_by_label("Gepland rijksbijdrage")).to_have_value("1.500.000,00")
    expect(line.get_by_label("Gepland regionale financiering")).to_have_value("1.750.000,00")
    expect(line.get_by_label("Toelichting")).to_have_value("wijkaanpak Westwijk")
    row = page.get_by_test_id("row-P2")
    expect(row).to_contain_text("€\u00a01.500.000,00")
    expect(row).to_contain_text("€\u00a06.700.000,00")  # the covenant's national maximum

    line = page.locator("#line-P3")
    line.get_by_label("Gepland rijksbijdrage").fill("-5")
    line.get_by_label("Gepland regionale financiering").fill("0")
    line.get_by_role("button", name=re.compile("^Opslaan: Pijler 3")).click()
    line = page.locator("#line-P3")
    expect(line.locator(".rd-error-summary")).to_contain_text(
        "Gepland rijksbijdrage: Een gepland bedrag is nul of meer."
    )
    expect(line.locator("#id_P3-national_error")).to_have_text("Een gepland bedrag is nul of meer.")
    assert list(ProgrammeBudget.objects.values_list("budget_line", flat=True)) == ["P2"]
    assert_accessible(page)


@pytest.mark.parametrize("language", ["", "/en"])
def test_the_new_pages_meet_wcag_21_aa(page, office, book, language):
    entry = book("regional_contribution", "1200.00", form="in_kind", valuation_basis="10 uur")
    year = dt.date.today().year
    for path in [
        "grootboek/boeken/",
        *(f"grootboek/boeken/{screen}/" for screen in CASES),
        f"grootboek/{entry.pk}/",
        f"grootboek/{entry.pk}/corrigeren/",
        f"uitvoeringsprogramma/{year}/",
    ]:
        page.goto(f"{office}{language}{BASE}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    if language:
        page.goto(f"{office}/en{BASE}grootboek/boeken/toekenning/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Allocation of national contribution")
        page.get_by_role("button", name="Record the entry").click()
        expect(page.locator(".rd-error-summary")).to_contain_text(
            "errors: correct them and send the form again"
        )
        assert_accessible(page)
