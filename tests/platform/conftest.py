"""What the tests that run the platform as a separate process share: a data folder after
`regiodeal setup`, made once for the whole run and copied for each test that needs one."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REGIODEAL = shutil.which("regiodeal", path=str(Path(sys.executable).parent))


def platform_env(data: Path) -> dict[str, str]:
    """The environment of a `regiodeal` process on the data folder `data` (its SQLite file, static
    files and secret key): this run's own settings and database are left out."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["REGIODEAL_DATA_DIR"] = str(data)
    return env


@pytest.fixture(scope="session")
def set_up_data(tmp_path_factory) -> Path:
    """A data folder as `regiodeal setup` leaves it: migrated, static files collected, the
    Waterwegregio loaded. `setup` takes some 7 s (the migrations nearly all of it), so it runs
    once for every worker of the run (pytest-xdist), under a lock, and is then only read; what it
    printed is kept beside it (`setup_output`). Where `serve` runs `setup` on an empty folder
    (tests/platform/test_console_command.py), it runs anew."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    data = root / "set-up-data"
    ready = _ready_mark(data)
    with open(root / "set-up-data.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not ready.exists():
            shutil.rmtree(data, ignore_errors=True)
            done = subprocess.run(
                [REGIODEAL, "setup"], env=platform_env(data), capture_output=True, text=True, timeout=180
            )
            assert done.returncode == 0, f"`regiodeal setup` failed:\n{done.stderr}"
            ready.write_text(done.stdout)
    return data


def setup_output(set_up_data: Path) -> str:
    """What `regiodeal setup` printed when it made the set-up data folder from nothing."""
    return _ready_mark(set_up_data).read_text()


def _ready_mark(data: Path) -> Path:
    """Beside the folder (a copy of the folder leaves it out): there once `setup` has finished,
    holding what it printed."""
    return data.with_name(data.name + ".ready")


def data_folder_copy(set_up_data: Path, where: Path) -> Path:
    """A copy of the set-up data folder at `where` (modes kept: the folder is the platform user's
    only, 0700, and so is the database file, 0600)."""
    shutil.copytree(set_up_data, where)
    return where
