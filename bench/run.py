"""Every benchmark of docs/performance.md from one command: the national portfolio at a tenth and
at full size, on SQLite and on a throwaway PostgreSQL server, with one summary table at the end.

    make bench
    .venv/bin/python bench/run.py [--sizes tenth,full] [--databases sqlite,postgresql]
                                  [--runs 5] [--load-seconds 20] [--out bench/results]

For each database and size, in a fresh database (SQLite: a new data folder; PostgreSQL: a new
cluster started by scripts/with-postgres.sh and removed afterwards):

1. `bench/portfolio.py --scale SIZE`: the generated portfolio (40 deals), timed, with the
   database's size on disk;
2. `bench/bench_queries.py`: the platform's reads (page, API, selector) against hand-written SQL
   on the same data, with their ratio; the yearly report's data gathering and PDF rendering;
   `bench/bench_report_sizes.py`: the report's PDF of the smallest, example and largest deal,
   cold, each in a new process, with the load average;
3. `bench/bench_load.py`: gunicorn on loopback under concurrent readers and writers, bounded in
   time, first without, then during, then after an import of a ledger file (10,000 rows at a
   tenth, 100,000 at full size) in a separate process;
4. `bench/bench_import_ledger.py`: the import of a ledger file (10,000 / 100,000 rows) into the
   portfolio's ledger against a bare bulk insert of the same rows, with peak memory.

Each benchmark prints its own table and writes its rows as JSON under --out/<database>-<size>/;
this runner then prints the growth table (each figure at a tenth and at full size, side by side)
and writes everything to --out/summary.json. docs/performance.md holds the figures of the last
run on this machine and what they mean.

Run it on a machine with nothing else on it: the figures are wall-clock times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SIZES = {"tenth": 0.1, "full": 1.0}
IMPORT_ROWS = {"tenth": 10_000, "full": 100_000}
FAILED: list[str] = []  # steps that ended with an error, in this process


def import_rows(size: str) -> int:
    """10,000 rows at a tenth, 100,000 at full size; a fraction (a quick trial run) in proportion."""
    return IMPORT_ROWS.get(size) or max(1_000, int(100_000 * float(size)))


def sh(args: list[str], env: dict, log) -> tuple[float, str]:
    """Run one benchmark step, its output shown and logged; return its wall time and output."""
    print(f"\n$ {' '.join(args)}", flush=True)
    log.write(f"\n$ {' '.join(args)}\n")
    log.flush()
    start = time.perf_counter()
    with subprocess.Popen(
        args, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
    ) as process:
        lines = []
        for line in process.stdout:
            sys.stdout.write(line)
            log.write(line)
            lines.append(line)
    if process.returncode:
        # Reported, and the run goes on: a benchmark that counted errors (the load test on SQLite,
        # where a write during an import is refused with 503) still has figures worth reading.
        message = f"bench/run.py: step ended with exit {process.returncode}: {' '.join(args)}"
        print(message, flush=True)
        log.write(message + "\n")
        FAILED.append(" ".join(args))
    return time.perf_counter() - start, "".join(lines)


def database_size(env: dict) -> int:
    """Bytes the portfolio takes on disk (the SQLite file, or pg_database_size)."""
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'regiodeal.conf.settings');"
        "django.setup(); from django.db import connection\n"
        "if connection.vendor == 'postgresql':\n"
        "    c = connection.cursor(); c.execute('SELECT pg_database_size(current_database())');"
        " print(c.fetchone()[0])\n"
        "else:\n"
        "    import pathlib; p = pathlib.Path(connection.settings_dict['NAME']);"
        " print(sum(f.stat().st_size for f in p.parent.glob(p.name + '*')))\n"
    )
    out = subprocess.run([PYTHON, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1])


def generated_facts(output: str) -> dict:
    """The counts and phase times that bench/portfolio.py prints as `name: value` lines."""
    facts = {}
    for line in output.splitlines():
        match = re.match(r"^\s*([a-z][\w ,()]*?):\s+([\d,.]+)( s| MB)?\s*$", line)
        if match:
            value = match.group(2).replace(",", "")
            name = match.group(1).strip()
            facts["size_mb" if name == "size" else name] = float(value) if "." in value else int(value)
    return facts


def stage(size: str, out: Path, runs: int, load_seconds: float) -> None:
    """One database and size: the environment already names an empty database."""
    env = {**os.environ, "REGIODEAL_LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1"}
    database = "postgresql" if env.get("DATABASE_URL") else "sqlite"
    folder = out / f"{database}-{size}"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "log.txt", "w") as log:
        seconds, output = sh([PYTHON, "bench/portfolio.py", "--scale", size, "--no-progress"], env, log)
        facts = generated_facts(output)
        facts.update(wall_seconds=round(seconds, 1), bytes_on_disk=database_size(env))
        (folder / "generate.json").write_text(json.dumps(facts, indent=2))
        sh(
            [PYTHON, "bench/bench_queries.py", "--runs", str(runs), "--json", str(folder / "queries.json")],
            env,
            log,
        )
        # The yearly report's PDF of the smallest, the example and the largest deal, cold
        # (the targets: at most 1 s and 5 s), with the load average at the time.
        sh([PYTHON, "bench/bench_report_sizes.py", "--json", str(folder / "report-sizes.json")], env, log)
        sh(
            [
                PYTHON,
                "bench/bench_load.py",
                "--seconds",
                str(load_seconds),
                "--import-rows",
                str(import_rows(size)),
                "--json",
                str(folder / "load.json"),
            ],
            env,
            log,
        )
        # The import goes into the portfolio's own ledger (the Waterwegregio deal), so that it
        # is measured on a table of national size.
        sh(
            [
                PYTHON,
                "bench/bench_import_ledger.py",
                "--rows",
                str(import_rows(size)),
                "--json",
                str(folder / "import.json"),
            ],
            env,
            log,
        )


def read_rows(out: Path) -> list[dict]:
    """Every row of every stage, tagged with its database and size."""
    rows = []
    for folder in sorted(p for p in out.iterdir() if p.is_dir() and "-" in p.name):
        database, size = folder.name.split("-", 1)
        for name in ("generate", "queries", "load", "import"):
            path = folder / f"{name}.json"
            if not path.exists():
                continue
            data = json.loads(path.read_text())
            items = data if isinstance(data, list) else data.get("rows", [data])
            for item in items:
                rows.append({**item, "benchmark": name, "database": database, "size": size})
    return rows


def _key(row: dict) -> tuple:
    b = row["benchmark"]
    if b == "queries":
        # The case without its detail (the deal, filter or project picked, which the data decides)
        return (b, (row.get("case") or "").split(" (")[0], row.get("level"))
    if b == "load":
        return (b, row.get("phase"), row.get("kind"))
    if b == "import":
        return (b, row.get("what") or row.get("case") or "import", "")
    return (b, "", "")


def _figure(row: dict) -> str:
    b = row["benchmark"]
    if b == "queries":
        text = f"{row['seconds'] * 1000:.1f} ms" if row.get("seconds") is not None else "-"
        if row.get("ratio") is not None and row.get("level") != "sql":
            text += f" ({row['ratio']:.2f}x)"
        return text
    if b == "load" and row.get("ratio_p50") is not None:
        return f"{row['ratio_p50']:.2f}x p50, {row['ratio_mean']:.2f}x mean"
    if b == "load" and row.get("kind") in ("writes check", "import"):
        return (f"{row.get('rps')} rows/s, " if row.get("kind") == "import" else "") + row.get("note", "")
    if b == "load":
        return f"{row.get('rps')}/s p95 {row.get('p95_ms')} ms err {row.get('errors')}"
    if b == "import":
        return (
            f"{row.get('rows'):,} rows: {row.get('import_rows_per_s')} rows/s against bulk "
            f"{row.get('bulk_rows_per_s')} ({row.get('ratio')}x), peak {row.get('peak_mb')} MB"
        )
    return f"{row.get('wall_seconds')} s, {round((row.get('bytes_on_disk') or 0) / 2**20)} MiB"


def summary(out: Path) -> None:
    rows = read_rows(out)
    columns = sorted({(r["database"], r["size"]) for r in rows}, key=lambda c: (c[0], c[1] != "tenth"))
    table: dict[tuple, dict] = {}
    for row in rows:
        table.setdefault(_key(row), {})[(row["database"], row["size"])] = _figure(row)
    header = ["benchmark", "case", "level", *[f"{d} {s}" for d, s in columns]]
    lines = [header] + [
        [*map(str, key), *[cells.get(c, "") for c in columns]] for key, cells in table.items()
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    print("\nSummary: each figure at a tenth and at full size (queries: median time, ratio to the SQL)")
    for line in lines:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))
    meta = {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load": os.getloadavg()},
    }
    (out / "summary.json").write_text(json.dumps({**meta, "rows": rows}, indent=2, default=str))
    print(f"\nAll rows: {out / 'summary.json'}")


def _fraction(value: str) -> bool:
    try:
        return 0 < float(value) <= 1
    except ValueError:
        return False


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="tenth,full", help="comma-separated: tenth, full (or a fraction, for a trial run)"
    )
    parser.add_argument(
        "--databases", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql"
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per read benchmark (the median is shown)")
    parser.add_argument("--load-seconds", type=float, default=20, help="length of each load phase")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--stage", help=argparse.SUPPRESS)  # one size, database given
    parser.add_argument("--summary-only", action="store_true", help="print the summary of an earlier run")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    if args.stage:
        stage(args.stage, out, args.runs, args.load_seconds)
        sys.exit(1 if FAILED else 0)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    for value, allowed, name in (
        (sizes, SIZES, "--sizes"),
        (databases, ("sqlite", "postgresql"), "--databases"),
    ):
        wrong = [v for v in value if v not in allowed and not (name == "--sizes" and _fraction(v))]
        if wrong:
            parser.error(f"{name}: unknown {', '.join(wrong)}; choose from {', '.join(allowed)}")
    if not args.summary_only:
        out.mkdir(parents=True, exist_ok=True)
        common = ["--runs", str(args.runs), "--load-seconds", str(args.load_seconds), "--out", str(out)]
        for database in databases:
            for size in sizes:
                env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REGIODEAL_DATA_DIR")}
                command = [PYTHON, __file__, "--stage", size, *common]
                if database == "postgresql":
                    command = ["bash", str(ROOT / "scripts" / "with-postgres.sh"), *command]
                else:
                    env["REGIODEAL_DATA_DIR"] = tempfile.mkdtemp(prefix=f"regiodeal-bench-{size}-")
                print(f"\n=== {database}, {size} size ===", flush=True)
                try:
                    if subprocess.run(command, env=env, cwd=ROOT).returncode:
                        FAILED.append(f"{database} {size}")
                finally:
                    if "REGIODEAL_DATA_DIR" in env:
                        shutil.rmtree(env["REGIODEAL_DATA_DIR"], ignore_errors=True)
    summary(out)
    if FAILED:
        print(f"\nSteps that reported errors (see their tables above): {', '.join(FAILED)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
