"""Shared fixtures: the real Waterwegregio definition, loaded the way `regiodeal setup` loads it,
and a Debian Chromium for Playwright (`playwright install` cannot download a browser here)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from regiodeal.audit.services import Actor
from regiodeal.deals.services import bundled_definition_path, deal_load, definition_read_file

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def definition_text() -> str:
    return bundled_definition_path().read_text(encoding="utf-8")


@pytest.fixture
def waterwegregio(db):
    """The bundled covenant, loaded as version 1."""
    deal_def, text = definition_read_file(bundled_definition_path())
    return deal_load(
        deal_def=deal_def, source_text=text, source_name="waterwegregio.yaml", actor=Actor(label="test")
    ).deal


@pytest.fixture
def write_definition(tmp_path, definition_text):
    """Write a variant of the real definition: `write_definition(old, new)` replaces text once."""

    def write(*replacements: tuple[str, str], name: str = "deal.yaml", text: str | None = None) -> Path:
        content = definition_text if text is None else text
        for old, new in replacements:
            assert old in content, f"test set-up: {old!r} not in the definition"
            content = content.replace(old, new, 1)
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it.")
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}
