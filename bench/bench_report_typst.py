"""Benchmark: the yearly report's PDF set by Typst instead of WeasyPrint, on the same data.

    .venv/bin/python bench/bench_report_typst.py --typst-python /path/to/python-with-typst [--year 2025]

A measurement before any choice of renderer (issue 20: "measure before you choose"); the
platform renders with WeasyPrint (`reporting/renderers.py`). Typst (PyPI `typst`, the Python
binding of the Rust typesetter) is not a dependency of the project: install it in a separate
virtual environment (`python -m venv /tmp/typst && /tmp/typst/bin/pip install typst`) and name
its interpreter with `--typst-python` (default: this one, if it has `typst`).

For the smallest deal, the example and the largest (as `bench_report_sizes.py` picks them, from a
database holding the national portfolio), in a new process each:

- gather: `reporting.gather.gather`; document + JSON: `document.build(structure, pdf=True)` (the
  PDF's edition, as WeasyPrint lays it out) with every cell as text in the report's language;
  both twice, the second as a running worker does it;
- then, in a new process of the Typst interpreter: the compiler made (fonts found), the first
  compile (cold) and a second one with other data (a running worker; Typst memoises a compile of
  the same input, so the same data again would measure nothing) of `bench/report_typst/report.typ`,
  exported as PDF/UA-1 with its tags;
- the PDF's tagging checked as `tests/reporting/test_publishable.py` checks WeasyPrint's: /Lang,
  /MarkInfo, /DisplayDocTitle, the structure elements (headings H1-H4, Table, TH, TD, Caption,
  Figure, TOC) and a figure with its /Alt per chart; and the landscape pages.

Times are wall and CPU seconds (CPU: `time.process_time`, all threads of the process, which
depends less on what else runs on the shared machine), with the load average beside them.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "report_typst" / "report.typ"
TARGETS = {"smallest": 1.0, "largest": 5.0}


def _timed(fn):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def doc_json(structure, doc) -> dict:
    """The PDF's edition as the JSON the Typst template reads: the blocks of `document.build`,
    every cell as the PDF prints it (`reporting.formatting.cell_text`), the charts' SVG with its
    alternative text."""
    from django.utils.translation import get_language
    from django.utils.translation import gettext as _

    from regiodeal.reporting.constants import ReportStatus
    from regiodeal.reporting.formatting import cell_text
    from regiodeal.reporting.renderers import _with_alt_texts

    doc = _with_alt_texts(doc)

    def table(t):
        return {
            "title": t.title,
            "wide": t.wide,
            "columns": [{"label": c.label, "numeric": c.numeric} for c in t.columns],
            "rows": [[cell_text(v, c.kind) for v, c in zip(r, t.columns, strict=True)] for r in t.rows],
            "footer": [cell_text(v, c.kind) for v, c in zip(t.footer, t.columns, strict=True)]
            if t.footer
            else None,
            "note": t.note,
            "empty": t.empty or _("Geen gegevens."),
        }

    blocks = []
    for b in doc.blocks:
        if b.type == "heading":
            blocks.append({"type": "heading", "level": b.level, "text": b.text})
        elif b.type == "paragraph":
            blocks.append({"type": "paragraph", "text": b.text, "emphasis": b.emphasis, "link": b.link})
        elif b.type == "facts":
            blocks.append({"type": "facts", "items": [[label, cell_text(v, k)] for label, v, k in b.items]})
        elif b.type == "table":
            blocks.append({"type": "table", **table(b)})
        elif b.type == "chart":
            figures = table(b.table) if b.print_table else None
            blocks.append({"type": "chart", "svg": b.svg, "alt": b.alt, "table": figures})
    report = structure["report"]
    return {
        "title": doc.title,
        "subtitle": doc.subtitle,
        "facts": [[label, cell_text(v)] for label, v in doc.facts],
        "draft": report["status"] != ReportStatus.SUBMITTED,
        "draft_mark": _("CONCEPT – nog niet ingediend"),
        "contents": _("Inhoud"),
        "page": _("Pagina"),
        "of": _("van"),
        "lang": (get_language() or "nl")[:2],
        "blocks": blocks,
    }


def prepare(slug: str, year: int | None, audience: str, out: Path) -> dict:
    """In this (new, Django) process: gather and build the JSON twice; write it to `out`."""
    sys.path.insert(0, str(ROOT))
    from bench.bench_report_sizes import _setup

    _setup()
    from django.utils import timezone
    from django.utils.translation import override

    from regiodeal.deals.models import Deal
    from regiodeal.reporting import document
    from regiodeal.reporting.gather import gather, reportable_years

    deal = Deal.objects.get(slug=slug)
    today = timezone.localdate()
    years = reportable_years(deal, today)
    year = year if year in years else max(y for y in years if y < today.year) if len(years) > 1 else years[-1]
    row = {"deal": slug, "year": year}
    with override("nl"):
        for run in ("cold", "worker"):
            structure, w, c = _timed(lambda: gather(deal, year, audience))
            row[f"gather_{run}"] = (round(w, 3), round(c, 3))
            data, w, c = _timed(lambda s=structure: doc_json(s, document.build(s, pdf=True)))
            row[f"json_{run}"] = (round(w, 3), round(c, 3))
    row["projects"] = len(structure["projects"])
    out.write_text(json.dumps(data, ensure_ascii=False))
    return row


def compile_typst(data_path: Path, pdf_path: Path) -> dict:
    """In this (new) process of an interpreter with `typst`: the compiler, a cold compile and a
    worker's compile of other data; the PDF written to `pdf_path`."""
    import typst

    source = TEMPLATE.read_bytes()
    data = json.loads(data_path.read_text())
    compiler, w, c = _timed(typst.Compiler)
    row = {"typst": typst.__version__, "compiler": (round(w, 3), round(c, 3))}
    for run in ("cold", "worker"):
        if run == "worker":
            data["subtitle"] += " "  # other data: nothing memoised to reuse
        inputs = {"data": json.dumps(data, ensure_ascii=False)}
        pdf, w, c = _timed(lambda i=inputs: compiler.compile(source, sys_inputs=i, pdf_standards="ua-1"))
        row[f"compile_{run}"] = (round(w, 3), round(c, 3))
    pdf_path.write_bytes(pdf)
    row["pdf_kb"] = round(len(pdf) / 1024)
    return row


def check(pdf_path: Path) -> dict:
    """The PDF/UA tagging, read as tests/reporting reads WeasyPrint's."""
    sys.path.insert(0, str(ROOT))
    from tests.reporting.helpers import PdfObjects

    data = pdf_path.read_bytes()
    pdf = PdfObjects(data)
    (catalog,) = pdf.find(b"/Catalog")
    elements = pdf.structure()
    tags = collections.Counter(tag for tag, _body in elements)
    figures = [body for tag, body in elements if tag == "Figure"]
    info = subprocess.run(["pdfinfo", "-l", "-1", str(pdf_path)], capture_output=True, text=True).stdout
    sizes = [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]
    return {
        "lang": pdf.string(catalog, b"Lang"),
        "marked": b"/Marked true" in catalog,
        "display_doc_title": b"/DisplayDocTitle true" in catalog,
        "tags": dict(sorted(tags.items())),
        "figures_with_alt": sum(bool(pdf.string(body, b"Alt")) for body in figures),
        "figures": len(figures),
        "pages": len(sizes),
        "landscape": sum(w > h for w, h in sizes),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int)
    parser.add_argument("--audience", default="internal", choices=["internal", "public"])
    parser.add_argument("--typst-python", default=sys.executable, help="an interpreter that has `typst`")
    parser.add_argument("--keep", help="keep the PDFs in this folder")
    parser.add_argument("--prepare", nargs=2, metavar=("DEAL", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--compile", nargs=2, metavar=("DATA", "PDF"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        print(json.dumps(prepare(args.prepare[0], args.year, args.audience, Path(args.prepare[1]))))
        return
    if args.compile:
        print(json.dumps(compile_typst(Path(args.compile[0]), Path(args.compile[1]))))
        return

    sys.path.insert(0, str(ROOT))
    from bench.bench_report_sizes import pick_deals

    def last_json(cmd):
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True)
        return json.loads(done.stdout.strip().splitlines()[-1])

    with tempfile.TemporaryDirectory() as tmp:
        for role, slug, projects in pick_deals():
            data, pdf = Path(tmp) / f"{slug}.json", Path(args.keep or tmp) / f"{slug}-typst.pdf"
            load = os.getloadavg()[0]
            extra = ["--year", str(args.year)] if args.year else []
            row = last_json([sys.executable, __file__, "--prepare", slug, str(data), *extra])
            row |= last_json([args.typst_python, __file__, "--compile", str(data), str(pdf)])
            row |= check(pdf)
            worker = [row["gather_worker"], row["json_worker"], row["compile_worker"]]
            worker_wall, worker_cpu = sum(w for w, _c in worker), sum(c for _w, c in worker)
            target = TARGETS.get(role)
            verdict = ""
            if target is not None:
                verdict = (" meets" if worker_wall <= target else " MISSES") + f" {target:g} s"
            print(
                f"{role:<9} {slug:<16} {row['year']} {projects:>4} projects {row['pages']:>3} pages "
                f"({row['landscape']} landscape) | typst {row['typst']}: "
                f"compiler {row['compiler'][0]:.2f} s, "
                f"compile cold {row['compile_cold'][0]:.2f} s (cpu {row['compile_cold'][1]:.2f}), "
                f"in a worker {row['compile_worker'][0]:.2f} s (cpu {row['compile_worker'][1]:.2f}); "
                f"gather {row['gather_worker'][0]:.2f} s (cpu {row['gather_worker'][1]:.2f}), document+json "
                f"{row['json_worker'][0]:.2f} s (cpu {row['json_worker'][1]:.2f}) = in a running worker "
                f"{worker_wall:.2f} s (cpu {worker_cpu:.2f}){verdict}; pdf {row['pdf_kb']} KB "
                f"(load average {load:.2f} before, {os.getloadavg()[0]:.2f} after, 2 cores)",
                flush=True,
            )
            print(
                f"    PDF/UA-1: /Lang {row['lang']}, marked {row['marked']}, DisplayDocTitle "
                f"{row['display_doc_title']}, figures with /Alt {row['figures_with_alt']}/{row['figures']}, "
                f"tags {row['tags']}",
                flush=True,
            )


if __name__ == "__main__":
    main()
