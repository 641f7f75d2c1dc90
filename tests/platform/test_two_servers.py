"""Two app servers behind one load balancer (docs/deployment.md): two gunicorn
servers in separate processes, each with its own data folder (two machines), on one PostgreSQL and
one Redis, with one shared folder standing in for S3-compatible storage. What is done through one
server is seen at once through the other: a logout, a booking, an uploaded file, a
confidentiality decision (Art. 10.1) and a role ended. Also the locks and the rate limit that hold
across them."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import requests

from tests.platform.conftest import REGIODEAL

pytestmark = pytest.mark.subprocess

PGBINS = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
REDIS = shutil.which("redis-server")
DEAL = "/deals/waterwegregio"
PASSWORD = "twee servers één Redis"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, what: str, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while True:
        try:
            found = check()
        except OSError:
            found = None
        if found:
            return found
        assert time.monotonic() < deadline, f"{what} did not come up"
        time.sleep(0.2)


@pytest.fixture(scope="module")
def postgres():
    if not PGBINS:
        pytest.skip("initdb is not installed (Debian's postgresql: scripts/system-deps.sh --postgres)")
    pgbin = PGBINS[-1].parent
    folder = Path(tempfile.mkdtemp(prefix="regiodeal-pg-"))
    port = free_port()
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_postgres:
        shutil.chown(folder, "postgres")
    subprocess.run(
        [*as_postgres, pgbin / "initdb", "-D", folder, "-U", "postgres", "-A", "trust", "-E", "UTF8"],
        check=True,
        capture_output=True,
    )
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off"
    subprocess.run(
        [*as_postgres, pgbin / "pg_ctl", "-D", folder, "-l", folder / "log", "-w", "-o", options, "start"],
        check=True,
        capture_output=True,
    )
    try:
        subprocess.run(
            [
                *as_postgres,
                pgbin / "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                "-qc",
                "CREATE DATABASE regiodeal",
            ],
            check=True,
            capture_output=True,
        )
        yield f"postgres://postgres@127.0.0.1:{port}/regiodeal"
    finally:
        subprocess.run(
            [*as_postgres, pgbin / "pg_ctl", "-D", folder, "-m", "fast", "-w", "stop"], capture_output=True
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def redis_url():
    if not REDIS:
        pytest.skip("redis-server is not installed (Debian's redis-server: scripts/system-deps.sh)")
    folder = Path(tempfile.mkdtemp(prefix="regiodeal-redis-"))
    socket_path = folder / "redis.sock"
    server = subprocess.Popen(
        [
            REDIS,
            "--port",
            "0",
            "--unixsocket",
            str(socket_path),
            "--unixsocketperm",
            "700",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for(socket_path.exists, "redis-server", 10)
        yield f"unix://{socket_path}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


# The example portfolio, the deal signed by its ten Parties (in force) and two accounts, written in
# one process through the platform's own command and services (the createuser command has tests of
# its own: tests/platform/test_createuser_command.py).
EXAMPLE_DEAL = f"""
import datetime as dt
from django.core.management import call_command
from regiodeal.accounts.services import user_create
from regiodeal.audit.services import Actor
from regiodeal.deals.models import Deal, Signature

call_command("demo", "--deal", "waterwegregio")
deal = Deal.objects.get(slug="waterwegregio")
parties = ["VRO", "BZK", "OCW", "SZW", "IENW", "MAASSLUIS", "ROTTERDAM", "SCHIEDAM", "VLAARDINGEN", "PZH"]
for organisation in deal.organisations.filter(code__in=parties):
    Signature.objects.get_or_create(
        deal=deal, organisation=organisation, defaults={{"signed_on": dt.date(2024, 10, 1)}}
    )
accounts = [("office", "programme_office", None), ("rep", "party_representative", "SCHIEDAM")]
for username, role, code in accounts:
    user_create(
        actor=Actor.cli(),
        username=username,
        email=username + "@example.nl",
        password={PASSWORD!r},
        role=role,
        deal=deal,
        organisation=deal.organisations.get(code=code) if code else None,
    )
"""


@pytest.fixture(scope="module")
def platform(postgres, redis_url):
    """The database migrated once, the deal signed by its ten Parties with an example portfolio,
    two accounts, and two servers A and B (each its own data folder; the uploads folder shared)."""
    root = Path(tempfile.mkdtemp(prefix="regiodeal-two-"))
    shared = root / "shared"
    common = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "REGIODEAL_DATA_DIR"}
    }
    common.update(
        DATABASE_URL=postgres,
        REDIS_URL=redis_url,
        DJANGO_SECRET_KEY="the secret key both servers share " * 2,
        REGIODEAL_AUDIT_KEY="the audit key both servers share",
        REGIODEAL_STORAGE="local",
        REGIODEAL_MEDIA_DIR=str(shared / "media"),
        REGIODEAL_IMPORTS_DIR=str(shared / "imports"),
        REGIODEAL_SECURE_COOKIES="false",
    )
    envs = {name: {**common, "REGIODEAL_DATA_DIR": str(root / name)} for name in ("a", "b")}

    def run(name, *args):
        result = subprocess.run(
            [REGIODEAL, *args], env=envs[name], capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    run("a", "setup")  # migrations once, for both servers
    run("b", "collectstatic", "--noinput", "-v0")  # each server its own static files
    run("a", "shell", "-c", EXAMPLE_DEAL)  # one process: the demo, the signatures, two accounts
    servers, bases, logs = [], {}, []
    try:
        for name in ("a", "b"):
            port = free_port()
            log = (root / f"{name}.log").open("w")
            logs.append(log)
            servers.append(
                subprocess.Popen(
                    [
                        REGIODEAL,
                        "serve",
                        "--no-setup",
                        "--no-worker",
                        "--port",
                        str(port),
                        "--workers",
                        "1",
                        "--threads",
                        "2",
                    ],
                    env=envs[name],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
            bases[name] = f"http://127.0.0.1:{port}"
        for name, base in bases.items():
            wait_for(
                lambda base=base: requests.get(f"{base}/healthz", timeout=5).status_code,
                f"server {name}",
                180,  # a busy 2-core machine
            )
        yield {"a": bases["a"], "b": bases["b"], "run": run, "shared": shared, "root": root}
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=20)
        for log in logs:
            log.close()
        shutil.rmtree(root, ignore_errors=True)


def logged_in(base: str, username: str) -> requests.Session:
    """A browser's session: the login form with its CSRF token, as a person fills it in."""
    session = requests.Session()
    form = session.get(f"{base}/accounts/login/", timeout=10)
    assert form.status_code == 200, form.status_code
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    done = session.post(
        form.url,
        data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        headers={"Referer": form.url},
        timeout=10,
    )
    assert done.status_code == 200 and "sessionid" in session.cookies, done.text[:500]
    return session


def on(session: requests.Session, base: str, path: str, **kwargs) -> requests.Response:
    """The same browser (its cookies) sent to another server by the load balancer."""
    return session.get(f"{base}{path}", timeout=30, allow_redirects=False, **kwargs)


def write(session: requests.Session, base: str, method: str, path: str, **kwargs) -> requests.Response:
    headers = {"X-CSRFToken": session.cookies["csrftoken"], "Referer": f"{base}/"}
    return session.request(method, f"{base}{path}", headers=headers, timeout=60, **kwargs)


def a_logout_through_one_server_ends_the_session_on_the_other(platform):
    a, b = platform["a"], platform["b"]
    browser = logged_in(a, "office")
    cookie = browser.cookies["sessionid"]
    assert on(browser, b, f"{DEAL}/finance/").status_code == 200  # B reads (and caches) the session
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', on(browser, a, f"{DEAL}/finance/").text)
    out = browser.post(
        f"{a}/accounts/logout/",
        data={"csrfmiddlewaretoken": token.group(1)},
        headers={"Referer": f"{a}/"},
        timeout=10,
        allow_redirects=False,
    )
    assert out.status_code == 302
    answer = on(browser, b, f"{DEAL}/finance/")
    assert answer.status_code == 302 and "/login/" in answer.headers["Location"]
    # The old cookie replayed on B (a tab that still holds it, a stolen copy): logged out there too.
    stale = requests.Session()
    stale.cookies.set("sessionid", cookie)
    answer = on(stale, b, f"{DEAL}/finance/")
    assert answer.status_code == 302 and "/login/" in answer.headers["Location"]


def a_booking_through_one_server_shows_at_once_on_the_other(platform):
    a, b = platform["a"], platform["b"]
    office = logged_in(a, "office")
    before = on(office, b, f"/api/v1{DEAL}/finance/overview/").json()  # now cached in Redis
    booked = write(
        office,
        a,
        "POST",
        f"/api/v1{DEAL}/finance/entries/",
        json={
            "kind": "regional_contribution",
            "booked_on": dt.date.today().isoformat(),
            "amount": "1234.56",
            "budget_line": "P2",
            "organisation": "ROTTERDAM",
            "contribution_status": "paid",
            "sector": "public",
            "form": "cash",
            "source_document": "twee servers",
        },
    )
    assert booked.status_code == 201, booked.text
    after = on(office, b, f"/api/v1{DEAL}/finance/overview/").json()
    assert after != before
    listed = on(office, b, f"/api/v1{DEAL}/finance/entries/?kind=regional_contribution&limit=1000").json()
    assert booked.json()["id"] in [row["id"] for row in listed["results"]]


def a_file_uploaded_through_one_server_is_served_by_the_other(platform):
    a, b = platform["a"], platform["b"]
    office = logged_in(a, "office")
    current = on(office, a, f"/api/v1{DEAL}/finance/cooperation-agreement/").json()
    content = b"%PDF-1.4 de samenwerkingsovereenkomst, getekend"
    data = {"signed_on": "2025-01-15", "vat_level": "0.00", "vat_estimate": "0.00", "note": "twee servers"}
    if current["lock_version"] is not None:
        data["expected_version"] = str(current["lock_version"])
    saved = write(
        office,
        a,
        "PUT",
        f"/api/v1{DEAL}/finance/cooperation-agreement/",
        data=data,
        files={"file": ("swo.pdf", content, "application/pdf")},
    )
    assert saved.status_code == 200, saved.text
    download = on(office, b, f"{DEAL}/finance/samenwerkingsovereenkomst/bestand/")
    assert download.status_code == 200 and download.content == content
    # Kept in the shared folder (the stand-in for S3), not in either server's own data folder.
    assert any(p.read_bytes() == content for p in platform["shared"].rglob("*.pdf"))
    assert not list((platform["root"] / "b").rglob("swo*.pdf"))


def a_confidentiality_decision_through_one_server_hides_the_record_on_the_other(platform):
    a, b = platform["a"], platform["b"]
    visitor = requests.Session()
    listing = on(visitor, b, f"{DEAL}/public/projects/").text  # cached in Redis now
    code = re.search(rf'href="(?:/\w\w)?{DEAL}/public/projects/([^/"]+)/"', listing).group(1)
    page = f"{DEAL}/public/projects/{code}/"
    assert on(visitor, b, page).status_code == 200
    pk = platform["run"](
        "a",
        "shell",
        "-c",
        f"from regiodeal.projects.models import Project; print(Project.objects.get(code='{code}').pk)",
    ).split()[-1]
    rep = logged_in(a, "rep")
    filed = write(
        rep,
        a,
        "POST",
        f"/api/v1{DEAL}/governance/requests/",
        json={
            "kind": "confidentiality",
            "filed_by": "SCHIEDAM",
            "filed_on": dt.date.today().isoformat(),
            "reasons": "De grondonderhandelingen lopen nog.",
            "record_kind": "projects.project",
            "record_id": int(pk),
            "woo_ground": "5.1.2.f",
        },
    )
    assert filed.status_code == 201, filed.text
    # Art. 10.1: kept confidential from the request on, on every server, cache or not.
    assert on(visitor, b, page).status_code == 404
    assert f"/public/projects/{code}/" not in on(visitor, b, f"{DEAL}/public/projects/").text


@pytest.fixture
def redis_cache(redis_url, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "locks-test",
        }
    }
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_the_idea_rate_limit_counts_once_for_every_server_even_at_the_same_moment(redis_cache, settings):
    from regiodeal.ideas import ratelimit

    settings.REGIODEAL_IDEA_RATE_LIMIT = 5
    start = threading.Barrier(20)
    allowed = []

    def submit():
        start.wait()
        allowed.append(ratelimit.take("192.0.2.7"))

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert allowed.count(True) == 5 and ratelimit.is_limited("192.0.2.7")
    assert not ratelimit.is_limited("192.0.2.8")
    from regiodeal.common.locks import redis_client

    client, key = redis_client(ratelimit._key("192.0.2.7"))
    assert 0 < client.ttl(key) <= settings.REGIODEAL_IDEA_RATE_WINDOW  # the window expires


def test_the_build_lock_is_one_lock_for_every_server_and_expires(redis_cache):
    from regiodeal.common.locks import build_lock

    def other_server(name, wait):
        got = []
        thread = threading.Thread(target=lambda: got.append(build_lock(name, wait=wait).__enter__()))
        thread.start()
        thread.join()
        return got[0]

    with build_lock("board", timeout=30) as acquired:
        assert acquired
        assert other_server("board", 0.3) is False  # held: the other waits, then goes on without it
        assert other_server("another-board", 0.3) is True
    with build_lock("crashed", timeout=1):
        time.sleep(1.5)  # the holder died: its lock expires
        assert other_server("crashed", 0.3) is True


def settings_with(tmp_path, **env) -> subprocess.CompletedProcess:
    """The settings read in a fresh process with these variables (what a server does at start)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REGIODEAL_", "REDIS_"))}
    clean.update(REGIODEAL_DATA_DIR=str(tmp_path), **env)
    show = (
        "import json, regiodeal.conf.settings as s; "
        "print(json.dumps({'cache': s.CACHES['default'], 'files': s.STORAGES['default']}, default=str))"
    )
    return subprocess.run([sys.executable, "-c", show], env=clean, capture_output=True, text=True, timeout=60)


def test_without_redis_url_the_embedded_default_is_unchanged(tmp_path):
    result = settings_with(tmp_path)
    assert result.returncode == 0, result.stderr
    assert '"BACKEND": "regiodeal.common.cache.FileCache"' in result.stdout
    assert f'"location": "{tmp_path / "media"}"' in result.stdout


def test_redis_url_and_s3_storage_are_read_from_the_environment(tmp_path):
    result = settings_with(
        tmp_path,
        REDIS_URL="redis://10.0.0.5:6379/2",
        REGIODEAL_STORAGE="s3",
        REGIODEAL_S3_BUCKET="regiodeal",
        REGIODEAL_S3_ENDPOINT_URL="https://s3.example.nl",
    )
    assert result.returncode == 0, result.stderr
    assert '"BACKEND": "django.core.cache.backends.redis.RedisCache"' in result.stdout
    assert '"LOCATION": "redis://10.0.0.5:6379/2"' in result.stdout
    assert '"BACKEND": "storages.backends.s3.S3Storage"' in result.stdout
    assert '"bucket_name": "regiodeal"' in result.stdout and '"default_acl": "private"' in result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"REDIS_URL": "localhost:6379"}, "REDIS_URL='localhost:6379': use redis://host:port/db"),
        ({"REGIODEAL_STORAGE": "s3"}, "REGIODEAL_STORAGE=s3: set REGIODEAL_S3_BUCKET"),
        ({"REGIODEAL_STORAGE": "ftp"}, "REGIODEAL_STORAGE='ftp': use local or s3."),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(tmp_path, env, message):
    result = settings_with(tmp_path, **env)
    assert result.returncode != 0 and message in result.stderr


def test_a_restart_keeps_the_shared_cache_and_a_new_release_empties_only_its_own_keys(redis_cache, settings):
    from django.core.cache import cache

    from regiodeal.common import cache as shared
    from regiodeal.common.locks import redis_client

    client, _key = redis_client("x")
    other_platform = "another-platform:1:figure"
    client.set(other_platform, "theirs")
    cache.set("figure", "of the release before")
    assert "emptied" in shared.empty_for_new_release()  # a new release: its figures go
    assert cache.get("figure") is None and client.get(other_platform) == b"theirs"  # never FLUSHDB
    cache.set("figure", "of this release")
    assert "kept" in shared.empty_for_new_release()  # one server restarted: everyone's cache stays
    assert cache.get("figure") == "of this release"
    client.delete(other_platform)


def a_role_ended_through_one_server_holds_at_once_on_the_other(platform):
    """An account and its roles are kept in Redis between requests (accounts/kept.py): a role ended
    through A is refused through B on the very next request, though B kept it a moment before."""
    a, b = platform["a"], platform["b"]
    rep = logged_in(b, "rep")
    assert on(rep, b, f"{DEAL}/results/").status_code == 200  # B keeps the account and its role
    office = logged_in(a, "office")
    people = on(office, a, f"{DEAL}/people/").text
    pk = re.search(rf'href="{DEAL}/people/(\d+)/">Wijzig de rol van rep<', people).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', people).group(1)
    ended = office.post(
        f"{a}{DEAL}/people/{pk}/end/",
        data={"csrfmiddlewaretoken": token},
        headers={"Referer": f"{a}/"},
        timeout=30,
        allow_redirects=False,
    )
    assert ended.status_code == 302, ended.text[:500]
    assert on(rep, b, f"{DEAL}/results/").status_code == 403


def each_server_reports_its_redis_in_healthz(platform):
    for base in (platform["a"], platform["b"]):
        checks = requests.get(f"{base}/healthz", timeout=10).json()["checks"]
        assert checks["cache"] == {"ok": True} and checks["database"]["ok"]


def test_what_is_done_through_one_server_is_seen_at_once_through_the_other(platform):
    """One test, so that pytest-xdist starts the two servers once (its workers would each start
    them for a share of separate tests)."""
    each_server_reports_its_redis_in_healthz(platform)
    a_logout_through_one_server_ends_the_session_on_the_other(platform)
    a_booking_through_one_server_shows_at_once_on_the_other(platform)
    a_file_uploaded_through_one_server_is_served_by_the_other(platform)
    a_confidentiality_decision_through_one_server_hides_the_record_on_the_other(platform)
    a_role_ended_through_one_server_holds_at_once_on_the_other(platform)  # last: it ends rep's role
