"""The PDF is set by Typst from the data `renderers.pdf_data` makes of the PDF's edition: every
block of it, every cell as every format prints it, every chart with its alternative text; and
what a reader sees of the frame (title, footer with page numbers, the draft mark) in the
report's language."""

from __future__ import annotations

import json

import pytest
from django.utils.translation import override

from regiodeal.reporting import document as d
from regiodeal.reporting.formatting import cell_text
from regiodeal.reporting.gather import gather
from regiodeal.reporting.renderers import pdf_data, render

from .helpers import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def structure(portfolio):
    return gather(portfolio, 2025, "internal")


def test_the_data_holds_every_block_and_cell_of_the_pdf_edition(structure):
    with override("nl"):
        edition = d.build(structure, pdf=True)
        data = json.loads(json.dumps(pdf_data(structure, edition), ensure_ascii=False))
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


@pytest.mark.parametrize(
    ("language", "words", "absent"),
    [
        ("nl", ("Pagina 2 van", "CONCEPT – nog niet ingediend", "Inhoud"), ("Page 2 of", "DRAFT")),
        ("en", ("Page 2 of", "DRAFT – not yet submitted", "Contents"), ("Pagina 2 van", "CONCEPT")),
    ],
)
def test_the_frame_is_in_the_reports_language(structure, language, words, absent):
    with override(language):
        text = pdf_text(render(structure, "pdf"))
    for word in words:
        assert word in text
    for word in absent:
        assert word not in text


def test_text_from_the_data_is_never_read_as_typst_markup(structure):
    """A project's title is the Parties' text: Typst's markup characters in it are printed as
    they are, not obeyed (no heading, no code, no broken PDF)."""
    odd = 'Plein #set page(flipped: true) *vet* = kop $x$ <label> @ref `code` \\ "quotes"'
    structure["projects"][0]["title"] = odd
    with override("nl"):
        text = pdf_text(render(structure, "pdf"), layout=False)
    assert odd in text
