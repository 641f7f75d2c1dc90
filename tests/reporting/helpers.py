"""Reading the report's files the way a reader would: the PDF's text (pdftotext), the Word
document's paragraphs and tables (python-docx), the Excel annex's cells (openpyxl)."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path


def pdf_text(data: bytes, *, layout: bool = True) -> str:
    """The PDF's text as pdftotext reads it: laid out as on the page, or (`layout=False`) in the
    order it was written, where a cell's lines stay together."""
    if shutil.which("pdftotext") is None:
        raise AssertionError("pdftotext (poppler-utils) is not installed: run `make test`.")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.pdf"
        path.write_bytes(data)
        out = subprocess.run(
            ["pdftotext", "-layout" if layout else "-raw", str(path), "-"], capture_output=True, check=True
        )
    return normalise(out.stdout.decode("utf-8"))


def pdf_images(data: bytes) -> list[str]:
    """The raster images in the PDF (`pdfimages -list`), one line each."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.pdf"
        path.write_bytes(data)
        out = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, check=True, text=True)
    return out.stdout.splitlines()[2:]  # below the two lines of the table's header


def normalise(text: str) -> str:
    """One space for any run of white space (no-break spaces in amounts included), and no word
    joiner (U+2060, which Typst puts before a page number in the contents): what a reader sees."""
    return " ".join(text.replace("\u00a0", " ").replace("\u2060", "").split())


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


def pdf_words_beyond_page(data: bytes) -> list[tuple[int, str, float, float]]:
    """Every word whose box lies (partly) beyond its page's width or height, from
    `pdftotext -bbox-layout`: (page, word, its right edge, the page's width)."""
    from lxml import etree

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.pdf"
        path.write_bytes(data)
        out = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, check=True)
    tree = etree.fromstring(out.stdout, etree.HTMLParser())
    beyond = []
    for number, page in enumerate(tree.iter("page"), start=1):
        width, height = float(page.get("width")), float(page.get("height"))
        for word in page.iter("word"):
            right, bottom = float(word.get("xmax")), float(word.get("ymax"))
            if right > width - 1 or bottom > height - 1 or float(word.get("xmin")) < 0:
                beyond.append((number, word.text, right, width))
    return beyond


class PdfObjects:
    """The objects of a PDF read with the standard library only (no PDF library is installed):
    plain objects and those inside compressed object streams, as their dictionary text."""

    def __init__(self, data: bytes):
        import re
        import zlib

        self.objects: dict[int, bytes] = {}
        pattern = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
        for match in pattern.finditer(data):
            number, body = int(match.group(1)), match.group(2)
            self.objects[number] = body
            if b"/ObjStm" in body.split(b"stream", 1)[0]:
                head, raw = body.split(b"stream", 1)
                raw = raw.lstrip(b"\r\n").rsplit(b"endstream", 1)[0]
                content = zlib.decompress(raw) if b"/FlateDecode" in head else raw
                first = int(re.search(rb"/First (\d+)", head).group(1))
                pairs = [int(x) for x in content[:first].split()]
                offsets = list(zip(pairs[::2], pairs[1::2], strict=True))
                for i, (obj, offset) in enumerate(offsets):
                    end = first + offsets[i + 1][1] if i + 1 < len(offsets) else len(content)
                    self.objects[obj] = content[first + offset : end]

    def find(self, marker: bytes) -> list[bytes]:
        return [body for body in self.objects.values() if marker in body.split(b"stream", 1)[0]]

    def get(self, reference: bytes) -> bytes:
        return self.objects[int(reference.split()[0])]

    @staticmethod
    def string(body: bytes, key: bytes) -> str | None:
        """A PDF text string under `key`: (literal, whose balanced parentheses need no escape)
        or <FEFF hex UTF-16>."""
        import re

        match = re.search(rb"/" + key + rb"\s*([(<])", body)
        if not match:
            return None
        start = match.start(1)
        if match.group(1) == b"<":
            hex_text = body[start + 1 : body.index(b">", start)].decode()
            raw = bytes.fromhex(re.sub(r"\s", "", hex_text))
            return raw[2:].decode("utf-16-be") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")
        out, depth, i = bytearray(), 0, start
        while True:
            c = body[i : i + 1]
            if c == b"\\":
                out += body[i + 1 : i + 2]
                i += 2
                continue
            if c == b"(":
                depth += 1
                if depth == 1:
                    i += 1
                    continue
            elif c == b")":
                depth -= 1
                if depth == 0:
                    break
            out += c
            i += 1
        text = bytes(out)
        return text[2:].decode("utf-16-be") if text.startswith(b"\xfe\xff") else text.decode("latin-1")

    def structure(self) -> list[tuple[str, bytes]]:
        """The structure elements reachable from the catalogue's StructTreeRoot: (tag, object)."""
        import re

        (catalog,) = self.find(b"/Catalog")
        root = re.search(rb"/StructTreeRoot\s+(\d+ 0 R)", catalog)
        assert root, "the catalogue has no StructTreeRoot"
        out, todo, seen = [], [root.group(1)], set()
        while todo:
            ref = todo.pop()
            number = int(ref.split()[0])
            if number in seen or number not in self.objects:
                continue
            seen.add(number)
            body = self.get(ref)
            tag = re.search(rb"/S\s*/(\w+)", body)
            if tag and b"/StructElem" in body:
                out.append((tag.group(1).decode(), body))
            kids = re.search(rb"/K\s*(\[.*?\]|\d+ 0 R)", body, re.S)
            if kids:
                todo.extend(re.findall(rb"\d+ 0 R", kids.group(1)))
        return out
