"""The PDF's edition (docs/reporting.md "The PDF and the annex"): the PDF leaves
the tables per project, per wijk and per group and area to the Excel annex, says so with a link
to it, and the Excel annex and Word still hold every one of them."""

from __future__ import annotations

import pytest
from django.utils.translation import override

from regiodeal.reporting import document as d
from regiodeal.reporting.gather import gather
from regiodeal.reporting.renderers import render

from .helpers import PdfObjects, docx_headings, pdf_text, xlsx_workbook

pytestmark = pytest.mark.django_db

LEFT_TO_THE_ANNEX = ("mijlpalen-ww-001", "prestaties-ww-001", "risicos-ww-003", "projectrisicos")


@pytest.fixture
def structures(portfolio):
    return {audience: gather(portfolio, 2025, audience) for audience in ("internal", "public")}


def test_the_pdf_leaves_the_bulky_tables_to_the_annex_and_links_to_it(structures):
    with override("nl"):
        full, edition = d.build(structures["internal"]), d.build(structures["internal"], pdf=True)
        pdf = render(structures["internal"], "pdf")
    text, links = pdf_text(pdf), pdf_links(pdf)
    printed = {t.id for t in edition.tables}
    for table in LEFT_TO_THE_ANNEX:
        assert table in {t.id for t in full.tables}
        assert table not in printed
    assert "projecten" in printed and "geld-jaar" in printed and "verdeling" in printed
    assert any(link.endswith("/deals/waterwegregio/reports/2025/download/internal.xlsx") for link in links)
    assert "staan in de Excel-bijlage en in de Word-versie van deze rapportage" in text
    assert "WW-001: mijlpalen in het jaar" not in text
    # every chart is printed, with its figures in the alternative text instead of a table
    charts = [b for b in edition.blocks if b.type == "chart"]
    assert charts and len(charts) == len([b for b in full.blocks if b.type == "chart"])
    assert all(not c.print_table and " op " in c.alt for c in charts[:-1])


def test_the_public_pdf_links_to_the_public_reports_page(structures):
    with override("nl"):
        pdf = render(structures["public"], "pdf")
    links = pdf_links(pdf)
    assert any(link.endswith("/deals/waterwegregio/public/reports/") for link in links)
    assert not any("download/internal" in link for link in links)
    assert "download/internal" not in pdf_text(pdf)


def pdf_links(data: bytes) -> list[str]:
    """The addresses the PDF's links go to (their /URI actions)."""
    pdf = PdfObjects(data)
    return [pdf.string(body, b"URI") for body in pdf.objects.values() if b"/URI" in body[:4000]]


def test_excel_and_word_keep_every_table(structures):
    with override("nl"):
        book = xlsx_workbook(render(structures["internal"], "xlsx"))
        headings = docx_headings(render(structures["internal"], "docx"))
    for table in LEFT_TO_THE_ANNEX:
        assert table in book.sheetnames
    assert ("Heading 2", "WW-001 Ontmoetingsplekken Nieuwland") in headings
