"""A national portfolio of Regio Deals, for the benchmarks (docs/performance.md).

The generator and its bulk writer live in the product beside `regiodeal demo`
(`regiodeal/demo/national.py`, `bulk.py`, `values.py`): the same value types, the same helpers,
two writers (through the services, in bulk). This file is its command line.

    .venv/bin/python bench/portfolio.py --scale full|tenth|FRACTION [--seed 2025] [--writer fast|orm]

writes, into the database the settings choose (DATABASE_URL, else SQLite in REGIODEAL_DATA_DIR,
default ./data), after `regiodeal setup --no-static`:

| what | full | tenth |
|---|---|---|
| deals: the bundled Waterwegregio and 39 generated ones | 40 | 40 |
| projects, in every status, linked to pillars, objectives, results, areas, groups, sectors | 4,000 | 400 |
| ledger entries: allocations, regional contributions, spending, execution costs | 500,000 | 50,000 |
| measurements: per region, wijk and group, and the outreach counts per wijk | 2,000,000 | 200,000 |
| outreach records (conversations with residents) | 20,000 | 2,000 |

and prints the counts, the time taken and the size of the database. It refuses a database that
already holds deals other than the bundled one, or projects, ledger entries, measurements or
outreach records (the demo portfolio, or real data): use a new data folder or database.
`generate(scale, seed)` does the same in-process for the benchmark runner (without migrating).

**Why 40 deals at both sizes.** The question the benchmarks ask is how a screen's cost grows with
the data behind it: the money overview of one deal with 1,250 or 12,500 entries on average,
its dashboard with 5,000 or 50,000 measurements. Keeping the deals fixed puts the growth in the data per deal;
shrinking the number of deals would leave every per-deal screen as fast at full size as at a
tenth and hide exactly the growth we want to see. (Portfolio-wide reads grow either way.)

**The deals** are real deals of the platform: the Waterwegregio loaded by `deal_load_bundled`,
the others `regiodeal/1` definitions derived from it (`regiodeal/demo/deals.py`) and loaded by
`deals.services.deal_load` after `read_definition`'s covenant checks. Their sizes (EUR 7.5-30
million national money), dates (tranches from 2021 to 2025, three to five years; some have ended)
and places vary; names and CBS codes of the generated gemeenten are made up (GM5001 and up).
Projects are marked as example data (`is_example`), as the demo's are; the ledger's source
documents read PREFIX/YEAR/NUMBER, sources of measurements name bench/portfolio.py.

**The date.** The data runs up to `AS_OF` (31 October 2026), a fixed date rather than today, so
the same seed gives the same rows whenever it runs. Nothing lies after it, nor after a deal's end.
Check a generated deal as of that date: `regiodeal check --deal SLUG --on 2026-10-31`.

**Reproducible.** Every figure comes from `random.Random(f"{seed}:{deal}:{part}")`. The digest
printed with `--digest` (SHA-256 over the rows by their codes, dates and amounts) is the same
for the same seed and scale on SQLite and PostgreSQL, and with either writer.

**How it is written.** Through the apps' services (each checks its rules and adds its audit
event; under a thousand calls in all): loading the deals, `results_setup` and the baselines of
the covenant's targets, the signatures of the Waterwegregio, the SPUK accounts, the overleg's
meetings and decisions. In bulk, by `regiodeal/demo/bulk.py`: projects and their links, history,
milestones and risks; wijken, population figures, conversations with their groups and themes,
co-creation; the ledger and the yearly programme; measurements: COPY on PostgreSQL, one prepared
INSERT by `executemany` on SQLite (`--writer orm`: Django's `bulk_create`, the same rows, several
times slower on SQLite), one transaction per deal. Two small things are written with the checks
of their service but without the call: the catalogue indicators linked to results
(`ResultIndicator.clean`, one `bulk_create`) and the fulfilled duties of the obligations
calendar (from one computation of the calendar: `obligation_fulfil` recomputes it per duty, 0.1-0.2
s each). On SQLite the generator's own connection runs with synchronous=OFF and a larger cache
while it loads; PostgreSQL gets VACUUM (ANALYZE) at the end, as autovacuum would soon after a
real load. Nothing the app relies on is dropped or recreated. The command prints the seconds
per phase. On PostgreSQL about a quarter of the time at full size is the commit (47 of 168 s on
a quiet machine): the foreign keys, which Django declares DEFERRABLE INITIALLY DEFERRED, are
checked there row by row. A superuser could skip them (session_replication_role = replica); the
generator keeps them, since they are what shows that the bulk rows hang together.

**What the bulk bypasses, and why the benchmarks read the same thing.**

- The models' guards: the ledger refuses `save()` of an existing entry, `update()` and `delete()`
  (append-only); `bulk_create`/COPY of new rows is an append, which is what the finance import
  does too. Rules: every ledger entry is checked by `finance.validation.EntryValidator`, the
  checker behind `entry_record` and the import (`--no-validate` skips it: some 6% of the time);
  projects move only along `projects.workflow.TRANSITIONS`, each step a `ProjectTransition` row,
  `lock_version` as the services leave it; link targets belong to the deal's version; dates are
  in order. The money keeps the covenant's rules by construction: allocations within each line's
  national maximum (Art. 4.2), regional pledges at least matching them per line, a project's
  national spending within its allocation and never ahead of it, regional money spent at least
  matching national money spent, execution costs within 3% of the national money granted,
  nothing after the deal's end. The test runs every covenant check on a generated portfolio.
- Derived rows: the participation service turns conversations into measurements of
  `bewoners_gesproken_per_wijk` per wijk (`outreach_norm_sync`: a zero on the day the wijk was
  listed, then the cumulative residents spoken per conversation date, area = the CBS wijk code).
  The generator writes exactly those rows (they are part of the 2,000,000 measurements), so the
  dashboard, the norm overview and the outreach summary agree with the conversations.
- The public cache (`portal.selectors.data_version`): bulk writes send no post_save, so the
  generator bumps the generation token and adds one audit event per deal
  (`bench.portfolio.generated`, with the counts); either invalidates cached public figures. (The
  portal's save receivers are paused while it runs: they would write a new token to the cache
  for every service save.)
- The audit trail: the bulk rows have no audit events of their own (2.5 million events would
  only measure the audit table). No screen or selector the benchmarks time reads the audit trail
  for its figures; the audit page lists what exists (under a thousand service events).
- Timestamps: `recorded_at`/`created_at` are set to the day of the event (a booking is recorded
  three days after its date, an import batch in January), not to the moment of the run.

**What it does not make**: yearly progress reports (each renders PDFs of several seconds; the
report benchmark makes its own), so `regiodeal check` reports `reporting.report-late` (an error)
for every year whose report deadline has passed. That is the one expected error; warnings are
expected too (results behind schedule, wijken below the outreach norm at a tenth, feedback still
to give on recent conversations). No residents' ideas, bewonersdeals or user accounts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import resource
import sys
import time
from pathlib import Path

FULL = {"projects": 4_000, "ledger_entries": 500_000, "measurements": 2_000_000, "outreach": 20_000}
DEALS = 40
DEFAULT_SEED = 2025
AS_OF = dt.date(2026, 10, 31)
SCALES = {"full": 1.0, "tenth": 0.1}


def scaled_counts(scale: float) -> dict[str, int]:
    """The row counts at a scale: every count but the deals', rounded."""
    if not 0 < scale <= 1:
        raise ValueError(f"scale {scale}: a fraction above 0 and at most 1")
    return {name: round(count * scale) for name, count in FULL.items()}


def parse_scale(text: str) -> float:
    if text in SCALES:
        return SCALES[text]
    try:
        value = float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: full, tenth or a fraction such as 0.01") from exc
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"{text!r}: a fraction above 0 and at most 1")
    return value


def generate(
    scale: float,
    seed: int = DEFAULT_SEED,
    progress: bool = True,
    *,
    deals: int = DEALS,
    writer: str = "fast",
    validate: bool = True,
    as_of: dt.date = AS_OF,
) -> dict[str, int]:
    """Fill the (migrated, empty) database with the portfolio at `scale`; returns the counts of
    what is in it. Raises `PortfolioRefused` on a database that already holds data. `deals`
    below 40 is for tests (the row counts stay those of the scale, over fewer deals)."""
    from django.utils import timezone

    from regiodeal.demo.national import build

    if as_of > timezone.localdate():
        raise ValueError(f"as_of {as_of} lies in the future: the services refuse future dates")
    if deals < 1:
        raise ValueError("at least one deal: the bundled Waterwegregio")
    return build(
        scale_counts=scaled_counts(scale),
        deals=deals,
        seed=seed,
        as_of=as_of,
        writer_mode=writer,
        progress=progress,
        validate=validate,
    )


def database_size() -> tuple[str, int | None]:
    """Where the data is, and how many bytes it takes (the SQLite file with its WAL, or
    pg_database_size)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_database(), pg_database_size(current_database())")
            name, size = cursor.fetchone()
        return f"PostgreSQL database {name}", size
    path = Path(connection.settings_dict["NAME"])
    size = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    return f"SQLite {path}", size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=parse_scale, required=True, help="full, tenth, or a fraction (0.01)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"default {DEFAULT_SEED}")
    parser.add_argument(
        "--writer", choices=["fast", "orm"], default="fast", help="COPY/executemany or bulk_create"
    )
    parser.add_argument("--no-validate", action="store_true", help="skip the ledger rules per entry")
    parser.add_argument("--digest", action="store_true", help="print the digest of the generated rows")
    parser.add_argument("--no-progress", action="store_true")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regiodeal.conf.settings")
    os.environ.setdefault("REGIODEAL_LOG_LEVEL", "WARNING")
    import django
    from django.apps import apps

    if not apps.ready:  # a test calls main() where Django is running: setting it up again would
        django.setup()  # point the log handlers at that test's captured stderr, closed after it
    from django.core.management import call_command
    from django.db import DatabaseError

    from regiodeal.demo.national import PHASES, TIMINGS, PortfolioRefused, digest, ensure_empty

    where, _size = database_size()
    try:
        ensure_empty()  # before migrating anything: a database that holds data is left alone
    except PortfolioRefused as exc:
        print(f"refused: {where}: {exc}", file=sys.stderr)
        return 2
    except DatabaseError:
        pass  # a new database has no tables yet: setup makes them
    started = time.perf_counter()
    call_command("setup", no_static=True, verbosity=0, stdout=io.StringIO())
    migrated = time.perf_counter()
    try:
        counts = generate(
            args.scale,
            args.seed,
            progress=not args.no_progress,
            writer=args.writer,
            validate=not args.no_validate,
        )
    except PortfolioRefused as exc:
        print(f"refused: {where}: {exc}", file=sys.stderr)
        return 2
    finished = time.perf_counter()
    where, size = database_size()
    load = os.getloadavg()
    print(f"database:     {where}")
    print(f"scale, seed:  {args.scale} ({args.writer} writer), seed {args.seed}, data up to {AS_OF}")
    for name, value in counts.items():
        print(f"{name + ':':<22}{value:>12,}")
    print(f"setup:        {migrated - started:8.1f} s (migrations, bundled deal)")
    print(f"generate:     {finished - migrated:8.1f} s")
    for name in sorted(TIMINGS, key=PHASES.index):
        print(f"  {name + ':':<58}{TIMINGS[name]:8.1f} s")
    print(f"size:         {size / 1e6:8.1f} MB" if size is not None else "size:         unknown")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory:  {peak_mb:8.0f} MB (RSS of this process)")
    print(f"load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1, 5, 15 min; {os.cpu_count()} cores)")
    if args.digest:
        print(f"digest:       {digest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
