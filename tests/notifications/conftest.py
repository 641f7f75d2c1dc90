"""Fixtures for notifications: the Waterwegregio deal signed by its ten Parties, and people in
every role, with another Party's representative and another deal's people beside them."""

from __future__ import annotations

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from regiodeal.accounts.roles import Role
from tests.governance.conftest import ACTOR, PARTIES, SIGNED_ON, declaration  # noqa: F401
from tests.governance.conftest import signed as signed  # the fixture


def run_jobs() -> list:
    """Run every waiting job in this test's own transaction, in order, as the worker would (the
    worker itself, which closes its connection, is run in the tests marked transaction=True)."""
    done = []
    while (row := DBTaskResult.objects.ready().order_by("enqueued_at", "id").first()) is not None:
        row.claim("test")
        value = row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
        row.set_successful(value)
        done.append((row.task_name, value))
    return done


def sent_to() -> list[str]:
    return sorted(address for m in mail.outbox for address in m.to)


@pytest.fixture
def people(signed, other_deal, make_user):
    """rep-<code> for Schiedam and Rotterdam, the programme office, the regiokassier, a project lead,
    an auditor, the ministry, and the programme office and a Schiedam representative of another deal."""
    return {
        "rep-schiedam": make_user(Role.PARTY_REPRESENTATIVE, signed, "SCHIEDAM", username="rep-schiedam"),
        "rep-rotterdam": make_user(Role.PARTY_REPRESENTATIVE, signed, "ROTTERDAM", username="rep-rotterdam"),
        "office": make_user(Role.PROGRAMME_OFFICE, signed, username="office"),
        "kassier": make_user(Role.REGIOKASSIER, signed, "ROTTERDAM", username="kassier"),
        "lead": make_user(Role.PROJECT_LEAD, signed, "VLAARDINGEN", username="lead"),
        "auditor": make_user(Role.AUDITOR, signed, username="auditor"),
        "ministry": make_user(Role.MINISTRY, username="ministry"),
        "other-office": make_user(Role.PROGRAMME_OFFICE, other_deal, username="other-office"),
        "other-rep": make_user(Role.PARTY_REPRESENTATIVE, other_deal, "SCHIEDAM", username="other-rep"),
    }
