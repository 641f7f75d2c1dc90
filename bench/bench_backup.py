"""Benchmark: `regiodeal backup` and `regiodeal restore` of the national portfolio (bench/portfolio.py)
at two or more sizes, showing time and that memory stays flat.

    .venv/bin/python bench/bench_backup.py [--scales 0.02 0.1] [--keep DIR]
    bash scripts/with-postgres.sh .venv/bin/python bench/bench_backup.py   (PostgreSQL: see below)

For each scale, each step in a process of its own (so one step's memory is not another's):

1. build: `bench/portfolio.py --scale S` into a new SQLite data folder (setup, then the portfolio);
2. backup: `backup_write` of that database to a file;
3. restore: `regiodeal setup --no-static` into a second new data folder, then `backup_restore`.

For steps 2 and 3 it prints the wall time, the CPU time of the process, and the growth of the
process's resident memory during the step: its peak (VmHWM, reset just before the step through
/proc/self/clear_refs) minus what the process held before the step (VmRSS), in MB. Flat memory
means that growth stays the same while the rows grow. With DATABASE_URL set (a PostgreSQL server),
build and backup use that database and the restore goes into a database `<name>_restore` on the
same server, made new for each scale; the build needs an empty database, so give each scale its
own run.
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


def _status(field: str) -> int:
    """A field of /proc/self/status in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def measure(step) -> dict:
    """Run `step()`; its wall time and the growth of resident memory above what was held before."""
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    before = _status("VmRSS")
    started, cpu = time.perf_counter(), time.process_time()
    result = step()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = _status("VmHWM")
    return {
        "seconds": round(seconds, 1),
        "cpu_s": round(cpu, 1),  # this process only: the database server's work on PostgreSQL is not in it
        "rss_growth_mb": round((peak - before) / 1024, 1),
        "result": result,
    }


def _django(data_dir: Path, database_url: str | None) -> None:
    os.environ["REGIODEAL_DATA_DIR"] = str(data_dir)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regiodeal.conf.settings")
    os.environ.setdefault("REGIODEAL_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def step_backup(data_dir: Path, database_url: str | None, file: Path) -> dict:
    _django(data_dir, database_url)
    from regiodeal.common.backup import backup_write

    out = measure(lambda: backup_write(file))
    out["rows"] = out.pop("result")["total"]
    out["file_mb"] = round(file.stat().st_size / 1e6, 1)
    return out


def step_restore(data_dir: Path, database_url: str | None, file: Path) -> dict:
    _django(data_dir, database_url)
    from django.core.management import call_command

    from regiodeal.common.backup import backup_restore

    call_command("setup", no_static=True, verbosity=0)
    out = measure(lambda: backup_restore(file))
    out["rows"] = out.pop("result").total
    return out


def _child(args: list[str]) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"step {args[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _restore_url(database_url: str | None) -> str | None:
    if not database_url:
        return None
    import psycopg

    base, name = database_url.rsplit("/", 1)
    target = f"{name}_restore"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target}"')
        conn.execute(f'CREATE DATABASE "{target}"')
    return f"{base}/{target}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", nargs="+", default=["0.02", "0.1"], help="portfolio fractions")
    parser.add_argument("--keep", help="folder for the data folders and backup files (default: temporary)")
    parser.add_argument("--step", choices=["backup", "restore"], help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL")

    if args.step == "backup":
        print(json.dumps(step_backup(Path(args.data), database_url, Path(args.file))))
        return 0
    if args.step == "restore":
        print(json.dumps(step_restore(Path(args.data), database_url, Path(args.file))))
        return 0

    work = Path(args.keep or tempfile.mkdtemp(prefix="regiodeal-bench-backup-"))
    work.mkdir(parents=True, exist_ok=True)
    vendor = "postgresql" if database_url else "sqlite"
    rows = []
    for scale in args.scales:
        source, target, file = (
            work / f"source-{scale}",
            work / f"target-{scale}",
            work / f"backup-{scale}.jsonl.gz",
        )
        env = {**os.environ, "REGIODEAL_DATA_DIR": str(source), "REGIODEAL_LOG_LEVEL": "WARNING"}
        started = time.perf_counter()
        built = subprocess.run(
            [sys.executable, "bench/portfolio.py", "--scale", scale, "--no-progress"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if built.returncode != 0:
            sys.exit(f"bench/portfolio.py --scale {scale} failed:\n{built.stderr[-3000:]}")
        build_s = time.perf_counter() - started
        backup = _child(["--step", "backup", "--data", str(source), "--file", str(file)])
        restore_url = _restore_url(database_url)
        env_restore = {"DATABASE_URL": restore_url} if restore_url else {}
        os.environ.update(env_restore)
        restore = _child(["--step", "restore", "--data", str(target), "--file", str(file)])
        if database_url:
            os.environ["DATABASE_URL"] = database_url
        rows.append(
            {
                "scale": scale,
                "vendor": vendor,
                "build_s": round(build_s, 1),
                "backup": backup,
                "restore": restore,
            }
        )
        b, r = backup, restore
        print(
            f"scale {scale:>6} ({vendor}): {b['rows']:>10,} rows, file {b['file_mb']:7.1f} MB | "
            f"backup {b['seconds']:7.1f} s ({b['cpu_s']:.1f} s CPU), +{b['rss_growth_mb']:6.1f} MB | "
            f"restore {r['seconds']:7.1f} s ({r['cpu_s']:.1f} s CPU), +{r['rss_growth_mb']:6.1f} MB",
            flush=True,
        )
    print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
