"""The Typst measurement (bench/bench_report_typst.py) sets the same document as the PDF: every
block of the PDF's edition, every cell as the PDF prints it, every chart with its alternative
text; and, where the `typst` package is installed (it is no dependency of the platform), the
tagged PDF/UA-1 it makes has what tests/reporting/test_publishable.py asks of WeasyPrint's."""

from __future__ import annotations

import json

import pytest
from bench.bench_report_typst import TEMPLATE, doc_json
from django.utils.translation import override

from regiodeal.reporting import document as d
from regiodeal.reporting.formatting import cell_text
from regiodeal.reporting.gather import gather

from .helpers import PdfObjects

pytestmark = pytest.mark.django_db


@pytest.fixture
def typst_input(portfolio):
    structure = gather(portfolio, 2025, "internal")
    with override("nl"):
        edition = d.build(structure, pdf=True)
        data = doc_json(structure, edition)
    return edition, json.loads(json.dumps(data, ensure_ascii=False))


def test_the_typst_input_holds_every_block_and_cell_of_the_pdf_edition(typst_input):
    edition, data = typst_input
    assert [b["type"] for b in data["blocks"]] == [b.type for b in edition.blocks]
    assert data["title"] == "Voortgangsrapportage 2025" and data["lang"] == "nl"
    tables = [b for b in data["blocks"] if b["type"] == "table"]
    printed = [b for b in edition.blocks if b.type == "table"]
    assert len(tables) == len(printed) > 0
    for table, block in zip(tables, printed, strict=True):
        assert table["title"] == block.title and table["wide"] == block.wide
        assert table["rows"] == [
            [cell_text(v, c.kind) for v, c in zip(row, block.columns, strict=True)] for row in block.rows
        ]
    money = next(t for t in tables if t["title"].startswith("Begroting"))
    assert any("€" in cell for row in money["rows"] for cell in row)
    charts = [b for b in data["blocks"] if b["type"] == "chart"]
    assert [c["alt"] for c in charts] == [b.alt for b in edition.blocks if b.type == "chart"]
    assert all(c["svg"].startswith("<svg") and c["alt"] in c["svg"] for c in charts)


def test_typst_makes_a_tagged_pdf_ua_with_the_same_headings_tables_and_figures(typst_input):
    typst = pytest.importorskip("typst", reason="typst is no dependency; bench/bench_report_typst.py")
    edition, data = typst_input
    pdf_bytes = typst.Compiler().compile(
        TEMPLATE.read_bytes(), sys_inputs={"data": json.dumps(data)}, pdf_standards="ua-1"
    )
    pdf = PdfObjects(pdf_bytes)
    (catalog,) = pdf.find(b"/Catalog")
    assert pdf.string(catalog, b"Lang") == "nl"
    assert b"/Marked true" in catalog and b"/DisplayDocTitle true" in catalog
    elements = pdf.structure()
    tags = [tag for tag, _ in elements]
    headings = [b for b in edition.blocks if b.type == "heading"]
    assert tags.count("H1") == 1  # the title
    assert sum(tag in ("H2", "H3", "H4") for tag in tags) == len(headings) + 1  # and the contents
    assert {"Table", "TH", "TD", "Caption", "Figure", "TOC"} <= set(tags)
    alts = sorted(_text(body, b"Alt") for tag, body in elements if tag == "Figure")
    assert alts == sorted(b.alt for b in edition.blocks if b.type == "chart")


def _text(body: bytes, key: bytes) -> str:
    """A PDF text string; a literal one may hold balanced parentheses unescaped, as Typst writes
    them (`PdfObjects.string` reads a literal up to the first one)."""
    start = body.index(b"/" + key) + len(key) + 1
    if body[start:].lstrip().startswith(b"<"):
        return PdfObjects.string(body, key) or ""
    start = body.index(b"(", start) + 1
    depth, i, out = 1, start, bytearray()
    while True:
        ch = body[i : i + 1]
        if ch == b"\\":
            out += body[i + 1 : i + 2]
            i += 2
            continue
        depth += {b"(": 1, b")": -1}.get(ch, 0)
        if depth == 0:
            break
        out += ch
        i += 1
    raw = bytes(out)
    return raw[2:].decode("utf-16-be") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")
