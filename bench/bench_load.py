"""Load test: the public site and the API under concurrent readers and writers, with and without a
large ledger import running beside them.

Starts `regiodeal serve` (gunicorn, sync workers) on loopback and, for a bounded time, runs

- public readers (anonymous): the deal page, the public project list with filters (pillar,
  gemeente, wijk), a public project page, the money and results pages, the home page and the
  portfolio, and the public API (/api/v1/public/...: deals, projects, money per line and per party,
  results), over a sample of deals;
- internal readers (an auditor's session): the finance overview, the ledger and the project list
  of the internal API;
- writers (a programme office's session, CSRF token from the login): POST
  /api/v1/deals/<slug>/finance/entries/, one spending entry each time;

and prints, per kind of request, requests per second, latency percentiles (p50/p95/p99), the
error count and the HTTP statuses; then, per phase, the public reads of the deal written to
against the same addresses of the other deals read (median and mean latency, and their ratio:
writes cool only their own deal's cached figures). Afterwards it checks that every write answered
201 is in the ledger (and that no write is there that was not answered 201).

With `--import-rows N` a CSV of N spending rows for the deal is written first, and the run has
three phases: `without import` (--seconds), `during import` (from the start of a separate
`regiodeal import spending FILE --deal SLUG` process until it exits) and `after import`
(--seconds / 2). The table shows the public latency and throughput in each phase, the import's own
rows per second and exit status, and whether all its rows are in the ledger.

    .venv/bin/python bench/bench_load.py [--seconds 20] [--readers 8] [--internal-readers 4]
        [--writers 2] [--workers 2] [--import-rows 100000] [--deal SLUG] [--deals 5] [--per-url]
        [--json FILE]

The database: with neither DATABASE_URL nor REGIODEAL_DATA_DIR set, a throwaway SQLite database in
a temporary folder with the Waterwegregio deal and its demo portfolio. DATABASE_URL (PostgreSQL)
or REGIODEAL_DATA_DIR (SQLite) name an existing database, e.g. the national portfolio of
bench/portfolio.py, used as it is (`regiodeal setup` first: it only migrates and collects static
files; `regiodeal demo` only if the deal has no projects yet). The run adds to that database: two
accounts (bench-load-office-<slug>, bench-load-auditor-<slug>), the writers' ledger entries
(source document LOAD-<run>-...) and, with --import-rows, the imported rows (IMPORT-<run>-...);
the ledger is append-only, so use a copy you can throw away.

Login: each account logs in once, through the login form, before the clock starts; the threads
share its session cookie and CSRF token. A failed login stops the run with a message.

`run(...)` returns the rows as dicts (for a runner that prints all benchmarks in one table);
`main()` is the command line. Traffic goes only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import http.client
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

BIN = Path(sys.executable).parent
REGIODEAL = str(BIN / "regiodeal")
PASSWORD = "load-test-password-2026"  # noqa: S105 - a throwaway account for the benchmark
HTTP_TIMEOUT = 90  # s; SQLite writers can wait 20 s for the lock, behind other requests
KINDS = ("public page", "public API", "internal API", "write")

# Runs inside `regiodeal shell` against the database under test; prints one line of JSON.
DISCOVER = r"""
import json, os
from django.contrib.auth import get_user_model
from regiodeal.deals.constants import BudgetLineKind
from regiodeal.deals.models import Deal
from regiodeal.deals.selectors import version_in_force
from regiodeal.finance.models import LedgerEntry
from regiodeal.portal.selectors import public_filter_choices, public_projects
from regiodeal.projects.models import Project

wanted, sample = os.environ.get("BENCH_LOAD_DEAL", ""), int(os.environ.get("BENCH_LOAD_SAMPLE", "5"))
slugs = list(Deal.objects.order_by("slug").values_list("slug", flat=True))
main = wanted or ("waterwegregio" if "waterwegregio" in slugs else (slugs[0] if slugs else ""))
others = [s for s in slugs if s != main]
step = max(1, len(others) // max(1, sample - 1))
chosen = ([main] if main in slugs else []) + others[::step][: max(0, sample - 1)]
deals = []
for slug in chosen:
    deal = Deal.objects.get(slug=slug)
    version = version_in_force(deal)
    shown = public_projects(deal)
    choices = public_filter_choices(deal)
    first = shown[0] if shown else None
    pillar = (first.pillars[0].code if first and first.pillars else
              (choices.pillars[0].code if choices.pillars else ""))
    gemeenten = (first.gemeenten if first else []) or [a.code for a in choices.gemeenten]
    wijken = (first.wijken if first else []) or [a.code for a in choices.wijken]
    deals.append({
        "slug": slug,
        "projects": Project.objects.filter(deal=deal).count(),
        "public_project": first.code if first else "",
        "pillar": pillar,
        "gemeente": gemeenten[0] if gemeenten else "",
        "wijk": wijken[0] if wijken else "",
        "lines": [b.code for b in version.budget_lines.order_by("code") if b.kind == BudgetLineKind.PILLAR],
        "project_codes": list(Project.objects.filter(deal=deal).order_by("code")
                              .values_list("code", flat=True)[:200]),
    })
users = set(get_user_model().objects.filter(username__startswith="bench-load-")
            .values_list("username", flat=True))
print(json.dumps({
    "deals": deals,
    "size": {"deals": len(slugs), "projects": Project.objects.count(),
             "ledger_entries": LedgerEntry.objects.count()},
    "users": sorted(users),
}))
"""

# Runs inside `regiodeal shell`: the ledger entries this run wrote, by source document prefix.
VERIFY = r"""
import json, os
from regiodeal.finance.models import LedgerEntry
run = os.environ["BENCH_LOAD_RUN"]
writes = LedgerEntry.objects.filter(source_document__startswith=f"LOAD-{run}-")
print(json.dumps({
    "writes": sorted(writes.values_list("source_document", flat=True)),
    "imported": LedgerEntry.objects.filter(source_document__startswith=f"IMPORT-{run}-").count(),
}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def regiodeal(args, env, stdin=None) -> str:
    done = subprocess.run([REGIODEAL, *args], env=env, input=stdin, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"regiodeal {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return done.stdout


def shell_json(code: str, env) -> dict:
    return json.loads(regiodeal(["shell", "--no-imports", "-c", code], env).strip().splitlines()[-1])


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))] if values else None


# ---------------------------------------------------------------------------------------------
# HTTP


class Session:
    """One client: a connection to the server and the cookies it was given (gunicorn's sync
    workers close the connection after each response; http.client reopens it)."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=HTTP_TIMEOUT)
        self.cookies: dict[str, str] = dict(cookies or {})

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=HTTP_TIMEOUT)
            raise
        for value in response.headers.get_all("Set-Cookie") or []:
            name, rest = value.split("=", 1)
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data

    def login(self, username: str) -> float:
        """Log in through the login form; returns the seconds it took. Raises on failure."""
        started = time.perf_counter()
        status, _ = self.request("GET", "/accounts/login/")
        if status != 200 or "csrftoken" not in self.cookies:
            raise RuntimeError(f"login page: HTTP {status}, cookies {sorted(self.cookies)}")
        form = urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.cookies["csrftoken"]}
        ).encode()
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            form,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}/accounts/login/",
            },
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login as {username}: HTTP {status} (expected 302 and a session cookie)")
        return time.perf_counter() - started


@dataclass
class Samples:
    """(start, latency, status, path) of every request of one kind; start relative to the run's."""

    items: list[tuple[float, float, int, str]] = field(default_factory=list)
    first_error: dict[int, str] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)


def worker(kind, port, urls, stop, t0, samples: Samples, lock, cookies=None, write=None, offset=0):
    session = Session(port, cookies)
    i = offset
    own: list[tuple[float, float, int, str]] = []
    created: list[str] = []
    errors: dict[int, str] = {}
    while not stop.is_set():
        i += 1
        if kind == "write":
            source = f"{write['prefix']}{i}"
            body = json.dumps({**write["entry"], "source_document": source}).encode()
            headers = {
                "Content-Type": "application/json",
                "X-CSRFToken": session.cookies["csrftoken"],
                "Referer": f"http://127.0.0.1:{port}/",
            }
            method, path = "POST", write["path"]
        else:
            method, path, body, headers = "GET", urls[i % len(urls)], None, {}
        start = time.perf_counter()
        try:
            status, data = session.request(method, path, body, headers)
        except (http.client.HTTPException, OSError) as exc:
            status, data = 599, repr(exc).encode()
        own.append((start - t0, time.perf_counter() - start, status, path))
        ok = status == 201 if kind == "write" else status < 400
        if kind == "write" and status == 201:
            created.append(source)
        if not ok and status not in errors:
            errors[status] = f"{method} {path}: {data[:300].decode('utf-8', 'replace')}"
    with lock:
        samples.items += own
        samples.created += created
        for status, text in errors.items():
            samples.first_error.setdefault(status, text)


# ---------------------------------------------------------------------------------------------
# The database under test


def public_urls(deals: list[dict]) -> tuple[list[str], list[str]]:
    pages, api = ["/"], ["/api/v1/public/deals/"]
    for d in deals:
        s = d["slug"]
        pages += [
            f"/deals/{s}/",
            f"/en/deals/{s}/",
            f"/deals/{s}/public/projects/",
            f"/deals/{s}/public/money/",
            f"/deals/{s}/public/results/",
        ]
        for name in ("pillar", "gemeente", "wijk"):
            if d[name]:
                pages.append(f"/deals/{s}/public/projects/?{name}={d[name]}")
        if d["pillar"] and d["gemeente"]:
            pages.append(f"/deals/{s}/public/projects/?pillar={d['pillar']}&gemeente={d['gemeente']}")
        if d["public_project"]:
            pages.append(f"/deals/{s}/public/projects/{d['public_project']}/")
        api += [
            f"/api/v1/public/deals/{s}/",
            f"/api/v1/public/deals/{s}/projects/",
            f"/api/v1/public/deals/{s}/money-per-line/",
            f"/api/v1/public/deals/{s}/money-per-party/",
            f"/api/v1/public/deals/{s}/results/",
        ]
    return pages, api


def internal_urls(slug: str) -> list[str]:
    return [
        f"/api/v1/deals/{slug}/finance/overview/",
        f"/api/v1/deals/{slug}/finance/entries/?limit=50",
        f"/api/v1/deals/{slug}/projects/",
    ]


def write_import_csv(path: Path, rows: int, deal: dict, run_id: str, seed: int = 1) -> None:
    """`rows` spending rows valid for the deal (its pillar budget lines and projects), in the
    documented layout, Dutch and international notation mixed, both date styles."""
    rng = random.Random(seed)
    today = dt.date.today()
    lines, projects = deal["lines"], deal["project_codes"] or [""]
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, delimiter=";")
        out.writerow(["datum", "bedrag", "begrotingsregel", "ten_laste_van", "project", "brondocument"])
        for i in range(rows):
            euros, cents = divmod(rng.randint(100, 50_000_00), 100)
            amount = f"{euros:,}.{cents:02d}"
            if i % 2:
                amount = amount.replace(",", "_").replace(".", ",").replace("_", ".")
            day = today - dt.timedelta(days=rng.randint(0, 364))
            out.writerow(
                [
                    day.isoformat() if i % 3 else day.strftime("%d-%m-%Y"),
                    amount,
                    rng.choice(lines),
                    rng.choice(("rijk", "regio")) if projects != [""] else "regio",  # rijk needs a project
                    rng.choice(projects),
                    f"IMPORT-{run_id}-{i}",
                ]
            )


@dataclass
class Target:
    env: dict
    database: str
    throwaway: bool
    temp: Path
    facts: dict


def prepare(deal: str | None, sample: int, log) -> Target:
    temp = Path(tempfile.mkdtemp(prefix="regiodeal-load-"))
    env = {**os.environ, "REGIODEAL_SECURE_COOKIES": "false", "REGIODEAL_LOG_LEVEL": "WARNING"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    throwaway = not env.get("DATABASE_URL") and not env.get("REGIODEAL_DATA_DIR")
    if not env.get("REGIODEAL_DATA_DIR"):
        env["REGIODEAL_DATA_DIR"] = str(temp / "data")  # static files, cache, secret key
    database = "PostgreSQL" if env.get("DATABASE_URL", "").startswith("postg") else "SQLite"
    where = "throwaway" if throwaway else (env.get("DATABASE_URL") or env["REGIODEAL_DATA_DIR"])
    log(f"Setting up ({database}, {where}) ...")
    regiodeal(["setup"], env)
    env.update(BENCH_LOAD_DEAL=deal or "", BENCH_LOAD_SAMPLE=str(sample))
    facts = shell_json(DISCOVER, env)
    if not facts["deals"]:
        raise RuntimeError("the database holds no deal")
    main = facts["deals"][0]
    if main["projects"] == 0:
        log(f"Adding the demo portfolio to {main['slug']} ...")
        regiodeal(["demo", "--deal", main["slug"]], env)
        facts = shell_json(DISCOVER, env)
        main = facts["deals"][0]
    for role in ("office", "auditor"):
        name = f"bench-load-{role}-{main['slug']}"[:150]
        if name not in facts["users"]:
            regiodeal(
                [
                    "createuser",
                    name,
                    "--email",
                    f"{name}@example.nl",
                    "--password-stdin",
                    "--role",
                    "programme_office" if role == "office" else "auditor",
                    "--deal",
                    main["slug"],
                ],
                env,
                stdin=PASSWORD + "\n",
            )
    return Target(env=env, database=database, throwaway=throwaway, temp=temp, facts=facts)


# ---------------------------------------------------------------------------------------------
# The run


def _row(database, phase, kind, items, seconds, first_error=None, note="", label=None) -> dict:
    latencies = [x[1] for x in items]
    statuses = Counter(x[2] for x in items)
    ok = (lambda s: s == 201) if kind == "write" else (lambda s: s < 400)
    errors = sum(n for s, n in statuses.items() if not ok(s))
    if errors and first_error and not note:
        note = next((first_error[s] for s in sorted(statuses) if not ok(s) and s in first_error), "")
    ms = lambda v: None if v is None else round(v * 1000, 1)  # noqa: E731
    return {
        "benchmark": "load",
        "database": database,
        "phase": phase,
        "kind": label or kind,
        "seconds": round(seconds, 1),
        "requests": len(items),
        "rps": round(len(items) / seconds, 1) if seconds > 0 else None,
        "p50_ms": ms(percentile(latencies, 50)),
        "p95_ms": ms(percentile(latencies, 95)),
        "p99_ms": ms(percentile(latencies, 99)),
        "max_ms": ms(max(latencies) if latencies else None),
        "errors": errors,
        "statuses": " ".join(f"{s}:{n}" for s, n in sorted(statuses.items())),
        "note": note[:300],
    }


def _deal_in(path: str) -> str | None:
    """The deal a public address is of (/deals/<slug>/..., /en/deals/..., /api/v1/public/deals/<slug>/...);
    None for the home page and the list of deals."""
    match = re.search(r"/deals/([^/?]+)/", path)
    return match.group(1) if match else None


def _latency(values: list[float]) -> str:
    return (
        f"{len(values)} requests, p50 {percentile(values, 50) * 1000:.1f} ms, "
        f"mean {statistics.fmean(values) * 1000:.1f} ms"
    )


def written_against_others(database, phases, samples, slug: str) -> list[dict]:
    """Per phase and kind of public read: the requests for the deal being written to against those
    for the other deals of the sample (the same addresses, deal by deal), their median and mean
    latency, and the ratio (issue 20's target: the deal written to at most 1.5x slower). Writes and
    an import invalidate that deal's cached figures, not the others'."""
    out = []
    for phase, start, end in phases:
        for kind in ("public page", "public API"):
            items = [x for x in samples[kind].items if start <= x[0] < end and _deal_in(x[3])]
            mine = [x[1] for x in items if _deal_in(x[3]) == slug]
            others = [x[1] for x in items if _deal_in(x[3]) != slug]
            if not mine or not others:
                continue
            p50 = percentile(mine, 50) / percentile(others, 50)
            mean = statistics.fmean(mine) / statistics.fmean(others)
            out.append(
                {
                    **_row(database, phase, kind, [], end - start),
                    "kind": f"{kind}, deal written to / others",
                    "requests": len(mine) + len(others),
                    "rps": None,
                    "ratio_p50": round(p50, 2),
                    "ratio_mean": round(mean, 2),
                    "note": f"{slug}: {_latency(mine)}; the other deals: {_latency(others)} = "
                    f"{p50:.2f}x (p50), {mean:.2f}x (mean)",
                }
            )
    return out


def run(
    *,
    seconds: float = 20,
    readers: int = 8,
    internal_readers: int | None = None,
    writers: int = 2,
    workers: int = 2,
    import_rows: int = 0,
    import_timeout: float = 1800,
    after: float | None = None,
    warmup: float = 3,
    deal: str | None = None,
    deals: int = 5,
    per_url: bool = False,
    log=lambda message: print(message, file=sys.stderr),
) -> list[dict]:
    """Run the load test; return the rows (dicts: benchmark, database, phase, kind, seconds,
    requests, rps, p50_ms, p95_ms, p99_ms, max_ms, errors, statuses, note). Phases: `steady`, or
    with import_rows `without import`, `during import`, `after import`; kinds: public page,
    public API, internal API, write, plus `import` (the separate import process) and `writes
    check` (requests = writes answered 201, errors = those missing from the ledger, or 1 when
    there were writers and none of their writes was answered 201)."""
    internal_readers = max(1, readers // 2) if internal_readers is None else internal_readers
    after = seconds / 2 if after is None else after
    target = prepare(deal, deals, log)
    env, facts = target.env, target.facts
    main = facts["deals"][0]
    run_id = time.strftime("%m%d%H%M%S") + uuid.uuid4().hex[:4]
    env["BENCH_LOAD_RUN"] = run_id
    pages, api = public_urls(facts["deals"])
    csv_path = target.temp / f"spending-{run_id}.csv"
    if import_rows:
        log(f"Writing {import_rows:,} rows for {main['slug']} to {csv_path} ...")
        write_import_csv(csv_path, import_rows, main, run_id)
    server_log = target.temp / "server.log"
    port = free_port()
    with server_log.open("wb") as err:
        server = subprocess.Popen(
            [REGIODEAL, "serve", "--port", str(port), "--workers", str(workers), "--no-setup"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    importer = None
    phases: list[tuple[str, float, float]] = []
    samples = {kind: Samples() for kind in KINDS}
    import_result: dict = {}
    load = [os.getloadavg()[0]]
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError(f"the server stopped:\n{server_log.read_text()[-2000:]}") from None
                time.sleep(0.1)
        # One login per account, before the clock starts; the threads share its cookies.
        cookies, login_seconds = {}, {}
        for role in ("office", "auditor"):
            if (role == "office" and not writers) or (role == "auditor" and not internal_readers):
                continue
            session = Session(port)
            login_seconds[role] = session.login(f"bench-load-{role}-{main['slug']}"[:150])
            cookies[role] = dict(session.cookies)
        log(f"Logged in ({', '.join(f'{k} {v:.1f} s' for k, v in login_seconds.items())}); running ...")
        write = {
            "path": f"/api/v1/deals/{main['slug']}/finance/entries/",
            "entry": {
                "kind": "spending",
                "booked_on": (dt.date.today() - dt.timedelta(days=30)).isoformat(),
                "amount": "12.34",
                "budget_line": main["lines"][0] if main["lines"] else "",
                "project": main["project_codes"][0] if main["project_codes"] else "",
                "funding": "regional",
            },
        }
        stop, lock, threads = threading.Event(), threading.Lock(), []
        inside = internal_urls(main["slug"])
        t0 = time.perf_counter()
        plan = (
            [("public page", pages, None, n) for n in range(readers - readers // 2)]
            + [("public API", api, None, n) for n in range(readers // 2)]
            + [("internal API", inside, cookies.get("auditor"), n) for n in range(internal_readers)]
            + [("write", None, cookies.get("office"), n) for n in range(writers)]
        )
        for kind, urls, jar, n in plan:
            w = {**write, "prefix": f"LOAD-{run_id}-{n}-"} if kind == "write" else None
            offset = n * 7 + (len(urls) // max(1, readers) * n if urls else 0)
            threads.append(
                threading.Thread(
                    target=worker,
                    args=(kind, port, urls, stop, t0, samples[kind], lock, jar, w, offset),
                    daemon=True,
                )
            )
        for t in threads:
            t.start()
        now = lambda: time.perf_counter() - t0  # noqa: E731
        time.sleep(warmup)
        if not import_rows:
            time.sleep(seconds)
            phases.append(("steady", warmup, now()))
        else:
            time.sleep(seconds)
            phases.append(("without import", warmup, now()))
            start = now()
            log(f"Importing {import_rows:,} rows in a separate process while the load goes on ...")
            with (target.temp / "import.log").open("w") as out:
                importer = subprocess.Popen(
                    [REGIODEAL, "import", "spending", str(csv_path), "--deal", main["slug"], "--no-progress"],
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
                try:
                    code = importer.wait(timeout=import_timeout)
                except subprocess.TimeoutExpired:
                    importer.terminate()
                    code = importer.wait(timeout=60)
                    import_result["timed_out"] = True
            end = now()
            import_result.update(code=code, seconds=end - start)
            phases.append(("during import", start, end))
            if after > 0:
                time.sleep(after)
                phases.append(("after import", end, now()))
        stop.set()
        for t in threads:
            t.join(timeout=HTTP_TIMEOUT + 10)
    finally:
        stop_all = [p for p in (importer, server) if p is not None and p.poll() is None]
        for p in stop_all:
            p.terminate()
        for p in stop_all:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
    load.append(os.getloadavg()[0])

    stored = shell_json(VERIFY, env)
    created = [s for kind in KINDS for s in samples[kind].created]
    lost = sorted(set(created) - set(stored["writes"]))
    unanswered = sorted(set(stored["writes"]) - set(created))
    rows = []
    for phase, start, end in phases:
        for kind in KINDS:
            items = [x for x in samples[kind].items if start <= x[0] < end]
            if items or (kind == "write" and writers) or (kind == "internal API" and internal_readers):
                rows.append(_row(target.database, phase, kind, items, end - start, samples[kind].first_error))
            if per_url and kind != "write":
                for path in sorted({x[3] for x in items}):
                    mine = [x for x in items if x[3] == path]
                    rows.append(_row(target.database, phase, kind, mine, end - start, label=f"GET {path}"))
    rows += written_against_others(target.database, phases, samples, main["slug"])
    if import_rows:
        ok = import_result.get("code") == 0 and stored["imported"] == import_rows
        tail = (target.temp / "import.log").read_text(errors="replace").strip().splitlines()[-1:]
        rows.append(
            {
                **_row(target.database, "during import", "import", [], import_result["seconds"]),
                "requests": import_rows,
                "rps": round(import_rows / import_result["seconds"], 1),
                "errors": 0 if ok else 1,
                "statuses": f"exit:{import_result.get('code')}",
                "note": (
                    f"{stored['imported']:,} of {import_rows:,} rows in the ledger afterwards"
                    + ("; stopped after --import-timeout" if import_result.get("timed_out") else "")
                    + (f"; {tail[0]}" if tail and not ok else "")
                ),
            }
        )
    locked = server_log.read_text(errors="replace").count("database is locked")
    rows.append(
        {
            **_row(target.database, "all", "writes check", [], phases[-1][2] if phases else 0),
            "requests": len(created),
            "rps": None,
            # No write at all is a failure of the benchmark, not a clean result.
            "errors": len(lost) + (1 if writers and not created else 0),
            "note": (
                ("THE WRITERS WROTE NOTHING; " if writers and not created else "")
                + f"{len(created)} writes answered 201, {len(lost)} of them missing from the ledger; "
                f"{len(unanswered)} in the ledger without a 201 answer"
                + (f"; 'database is locked' {locked} times in the server log" if locked else "")
            ),
        }
    )
    size = facts["size"]
    for row in rows:
        row.update(
            workers=workers,
            readers=readers,
            internal_readers=internal_readers,
            writers=writers,
            deal=main["slug"],
            data=f"{size['deals']} deals, {size['projects']} projects, "
            f"{size['ledger_entries']} ledger entries",
            load_average=f"{load[0]:.2f} -> {load[-1]:.2f}",
        )
    csv_path.unlink(missing_ok=True)
    if target.throwaway:
        shutil.rmtree(target.temp / "data", ignore_errors=True)
    if target.throwaway and not any(r["errors"] for r in rows):
        shutil.rmtree(target.temp, ignore_errors=True)
    else:
        log(f"Server log (errors with their tracebacks) and import log in {target.temp}")
    return rows


# ---------------------------------------------------------------------------------------------
# The command line


def print_table(rows: list[dict]) -> None:
    urls = [r for r in rows if r["kind"].startswith("GET ")]
    compared = [r for r in rows if "ratio_p50" in r]
    rows = [r for r in rows if not r["kind"].startswith("GET ") and "ratio_p50" not in r]
    first = rows[0]
    print(
        f"\nLoad test: {first['database']} ({first['data']}), deal {first['deal']}, gunicorn "
        f"{first['workers']} workers; {first['readers']} public readers (pages and API), "
        f"{first['internal_readers']} internal readers, {first['writers']} writers; "
        f"load average {first['load_average']}"
    )
    head = f"{'phase':<15}{'kind':<14}{'s':>6}{'requests':>9}{'req/s':>8}"
    print(head + f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}{'errors':>7}  statuses")
    for r in rows:
        cells = [r["p50_ms"], r["p95_ms"], r["p99_ms"], r["max_ms"]]
        print(
            f"{r['phase']:<15}{r['kind']:<14}{r['seconds']:>6}{r['requests']:>9}{r['rps'] or '':>8}"
            + "".join(f"{'' if c is None else c:>9}" for c in cells)
            + f"{r['errors']:>7}  {r['statuses']}"
        )
    for r in rows:
        if r["note"]:
            print(f"  {r['phase']} / {r['kind']}: {r['note']}")
    if urls:
        print(f"\n{'phase':<15}{'address':<70}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'errors':>7}")
        for r in urls:
            print(
                f"{r['phase']:<15}{r['kind'][4:]:<70}{r['requests']:>9}{r['p50_ms']:>9}{r['p95_ms']:>9}"
                f"{r['errors']:>7}"
            )
    if compared:
        print(f"\nThe deal written to ({first['deal']}) against the other deals of the sample, public reads:")
        for r in compared:
            print(f"  {r['phase']:<15}{r['kind']:<40} {r['note']}")
    by = {(r["phase"], r["kind"]): r for r in rows}
    for kind in ("public page", "public API"):
        a, b = by.get(("without import", kind)), by.get(("during import", kind))
        if a and b and a["rps"]:
            print(
                f"{kind} during the import: {b['rps']} req/s, p95 {b['p95_ms']} ms, {b['errors']} errors "
                f"(without: {a['rps']} req/s, p95 {a['p95_ms']} ms) = {b['rps'] / a['rps']:.2f} of the "
                "throughput"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20, help="length of the measured phase(s)")
    parser.add_argument("--readers", type=int, default=8, help="public readers, half pages, half API")
    parser.add_argument("--internal-readers", type=int, help="default: half the public readers")
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--import-rows", type=int, default=0, help="run an import of this many rows")
    parser.add_argument("--import-timeout", type=float, default=1800, help="seconds before it is stopped")
    parser.add_argument("--after", type=float, help="seconds measured after the import (default half)")
    parser.add_argument("--warmup", type=float, default=3, help="seconds not measured at the start")
    parser.add_argument("--deal", help="deal written to and imported into (default waterwegregio)")
    parser.add_argument("--deals", type=int, default=5, help="deals whose public pages are read")
    parser.add_argument("--per-url", action="store_true", help="also a row per address read")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    args = parser.parse_args()
    rows = run(
        seconds=args.seconds,
        readers=args.readers,
        internal_readers=args.internal_readers,
        writers=args.writers,
        workers=args.workers,
        import_rows=args.import_rows,
        import_timeout=args.import_timeout,
        after=args.after,
        warmup=args.warmup,
        deal=args.deal,
        deals=args.deals,
        per_url=args.per_url,
    )
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    if any(r["errors"] for r in rows):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
