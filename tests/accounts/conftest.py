"""Accounts fixtures: two projects to lead, and the link out of an invitation mail."""

from __future__ import annotations

import re

import pytest

from tests.factories import make_project

LINK = re.compile(r"https?://\S+/accounts/invitation/[\w-]+/")
RESET_LINK = re.compile(r"https?://\S+/accounts/password/reset/[\w-]+/[\w-]+/")


@pytest.fixture
def projects(waterwegregio):
    """WW-002 and WW-001 (made in that order, to show the lists go by code)."""
    return {code: make_project(waterwegregio, code) for code in ("WW-002", "WW-001", "WW-003")}


def link_in(message, pattern=LINK) -> str:
    found = pattern.findall(message.body)
    assert len(found) == 1, message.body
    return found[0]
