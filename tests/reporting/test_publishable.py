"""A report fit to publish, on the example portfolio's internal and public
report: a tagged PDF (PDF/UA-1: /Lang, marked, headings, tables and figures tagged, every figure
with alternative text), every table within the page's width, and a Word file holding the charts
as images with alternative text and a filled table of contents."""

from __future__ import annotations

import io
import re

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import override

from regiodeal.portal.samples import SAMPLE_TODAY
from regiodeal.reporting import document as d
from regiodeal.reporting.gather import gather
from regiodeal.reporting.renderers import render

from .helpers import PdfObjects, pdf_text, pdf_words_beyond_page

pytestmark = [pytest.mark.django_db, pytest.mark.presentation]

YEAR = SAMPLE_TODAY.year - 1
AUDIENCES = ["internal", "public"]


@pytest.fixture(scope="module")
def portfolio(django_db_setup, django_db_blocker):
    """The example portfolio's report structures, made in a transaction rolled back after; each
    file rendered once for the module."""
    from regiodeal.audit.services import Actor
    from regiodeal.deals.services import bundled_definition_path, deal_load, definition_read_file
    from regiodeal.demo.portfolio import demo_portfolio_create

    with django_db_blocker.unblock(), transaction.atomic():
        cache.clear()
        deal_def, text = definition_read_file(bundled_definition_path())
        deal = deal_load(
            deal_def=deal_def, source_text=text, source_name="waterwegregio.yaml", actor=Actor(label="test")
        ).deal
        demo_portfolio_create(deal=deal, today=SAMPLE_TODAY)
        structures = {audience: gather(deal, YEAR, audience) for audience in AUDIENCES}
        transaction.set_rollback(True)
    cache.clear()
    out = {"structures": structures, "files": {}, "docs": {}, "editions": {}}
    for audience, structure in structures.items():
        with override("nl"):
            out["docs"][audience] = d.build(structure)
            out["editions"][audience] = d.build(structure, pdf=True)  # what the PDF prints
            out["files"][audience, "pdf"] = render(structure, "pdf")
            out["files"][audience, "docx"] = render(structure, "docx")
    with override("en"):
        out["files"]["public", "pdf-en"] = render(structures["public"], "pdf")
    return out


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_pdf_is_tagged_with_language_title_and_alternative_text(portfolio, audience):
    pdf = PdfObjects(portfolio["files"][audience, "pdf"])
    (catalog,) = pdf.find(b"/Catalog")
    assert pdf.string(catalog, b"Lang") == "nl"
    assert b"/MarkInfo" in catalog and b"/Marked true" in catalog
    assert b"/DisplayDocTitle true" in catalog
    (info,) = [
        body for body in pdf.objects.values() if b"/CreationDate" in body[:2000] and b"/Title" in body[:2000]
    ]
    assert pdf.string(info, b"Title") == "Voortgangsrapportage 2025 · Regio Deal Waterwegregio"

    elements = pdf.structure()
    tags = {tag for tag, _ in elements}
    assert {"H1", "H2", "H3", "Table", "TH", "TD", "Caption", "Figure"} <= tags
    doc = portfolio["editions"][audience]
    charts = [b for b in doc.blocks if b.type == "chart"]
    figures = [body for tag, body in elements if tag == "Figure"]
    assert len(figures) == len(charts) > 0
    alts = sorted(pdf.string(body, b"Alt") or "" for body in figures)
    assert alts == sorted(chart.alt for chart in charts)
    money = next(c for c in charts if c.table.id == "grafiek-geld")
    assert money.alt.startswith(money.table.title + ". Per begrotingsregel drie staven")
    headings = [b for b in doc.blocks if b.type == "heading"]
    contents = 1  # the heading of the table of contents
    assert sum(tag in ("H2", "H3", "H4") for tag, _ in elements) == len(headings) + contents
    printed = [b for b in doc.blocks if b.type == "table" or (b.type == "chart" and b.print_table)]
    assert sum(tag == "Table" for tag, _ in elements) == len(printed)


def test_the_english_pdf_says_it_is_english(portfolio):
    pdf = PdfObjects(portfolio["files"]["public", "pdf-en"])
    (catalog,) = pdf.find(b"/Catalog")
    assert pdf.string(catalog, b"Lang") == "en"
    alts = [pdf.string(body, b"Alt") for tag, body in pdf.structure() if tag == "Figure"]
    assert alts and all("Verdict:" in alt or "budget line" in alt for alt in alts)
    assert not any(" op " in alt or "Oordeel" in alt for alt in alts)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_table_fits_the_page_and_the_milestones_are_there(portfolio, audience):
    data = portfolio["files"][audience, "pdf"]
    assert pdf_words_beyond_page(data) == []
    text = pdf_text(data)
    assert text.count("Mijlpalen") >= 2, "both milestone columns of the project table are printed"
    wide = [t for t in portfolio["docs"][audience].tables if t.wide]
    assert {"projecten", "geld-jaar", "geld-cumulatief"} <= {t.id for t in wide}


def test_wide_tables_are_set_on_landscape_pages(portfolio):
    import subprocess
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.pdf"
        path.write_bytes(portfolio["files"]["internal", "pdf"])
        info = subprocess.run(["pdfinfo", "-l", "-1", str(path)], capture_output=True, check=True, text=True)
    pattern = r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)"
    sizes = [(float(w), float(h)) for w, h in re.findall(pattern, info.stdout)]
    landscape = [(w, h) for w, h in sizes if w > h]
    assert landscape and len(landscape) < len(sizes)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_word_file_holds_the_charts_and_a_filled_table_of_contents(portfolio, audience):
    import docx
    from docx.oxml.ns import qn
    from PIL import Image

    document = docx.Document(io.BytesIO(portfolio["files"][audience, "docx"]))
    charts = [b for b in portfolio["docs"][audience].blocks if b.type == "chart"]
    shapes = document.inline_shapes
    assert len(shapes) == len(charts) > 0
    assert [s._inline.docPr.get("descr") for s in shapes] == [c.alt for c in charts]
    for shape in shapes:
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        image = Image.open(io.BytesIO(document.part.related_parts[blip.embed].blob))
        assert image.format == "PNG" and image.width >= 1000

    body = document.element.body
    links = [el for el in body.iter(qn("w:hyperlink")) if el.get(qn("w:anchor"), "").startswith("_Toc")]
    entries = [("".join(t.text for t in link.iter(qn("w:t"))), link.get(qn("w:anchor"))) for link in links]
    headings = [p for p in document.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    assert [text for text, _ in entries] == [p.text for p in headings]
    marks = {
        b.get(qn("w:name")): "".join(t.text for t in b.getparent().iter(qn("w:t")))
        for b in body.iter(qn("w:bookmarkStart"))
    }
    assert all(marks[anchor] == text for text, anchor in entries)
    instructions = [i.text for i in body.iter(qn("w:instrText"))]
    assert any(text.startswith("TOC ") for text in instructions), "the field stays, Word can update it"
    assert "Inhoud" in [p.text for p in document.paragraphs if p.style.name == "TOC Heading"]
