"""What the programme office and the regiokassier see and can do: the finance screens, their
.xlsx downloads and chart, and the REST API."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from regiodeal.finance.models import LedgerEntry, SpukAccount


@pytest.fixture
def office(client, role_users):
    client.force_login(role_users["programme_office"])
    return client


@pytest.fixture
def ledger(book):
    book("national_allocation", "300000.00", on=dt.date(2025, 5, 1))
    book("regional_contribution", "120000.00", on=dt.date(2025, 5, 1))
    book("spending", "50000.00", on=dt.date(2026, 2, 1))
    book("spending", "20000.00", on=dt.date(2026, 2, 1), funding="regional", project="")
    return book("execution_costs", "9000.00", line="VAT", on=dt.date(2026, 2, 1))


def url(name, **kwargs):
    return reverse(f"finance:{name}", kwargs={"slug": "waterwegregio", **kwargs})


def test_the_overview_shows_granted_pledged_spent_the_ratio_and_a_chart(office, ledger):
    page = office.get(url("overview"), {"on": "2026-06-30"}).content.decode()
    assert "€\xa0309.000,00" in page  # granted: 300,000 allocated + 9,000 national execution costs
    assert "€\xa0120.000,00" in page
    chart = page.split('id="chart-planned-actual"')[1].split("</figure>")[0]
    assert 'id="chart-planned-actual-title">Gepland (uitvoeringsprogramma) tegenover besteed' in chart
    assert "<rect" in chart and "style=" not in chart
    # The chart names each programme line, not its code; its text is page text, not SVG text.
    assert '<span class="rd-bars__label">Pijler 1: Impuls leefbaarheid in wijken</span>' in chart
    assert ">P1<" not in chart and "<text" not in chart
    assert 'id="table-overview"' in page and 'id="table-years"' in page
    assert "0,40" in page  # pledge ratio of P1: 120,000 / 300,000


def test_each_row_of_a_money_table_has_its_header_and_its_amounts_as_numbers_in_each_language(office, ledger):
    """The tables' rows are made by a tag (finance/templatetags/finance.py: `finance_rows`): the
    first cell names the row for a screen reader, the amounts are aligned as numbers, the
    total is the table's footer, and each language writes the amounts its own way."""
    import lxml.html

    for prefix, amount in (("", "€\xa0300.000,00"), ("/en", "€300,000.00")):
        page = office.get(prefix + url("overview"), {"on": "2026-06-30"}).content.decode()
        table = lxml.html.fromstring(page).get_element_by_id("table-overview")
        headers = [th.text_content() for th in table.xpath("./thead/tr/th")]
        p1 = next(r for r in table.xpath("./tbody/tr") if r.xpath("./th")[0].text_content().startswith("P1 "))
        assert p1.xpath("./th/@scope") == ["row"] and len(p1.xpath("./td")) == len(headers) - 1
        cells = p1.xpath("./td")
        assert all("utrecht-table__cell--numeric-data" in td.get("class") for td in cells)
        assert amount in [td.text_content() for td in cells]
        [total] = table.xpath("./tfoot/tr")
        assert total.xpath("./th/@scope") == ["row"] and len(total.xpath("./td")) == len(headers) - 1


def test_a_money_table_with_nothing_booked_says_so_across_the_table(waterwegregio):
    import lxml.html
    from django.template.loader import render_to_string

    from regiodeal.finance.tables import MONEY, Column, Table

    table = Table("empty", "Leeg", [Column("Regel"), Column("Bedrag", MONEY)], rows=[], footer=None)
    html = render_to_string("finance/_table.html", {"table": table, "deal": waterwegregio})
    [cell] = lxml.html.fromstring(html).xpath("//tbody/tr/td")
    assert cell.text_content() == "Nog niets geboekt." and cell.get("colspan") == "2"
    assert "<tfoot" not in html


def test_the_overview_downloads_as_xlsx_with_the_same_figures(office, ledger):
    response = office.get(url("export", table="overview"), {"on": "2026-06-30"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "waterwegregio-overview-2026-06-30.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][0] == "Programmalijn"
    p1 = next(r for r in rows if r[0] and str(r[0]).startswith("P1 "))
    assert p1[1] == 8400000 and p1[5] == 300000 and p1[6] == 120000 and p1[7] == 50000
    assert p1[9] == pytest.approx(0.4)
    total = next(r for r in rows if r[0] == "Totaal")
    assert Decimal(str(total[5])) == Decimal("309000")


def test_the_ledger_downloads_every_entry(office, ledger):
    sheet = load_workbook(io.BytesIO(office.get(url("export", table="ledger")).content)).active
    rows = list(sheet.iter_rows(values_only=True))[3:]
    assert len(rows) == LedgerEntry.objects.count() == 5
    assert {r[5] for r in rows} == {300000, 120000, 50000, 20000, 9000}


@pytest.mark.parametrize("table", ["years", "vat-split", "findings", "spuk"])
def test_every_table_downloads(office, ledger, table):
    response = office.get(url("export", table=table))
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).active.max_row >= 3


def test_an_unknown_table_is_not_found(office):
    assert office.get(url("export", table="salarissen")).status_code == 404


def test_the_vat_page_shows_each_partys_share(office, book):
    book("national_allocation", "100000.00")
    page = office.get(url("vat")).content.decode()
    assert "Schiedam" in page
    assert "€\xa0530.000,00" in page  # Schiedam received all national money: it bears all regional VAT


def test_the_findings_page_shows_the_money_findings(office, book):
    book("national_allocation", "100000.00")
    page = office.get(url("findings")).content.decode()
    assert "finance.regional-matches-national-pledged" in page
    assert "€\u00a0100.000,00 te weinig regionale financiering" in page


def test_the_regiokassier_records_the_spuk_account_on_the_screen(client, role_users, ledger):
    client.force_login(role_users["regiokassier"])
    page = client.get(url("spuk")).content.decode()
    assert "2025" in page and "Verantwoording 2025 vastleggen" in page
    response = client.post(url("spuk-submit", year=2025), {"submitted_on": "2026-07-01"})
    assert response.status_code == 302
    account = SpukAccount.objects.get(year=2025)
    assert account.national_spent == Decimal("0.00") and not account.is_final
    assert account.recorded_by_label == role_users["regiokassier"].username


def test_an_entry_is_reversed_on_the_screen_with_a_reason(office, ledger):
    entry = LedgerEntry.objects.get(kind="spending", funding="national")
    assert office.post(url("reverse-only", pk=entry.pk), {"reverse-reason": ""}).status_code == 400
    today = dt.date.today().isoformat()
    data = {"reverse-reason": "verkeerde factuur", "reverse-reversed_on": today}
    response = office.post(url("reverse-only", pk=entry.pk), data)
    assert response.status_code == 302
    assert entry.reversed_by.amount == Decimal("-50000.00")
    page = office.get(url("ledger")).content.decode()
    assert f"corrigeert #{entry.pk}" in page and "gecorrigeerd" in page


API = "/api/v1/deals/waterwegregio/finance"


def test_the_api_books_an_entry_and_returns_it_with_amounts_as_strings(office, projects):
    response = office.post(
        f"{API}/entries/",
        {
            "kind": "regional_contribution",
            "booked_on": "2026-02-01",
            "amount": "2400.00",
            "budget_line": "P2",
            "organisation": "TNO",
            "contribution_status": "paid",
            "sector": "private",
            "form": "in_kind",
            "valuation_basis": "24 uur à € 100",
            "source_document": "urenstaat",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["amount"] == "2400.00" and body["organisation"] == "TNO" and body["funding"] == "regional"
    listed = office.get(f"{API}/entries/", {"kind": "regional_contribution"}).json()
    assert listed["count"] == 1


def test_the_api_refuses_a_bad_entry_naming_field_and_rule(office, projects):
    response = office.post(
        f"{API}/entries/",
        {
            "kind": "spending",
            "booked_on": "2026-02-01",
            "amount": "10",
            "budget_line": "P1",
            "source_document": "x",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "[finance.funding]" in response.json()["funding"][0]
    assert not LedgerEntry.objects.exists()


def test_the_api_reverses_an_entry(office, book):
    entry = book("national_allocation", "1000.00")
    response = office.post(
        f"{API}/entries/{entry.pk}/reverse/", {"reason": "fout"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["amount"] == "-1000.00" and response.json()["reverses"] == entry.pk
    again = office.post(
        f"{API}/entries/{entry.pk}/reverse/", {"reason": "fout"}, content_type="application/json"
    )
    assert again.status_code == 400


def test_the_api_sets_the_yearly_programme_with_optimistic_locking(office, waterwegregio):
    body = {"year": 2026, "budget_line": "P1", "national": "1000000.00", "regional": "1000000.00"}
    created = office.post(f"{API}/programme/", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["lock_version"] == 1
    changed = office.post(
        f"{API}/programme/",
        {**body, "national": "1200000.00", "expected_version": 1},
        content_type="application/json",
    )
    assert changed.status_code == 201 and changed.json()["lock_version"] == 2
    stale = office.post(
        f"{API}/programme/",
        {**body, "national": "9.00", "expected_version": 1},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert office.get(f"{API}/programme/").json()[0]["national"] == "1200000.00"
    unknown = office.post(f"{API}/programme/", {**body, "budget_line": "P9"}, content_type="application/json")
    assert unknown.status_code == 400
    overview = office.get(f"{API}/overview/", {"on": "2026-12-31"}).json()
    assert overview["years"][0]["lines"][0]["planned_national"] == "1200000.00"


def test_changing_a_programme_line_without_its_version_is_refused_not_overwritten(office, waterwegregio):
    """A POST without `expected_version` silently overwrote an existing row."""
    body = {"year": 2026, "budget_line": "P1", "national": "1000000.00", "regional": "1000000.00"}
    assert office.post(f"{API}/programme/", body, content_type="application/json").status_code == 201
    blind = office.post(f"{API}/programme/", {**body, "national": "5.00"}, content_type="application/json")
    assert blind.status_code == 400
    [message] = blind.json()["expected_version"]
    assert "bestaat al (versie 1)" in message and "expected_version" in message
    [row] = office.get(f"{API}/programme/").json()
    assert row["national"] == "1000000.00" and row["lock_version"] == 1


def test_the_api_overview_vat_split_findings_and_spuk(office, ledger):
    overview = office.get(f"{API}/overview/", {"on": "2026-06-30"}).json()
    assert overview["version"] == 1
    assert overview["total"]["granted"] == "309000.00"
    assert overview["lines"][0]["pledge_ratio"] == "0.40"
    assert [y["year"] for y in overview["years"]] == [2025, 2026]
    split = office.get(f"{API}/vat-split/", {"on": "2026-06-30"}).json()
    assert split["possible"] and split["shares"][2] == {
        "party": "SCHIEDAM",
        "name": "gemeente Schiedam",
        "received": "300000.00",
        "weight": "1.0000",
        "planned": "530000.00",
        "actual": "0.00",
    }
    findings = office.get(f"{API}/findings/", {"on": "2026-06-30"}).json()
    assert {f["rule"] for f in findings} >= {"finance.regional-matches-national-pledged"}
    spuk = office.get(f"{API}/spuk/", {"on": "2026-06-30"}).json()
    assert [(y["year"], y["national_spent"], y["cofinancing_cumulative"], y["due_on"]) for y in spuk] == [
        (2025, "0.00", "0.00", "2026-07-15"),
        (2026, "59000.00", "20000.00", "2027-07-15"),
    ]
    submitted = office.post(
        f"{API}/spuk/2025/submit/", {"submitted_on": "2026-06-30"}, content_type="application/json"
    )
    assert submitted.status_code == 201 and submitted.json()["submitted_on"] == "2026-06-30"
    assert office.get(f"{API}/overview/", {"on": "gisteren"}).status_code == 400


def test_the_api_imports_a_file_or_names_every_problem(office, projects):
    good = io.BytesIO(
        b"datum;bedrag;begrotingsregel;project;partij;brondocument\n2026-02-01;1.000,00;P1;WW-001;SCHIEDAM;b\n"
    )
    good.name = "toekenningen.csv"
    response = office.post(f"{API}/imports/", {"kind": "allocations", "file": good})
    assert response.status_code == 201 and response.json()["rows"] == 1
    bad = io.BytesIO(
        b"datum;bedrag;begrotingsregel;project;partij;brondocument\n2026-02-01;1.000;P1;WW-001;SCHIEDAM;b\n"
    )
    bad.name = "toekenningen.csv"
    response = office.post(f"{API}/imports/", {"kind": "allocations", "file": bad})
    assert response.status_code == 400
    assert response.json()["problems"][0] == {
        "row": 2,
        "column": "bedrag",
        "rule": "import.amount",
        "message": response.json()["problems"][0]["message"],
    }
    assert LedgerEntry.objects.count() == 1


def test_the_openapi_schema_documents_the_finance_endpoints(client):
    schema = client.get("/api/v1/schema/").content.decode()
    paths = ["entries/", "entries/{id}/reverse/", "programme/", "overview/", "vat-split/", "findings/"]
    for path in [*paths, "spuk/", "spuk/{year}/submit/", "imports/"]:
        assert f"/api/v1/deals/{{slug}}/finance/{path}" in schema, path


def test_the_api_refuses_years_outside_the_calendar_it_knows_instead_of_failing(office, waterwegregio):
    body = {"year": 0, "budget_line": "P1", "national": "1.00", "regional": "1.00"}
    assert office.post(f"{API}/programme/", body, content_type="application/json").status_code == 400
    response = office.post(
        f"{API}/spuk/99999/submit/", {"submitted_on": "2027-01-01"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert office.generic("TRACE", f"{API}/overview/").status_code == 405
    assert office.get(f"{API}/entries/", {"year": "0"}).status_code == 200
    assert office.get(url("ledger"), {"year": "0"}).status_code == 200
