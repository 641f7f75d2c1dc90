"""Load test: the public site and the API under concurrent readers and writers (issue 8, issue 9).

Starts `regiodeal serve` (gunicorn) on loopback with its own database (SQLite in a temporary
folder, or the PostgreSQL that DATABASE_URL names) holding the Waterwegregio deal and the demo
portfolio; runs reader threads on public pages and API lists and writer threads that book ledger
entries through the API, for a bounded time; prints requests per second, latency percentiles and
the error count per kind of request; then checks that every write answered 201 is in the ledger.

    .venv/bin/python bench/bench_load.py [--seconds 20] [--readers 8] [--writers 2] [--workers 2]

Traffic goes only to 127.0.0.1. The run stops by itself after --seconds.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

BIN = Path(sys.executable).parent
REGIODEAL = str(BIN / "regiodeal")
PUBLIC_URLS = [
    "/deals/waterwegregio/",
    "/en/deals/waterwegregio/",
    "/api/v1/deals/",
    "/api/v1/deals/waterwegregio/budget-lines/",
    "/api/v1/deals/waterwegregio/pillars/",
    "/api/v1/deals/waterwegregio/parties/",
]
INTERNAL_URLS = [
    "/api/v1/deals/waterwegregio/finance/overview/",
    "/api/v1/deals/waterwegregio/finance/entries/?limit=50",
    "/api/v1/deals/waterwegregio/projects/",
]
PASSWORD = "load-test-password-2026"  # noqa: S105 - a throwaway account in a temporary database


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args, env, stdin=None):
    return subprocess.run(
        [REGIODEAL, *args], env=env, input=stdin, capture_output=True, text=True, check=True
    )


class Session:
    """One keep-alive connection, logged in through the login form when asked."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            raise
        data = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, rest = value.split("=", 1)
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, data

    def login(self, username: str) -> None:
        self.request("GET", "/accounts/login/")
        form = urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.cookies["csrftoken"]}
        ).encode()
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            form,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}/",
            },
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"login as {username} failed ({status})")


def worker(kind, port, stop, results, lock, username=None, writer_id=0):
    session = Session(port)
    if username:
        session.login(username)
    latencies, errors, created = [], 0, []
    i = 0
    while not stop.is_set():
        i += 1
        if kind == "write":
            source = f"LOAD-{writer_id}-{i}"
            body = json.dumps(
                {
                    "kind": "spending",
                    "booked_on": "2026-06-01",
                    "amount": "12.34",
                    "budget_line": "P1",
                    "project": "WW-101",
                    "funding": "regional",
                    "source_document": source,
                }
            ).encode()
            headers = {
                "Content-Type": "application/json",
                "X-CSRFToken": session.cookies["csrftoken"],
                "Referer": f"http://127.0.0.1:{port}/",
            }
            path, method = "/api/v1/deals/waterwegregio/finance/entries/", "POST"
        else:
            urls = PUBLIC_URLS if kind == "public" else INTERNAL_URLS
            path, method, body, headers = urls[i % len(urls)], "GET", None, {}
        start = time.perf_counter()
        try:
            status, _ = session.request(method, path, body, headers)
        except (http.client.HTTPException, OSError):
            status = 599
        latencies.append(time.perf_counter() - start)
        if kind == "write" and status == 201:
            created.append(source)
        elif status >= 400 or (kind == "write" and status != 201):
            errors += 1
    with lock:
        results.setdefault(kind, {"latencies": [], "errors": 0, "created": []})
        results[kind]["latencies"] += latencies
        results[kind]["errors"] += errors
        results[kind]["created"] += created


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))] if values else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--readers", type=int, default=8, help="public readers (half as many internal)")
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="regiodeal-load-"))
    env = {**os.environ, "REGIODEAL_DATA_DIR": str(data_dir), "REGIODEAL_SECURE_COOKIES": "false"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    database = "PostgreSQL" if env.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    print(f"Setting up ({database}, data in {data_dir}) ...", file=sys.stderr)
    run(["setup"], env)
    run(["demo", "--deal", "waterwegregio"], env)
    for name, role in (("load-office", "programme_office"), ("load-reader", "auditor")):
        run(
            [
                "createuser",
                name,
                "--email",
                f"{name}@example.nl",
                "--role",
                role,
                "--deal",
                "waterwegregio",
                "--password-stdin",
            ],
            env,
            stdin=PASSWORD + "\n",
        )
    port = free_port()
    server = subprocess.Popen(
        [REGIODEAL, "serve", "--port", str(port), "--workers", str(args.workers), "--no-setup"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        stop, lock, results, threads = threading.Event(), threading.Lock(), {}, []
        plan = (
            [("public", None, 0)] * args.readers
            + [("internal", "load-reader", 0)] * max(1, args.readers // 2)
            + [("write", "load-office", n) for n in range(args.writers)]
        )
        for kind, user, n in plan:
            threads.append(threading.Thread(target=worker, args=(kind, port, stop, results, lock, user, n)))
        started = time.perf_counter()
        for t in threads:
            t.start()
        time.sleep(args.seconds)
        stop.set()
        for t in threads:
            t.join(timeout=60)
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    # Every write that was answered 201 must be in the ledger.
    created = results.get("write", {}).get("created", [])
    query = (
        "from regiodeal.finance.models import LedgerEntry as L; "
        "print(L.objects.filter(source_document__startswith='LOAD-').count())"
    )
    stored = int(run(["shell", "--no-imports", "-c", query], env).stdout.strip().splitlines()[-1])
    rows = []
    for kind in ("public", "internal", "write"):
        r = results.get(kind)
        if not r:
            continue
        lat = r["latencies"]
        rows.append(
            {
                "kind": kind,
                "requests": len(lat),
                "rps": round(len(lat) / elapsed, 1),
                "p50_ms": round(percentile(lat, 50) * 1000, 1),
                "p95_ms": round(percentile(lat, 95) * 1000, 1),
                "p99_ms": round(percentile(lat, 99) * 1000, 1),
                "errors": r["errors"],
            }
        )
    print(
        f"\nLoad test: {database}, gunicorn {args.workers} workers, {elapsed:.1f} s, "
        f"{args.readers} public + {max(1, args.readers // 2)} internal readers, {args.writers} writers"
    )
    print(f"{'kind':<10}{'requests':>10}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for row in rows:
        print(
            f"{row['kind']:<10}{row['requests']:>10}{row['rps']:>9}{row['p50_ms']:>9}{row['p95_ms']:>9}"
            f"{row['p99_ms']:>9}{row['errors']:>8}"
        )
    lost = len(created) - stored
    print(f"writes answered 201: {len(created)}; in the ledger afterwards: {stored}; lost: {lost}")
    summary = {
        "database": database,
        "seconds": round(elapsed, 1),
        "workers": args.workers,
        "rows": rows,
        "writes_created": len(created),
        "writes_stored": stored,
        "writes_lost": lost,
        "median_public_ms": round(statistics.median(results["public"]["latencies"]) * 1000, 1),
    }
    print(json.dumps(summary))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))
    shutil.rmtree(data_dir, ignore_errors=True)
    if lost or any(r["errors"] for r in rows):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
