"""The installed `regiodeal` console command, run as a user runs it: a separate process with its
own database (SQLite in a temporary folder), exit codes and all."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.platform.conftest import REGIODEAL, data_folder_copy, platform_env, setup_output

pytestmark = pytest.mark.subprocess


@pytest.fixture
def run(tmp_path):
    env = platform_env(tmp_path / "data")

    def run(*args, check=True):
        result = subprocess.run(
            [REGIODEAL, *args], env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path
        )
        if check:
            assert result.returncode == 0, result.stderr
        return result

    run.env = env
    return run


def test_validate_exits_2_and_names_the_place_of_each_problem(run, tmp_path, definition_text):
    bad = tmp_path / "bad.yaml"
    bad.write_text(definition_text.replace("regiokassier: ROTTERDAM", "regiokassier: NOWHERE"))
    result = run("deal", "validate", str(bad), check=False)
    assert result.returncode == 2
    line = next(
        n for n, text in enumerate(bad.read_text().splitlines(), 1) if "regiokassier: NOWHERE" in text
    )
    assert (
        f"{bad}:{line}: regiokassier: regiokassier 'NOWHERE' is not a Party code [unknown-reference]"
        in result.stderr
    )


def test_setup_then_show_prints_the_deal_as_json(run, tmp_path, set_up_data):
    # The first `setup`, of an empty folder, is the run's shared one (tests/platform/conftest.py),
    # whose output is kept; this test goes on with a copy of its folder.
    assert "Loaded Regio Deal Waterwegregio" in setup_output(set_up_data)
    data_folder_copy(set_up_data, tmp_path / "data")
    cached = tmp_path / "data" / "cache" / "left-by-the-release-before.djcache"
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(b"")
    second = run("setup")
    assert "Loaded" not in second.stdout and "Database ready." in second.stdout
    assert not cached.exists()  # a new release may render the cached pages differently
    data = json.loads(run("deal", "show", "waterwegregio", "--json").stdout)
    assert data["budget"]["totals"]["rijk"] == "17700000.00"
    assert data["starts_on"] is None


def test_a_bad_database_url_is_a_clear_error(run):
    run.env["DATABASE_URL"] = "mysql://localhost/regiodeal"
    result = run("deal", "show", "waterwegregio", check=False)
    assert result.returncode != 0
    assert "DATABASE_URL uses 'mysql': use a postgres:// or sqlite:/// URL." in result.stderr


# What the process holds as it ends, written by an exit handler (it runs before the interpreter's
# own end, as the log's flush does).
AT_EXIT = """
import atexit, gc, sys
atexit.register(lambda: print(gc.get_freeze_count() > 0, "openpyxl" in sys.modules, file=sys.stderr))
from regiodeal.cli import main
main(sys.argv[1:])
"""


def test_a_command_leaves_its_objects_to_the_operating_system_and_loads_excel_only_to_write_it(
    tmp_path, set_up_data
):
    """`regiodeal.cli.main` freezes the heap when the command is done, also when it ends with an
    error (else the interpreter's last collection walks every object: 0.3 s of a 1.5 s command),
    but not for a server, whose threads' connections only that collection closes; and loading the
    URLs (every command's system checks do) does not import openpyxl."""
    env = platform_env(data_folder_copy(set_up_data, tmp_path / "data"))
    for args, status, frozen in (
        (["check"], 0, True),
        (["deal", "show", "nowhere"], 2, True),
        (["serve", "--threads", "0", "--no-setup"], 2, False),
    ):
        done = subprocess.run(
            [sys.executable, "-c", AT_EXIT, *args], env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == status, done.stderr
        assert done.stderr.splitlines()[-1] == f"{frozen} False", (args, done.stderr)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_runs_setup_and_serves_pages_api_and_static_files(run):
    port = free_port()
    server = subprocess.Popen(
        [REGIODEAL, "serve", "--port", str(port), "--workers", "1"],
        env=run.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/deals/waterwegregio/", timeout=5) as response:
                    page = response.read().decode()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"regiodeal serve did not come up:\n{server.stdout.read()}")
                time.sleep(0.3)
        assert "Regio Deal Waterwegregio" in page
        css = page.split('href="/static/vendor/utrecht-component-library')[1].split('"')[0]
        with urllib.request.urlopen(f"{base}/static/vendor/utrecht-component-library{css}") as r:
            assert r.status == 200
            assert "max-age=315360000" in r.headers["Cache-Control"]  # hashed name: cached for good
        with urllib.request.urlopen(f"{base}/api/v1/deals/waterwegregio/parties/") as r:
            assert len(json.loads(r.read())) == 10
        # The background worker runs beside the web server: a job put on the queue gets done.
        run("shell", "-c", "from regiodeal.jobs.daily import purge_personal_data as j; j.enqueue()")
        status = "from django_tasks_db.models import DBTaskResult as R; print(R.objects.latest('enqueued_at').status)"  # noqa: E501
        deadline = time.monotonic() + 60
        while (state := run("shell", "--no-imports", "-c", status).stdout.strip()) != "SUCCESSFUL":
            assert time.monotonic() < deadline, f"the job is still {state}"
            time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=20)
    worker_pid = int(server.stdout.read().split("Background worker started (process ")[1].split(")")[0])
    with pytest.raises(ProcessLookupError):
        os.kill(worker_pid, 0)  # stopping the server stopped its worker too


def test_serve_refuses_a_port_out_of_range(run):
    result = run("serve", "--port", "70000", "--no-setup", check=False)
    assert result.returncode == 2
    assert "--port 70000: a port is a number from 1 to 65535." in result.stderr


def test_serve_refuses_zero_threads(run):
    result = run("serve", "--threads", "0", "--no-setup", check=False)
    assert result.returncode == 2
    assert "--threads 0: at least 1." in result.stderr
