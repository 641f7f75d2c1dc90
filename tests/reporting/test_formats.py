"""The report on 2025 of the test portfolio, in every format: the PDF's text (pdftotext) holds
the headings, the budget totals and every intended result with its verdict; Word and Excel hold
the same figures; charts are vector graphics; the figures are those of 2025 only."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.utils.translation import override

from regiodeal.deals.selectors import version_in_force
from regiodeal.reporting.gather import gather
from regiodeal.reporting.renderers import pdf_data, render

from .helpers import (
    PdfObjects,
    docx_headings,
    docx_text,
    normalise,
    pdf_images,
    pdf_text,
    xlsx_values,
    xlsx_workbook,
)

pytestmark = pytest.mark.django_db

HEADINGS = [
    "Inleiding",
    "Samenvatting",
    "A. Voortgang van de initiatieven en projecten",
    "B. Op schema voor de beoogde resultaten",
    "Financiën",
    "Verdelingseffecten",
    "Risico's, escalaties en besluiten van het Rijk-Regio-overleg",
    "Geleerde lessen",
    "Wijzigingen van de deal in 2025",
]
# Verdicts of the test portfolio on 31 December 2025 (t = 364/730 on the 2025-2027 path).
VERDICTS = {"1A": "behaald", "1B": "achter", "1C": "risico"}


@pytest.fixture
def structure(portfolio):
    return gather(portfolio, 2025, "internal")


def test_the_structure_is_plain_json_with_the_figures_of_2025_only(structure):
    again = json.loads(json.dumps(structure))
    assert again == structure
    money = structure["money"]
    assert money["year_total"]["national_spent"] == "372500.00"  # 312.500 + 60.000 VAT; 2026 left out
    assert money["year_total"]["granted"] == "2060000.00"
    assert money["year_total"]["regional_actual"] == "380000.00"  # 200.000 in kind + 180.000
    assert money["matching"]["spent_year"] == "1.02"
    assert money["budget"]["totals"] == {
        "national": "17700000.00",
        "regional": "17700000.00",
        "total": "35400000.00",
    }
    assert money["spuk"]["national_spent"] == "372500.00"
    by_code = {p["code"]: p for p in structure["projects"]}
    assert by_code["WW-001"]["money"]["national_spent_year"] == "312500.00"
    assert by_code["WW-001"]["lead"] == "gemeente Schiedam"
    assert [m["state"] for m in by_code["WW-001"]["milestones"]] == ["done_late", "overdue"]
    verdicts = {r["code"]: r["verdict"] for p in structure["results"]["pillars"] for r in p["results"]}
    assert verdicts["1A"] == "achieved" and verdicts["1B"] == "behind" and verdicts["1C"] == "at_risk"
    assert structure["distribution"][0]["parts"][0]["name"] == "jongeren"
    assert structure["governance"]["actions"][0]["owner_person"] == "Jan Jansen"


def test_the_pdf_holds_the_headings_the_budget_totals_and_every_result_with_its_verdict(structure, portfolio):
    with override("nl"):
        data = render(structure, "pdf")
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    for heading in HEADINGS:
        assert heading in text
    assert "Totaal € 17.700.000,00 € 17.700.000,00 € 35.400.000,00" in text
    assert "€ 372.500,00" in text and "€ 2.060.000,00" in text
    for pillar in version_in_force(portfolio).pillars.prefetch_related("results"):
        for result in pillar.results.all():
            verdict = VERDICTS.get(result.code, "geen gegevens")
            assert f"{result.code}. " in text
            assert normalise(result.title)[:40] in text
            heading_at = text.index(f"{result.code}. {normalise(result.title)[:30]}")
            assert f"Oordeel: {verdict}." in text[heading_at : heading_at + 600], result.code


def test_the_pdf_has_page_numbers_and_a_table_of_contents_with_page_numbers(structure):
    with override("nl"):
        text = pdf_text(render(structure, "pdf"))
    assert "Pagina 2 van" in text
    toc = text[text.index("Inhoud") : text.index("Inhoud") + 3000]
    for heading in ("Samenvatting", "Financiën", "Geleerde lessen"):
        after = toc[toc.index(heading) + len(heading) :].lstrip(" .")
        assert after.split()[0].isdigit(), heading


def test_the_charts_are_vector_graphics(structure):
    """Each chart goes into the PDF as its SVG, drawn as vector graphics: the PDF holds no
    picture at all, and one figure per chart."""
    with override("nl"):
        charts = [b for b in pdf_data(structure)["blocks"] if b["type"] == "chart"]
        data = render(structure, "pdf")
    assert len(charts) >= 4  # three indicators and the money chart
    assert all(c["svg"].startswith("<svg") for c in charts)
    assert pdf_images(data) == []
    assert sum(tag == "Figure" for tag, _ in PdfObjects(data).structure()) == len(charts)


def test_word_has_real_headings_and_the_same_figures(structure, portfolio):
    with override("nl"):
        data = render(structure, "docx")
    headings = docx_headings(data)
    assert ("Heading 1", "Financiën") in headings
    assert ("Heading 2", "WW-001 Ontmoetingsplekken Nieuwland") in headings
    text = docx_text(data)
    for figure in ("€ 17.700.000,00", "€ 35.400.000,00", "€ 372.500,00", "€ 2.060.000,00"):
        assert figure in text
    for code, verdict in VERDICTS.items():
        assert code in text and verdict in text
    for result in version_in_force(portfolio).results.all():
        assert normalise(result.title)[:40] in text


def test_the_excel_annex_has_one_sheet_per_table_with_money_as_euro_numbers(structure):
    with override("nl"):
        data = render(structure, "xlsx")
    wb = xlsx_workbook(data)
    assert {"begroting", "geld-jaar", "oordelen", "projecten", "vat", "spuk"} <= set(wb.sheetnames)
    budget = wb["begroting"]
    header = [c.value for c in budget[3]]
    assert header[:3] == ["Regel", "Omschrijving", "Rijksbijdrage (maximum)"]
    totals = next(r for r in budget.iter_rows(values_only=True) if r[0] == "Totaal")
    assert [Decimal(str(x)) for x in totals[2:5]] == [
        Decimal("17700000"),
        Decimal("17700000"),
        Decimal("35400000"),
    ]
    money_cell = next(r for r in budget.iter_rows() if r[0].value == "Totaal")[2]
    assert "€" in money_cell.number_format and isinstance(money_cell.value, int | float | Decimal)
    values = xlsx_values(data)
    assert 372500 in values and 2060000 in values
    verdicts = {r[1]: r[3] for r in wb["oordelen"].iter_rows(min_row=4, values_only=True)}
    assert {k: verdicts[k] for k in VERDICTS} == VERDICTS


def test_html_uses_nl_design_system_classes_and_no_inline_script_or_style(structure):
    with override("nl"):
        html = render(structure, "html").decode()
    assert 'class="utrecht-table utrecht-table--html-table"' in html
    assert "<script" not in html and "style=" not in html and "<style" not in html
    assert "€\u00a035.400.000,00" in html


def test_english_readers_get_the_report_in_english_numbers(structure):
    with override("en"):
        html = render(structure, "html").decode()
    assert "€35,400,000.00" in html
