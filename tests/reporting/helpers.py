"""Reading the report's files the way a reader would: the PDF's text (pdftotext), the Word
document's paragraphs and tables (python-docx), the Excel annex's cells (openpyxl)."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path


def pdf_text(data: bytes) -> str:
    if shutil.which("pdftotext") is None:
        raise AssertionError("pdftotext (poppler-utils) is not installed: run `make test`.")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.pdf"
        path.write_bytes(data)
        out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return normalise(out.stdout.decode("utf-8"))


def normalise(text: str) -> str:
    """One space for any run of white space (no-break spaces in amounts included)."""
    return " ".join(text.replace("\u00a0", " ").split())


def docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return normalise("\n".join(parts))


def docx_headings(data: bytes) -> list[tuple[str, str]]:
    import docx

    document = docx.Document(io.BytesIO(data))
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]


def xlsx_workbook(data: bytes):
    import openpyxl

    return openpyxl.load_workbook(io.BytesIO(data))


def xlsx_values(data: bytes) -> list:
    wb = xlsx_workbook(data)
    return [
        cell.value for ws in wb.worksheets for row in ws.iter_rows() for cell in row if cell.value is not None
    ]


def render_waiting() -> int:
    """What `regiodeal worker` does after a submission or a corrected edition: render every frozen
    PDF still waiting (reporting/rendering.py). Returns how many were made."""
    from regiodeal.reporting.rendering import frozen_render, frozen_waiting

    return sum(frozen_render(report) for report in frozen_waiting())


def rendered(frozen):
    """A snapshot just frozen by `report_submit`, once the worker has rendered its PDFs."""
    render_waiting()
    frozen.refresh_from_db()
    return frozen
