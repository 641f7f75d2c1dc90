"""The regiokassier's SiSa account (Art. 5): the yearly account of the specific
grant as the cells of the SiSa bijlage, on the SPUK page, as an .xlsx and in the API. Every cell
is reconciled to the ledger to the cent, computed here from the ledger entries themselves."""

import datetime as dt
import io
from collections import defaultdict
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from regiodeal.finance import sisa
from regiodeal.finance.models import LedgerEntry
from regiodeal.finance.services import entry_reverse

from .conftest import ACTOR

ON = "2029-01-01"  # past the deal's end (2028-12-31): every year, the last one the final account
API = "/api/v1/deals/waterwegregio/finance"


@pytest.fixture
def ledger(book):
    """Money in three years, with cents, regional money beside the national, and a correction."""
    book("national_allocation", "900000.00", on=dt.date(2025, 3, 1))
    book("regional_contribution", "40000.55", on=dt.date(2025, 4, 1), contribution_status="paid",
         form="in_kind", valuation_basis="400 uur à € 100,00")  # fmt: skip
    book("spending", "12345.67", on=dt.date(2025, 6, 30))
    book("spending", "0.01", on=dt.date(2025, 12, 31))
    book("spending", "5000.00", on=dt.date(2025, 7, 1), funding="regional", project="")
    book("execution_costs", "2500.10", line="VAT", on=dt.date(2025, 9, 1))
    wrong = book("spending", "777.77", on=dt.date(2026, 2, 1))
    entry_reverse(actor=ACTOR, entry=wrong, reason="dubbel geboekt", booked_on=dt.date(2026, 2, 2))
    book("spending", "100000.99", on=dt.date(2026, 3, 1), project="WW-002")
    book("execution_costs", "3000.00", line="VAT", on=dt.date(2026, 3, 1), funding="regional")


def expected_cells(deal) -> dict[tuple[int, str], object]:
    """(year, indicator number) -> value, from the ledger entries alone: national money spent
    (spending and execution costs charged to the Rijk) per booking year, its running total,
    and whether the year is the deal's last."""
    per_year: dict[int, Decimal] = defaultdict(Decimal)
    for e in LedgerEntry.objects.filter(deal=deal):
        if e.kind in ("spending", "execution_costs") and e.funding == "national":
            per_year[e.booked_on.year] += e.amount
    last_year = deal.versions.get(number=1).ends_on.year
    cells, running = {}, Decimal("0")
    for year in range(min(per_year), last_year + 1):
        running += per_year[year]
        cells[(year, "01")] = per_year[year]
        cells[(year, "02")] = running
        cells[(year, "03")] = year == last_year
    return cells


def test_the_expected_cells_are_what_the_ledger_says(waterwegregio, ledger):
    cells = expected_cells(waterwegregio)
    assert cells[(2025, "01")] == Decimal("14845.78")  # 12,345.67 + 0.01 + 2,500.10
    assert cells[(2026, "01")] == Decimal("100000.99")  # the correction nets to zero
    assert cells[(2028, "02")] == Decimal("114846.77") and cells[(2028, "03")] is True


def test_art_5_every_sisa_cell_of_the_download_reconciles_to_the_ledger_to_the_cent(
    client, role_users, waterwegregio, ledger
):
    client.force_login(role_users["regiokassier"])
    response = client.get(
        reverse("finance:export", kwargs={"slug": "waterwegregio", "table": "sisa"}), {"on": ON}
    )
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[2] == ("Jaar (T)", "Indicatornummer", "Indicator", "Aard controle", "Waarde")
    body = [r for r in rows[3:] if r and isinstance(r[0], int)]
    expected = expected_cells(waterwegregio)
    got = {}
    for year, number, label, audit, value in body:
        key = (year, number.split("/")[1])
        got[key] = value == "ja" if value in ("ja", "nee") else Decimal(str(value)).quantize(Decimal("0.01"))
        assert label == {"01": "Besteding (jaar T)", "02": "Cumulatieve besteding (t/m jaar T)",
                         "03": "Eindverantwoording (Ja/Nee)"}[key[1]]  # fmt: skip
        assert audit == ("R (rechtmatigheid)" if key[1] == "01" else "n.v.t.")
    assert got == expected
    assert len(body) == len(expected) == 4 * 3  # 2025..2028, three indicators each


def test_art_5_the_sisa_api_and_screen_show_the_same_cells(client, role_users, waterwegregio, ledger):
    client.force_login(role_users["programme_office"])
    data = client.get(f"{API}/spuk/sisa/", {"on": ON}).json()
    expected = expected_cells(waterwegregio)
    got = {
        (r["year"], r["indicator"].split("/")[1]): r["value"]
        if isinstance(r["value"], bool)
        else Decimal(r["value"])
        for r in data
    }
    assert got == expected
    assert {r["aard_controle"] for r in data} == {"R", "nvt"} and data[0]["provider"] == "VRO"
    page = client.get(reverse("finance:spuk", kwargs={"slug": "waterwegregio"}), {"on": ON}).content.decode()
    table = page.split('id="table-sisa"')[1].split("</table>")[0]
    assert "Cumulatieve besteding (t/m jaar T)" in table
    assert "€\xa014.845,78" in table and "€\xa0114.846,77" in table
    assert table.count(">ja<") == 1 and table.count(">nee<") == 3
    assert "Download als Excel (.xlsx): SiSa-bijlage" in page


def test_the_sisa_table_and_download_are_in_english_on_the_english_site(client, role_users, ledger):
    client.force_login(role_users["regiokassier"])
    with translation.override("en"):
        page_url = reverse("finance:spuk", kwargs={"slug": "waterwegregio"})
        export_url = reverse("finance:export", kwargs={"slug": "waterwegregio", "table": "sisa"})
    assert page_url.startswith("/en/")
    page = client.get(page_url, {"on": ON}).content.decode()
    table = page.split('id="table-sisa"')[1].split("</table>")[0]
    assert "Cumulative spending (up to and including year T)" in table and ">yes<" in table
    assert "Besteding" not in table and "rechtmatigheid" not in table
    assert "recipient Municipalities (the regiokassier)" in page and "Gemeenten (de" not in page
    content = client.get(export_url, {"on": ON}).content
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[1][0] == f"as of {ON}"
    assert rows[2] == ("Year (T)", "Indicator number", "Indicator", "Kind of audit", "Value")
    final = [r[4] for r in rows[3:] if r and isinstance(r[0], int) and r[2].startswith("Final")]
    assert final == ["no", "no", "no", "yes"]
    assert {r[3] for r in rows[3:] if r and isinstance(r[0], int)} == {"R (legality)", "n/a"}


@pytest.mark.parametrize("role", ["regiokassier", "programme_office"])
def test_the_regiokassier_and_the_office_see_the_sisa_account(client, role_users, role):
    client.force_login(role_users[role])
    assert (
        client.get(reverse("finance:export", kwargs={"slug": "waterwegregio", "table": "sisa"})).status_code
        == 200
    )
    assert client.get(f"{API}/spuk/sisa/").status_code == 200


@pytest.mark.parametrize("role", ["project_lead", "other_deal"])
def test_a_project_lead_and_another_deals_office_get_403(client, role_users, role):
    client.force_login(role_users[role])
    assert (
        client.get(reverse("finance:export", kwargs={"slug": "waterwegregio", "table": "sisa"})).status_code
        == 403
    )
    assert client.get(f"{API}/spuk/sisa/").status_code == 403
    assert client.get(reverse("finance:spuk", kwargs={"slug": "waterwegregio"})).status_code == 403


def test_anonymous_is_sent_to_login(client, waterwegregio):
    response = client.get(reverse("finance:export", kwargs={"slug": "waterwegregio", "table": "sisa"}))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- the template: one place, one edit for next year ---------------------------------------


def test_the_shipped_template_reads_and_fills_every_indicator_from_the_account():
    shipped = sisa.templates()
    assert shipped[0].first_year == 2024
    assert [i.figure for i in shipped[-1].indicators] == [
        "national_spent",
        "national_spent_cumulative",
        "is_final",
    ]


NEXT_YEAR = """
[[sjabloon]]
vanaf = 2024
verstrekker = "VRO"
uitkeringscode = ""
regeling = "R"
grondslag = "G"
ontvanger = "O"
ontvanger_en = "O"
  [[sjabloon.indicator]]
  nummer = "01"
  nl = "Besteding (jaar T)"
  en = "Spending (year T)"
  aard_controle = "R"
  figuur = "national_spent"

[[sjabloon]]
vanaf = 2027
verstrekker = "VRO"
uitkeringscode = "X12"
regeling = "R"
grondslag = "G"
ontvanger = "O"
ontvanger_en = "O"
  [[sjabloon.indicator]]
  nummer = "01"
  nl = "Besteding (jaar T)"
  en = "Spending (year T)"
  aard_controle = "R"
  figuur = "national_spent"
  [[sjabloon.indicator]]
  nummer = "02"
  nl = "Cofinanciering (jaar T)"
  en = "Co-financing (year T)"
  aard_controle = "D1"
  figuur = "cofinancing"
"""


def test_next_years_layout_is_one_added_block_and_leaves_earlier_years_alone(
    tmp_path, monkeypatch, waterwegregio, ledger
):
    path = tmp_path / "sisa.toml"
    path.write_text(NEXT_YEAR, encoding="utf-8")
    monkeypatch.setattr(sisa, "TEMPLATE_PATH", path)
    sisa.templates.cache_clear()
    try:
        from regiodeal.finance.selectors import spuk_years

        rows = sisa.sisa_rows(spuk_years(waterwegregio, dt.date(2029, 1, 1)))
        by_year = defaultdict(list)
        for r in rows:
            by_year[r.year].append((r.number, r.value))
        assert by_year[2026] == [("…/01", Decimal("100000.99"))]
        assert by_year[2027] == [("X12/01", Decimal("0.00")), ("X12/02", Decimal("0.00"))]
        assert sisa.template_for(2023).first_year == 2024  # before the first layout: the first
    finally:
        sisa.templates.cache_clear()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('figuur = "national_spent"', 'figuur = "salaris"'), "figuur 'salaris'"),
        (('aard_controle = "D1"', 'aard_controle = "Z"'), "aard_controle 'Z'"),
        (("vanaf = 2027", "vanaf = 2020"), "in order of 'vanaf'"),
        (('uitkeringscode = "X12"\n', ""), "'uitkeringscode' is missing"),
    ],
)
def test_a_broken_template_is_refused_naming_what_and_where(change, message):
    with pytest.raises(sisa.TemplateError, match=message):
        sisa.parse_template(NEXT_YEAR.replace(*change))


@pytest.mark.parametrize("code", ["", "X11"])
def test_the_page_says_when_a_layouts_code_is_not_yet_filled_in(
    client, role_users, ledger, tmp_path, monkeypatch, code
):
    path = tmp_path / "sisa.toml"
    path.write_text(NEXT_YEAR.replace('uitkeringscode = ""', f'uitkeringscode = "{code}"'), encoding="utf-8")
    monkeypatch.setattr(sisa, "TEMPLATE_PATH", path)
    sisa.templates.cache_clear()
    try:
        client.force_login(role_users["regiokassier"])
        page = client.get(
            reverse("finance:spuk", kwargs={"slug": "waterwegregio"}), {"on": ON}
        ).content.decode()
    finally:
        sisa.templates.cache_clear()
    notice = "De uitkeringscode van dit sjabloon is nog niet ingevuld"
    assert (notice in page) is (code == "")
    assert ("X11/01" in page) is (code == "X11") and "X12/02" in page


def test_the_openapi_schema_documents_the_sisa_endpoint(client):
    assert "/api/v1/deals/{slug}/finance/spuk/sisa/" in client.get("/api/v1/schema/").content.decode()
