"""Benchmark: import a 100,000-row spending file into the ledger.

    .venv/bin/python bench/bench_import_ledger.py [--rows 100000]

Sets up a throwaway SQLite database in a temporary folder (or uses DATABASE_URL when set), loads
the Waterwegregio deal with 20 projects, writes a CSV in the documented layout (Dutch and
international notation mixed, both date styles, the VAT line too), and prints:

- the import's rate (rows/second): `regiodeal import spending` without the progress bar, i.e.
  `finance.importing.ledger_import`, which parses and validates every row before inserting;
- the rate of a bare `bulk_create` of the same rows (parsed with `Decimal`, ids looked up in a
  dict, no validation), the floor the import is measured against;
- peak Python memory (tracemalloc) of the import at a tenth of the rows and at all rows, to show
  that memory does not grow with the file, and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import resource
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


def setup_deal():
    call_command("migrate", verbosity=0)
    deal_load_bundled(actor=ACTOR)
    from regiodeal.deals.models import Deal

    deal = Deal.objects.get(slug="waterwegregio")
    orgs = {o.code: o for o in deal.organisations.all()}
    leads = ["MAASSLUIS", "ROTTERDAM", "SCHIEDAM", "VLAARDINGEN"]
    for i in range(20):
        project_create(
            actor=ACTOR, deal=deal, code=f"WW-{i:03d}", title=f"Project {i}", lead=orgs[leads[i % 4]]
        )
    return deal


def write_csv(path: Path, rows: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    start = dt.date(2025, 1, 1)
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
            line = "VAT" if i % 25 == 0 else rng.choice(["P1", "P2", "P3"])
            national = rng.random() < 0.5
            project = "" if line == "VAT" else f"WW-{rng.randint(0, 19):03d}"
            out.writerow(
                [
                    date,
                    amount,
                    line,
                    "rijk" if national else "regio",
                    project,
                    rng.choice(["", "ROTTERDAM", "TNO"]),
                    f"factuur {i}",
                    "bench",
                ]
            )


def run_import(deal, path: Path) -> tuple[int, float]:
    started = time.perf_counter()
    with path.open("rb") as binary:
        result = ledger_import(actor=ACTOR, deal=deal, kind="spending", binary=binary, file_name=path.name)
    return result.rows, time.perf_counter() - started


def bare_bulk_insert(deal, path: Path) -> tuple[int, float]:
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
                    kind="execution_costs" if line == "VAT" else "spending",
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


def traced_peak(deal, path: Path) -> int:
    tracemalloc.start()
    try:
        run_import(deal, path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    deal = setup_deal()
    folder = Path(tempfile.mkdtemp(prefix="regiodeal-bench-files-"))
    big, small = folder / "spending.csv", folder / "spending-tenth.csv"
    write_csv(big, args.rows)
    write_csv(small, max(args.rows // 10, 1), seed=2)

    rows, seconds = run_import(deal, big)
    bulk_rows, bulk_seconds = bare_bulk_insert(deal, big)
    peak_small = traced_peak(deal, small)
    peak_big = traced_peak(deal, big)
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    print(f"database:           {connection.vendor}")
    print(f"file:               {rows} rows, {big.stat().st_size / 1e6:.1f} MB")
    print(f"import:             {rows} rows in {seconds:.2f} s = {rows / seconds:,.0f} rows/s")
    bulk_rate = bulk_rows / bulk_seconds
    print(f"bare bulk insert:   {bulk_rows} rows in {bulk_seconds:.2f} s = {bulk_rate:,.0f} rows/s")
    print(f"import / bulk:      {bulk_seconds / seconds:.2f} of the bare insert rate")
    print(f"peak Python memory: {peak_small / 1e6:.1f} MB importing {rows // 10} rows, "
          f"{peak_big / 1e6:.1f} MB importing {rows} rows (tracemalloc)")  # fmt: skip
    print(f"peak RSS:           {rss_kib / 1024:.0f} MB (whole run)")
    print(f"ledger rows now:    {LedgerEntry.objects.count()}")


if __name__ == "__main__":
    main()
