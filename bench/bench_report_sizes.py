"""Benchmark: the yearly report's PDF per deal size in the national portfolio, cold.

    .venv/bin/python bench/bench_report_sizes.py [--year 2025] [--audience internal] [--profile]

Reads a database that holds the national portfolio (`bench/portfolio.py --scale full`: set
REGIODEAL_DATA_DIR or DATABASE_URL as for that command). Picks three deals: the smallest and the
largest by number of projects, and the example (the Waterwegregio). Each deal's report is made in
a fresh Python process (cold: no font configuration, template, stylesheet or gathered data in
memory), timed in its steps:

- gather: `reporting.gather.gather` (all the selectors);
- layout data: `document.build(pdf=True)` (the PDF's edition: bulky tables in the annex) and the
  HTML of the PDF (Django template);
- weasyprint layout: parsing the HTML and CSS and laying out the pages (`HTML.render`);
- pdf/ua write: writing the tagged PDF/UA-1 (structure tree, fonts) (`Document.write_pdf`);
- statics: parsing the shared stylesheet, loading the fonts and the URL configuration, once per
  worker process;
- cold: the sum, in a new process; "in a running worker": the same deal again in that process
  (statics made, nothing of the report cached: gathered and laid out anew), with the CPU seconds
  of its steps (`time.process_time`, which depends far less on the shared machine's load).

It prints one line per deal with the machine's load average at the time (os.getloadavg(); the
machine is shared, so read the times with it) and the targets, for a running worker: at most 5 s
for the largest deal, 1 s for the smallest. `bench_report_typst.py` sets the same documents
with Typst, for comparison. `--compare` also lays out the whole document (every table,
as before the PDF left the bulky ones to the Excel annex) in the same process. `--profile` adds,
per deal, the layout time of each chapter laid out on its own, and the 15 costliest functions
(cProfile).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"smallest": 1.0, "largest": 5.0}


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regiodeal.conf.settings")
    os.environ.setdefault("REGIODEAL_LOG_LEVEL", "WARNING")
    import django

    django.setup()


def pick_deals() -> list[tuple[str, str, int]]:
    """(role, slug, projects): the smallest and largest deal by projects, and the example."""
    _setup()
    from django.db.models import Count

    from regiodeal.deals.models import Deal

    deals = list(Deal.objects.annotate(n=Count("projects")).order_by("n", "slug").values_list("slug", "n"))
    if not deals:
        raise SystemExit("No deals: generate the portfolio first (bench/portfolio.py --scale full).")
    example = next(((s, n) for s, n in deals if s == "waterwegregio"), None)
    out = [("smallest", *deals[0])]
    if example:
        out.append(("example", *example))
    out.append(("largest", *deals[-1]))
    return out


def _chapters(html: str) -> list[tuple[str, str]]:
    """The PDF's HTML cut per chapter (each <h2 class="... rd-chapter">), each a whole document
    with the same head."""
    head, _sep, body = html.partition("<body>")
    body = body.rsplit("</body>", 1)[0]
    marker = '<h2 class="utrecht-heading-2 rd-chapter"'
    parts = body.split(marker)
    out = [("cover and contents", parts[0])]
    for part in parts[1:]:
        title = part.split(">", 1)[1].split("<", 1)[0]
        out.append((title, marker + part))
    return [(title, f"{head}<body>{chunk}</body></html>") for title, chunk in out]


def one(slug: str, year: int | None, audience: str, profile: bool, compare: bool = False) -> dict:
    """Gather and render one deal's report in this (fresh) process; the timings as a dict."""
    _setup()
    from django.utils import timezone
    from django.utils.translation import override

    from regiodeal.deals.models import Deal
    from regiodeal.reporting import document
    from regiodeal.reporting.gather import gather, reportable_years
    from regiodeal.reporting.renderers import pdf_html

    deal = Deal.objects.get(slug=slug)
    today = timezone.localdate()
    years = reportable_years(deal, today)
    year = year if year in years else max(y for y in years if y < today.year) if len(years) > 1 else years[-1]
    load = os.getloadavg()[0]
    with override("nl"):
        from django.urls import get_resolver
        from weasyprint import HTML

        from regiodeal.reporting.renderers import _pdf_statics

        start = time.perf_counter()
        css, fonts = _pdf_statics()  # once per worker process, as are
        get_resolver().url_patterns  # noqa: B018 - the URLs (the PDF links to its annex)
        statics = time.perf_counter() - start
        runs = []
        for _run in range(2):  # the first cold (new process), the second as a running worker
            t0, c0 = time.perf_counter(), time.process_time()
            structure = gather(deal, year, audience)
            t1, c1 = time.perf_counter(), time.process_time()
            doc = document.build(structure, pdf=True)
            html = pdf_html(structure, doc)
            t2, c2 = time.perf_counter(), time.process_time()
            if profile and _run == 0:
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                profiler.enable()
            laid_out = HTML(string=html).render(stylesheets=[css], font_config=fonts)
            t3, c3 = time.perf_counter(), time.process_time()
            pdf = laid_out.write_pdf(pdf_variant="pdf/ua-1")
            t4, c4 = time.perf_counter(), time.process_time()
            if profile and _run == 0:
                profiler.disable()
            runs.append(((t0, t1, t2, t3, t4), (c0, c1, c2, c3, c4)))
        ((t0, t1, t2, t3, t4), _cpu), (warm, warm_cpu) = runs
        row = {
            "deal": slug,
            "year": year,
            "audience": audience,
            "projects": len(structure["projects"]),
            "pages": len(laid_out.pages),
            "tables": len(doc.tables),
            "table_rows": sum(len(t.rows) for t in doc.tables),
            "html_kb": round(len(html) / 1024),
            "pdf_kb": round(len(pdf) / 1024),
            "statics_s": round(statics, 3),
            "gather_s": round(t1 - t0, 3),
            "layout_data_s": round(t2 - t1, 3),
            "weasyprint_layout_s": round(t3 - t2, 3),
            "pdfua_write_s": round(t4 - t3, 3),
            "render_s": round(t4 - t1, 3),
            "total_s": round(t4 - t0 + statics, 3),
            "worker_total_s": round(warm[4] - warm[0], 3),
            # CPU seconds of the same steps in the running worker (time.process_time): they depend
            # far less than wall time on what else runs on the shared machine.
            "worker_cpu_s": {
                step: round(warm_cpu[i + 1] - warm_cpu[i], 3)
                for i, step in enumerate(("gather", "layout data", "weasyprint layout", "pdf/ua write"))
            },
            "load_1min": round(load, 2),
            "load_after": round(os.getloadavg()[0], 2),
        }
        if compare:
            # The whole document (every table, as Word and Excel hold it) laid out the same way,
            # in the same process: what the PDF cost before it left the bulky tables to the annex.
            start = time.perf_counter()
            whole = HTML(string=pdf_html(structure, document.build(structure))).render(
                stylesheets=[css], font_config=fonts
            )
            whole.write_pdf(pdf_variant="pdf/ua-1")
            row["whole_document_pages"] = len(whole.pages)
            row["whole_document_s"] = round(time.perf_counter() - start, 3)
        if profile:
            import io

            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
            row["cprofile_cumulative"] = out.getvalue().splitlines()[:60]
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
            row["cprofile_tottime"] = out.getvalue().splitlines()[:40]
            chapters = []
            for title, chunk in _chapters(html):
                start = time.perf_counter()
                part = HTML(string=chunk).render(stylesheets=[css], font_config=fonts)
                chapters.append(
                    {
                        "chapter": title,
                        "pages": len(part.pages),
                        "layout_s": round(time.perf_counter() - start, 3),
                    }
                )
            row["chapters"] = chapters
    return row


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, help="the report's year (default: the last complete one)")
    parser.add_argument("--audience", default="internal", choices=["internal", "public"])
    parser.add_argument("--profile", action="store_true", help="per chapter and cProfile")
    parser.add_argument(
        "--compare", action="store_true", help="also lay out the whole document (every table), same process"
    )
    parser.add_argument("--deal", help="only this deal (in this process; used by the runner itself)")
    parser.add_argument("--json", help="write the rows as JSON to this file")
    args = parser.parse_args()
    if args.deal:
        print(json.dumps(one(args.deal, args.year, args.audience, args.profile, args.compare)))
        return
    rows = []
    for role, slug, projects in pick_deals():
        cmd = [sys.executable, __file__, "--deal", slug, "--audience", args.audience]
        if args.year:
            cmd += ["--year", str(args.year)]
        if args.profile:
            cmd.append("--profile")
        if args.compare:
            cmd.append("--compare")
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True)
        row = {"size": role, **json.loads(done.stdout.strip().splitlines()[-1])}
        rows.append(row)
        target = TARGETS.get(role)
        # The target is for a running worker (the worker renders every report; its start-up,
        # the statics, is paid once per process).
        verdict = (
            ""
            if target is None
            else (" meets" if row["worker_total_s"] <= target else " MISSES") + f" {target:g} s"
        )
        cpu = row["worker_cpu_s"]
        print(
            f"{role:<9} {slug:<16} {row['year']} {projects:>4} projects {row['pages']:>4} pages "
            f"{row['table_rows']:>5} table rows | gather {row['gather_s']:.2f} s, layout data "
            f"{row['layout_data_s']:.2f} s, weasyprint layout {row['weasyprint_layout_s']:.2f} s, pdf/ua "
            f"write {row['pdfua_write_s']:.2f} s, statics {row['statics_s']:.2f} s"
            f" = cold {row['total_s']:.2f} s; in a running worker {row['worker_total_s']:.2f} s{verdict} "
            f"(load average {row['load_1min']:.2f} before, {row['load_after']:.2f} after, 2 cores)",
            flush=True,
        )
        print(
            f"    in the worker, CPU seconds: {', '.join(f'{k} {v:.2f}' for k, v in cpu.items())}"
            f" = {sum(cpu.values()):.2f} s; {1000 * cpu['weasyprint layout'] / row['pages']:.0f} + "
            f"{1000 * cpu['pdf/ua write'] / row['pages']:.0f} ms a page (layout + write)",
            flush=True,
        )
        if "whole_document_s" in row:
            print(
                f"    the whole document instead: {row['whole_document_pages']} pages, "
                f"{row['whole_document_s']:.2f} s (same process, after the PDF's edition)"
            )
        for c in row.get("chapters", []):
            print(f"    {c['chapter'][:60]:<60} {c['pages']:>4} pages {c['layout_s']:>7.2f} s")
        for line in row.get("cprofile_tottime", []):
            print("    " + line)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
