"""Benchmark: the yearly report's PDF per deal size in the national portfolio, cold and in a
running worker.

    .venv/bin/python bench/bench_report_sizes.py [--year 2025] [--audience internal] [--repeat 20]

Reads a database that holds the national portfolio (`bench/portfolio.py --scale full`: set
REGIODEAL_DATA_DIR or DATABASE_URL as for that command). Picks three deals: the smallest and the
largest by number of projects, and the example (the Waterwegregio). Each deal's report is made in
a fresh Python process, timed in its steps:

- gather: `reporting.gather.gather` (all the selectors);
- document: `document.build(pdf=True)` (the PDF's edition: bulky tables in the annex);
- pdf: `renderers.render_pdf`, the data the Typst template reads (`renderers.pdf_data`), then
  Typst setting and writing the tagged PDF/UA-1;
- statics: the Typst compiler (it finds the fonts) and the URL configuration, once per worker
  process;
- cold: the sum, in a new process; "in a running worker": the same deal again in that process,
  gathered and laid out anew, with the report's data changed (its subtitle), because Typst
  memoises what it set before and the worker renders after a change. The CPU seconds of its
  steps (`time.process_time`, all threads) depend far less on the shared machine's load.

`--repeat N` renders the deal N times more in the worker, each with other data, and prints the
process's memory (resident set) before and after every ten: Typst keeps what it memoised in the
process (and forgets what ten compiles did not use), so this shows whether a long-running worker
grows.

It prints one line per deal with the machine's load average at the time (os.getloadavg(); the
machine is shared, so read the times with it) and the targets, for a running worker: at most 5 s
for the largest deal, 1 s for the smallest.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
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


def _pages(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def _rss_mb() -> float:
    """The process's memory now (resident set, /proc/self/status), in MB."""
    status = Path("/proc/self/status").read_text()
    return round(
        int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))) / 1024, 1
    )


def one(slug: str, year: int | None, audience: str, repeat: int = 0) -> dict:
    """Gather and render one deal's report in this (fresh) process; the timings as a dict."""
    _setup()
    from django.urls import get_resolver
    from django.utils import timezone
    from django.utils.translation import override

    from regiodeal.deals.models import Deal
    from regiodeal.reporting import document, renderers
    from regiodeal.reporting.gather import gather, reportable_years

    deal = Deal.objects.get(slug=slug)
    today = timezone.localdate()
    years = reportable_years(deal, today)
    year = year if year in years else max(y for y in years if y < today.year) if len(years) > 1 else years[-1]
    load = os.getloadavg()[0]

    def other(structure, n):
        # Other data for each render in the worker (Typst would reuse a compile of the same).
        structure["deal"]["name"] += " " * n
        return structure

    with override("nl"):
        start = time.perf_counter()
        renderers._typst_compiler()  # once per worker process, as are
        get_resolver().url_patterns  # noqa: B018 - the URLs (the PDF links to its annex)
        statics = time.perf_counter() - start
        runs = []
        for run in range(2):  # the first cold (new process), the second as a running worker
            t0, c0 = time.perf_counter(), time.process_time()
            structure = other(gather(deal, year, audience), run)
            t1, c1 = time.perf_counter(), time.process_time()
            doc = document.build(structure, pdf=True)
            t2, c2 = time.perf_counter(), time.process_time()
            pdf = renderers.render_pdf(structure, doc)
            t3, c3 = time.perf_counter(), time.process_time()
            runs.append(((t0, t1, t2, t3), (c0, c1, c2, c3)))
        rss = [_rss_mb()]
        repeated = []
        for n in range(1, repeat + 1):
            started = time.perf_counter()
            renderers.render_pdf(other(structure, 1))  # the document made anew from the changed data
            repeated.append(time.perf_counter() - started)
            if n % 10 == 0 or n == repeat:
                rss.append(_rss_mb())
        ((t0, t1, t2, t3), _cpu), (warm, warm_cpu) = runs
        data = json.dumps(renderers.pdf_data(structure, doc), ensure_ascii=False)
        row = {
            "deal": slug,
            "year": year,
            "audience": audience,
            "projects": len(structure["projects"]),
            "pages": _pages(pdf),
            "tables": len(doc.tables),
            "table_rows": sum(len(t.rows) for t in doc.tables),
            "data_kb": round(len(data.encode()) / 1024),
            "pdf_kb": round(len(pdf) / 1024),
            "statics_s": round(statics, 3),
            "gather_s": round(t1 - t0, 3),
            "document_s": round(t2 - t1, 3),
            "pdf_s": round(t3 - t2, 3),
            "total_s": round(t3 - t0 + statics, 3),
            "worker_total_s": round(warm[3] - warm[0], 3),
            # CPU seconds of the same steps in the running worker (time.process_time): they depend
            # far less than wall time on what else runs on the shared machine.
            "worker_cpu_s": {
                step: round(warm_cpu[i + 1] - warm_cpu[i], 3)
                for i, step in enumerate(("gather", "document", "pdf"))
            },
            "load_1min": round(load, 2),
            "load_after": round(os.getloadavg()[0], 2),
        }
        if repeat:
            row["repeat"] = {
                "renders": repeat,
                "median_s": round(sorted(repeated)[len(repeated) // 2], 3),
                "rss_mb": rss,  # before, then after every 10 renders
            }
    return row


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, help="the report's year (default: the last complete one)")
    parser.add_argument("--audience", default="internal", choices=["internal", "public"])
    parser.add_argument("--repeat", type=int, default=0, help="render N times more in the worker (memory)")
    parser.add_argument("--deal", help="only this deal (in this process; used by the runner itself)")
    parser.add_argument("--json", help="write the rows as JSON to this file")
    args = parser.parse_args()
    if args.deal:
        print(json.dumps(one(args.deal, args.year, args.audience, args.repeat)))
        return
    rows = []
    for role, slug, projects in pick_deals():
        cmd = [sys.executable, __file__, "--deal", slug, "--audience", args.audience]
        cmd += ["--repeat", str(args.repeat)]
        if args.year:
            cmd += ["--year", str(args.year)]
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
            f"{row['table_rows']:>5} table rows | gather {row['gather_s']:.2f} s, document "
            f"{row['document_s']:.2f} s, pdf {row['pdf_s']:.2f} s, statics {row['statics_s']:.2f} s"
            f" = cold {row['total_s']:.2f} s; in a running worker {row['worker_total_s']:.2f} s{verdict} "
            f"(load average {row['load_1min']:.2f} before, {row['load_after']:.2f} after, 2 cores)",
            flush=True,
        )
        print(
            f"    in the worker, CPU seconds: {', '.join(f'{k} {v:.2f}' for k, v in cpu.items())}"
            f" = {sum(cpu.values()):.2f} s; PDF {row['pdf_kb']} KB",
            flush=True,
        )
        if "repeat" in row:
            r = row["repeat"]
            print(
                f"    {r['renders']} renders more in the worker: median {r['median_s']:.2f} s, "
                f"memory (RSS) before and after every 10: {' → '.join(f'{m:.0f}' for m in r['rss_mb'])} MB",
                flush=True,
            )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
