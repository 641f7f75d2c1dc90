"""The report in each format, from one structure (`gather.py`) through one layout (`document.py`):

- PDF (Typst, `typst/report.typ`): A4, page numbers in the footer, a table of contents with page
  numbers, wide tables on landscape pages, charts as SVG vector graphics, tagged PDF/UA-1.
- Word (python-docx): real headings, tables and a table-of-contents field, so the draft can be
  edited; the charts as tables of their figures (Word cannot take SVG).
- Excel annex (openpyxl): one sheet per table, money as numbers in euro format.
- HTML: the blocks with NL Design System classes; JSON: the structure itself.

`render(structure, fmt)` returns bytes; the texts are in the active language.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import io
import json
import logging
import re
import threading
from decimal import Decimal
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import document as d
from .constants import Format, ReportStatus
from .formatting import cell_text

logger = logging.getLogger(__name__)


def render(structure: dict, fmt: str) -> bytes:
    if fmt == Format.JSON:
        return render_json(structure)
    if fmt == Format.PDF:
        return render_pdf(structure)
    doc = d.build(structure)
    if fmt == Format.DOCX:
        return render_docx(structure, doc)
    if fmt == Format.XLSX:
        return render_xlsx(structure, doc)
    if fmt == Format.HTML:
        return render_html(structure, doc).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(Format.values)}")


def render_json(structure: dict) -> bytes:
    return json.dumps(structure, ensure_ascii=False, indent=2).encode("utf-8")


def _context(structure: dict, doc: d.Document) -> dict:
    return {
        "doc": doc,
        "language": (get_language() or "nl")[:2],
        "draft": structure["report"]["status"] != ReportStatus.SUBMITTED,
    }


def render_html(structure: dict, doc: d.Document | None = None) -> str:
    doc = doc or d.build(structure)
    return render_to_string("reporting/standalone.html", _context(structure, doc))


def _svg_with_alt(svg: str, alt: str) -> str:
    """The chart with its alternative text as the SVG's <title>, so that the file says what the
    chart shows wherever it travels; the PDF's figure takes its /Alt from the same text."""
    return re.sub(
        r"(<title[^>]*>).*?(</title>)", lambda m: m.group(1) + escape(alt) + m.group(2), svg, count=1
    )


def _with_alt_texts(doc: d.Document) -> d.Document:
    blocks = [
        dataclasses.replace(b, svg=_svg_with_alt(b.svg, b.alt)) if b.type == "chart" else b
        for b in doc.blocks
    ]
    return dataclasses.replace(doc, blocks=blocks)


# --- PDF ----------------------------------------------------------------------------------------

TYPST_TEMPLATE = Path(__file__).resolve().parent / "typst" / "report.typ"


def _pdf_table(table: d.Table) -> dict:
    return {
        "title": table.title,
        "wide": table.wide,
        "columns": [{"label": c.label, "numeric": c.numeric} for c in table.columns],
        "rows": [[cell_text(v, c.kind) for v, c in zip(r, table.columns, strict=True)] for r in table.rows],
        "footer": [cell_text(v, c.kind) for v, c in zip(table.footer, table.columns, strict=True)]
        if table.footer
        else None,
        "note": table.note,
        "empty": table.empty or _("Geen gegevens."),
    }


def pdf_data(structure: dict, doc: d.Document | None = None) -> dict:
    """What the PDF prints, as the data the Typst template (`typst/report.typ`) reads: the blocks
    of the PDF's edition (`document.build(..., pdf=True)`: bulky tables left to the Excel annex),
    every cell as text in the active language (`formatting.cell_text`, as every format prints
    it), the charts' SVG with their alternative text, and the words of the frame."""
    doc = _with_alt_texts(doc or d.build(structure, pdf=True))
    blocks = []
    for b in doc.blocks:
        if b.type == "heading":
            blocks.append({"type": "heading", "level": b.level, "text": b.text})
        elif b.type == "paragraph":
            blocks.append({"type": "paragraph", "text": b.text, "emphasis": b.emphasis, "link": b.link})
        elif b.type == "facts":
            blocks.append({"type": "facts", "items": [[label, cell_text(v, k)] for label, v, k in b.items]})
        elif b.type == "table":
            blocks.append({"type": "table", **_pdf_table(b)})
        elif b.type == "chart":
            figures = _pdf_table(b.table) if b.print_table else None
            blocks.append({"type": "chart", "svg": b.svg, "alt": b.alt, "table": figures})
    return {
        "title": doc.title,
        "subtitle": doc.subtitle,
        "facts": [[label, cell_text(v)] for label, v in doc.facts],
        "draft": structure["report"]["status"] != ReportStatus.SUBMITTED,
        "draft_mark": _("CONCEPT – nog niet ingediend"),
        "contents": _("Inhoud"),
        "page": _("Pagina"),
        "of": _("van"),
        "lang": (get_language() or "nl")[:2],
        "blocks": blocks,
    }


@functools.cache
def _typst_compiler():
    """One Typst compiler per process (the worker renders many): it finds the fonts once, and
    one lock, because a compiler compiles one document at a time."""
    import typst

    return typst.Compiler(), threading.Lock()


def render_pdf(structure: dict, doc: d.Document | None = None) -> bytes:
    """The PDF's edition of the document, set by Typst (`typst/report.typ`; why Typst:
    docs/reporting.md "The PDF").

    PDF/UA-1, which Typst checks before it writes (it refuses a figure without alternative text):
    tagged (headings H1-H4, tables with their header cells, captions, the contents, figures with
    /Alt), /Lang of the active language, the title shown by the viewer, fonts embedded. The
    creation date is the report's (submitted, else generated) date, so that the same report gives
    the same file."""
    compiler, lock = _typst_compiler()
    report = structure["report"]
    created = dt.date.fromisoformat(str(report["submitted_on"] or report["generated_on"]))
    data = json.dumps(pdf_data(structure, doc), ensure_ascii=False)
    with lock:
        pdf, warnings = compiler.compile_with_warnings(
            TYPST_TEMPLATE.read_bytes(),
            sys_inputs={"data": data},
            pdf_standards="ua-1",
            timestamp=dt.datetime.combine(created, dt.time(), tzinfo=dt.UTC),
        )
    for warning in warnings:
        logger.warning("report PDF: %s", warning.message)
    return pdf


# --- Word -------------------------------------------------------------------------------------


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (TOC, PAGE): Word fills it in when the document is opened or printed."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind):
        run = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            el.set(qn("w:dirty"), "true")
        run._r.append(el)

    char("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    run._r.append(instr)
    char("separate")
    paragraph.add_run(placeholder)
    char("end")


def _docx_table(docx, table: d.Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    docx.add_paragraph(table.title, style="Caption")
    rows = table.rows or []
    out = docx.add_table(rows=1, cols=len(table.columns))
    out.style = "Light Grid Accent 1"
    for cell, column in zip(out.rows[0].cells, table.columns, strict=True):
        cell.text = column.label
        for run in cell.paragraphs[0].runs:
            run.bold = True
    if not rows:
        cells = out.add_row().cells
        cells[0].text = table.empty or _("Geen gegevens.")
    body = [*rows, table.footer] if table.footer else rows
    for i, row in enumerate(body):
        cells = out.add_row().cells
        for cell, value, column in zip(cells, row, table.columns, strict=True):
            cell.text = cell_text(value, column.kind)
            paragraph = cell.paragraphs[0]
            if column.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if table.footer and i == len(body) - 1:
                for run in paragraph.runs:
                    run.bold = True
    if table.note:
        docx.add_paragraph(table.note)


def chart_png(svg: str, width_px: int = 1600) -> bytes:
    """The SVG chart as a PNG (Word takes no SVG without a PNG beside it), drawn by CairoSVG."""
    import cairosvg

    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), output_width=width_px, background_color="white")


def _docx_chart(docx, chart: d.Chart) -> None:
    """The chart as an image with its alternative text (`descr`, and its title as `title`), then
    the table of the same figures."""
    from docx.shared import Cm

    docx.add_paragraph(chart.table.title, style="Caption")
    docx.add_paragraph().add_run().add_picture(io.BytesIO(chart_png(chart.svg)), width=Cm(16.5))
    properties = docx.inline_shapes[-1]._inline.docPr
    properties.set("descr", chart.alt)
    properties.set("title", chart.table.title)
    _docx_table(docx, chart.table)


def _bookmark(paragraph, bookmark_id: int, name: str) -> None:
    """A bookmark around the paragraph's text, the target of a table-of-contents entry."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), str(bookmark_id))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def _docx_toc(docx, entries: list[tuple[int, str, str]]) -> None:
    """A filled table of contents: the TOC field (Word still updates it, with page numbers, F9)
    whose current result is one paragraph per chapter and section, each an internal hyperlink to
    the heading's bookmark, so it reads without a refresh. `entries`: (level, text, bookmark)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    def fld_char(paragraph, kind):
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(el)

    paragraphs = []
    for level, text, name in entries or [(1, "", "")]:
        paragraph = docx.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        paragraph.paragraph_format.space_after = Cm(0.1)
        paragraphs.append((paragraph, text, name))
    first = paragraphs[0][0]
    fld_char(first, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = 'TOC \\o "1-2" \\h \\z \\u'
    first.add_run()._r.append(instr)
    fld_char(first, "separate")
    for paragraph, text, name in paragraphs:
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), name)
        link.set(qn("w:history"), "1")
        run = paragraph.add_run(text)
        link.append(run._r)
        paragraph._p.append(link)
    fld_char(paragraphs[-1][0], "end")


def render_docx(structure: dict, doc: d.Document | None = None) -> bytes:
    from docx import Document as Docx
    from docx.shared import Cm

    doc = doc or d.build(structure)
    out = Docx()
    for section in out.sections:
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = Cm(2.0)
        footer = section.footer.paragraphs[0]
        footer.text = f"{doc.title} · {_('Pagina')} "
        _field(footer, "PAGE", "1")
    props = out.core_properties
    props.title = f"{doc.title} · {doc.subtitle}"
    props.author = doc.subtitle
    created = structure["report"]["submitted_on"] or structure["report"]["generated_on"]
    props.created = props.modified = dt.datetime.fromisoformat(f"{created}T00:00:00")
    out.add_heading(doc.title, level=0)
    out.add_paragraph(doc.subtitle)
    if structure["report"]["status"] != ReportStatus.SUBMITTED:
        out.add_paragraph().add_run(_("CONCEPT – nog niet ingediend")).bold = True
    facts = out.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for label, value in doc.facts:
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = label, cell_text(value)
    # "TOC Heading": Word leaves the contents' own heading out of the contents.
    out.add_paragraph(_("Inhoud"), style="TOC Heading")
    bookmarks = {id(h): (i, f"_Toc{i:04d}") for i, h in enumerate(doc.toc, start=1)}
    _docx_toc(out, [(h.level, h.text, bookmarks[id(h)][1]) for h in doc.toc])
    for block in doc.blocks:
        if block.type == "heading":
            heading = out.add_heading(block.text, level=min(block.level, 3))
            if id(block) in bookmarks:
                _bookmark(heading, *bookmarks[id(block)])
        elif block.type == "paragraph":
            paragraph = out.add_paragraph()
            paragraph.add_run(block.text).bold = block.emphasis
        elif block.type == "facts":
            table = out.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for label, value, kind in block.items:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = label, cell_text(value, kind)
            out.add_paragraph()
        elif block.type == "table":
            _docx_table(out, block)
        elif block.type == "chart":
            _docx_chart(out, block)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


# --- Excel ------------------------------------------------------------------------------------

EURO_FORMAT = "[$€-413] #,##0.00;[$€-413] -#,##0.00"
DATE_FORMAT = "DD-MM-YYYY"


def _sheet_title(text: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "-", text)[:31] or "tabel"
    title, n = base, 2
    while title.lower() in taken:
        suffix = f"-{n}"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def render_xlsx(structure: dict, doc: d.Document | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from regiodeal.common.downloads import xlsx_append

    doc = doc or d.build(structure)
    wb = Workbook()
    index = wb.active
    index.title = _sheet_title(_("Inhoud"), taken := set())
    bold = Font(bold=True)
    xlsx_append(index, [doc.title])
    index["A1"].font = Font(bold=True, size=14)
    xlsx_append(index, [doc.subtitle])
    for label, value in doc.facts:
        xlsx_append(index, [label, value])
    xlsx_append(index, [])
    xlsx_append(index, [_("Blad"), _("Tabel")])
    for cell in index[index.max_row]:
        cell.font = bold
    index.column_dimensions["A"].width = 34
    index.column_dimensions["B"].width = 80
    for table in doc.tables:
        ws = wb.create_sheet(_sheet_title(table.id, taken))
        xlsx_append(index, [ws.title, table.title])
        link = index.cell(row=index.max_row, column=1)
        link.hyperlink = f"#'{ws.title}'!A1"
        xlsx_append(ws, [table.title])
        ws["A1"].font = Font(bold=True, size=12)
        xlsx_append(ws, [])
        xlsx_append(ws, [c.label for c in table.columns])
        for cell in ws[3]:
            cell.font = bold
        body = [*table.rows, table.footer] if table.footer else list(table.rows)
        for i, row in enumerate(body):
            xlsx_append(ws, row)
            for cell, column in zip(ws[ws.max_row], table.columns, strict=True):
                if column.kind == d.MONEY and isinstance(cell.value, Decimal | int | float):
                    cell.number_format = EURO_FORMAT
                elif column.kind == d.RATIO:
                    cell.number_format = "0.00"
                elif isinstance(cell.value, dt.date):
                    cell.number_format = DATE_FORMAT
                if table.footer and i == len(body) - 1:
                    cell.font = bold
        if table.note:
            xlsx_append(ws, [])
            xlsx_append(ws, [table.note])
        ws.freeze_panes = "A4"
        for i, column in enumerate(table.columns, start=1):
            longest = max([len(column.label)] + [len(str(r[i - 1] or "")) for r in body])
            ws.column_dimensions[get_column_letter(i)].width = min(max(12, longest + 2), 60)
    for cell in index["B"][1:]:
        if isinstance(cell.value, dt.date):
            cell.number_format = DATE_FORMAT
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
