"""Every import through the browser, as the programme office does it: upload a real CSV or .xlsx,
see the check, confirm, see the result and open the written records; a bad file shows its problems
by row and column and writes nothing; a large file runs in the background with its progress on the
page. axe finds no WCAG 2.1 A/AA violations on the upload, check and result pages, in nl and en."""

import datetime as dt

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from regiodeal.finance.models import LedgerEntry
from regiodeal.participation.models import Conversation, PopulationFigure
from regiodeal.results.models import Measurement
from tests.browser_helpers import assert_accessible

from .conftest import ALLOCATIONS, MEASUREMENTS, OUTREACH, POPULATION, csv_bytes, xlsx_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def office(page, live_server, waterwegregio, make_user):
    from regiodeal.accounts.roles import Role

    make_user(Role.PROGRAMME_OFFICE, waterwegregio, username="bureau")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("bureau")
    page.get_by_label("Wachtwoord").fill("a-long-test-password")
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    return page


def choose(page, tmp_path, name, content, label="Bestand"):
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    page.get_by_label(label, exact=True).set_input_files(str(path))


def submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_ledger_good_and_bad_in_dutch(office, live_server, tmp_path, projects):
    page = office
    page.goto(f"{live_server.url}/deals/waterwegregio/finance/grootboek/")
    page.get_by_role("link", name="Boekingen inlezen (upload)").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Boekingen inlezen"
    assert_accessible(page)
    # a bad file: every problem by row and column, nothing written
    rows = [ALLOCATIONS[0]] + [["2026-13-01", "10", "P1", "WW-001", "SCHIEDAM", "b", ""]] * 105
    choose(page, tmp_path, "fout.xlsx", xlsx_bytes(rows))
    page.get_by_label("toekenningen rijksbijdrage").check()
    submit(page, "Bestand controleren")
    assert "105 problemen: er is niets ingelezen" in page.locator("#upload-problems caption").inner_text()
    first = page.locator("#upload-problems tbody tr").first.locator("td").all_inner_texts()
    assert first[:2] == ["2", "datum"]
    assert "Dit zijn de eerste 100, en nog 5 problemen." in page.locator("#upload-problems-more").inner_text()
    assert page.get_by_role("button", name="Bevestigen en inlezen").count() == 0
    assert_accessible(page)
    assert LedgerEntry.objects.count() == 0
    # a good file: checked, confirmed, written, and the entries on the ledger
    page.get_by_role("link", name="Een verbeterd bestand inlezen").click()
    choose(page, tmp_path, "toekenningen.xlsx", xlsx_bytes(ALLOCATIONS))
    page.get_by_label("toekenningen rijksbijdrage").check()
    submit(page, "Bestand controleren")
    summary = page.locator("#upload-summary").inner_text().replace("\xa0", " ")
    assert "2" in summary and "€ 126.000,50" in summary
    assert_accessible(page)
    assert LedgerEntry.objects.count() == 0
    submit(page, "Bevestigen en inlezen")
    assert page.locator("#upload-done").inner_text() == "Ingelezen. Dit is vastgelegd:"
    assert_accessible(page)
    page.locator("#upload-links").get_by_role("link", name="Het grootboek").click()
    ledger = page.locator("main").inner_text().replace("\xa0", " ")
    assert "€ 125.000,00" in ledger and "€ 1.000,50" in ledger and "besluit 2026-02" in ledger
    assert LedgerEntry.objects.count() == 2


def test_measurements_good_and_bad_in_english(office, live_server, tmp_path, measurable):
    page = office
    page.goto(f"{live_server.url}/en/deals/waterwegregio/results/indicators/")
    page.get_by_role("link", name="Import measurements (upload)").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Import measurements"
    assert_accessible(page)
    choose(page, tmp_path, "bad.csv", "indicator,on,value,source\nunknown,2025-12-31,many,x\n", label="File")
    submit(page, "Check the file")
    cells = page.locator("#upload-problems tbody tr").first.locator("td").all_inner_texts()
    assert cells[:2] == ["2", "indicator"] and "2 problems: nothing was imported" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Upload a corrected file").click()
    choose(page, tmp_path, "m.csv", MEASUREMENTS, label="File")
    submit(page, "Check the file")
    assert "Measurements\n2" in page.locator("#upload-summary").inner_text()
    assert_accessible(page)
    assert Measurement.objects.count() == 0
    submit(page, "Confirm and import")
    assert page.locator("#upload-done").inner_text() == "Imported. This was recorded:"
    assert_accessible(page)
    page.locator("#upload-links a").first.click()
    table = page.locator("main").inner_text()
    assert "44.5" in table and "38.5" in table and "GGD monitor" in table
    assert Measurement.objects.count() == 2


def test_outreach_good_and_bad(office, live_server, tmp_path, wijken, themes):
    page = office
    page.goto(f"{live_server.url}/deals/waterwegregio/participation/conversations/")
    page.get_by_role("link", name="Gesprekken inlezen uit een bestand (upload)").click()
    choose(
        page,
        tmp_path,
        "fout.csv",
        "wijk;held_on;organisation;residents;form\nWK999999;2025-03-01;SCHIEDAM;0;fiets\n",
    )
    submit(page, "Bestand controleren")
    columns = page.locator("#upload-problems tbody tr td:nth-child(2)").all_inner_texts()
    assert {"wijk", "residents", "form"} <= set(columns)
    assert Conversation.objects.count() == 0
    page.get_by_role("link", name="Een verbeterd bestand inlezen").click()
    choose(page, tmp_path, "outreach.xlsx", xlsx_bytes(OUTREACH))
    submit(page, "Bestand controleren")
    assert "27" in page.locator("#upload-summary").inner_text()
    submit(page, "Bevestigen en inlezen")
    page.locator("#upload-links").get_by_role("link", name="De outreachgesprekken").click()
    page.get_by_role("link", name="1 maart 2025").click()
    detail = page.locator("main").inner_text()
    assert "Nieuwland" in detail and "18" in detail and "Veiligheid" in detail
    assert Conversation.objects.count() == 2


def test_population_good_and_bad(office, live_server, tmp_path, wijken):
    page = office
    page.goto(f"{live_server.url}/deals/waterwegregio/participation/quality/")
    assert "regiodeal import" not in page.content()
    page.get_by_role(
        "link", name="Bevolkingscijfers inlezen (upload van de CBS-tabel Kerncijfers wijken en buurten)"
    ).click()
    choose(page, tmp_path, "fout.csv", "WijkenEnBuurten;SoortRegio_2;AantalInwoners_5\nWK060601;Wijk;twee\n")
    page.get_by_label("Peildatum").fill("2024-01-01")
    submit(page, "Bestand controleren")
    cells = page.locator("#upload-problems tbody tr").first.locator("td").all_inner_texts()
    assert cells[:2] == ["2", "AantalInwoners_5"]
    assert PopulationFigure.objects.count() == 0
    page.get_by_role("link", name="Een verbeterd bestand inlezen").click()
    choose(page, tmp_path, "85984NED.csv", POPULATION)
    page.get_by_label("Peildatum").fill("2024-01-01")
    page.get_by_label("Kolommen koppelen aan doelgroepen").fill("k_15Tot25Jaar_9=jongeren")
    submit(page, "Bestand controleren")
    assert "4" in page.locator("#upload-summary").inner_text()
    submit(page, "Bevestigen en inlezen")
    page.locator("#upload-links").get_by_role("link", name="Wie bereiken we? (bereik naar bevolking)").click()
    assert "2000 inwoners (CBS 2024)" in page.locator("main").inner_text()
    assert {(f.wijk_code, f.group_code, f.on, f.residents) for f in PopulationFigure.objects.all()} >= {
        ("WK060601", "jongeren", dt.date(2024, 1, 1), 400)
    }


def test_a_large_file_shows_its_progress_and_then_the_result(office, live_server, tmp_path, projects):
    page = office
    page.goto(f"{live_server.url}/en/deals/waterwegregio/imports/ledger/")
    line = ["2026-02-01", "10,00", "P1", "WW-001", "SCHIEDAM", "besluit", ""]
    choose(page, tmp_path, "groot.csv", csv_bytes([ALLOCATIONS[0]] + [line] * 2500), label="File")
    page.locator('input[name="ledger_kind"][value="allocations"]').check()
    submit(page, "Check the file")
    assert page.locator("progress#upload-progress-bar").get_attribute("max") == "2500"
    assert page.locator("#upload-progress-text").inner_text() == "0 of 2,500 rows"
    assert page.get_by_role("link", name="Refresh this page").count() == 1
    assert_accessible(page)
    call_command("worker", "--once", verbosity=0)
    # htmx asks for the progress every two seconds; the ended job loads the whole page again
    page.get_by_role("button", name="Confirm and import").wait_for(timeout=15000)
    assert (
        "€25,000.00" in page.locator("#upload-summary").inner_text()
        or "25.000,00" in page.locator("#upload-summary").inner_text()
    )
    submit(page, "Confirm and import")
    assert page.locator("progress#upload-progress-bar").count() == 1
    call_command("worker", "--once", verbosity=0)
    page.locator("#upload-done").wait_for(timeout=15000)
    assert "2500" in page.locator("#upload-summary").inner_text()
    assert_accessible(page)
    assert LedgerEntry.objects.count() == 2500


def test_a_statline_table_good_and_bad(office, live_server, tmp_path, measurable):
    """A CBS StatLine table (OData .json) uploaded on the measurements page."""
    from pathlib import Path

    from regiodeal.audit.services import Actor
    from regiodeal.results.services import indicator_create

    indicator_create(
        actor=Actor(label="test"),
        deal=measurable,
        code="inwoners",
        name="Inwoners",
        unit="aantal",
        better="higher",
    )
    data = Path(__file__).parent.parent / "results" / "data"
    page = office
    page.goto(f"{live_server.url}/deals/waterwegregio/imports/measurements/")
    expect(page.get_by_text("CBS StatLine-tabel (.json").first).to_be_visible()
    # the bad file: every row that does not fit, by row and column, with how to fix it
    choose(page, tmp_path, "bad.json", (data / "statline-v3-bad-rows.json").read_bytes())
    page.get_by_label("CBS-kolommen of StatLine-maten koppelen aan indicatoren").fill(
        "TotaleBevolking_1=inwoners"
    )
    submit(page, "Bestand controleren")
    expect(page.locator("#upload-problems caption")).to_have_text("5 problemen: er is niets ingelezen")
    rows = page.locator("#upload-problems tbody tr")
    assert [rows.nth(i).locator("td").nth(0).inner_text() for i in range(5)] == ["2", "3", "4", "5", "6"]
    assert rows.nth(0).locator("td").nth(1).inner_text() == "RegioS"
    assert "'Schiedam' is geen CBS-regiocode" in rows.nth(0).inner_text()
    assert "2023X000" in rows.nth(1).inner_text() and "ook in rij 1" in rows.nth(4).inner_text()
    expect(page.get_by_text("Rij 1 is de eerste rij van de StatLine-tabel")).to_be_visible()
    assert_accessible(page)
    assert Measurement.objects.count() == 0
    # the good file (v4 Observations): checked, confirmed, and the values on the indicator's page
    page.get_by_role("link", name="Een verbeterd bestand inlezen").click()
    choose(page, tmp_path, "85618NED.json", (data / "statline-v4-85618NED.json").read_bytes())
    page.get_by_label("CBS-kolommen of StatLine-maten koppelen aan indicatoren").fill("M000352=inwoners")
    submit(page, "Bestand controleren")
    expect(page.locator("#upload-summary")).to_be_visible()
    assert "Metingen\n3" in page.locator("#upload-summary").inner_text()
    submit(page, "Bevestigen en inlezen")
    expect(page.locator("#upload-done")).to_have_text("Ingelezen. Dit is vastgelegd:")
    page.locator("#upload-links").get_by_role("link", name="Metingen van Inwoners").click()
    main = page.locator("main")
    expect(main).to_contain_text("WK055601")
    expect(main).to_contain_text("CBS StatLine 85618NED")
    assert Measurement.objects.count() == 3
    # the English upload page says the same, and is accessible too
    page.goto(f"{live_server.url}/en/deals/waterwegregio/imports/measurements/")
    expect(page.get_by_text("CBS StatLine table (.json").first).to_be_visible()
    assert_accessible(page)
