"""The Typst measurement (bench/bench_report_typst.py) sets the same document as the PDF: every
block of the PDF's edition, every cell as the PDF prints it, every chart with its alternative
text. (Whether Typst's PDF/UA-1 has what tests/reporting/test_publishable.py asks of
WeasyPrint's is checked by the benchmark itself, where `typst` is installed: it is no dependency
of the platform, and no test of the suite may skip.)"""

from __future__ import annotations

import json

import pytest
from bench.bench_report_typst import doc_json
from django.utils.translation import override

from regiodeal.reporting import document as d
from regiodeal.reporting.formatting import cell_text
from regiodeal.reporting.gather import gather

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
