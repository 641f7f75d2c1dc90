"""Benchmark: importing spending files into the ledger, at two sizes (10,000 and 100,000
rows), against a bare bulk insert of the same rows.

    .venv/bin/python bench/bench_import_ledger.py [--rows 10000 100000] [--deal SLUG] [--json FILE]
                                                  [--profile ROWS]
    bash scripts/with-postgres.sh .venv/bin/python bench/bench_import_ledger.py

The database: DATABASE_URL (PostgreSQL) or REGIODEAL_DATA_DIR (SQLite) when set, else a throwaway
SQLite database in a temporary folder. `migrate` first; the Waterwegregio deal is loaded if it is
not there, and given 20 projects if it has none. The CSV files are in the documented layout,
Dutch and international notation mixed, both date styles, the VAT line too, with the deal's own
budget lines, projects and organisations. For each size, in this order:

- a bare bulk insert: the same rows parsed minimally (`Decimal`, dates, ids looked up in a dict,
  no validation) and inserted with `bulk_create` in chunks of 2,000 in one transaction: the floor
  the import is measured against;
- the import: `finance.importing.ledger_import` (what `regiodeal import spending` runs, without
  the progress bar), which reads the file as a stream, parses and validates every row with the
  rules of the screens and the API, inserts in chunks and records the batch and the audit event,
  all in one transaction. It runs after the bulk insert, on a table that is larger by then, so the
  ratio does not flatter it;
- on PostgreSQL, COPY: the same rows parsed the same minimal way and written with `COPY ... FROM
  STDIN` (psycopg's `copy.write_row`): the fastest way in, the second floor;
- the import's peak Python memory (tracemalloc; a separate run, rolled back).

Both timed runs are committed: the ledger grows by twice the rows of each size. The ratio is
import rate / bulk rate (the target: at least 0.5); memory should not grow with the file.

`--profile ROWS` also profiles (cProfile) one import of ROWS rows, rolled back, and prints the
functions that take the most time.

`run(...)` returns one row (a dict) per size, for a runner that prints all benchmarks.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import datetime as dt
import io
import json
import os
import pstats
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("REGIODEAL_DATA_DIR", tempfile.mkdtemp(prefix="regiodeal-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regiodeal.conf.settings")
os.environ.setdefault("REGIODEAL_LOG_LEVEL", "WARNING")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from regiodeal.audit.services import Actor  # noqa: E402
from regiodeal.deals.constants import BudgetLineKind  # noqa: E402
from regiodeal.deals.models import Deal  # noqa: E402
from regiodeal.deals.selectors import version_in_force  # noqa: E402
from regiodeal.deals.services import deal_load_bundled  # noqa: E402
from regiodeal.finance.importing import ledger_import  # noqa: E402
from regiodeal.finance.models import LedgerEntry  # noqa: E402
from regiodeal.projects.services import project_create  # noqa: E402

HEADER = [
    "datum",
    "bedrag",
    "begrotingsregel",
    "ten_laste_van",
    "project",
    "organisatie",
    "brondocument",
    "omschrijving",
]
ACTOR = Actor(label="bench")


class _Rollback(Exception):
    pass


def setup_deal(slug: str = "waterwegregio") -> tuple[Deal, dict]:
    """The deal, and what a valid file for it may name: pillar lines, the VAT line, projects,
    organisations."""
    call_command("migrate", verbosity=0)
    deal_load_bundled(actor=ACTOR)
    deal = Deal.objects.get(slug=slug)
    if not deal.projects.exists():
        orgs = list(deal.organisations.order_by("code"))
        for i in range(20):
            project_create(
                actor=ACTOR, deal=deal, code=f"WW-{i:03d}", title=f"Project {i}", lead=orgs[i % len(orgs)]
            )
    version = version_in_force(deal)
    lines = list(version.budget_lines.order_by("code"))
    codes = {
        "pillar_lines": [b.code for b in lines if b.kind == BudgetLineKind.PILLAR],
        "vat_line": next((b.code for b in lines if b.kind == BudgetLineKind.EXECUTION_COSTS), ""),
        "projects": list(deal.projects.order_by("code").values_list("code", flat=True)[:20]),
        "organisations": list(deal.organisations.order_by("code").values_list("code", flat=True)[:3]),
    }
    return deal, codes


def write_csv(path: Path, rows: int, codes: dict, seed: int = 1) -> None:
    rng = random.Random(seed)
    start = dt.date(2025, 1, 1)
    organisations = ["", *codes["organisations"]]
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, delimiter=";")
        out.writerow(HEADER)
        for i in range(rows):
            cents = rng.randint(100, 5_000_000_00)
            euros, rest = divmod(cents, 100)
            international = f"{euros:,}.{rest:02d}"  # 1,234.56; every other row Dutch: 1.234,56
            amount = (
                international
                if i % 2
                else international.replace(",", "_").replace(".", ",").replace("_", ".")
            )
            day = start + dt.timedelta(days=rng.randint(0, 1400))
            date = day.isoformat() if i % 3 else day.strftime("%d-%m-%Y")
            vat = i % 25 == 0 and codes["vat_line"]
            line = codes["vat_line"] if vat else rng.choice(codes["pillar_lines"])
            national = rng.random() < 0.5
            project = "" if vat else rng.choice(codes["projects"])
            out.writerow(
                [
                    date,
                    amount,
                    line,
                    "rijk" if national else "regio",
                    project,
                    rng.choice(organisations),
                    f"factuur {i}",
                    "bench",
                ]
            )


def run_import(deal, path: Path) -> tuple[int, float]:
    started = time.perf_counter()
    with path.open("rb") as binary:
        result = ledger_import(actor=ACTOR, deal=deal, kind="spending", binary=binary, file_name=path.name)
    return result.rows, time.perf_counter() - started


def bare_bulk_insert(deal, path: Path, vat_line: str) -> tuple[int, float]:
    """The same rows, parsed minimally and inserted with bulk_create: no validation at all."""
    from regiodeal.deals.models import Organisation
    from regiodeal.projects.models import Project

    projects = dict(Project.objects.filter(deal=deal).values_list("code", "id"))
    orgs = dict(Organisation.objects.filter(deal=deal).values_list("code", "id"))
    started = time.perf_counter()
    count = 0
    with transaction.atomic(), path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter=";")
        next(reader)
        chunk = []
        for date, amount, line, funding, project, org, source, description in reader:
            if "-" in date and len(date.split("-")[0]) == 2:
                d, m, y = date.split("-")
                booked_on = dt.date(int(y), int(m), int(d))
            else:
                booked_on = dt.date.fromisoformat(date)
            if amount[-3] == ",":
                value = Decimal(amount.replace(".", "").replace(",", "."))
            else:
                value = Decimal(amount.replace(",", ""))
            chunk.append(
                LedgerEntry(
                    deal_id=deal.pk,
                    kind="execution_costs" if line == vat_line else "spending",
                    booked_on=booked_on,
                    amount=value,
                    budget_line=line,
                    funding="national" if funding == "rijk" else "regional",
                    project_id=projects.get(project),
                    organisation_id=orgs.get(org),
                    source_document=source,
                    description=description,
                    recorded_by_label="bench",
                )
            )
            count += 1
            if len(chunk) >= 2000:
                LedgerEntry.objects.bulk_create(chunk)
                chunk = []
        LedgerEntry.objects.bulk_create(chunk)
    return count, time.perf_counter() - started


def _parsed_rows(deal, path: Path, vat_line: str, projects: dict, orgs: dict):
    """The file's rows parsed minimally (as `bare_bulk_insert` does), as tuples in COPY_COLUMNS.
    No query while it runs: the connection is busy with the COPY."""
    now = dt.datetime.now(dt.UTC)
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter=";")
        next(reader)
        for date, amount, line, funding, project, org, source, description in reader:
            if "-" in date and len(date.split("-")[0]) == 2:
                d, m, y = date.split("-")
                booked_on = dt.date(int(y), int(m), int(d))
            else:
                booked_on = dt.date.fromisoformat(date)
            if amount[-3] == ",":
                value = Decimal(amount.replace(".", "").replace(",", "."))
            else:
                value = Decimal(amount.replace(",", ""))
            yield (
                deal.pk,
                "execution_costs" if line == vat_line else "spending",
                booked_on,
                value,
                line,
                "national" if funding == "rijk" else "regional",
                projects.get(project),
                orgs.get(org),
                "",
                "",
                "",
                "",
                description,
                source,
                now,
                "bench",
            )


COPY_COLUMNS = (
    "deal_id",
    "kind",
    "booked_on",
    "amount",
    "budget_line",
    "funding",
    "project_id",
    "organisation_id",
    "contribution_status",
    "sector",
    "form",
    "valuation_basis",
    "description",
    "source_document",
    "recorded_at",
    "recorded_by_label",
)


def copy_insert(deal, path: Path, vat_line: str) -> tuple[int, float] | None:
    """The same rows, parsed minimally and written with PostgreSQL's COPY (the fastest way in);
    None on another database."""
    if connection.vendor != "postgresql":
        return None
    from regiodeal.deals.models import Organisation
    from regiodeal.projects.models import Project

    projects = dict(Project.objects.filter(deal=deal).values_list("code", "id"))
    orgs = dict(Organisation.objects.filter(deal=deal).values_list("code", "id"))
    table = LedgerEntry._meta.db_table
    started = time.perf_counter()
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor
        with raw.copy(f"COPY {table} ({', '.join(COPY_COLUMNS)}) FROM STDIN") as copy:
            for row in _parsed_rows(deal, path, vat_line, projects, orgs):
                copy.write_row(row)
                count += 1
    return count, time.perf_counter() - started


def rolled_back(fn):
    """Run fn inside a transaction that is rolled back, so the ledger does not grow."""
    try:
        with transaction.atomic():
            fn()
            raise _Rollback
    except _Rollback:
        pass


def traced_peak(deal, path: Path) -> int:
    """Peak Python memory of one import (tracemalloc), rolled back."""
    tracemalloc.start()
    try:
        rolled_back(lambda: run_import(deal, path))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def profile_import(deal, path: Path, top: int = 30) -> str:
    """cProfile of one import, rolled back: the functions by own time and by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    rolled_back(lambda: run_import(deal, path))
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def run(sizes=(10_000, 100_000), deal_slug: str = "waterwegregio", log=print) -> list[dict]:
    """One row per size (dicts: benchmark, database, rows, file_mb, bulk_s, bulk_rows_per_s,
    import_s, import_rows_per_s, ratio, peak_mb, ledger_rows_before)."""
    deal, codes = setup_deal(deal_slug)
    folder = Path(tempfile.mkdtemp(prefix="regiodeal-bench-files-"))
    rows = []
    for n, size in enumerate(sizes):
        path = folder / f"spending-{size}.csv"
        write_csv(path, size, codes, seed=n + 1)
        before = LedgerEntry.objects.count()
        bulk_rows, bulk_seconds = bare_bulk_insert(deal, path, codes["vat_line"])
        copied = copy_insert(deal, path, codes["vat_line"])
        imported, seconds = run_import(deal, path)
        peak = traced_peak(deal, path)
        assert imported == bulk_rows == size, (imported, bulk_rows, size)
        row = {
            "benchmark": "ledger import",
            "database": connection.vendor,
            "rows": size,
            "file_mb": round(path.stat().st_size / 1e6, 2),
            "bulk_s": round(bulk_seconds, 2),
            "bulk_rows_per_s": round(size / bulk_seconds),
            "import_s": round(seconds, 2),
            "import_rows_per_s": round(size / seconds),
            "ratio": round(bulk_seconds / seconds, 2),
            "copy_s": round(copied[1], 2) if copied else None,
            "copy_ratio": round(copied[1] / seconds, 2) if copied else None,
            "peak_mb": round(peak / 1e6, 1),
            "ledger_rows_before": before,
            "load_average": round(os.getloadavg()[0], 2),
        }
        rows.append(row)
        log(format_row(row))
        path.unlink()
    # The bare inserts wrote entries past the services: the money totals are made again.
    from regiodeal.finance.totals import rebuild

    rebuild([deal.pk])
    return rows


def header() -> str:
    return (
        f"{'database':<11}{'rows':>9}{'MB':>6}{'bulk s':>9}{'bulk rows/s':>13}{'import s':>10}"
        f"{'import rows/s':>15}{'ratio':>7}{'COPY s':>8}{'ratio':>7}{'peak MB':>9}{'ledger before':>15}"
        f"{'load':>6}"
    )


def format_row(r: dict) -> str:
    return (
        f"{r['database']:<11}{r['rows']:>9,}{r['file_mb']:>6}{r['bulk_s']:>9}{r['bulk_rows_per_s']:>13,}"
        f"{r['import_s']:>10}{r['import_rows_per_s']:>15,}{r['ratio']:>7}"
        f"{r['copy_s'] if r.get('copy_s') is not None else '-':>8}"
        f"{r['copy_ratio'] if r.get('copy_ratio') is not None else '-':>7}{r['peak_mb']:>9}"
        f"{r['ledger_rows_before']:>15,}{r['load_average']:>6}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000], help="sizes")
    parser.add_argument("--deal", default="waterwegregio")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    parser.add_argument("--profile", type=int, metavar="ROWS", help="also profile an import of ROWS rows")
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f}", file=sys.stderr)
    print(header())
    rows = run(args.rows, args.deal)
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"peak RSS of the whole run: {rss_kib / 1024:.0f} MB; ratio = import rows/s / bulk rows/s; "
        "COPY ratio = import rows/s / COPY rows/s (PostgreSQL only)"
    )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    if args.profile:
        deal, codes = setup_deal(args.deal)
        path = Path(tempfile.mkdtemp(prefix="regiodeal-bench-files-")) / "spending-profile.csv"
        write_csv(path, args.profile, codes, seed=99)
        print(f"\ncProfile of ledger_import, {args.profile:,} rows ({connection.vendor}, rolled back):")
        print(profile_import(deal, path))
        path.unlink()


if __name__ == "__main__":
    main()
