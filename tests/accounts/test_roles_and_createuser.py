"""Roles are declared once and enforced through `can`; accounts are made from the command line."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from regiodeal.accounts.permissions import can, deals_visible_to, organisations_represented
from regiodeal.accounts.roles import ROLE_CAPABILITIES, Capability, Role
from regiodeal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_every_role_has_its_capabilities_declared():
    assert set(ROLE_CAPABILITIES) == set(Role)


@pytest.mark.parametrize(
    ("role", "capability", "allowed"),
    [
        ("programme_office", Capability.MANAGE_PROJECTS, True),
        ("programme_office", Capability.CONSENT, False),  # only a Party consents (Art. 11)
        ("regiokassier", Capability.MANAGE_FINANCE, True),
        ("regiokassier", Capability.MANAGE_PROJECTS, False),
        ("party_representative", Capability.CONSENT, True),
        ("party_representative", Capability.MANAGE_FINANCE, False),
        ("project_lead", Capability.VIEW_INTERNAL, True),
        ("project_lead", Capability.MANAGE_PROJECTS, False),
        ("ministry", Capability.VIEW_FINANCE, True),
        ("ministry", Capability.MANAGE_FINANCE, False),
        ("auditor", Capability.VIEW_AUDIT, True),
        ("auditor", Capability.MANAGE_FINANCE, False),
        ("other_deal", Capability.VIEW_INTERNAL, False),
        ("anonymous", Capability.VIEW_INTERNAL, False),
    ],
)
def test_each_role_may_do_what_the_table_says_in_its_own_deal(
    role_users, waterwegregio, role, capability, allowed
):
    from django.contrib.auth.models import AnonymousUser

    user = role_users[role] or AnonymousUser()
    assert can(user, capability, waterwegregio) is allowed


def test_the_ministry_reads_every_deal_and_others_only_their_own(role_users, waterwegregio, other_deal):
    assert can(role_users["ministry"], Capability.VIEW_INTERNAL, other_deal)
    assert not can(role_users["programme_office"], Capability.VIEW_INTERNAL, other_deal)
    assert deals_visible_to(role_users["ministry"]) is None
    assert deals_visible_to(role_users["programme_office"]) == [waterwegregio.pk]


def test_a_project_lead_records_progress_only_on_their_own_projects(role_users, waterwegregio):
    class Project:
        def __init__(self, managers):
            self.managers = managers

        def is_managed_by(self, user):
            return user in self.managers

    lead = role_users["project_lead"]
    assert can(lead, Capability.RECORD_PROGRESS, waterwegregio, Project([lead]))
    assert not can(lead, Capability.RECORD_PROGRESS, waterwegregio, Project([]))
    assert not can(lead, Capability.RECORD_PROGRESS, waterwegregio)


def test_a_representative_acts_for_their_own_party_only(role_users, waterwegregio):
    assert [o.code for o in organisations_represented(role_users["party_representative"], waterwegregio)] == [
        "SCHIEDAM"
    ]
    assert organisations_represented(role_users["programme_office"], waterwegregio) == []


def test_an_inactive_account_may_do_nothing(role_users, waterwegregio):
    user = role_users["programme_office"]
    user.is_active = False
    user.save()
    user = get_user_model().objects.get(pk=user.pk)
    assert not can(user, Capability.VIEW_INTERNAL, waterwegregio)


def test_createuser_makes_an_account_with_its_role(waterwegregio, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("een-lang-genoeg-wachtwoord\n"))
    call_command(
        "createuser",
        "kassier",
        "--email",
        "k@rotterdam.nl",
        "--role",
        "regiokassier",
        "--deal",
        "waterwegregio",
        "--organisation",
        "ROTTERDAM",
        "--password-stdin",
        stdout=io.StringIO(),
    )
    user = get_user_model().objects.get(username="kassier")
    assert user.check_password("een-lang-genoeg-wachtwoord")
    assert can(user, Capability.MANAGE_FINANCE, waterwegregio)
    assert AuditEvent.objects.filter(action="user.created", object_id=str(user.pk)).exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "auditor"], "--deal is required for role auditor."),
        (["--role", "auditor", "--deal", "twente"], "--deal twente: no such deal (loaded: waterwegregio)."),
        (
            ["--role", "party_representative", "--deal", "waterwegregio", "--organisation", "UTRECHT"],
            "--organisation UTRECHT: not in waterwegregio",
        ),
        (
            ["--role", "party_representative", "--deal", "waterwegregio", "--no-password"],
            "Een vertegenwoordiger vertegenwoordigt een Partij.",
        ),
        (
            ["--role", "ministry", "--deal", "waterwegregio", "--no-password"],
            "Het ministerie leest alle deals: laat de deal leeg.",
        ),
    ],
)
def test_createuser_refuses_bad_arguments_and_writes_nothing(waterwegregio, args, message):
    with pytest.raises(CommandError) as caught:
        call_command("createuser", "piet", "--email", "p@example.nl", *args, stdout=io.StringIO())
    assert message in str(caught.value)
    assert caught.value.returncode == 2
    assert not get_user_model().objects.filter(username="piet").exists()


def test_createuser_refuses_a_weak_password(waterwegregio, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("kort\n"))
    with pytest.raises(CommandError) as caught:
        call_command(
            "createuser",
            "piet",
            "--email",
            "p@example.nl",
            "--role",
            "auditor",
            "--deal",
            "waterwegregio",
            "--password-stdin",
            stdout=io.StringIO(),
        )
    assert "Account not created" in str(caught.value)
    assert not get_user_model().objects.filter(username="piet").exists()
