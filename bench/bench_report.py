"""Benchmark: the yearly progress report for the demo portfolio (`regiodeal demo`), split into
gathering the data (gather.py, all the selectors) and rendering each format: PDF (Typst),
Word (python-docx), Excel (openpyxl), HTML and JSON. Median of 5 runs each, in seconds; prints
a table and JSON.

    .venv/bin/python bench/bench_report.py [--runs 5] [--year 2025]

Sets up a throwaway SQLite database in a temporary folder (or uses DATABASE_URL when set), loads
the bundled deal and writes the demo portfolio into it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time

os.environ.setdefault("REGIODEAL_DATA_DIR", tempfile.mkdtemp(prefix="regiodeal-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regiodeal.conf.settings")
os.environ.setdefault("REGIODEAL_LOG_LEVEL", "WARNING")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils.translation import override  # noqa: E402

from regiodeal.audit.services import Actor  # noqa: E402
from regiodeal.deals.models import Deal  # noqa: E402
from regiodeal.deals.services import deal_load_bundled  # noqa: E402
from regiodeal.reporting.gather import gather  # noqa: E402
from regiodeal.reporting.renderers import render  # noqa: E402


def median_time(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _pages(pdf: bytes) -> int | None:
    """The page count from poppler's pdfinfo (installed by `make test`), if it is there."""
    import shutil
    import subprocess

    if shutil.which("pdfinfo") is None:
        return None
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    deal_load_bundled(actor=Actor(label="bench"))
    call_command("demo", deal="waterwegregio", verbosity=0)
    deal = Deal.objects.get(slug="waterwegregio")

    rows = []
    with CaptureQueriesContext(connection) as queries:
        gather(deal, args.year, "internal")
    seconds, structure = median_time(lambda: gather(deal, args.year, "internal"), args.runs)
    rows.append({"step": "gather (internal)", "seconds": seconds, "queries": len(queries), "bytes": None})
    seconds, _public = median_time(lambda: gather(deal, args.year, "public"), args.runs)
    rows.append({"step": "gather (public)", "seconds": seconds, "queries": None, "bytes": None})
    reset_queries()
    with override("nl"):
        for fmt in ("pdf", "docx", "xlsx", "html", "json"):
            seconds, data = median_time(lambda fmt=fmt: render(structure, fmt), args.runs)
            rows.append({"step": f"render {fmt}", "seconds": seconds, "queries": None, "bytes": len(data)})
    with override("nl"):
        pdf = render(structure, "pdf")
    pages = _pages(pdf)
    summary = {
        "deal": deal.slug,
        "year": args.year,
        "runs": args.runs,
        "projects": len(structure["projects"]),
        "results": sum(len(p["results"]) for p in structure["results"]["pillars"]),
        "pdf_pages": pages,
        "database": connection.vendor,
        "steps": rows,
    }
    print(
        f"Progress report {deal.slug} {args.year}: {summary['projects']} projects, "
        f"{summary['results']} intended results, PDF {pages} pages; median of {args.runs} runs"
    )
    print(f"{'step':<20} {'seconds':>8} {'queries':>8} {'bytes':>9}")
    for r in rows:
        queries = "" if r["queries"] is None else r["queries"]
        size = "" if r["bytes"] is None else r["bytes"]
        print(f"{r['step']:<20} {r['seconds']:>8.3f} {queries!s:>8} {size!s:>9}")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
