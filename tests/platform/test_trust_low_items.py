"""Smaller risks in operation: passwords, the contact details' Cache-Control, a
confidentiality request naming another deal's record, and file modes of the database and data."""

from __future__ import annotations

import datetime as dt
import stat
import subprocess

import pytest
from django.test import Client
from rest_framework.test import APIClient

from regiodeal.accounts.roles import Role
from tests.factories import make_project
from tests.ideas.conftest import submit  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db
WEAK = ["aaaaaaaaaaaa", "Welkom2024!!", "abcabcabcabc", "Zomer2025!!!", "Rotterdam2026?", "Wachtwoord12"]


# --- passwords ------------------------------------------------------------------------------


@pytest.mark.parametrize("weak", WEAK)
def test_the_password_change_form_refuses_repeated_and_common_passwords(client, role_users, weak):
    user = role_users["project_lead"]
    client.force_login(user)
    response = client.post(
        "/accounts/password/",
        {"old_password": "a-long-test-password", "new_password1": weak, "new_password2": weak},
    )
    page = response.content.decode()
    assert "Uw wachtwoord is gewijzigd" not in page
    assert "herhaalt te veel" in page or "te makkelijk te raden" in page or "te algemeen" in page
    user.refresh_from_db()
    assert user.check_password("a-long-test-password")


def test_the_messages_are_english_on_english_pages(client, role_users):
    client.force_login(role_users["project_lead"])
    page = client.post(
        "/en/accounts/password/",
        {"old_password": "a-long-test-password", "new_password1": WEAK[1], "new_password2": WEAK[1]},
    ).content.decode()
    assert "too easy to guess" in page and "te makkelijk" not in page


def test_a_long_uncommon_password_is_still_accepted(client, role_users):
    client.force_login(role_users["project_lead"])
    good = "fietsbel-haven-zeventien"
    response = client.post(
        "/accounts/password/",
        {"old_password": "a-long-test-password", "new_password1": good, "new_password2": good},
        follow=True,
    )
    assert "Uw wachtwoord is gewijzigd." in response.content.decode()


@pytest.mark.subprocess
def test_createuser_refuses_welkom2024_and_says_why(tmp_path, set_up_data):
    from tests.platform.conftest import REGIODEAL, data_folder_copy, platform_env

    env = platform_env(data_folder_copy(set_up_data, tmp_path / "data"))

    def run(*args, input=None):
        return subprocess.run(
            [REGIODEAL, *args],
            env=env,
            input=input,
            capture_output=True,
            text=True,
            timeout=180,
            cwd=tmp_path,
        )

    args = ["createuser", "office", "--email", "o@example.nl", "--role", "programme_office", "--deal"]
    refused = run(*args, "waterwegregio", "--password-stdin", input="Welkom2024!!\n")
    assert refused.returncode == 2
    assert "Account not created" in refused.stderr and "Welkom2024!!" in refused.stderr  # the example
    repeated = run(*args, "waterwegregio", "--password-stdin", input="aaaaaaaaaaaa\n")
    assert repeated.returncode == 2 and "aaaaaaaaaaaa" not in repeated.stderr  # the password is not echoed
    # The database and the data folder are the platform user's only (0600 / 0700).
    data = tmp_path / "data"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "regiodeal.sqlite3").stat().st_mode) == 0o600


# --- the contact details are never stored by a browser or proxy ------------------------------


def test_the_contact_details_api_says_no_store(submit, role_users):  # noqa: F811
    submit()
    api = APIClient()
    api.force_authenticate(role_users["programme_office"])
    response = api.get("/api/v1/deals/waterwegregio/ideas/1/contact/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


# --- a confidentiality request for another deal's record -------------------------------------


def test_art_10_1_another_deals_record_id_is_answered_as_a_missing_one(waterwegregio, other_deal, make_user):
    from regiodeal.deals.models import Signature

    for code in [
        "VRO",
        "BZK",
        "OCW",
        "SZW",
        "IENW",
        "MAASSLUIS",
        "ROTTERDAM",
        "SCHIEDAM",
        "VLAARDINGEN",
        "PZH",
    ]:
        Signature.objects.create(
            deal=waterwegregio,
            organisation=waterwegregio.organisations.get(code=code),
            signed_on=dt.date(2024, 10, 1),
        )
    elsewhere = make_project(other_deal, "PR-001")
    api = APIClient()
    api.force_authenticate(make_user(Role.PARTY_REPRESENTATIVE, waterwegregio, "SCHIEDAM"))
    url = "/api/v1/deals/waterwegregio/governance/requests/"
    body = {
        "kind": "confidentiality",
        "filed_by": "SCHIEDAM",
        "filed_on": "2025-03-01",
        "reasons": "bedrijfsgegevens",
        "record_kind": "projects.project",
    }
    other = api.post(url, {**body, "record_id": elsewhere.pk}, format="json")
    absent = api.post(url, {**body, "record_id": elsewhere.pk + 1000}, format="json")
    assert other.status_code == absent.status_code == 400
    assert other.json() == absent.json() == {"record_id": ["Dat gegeven bestaat niet."], "rule": "invalid"}
    # On screen the same: one message for both.
    web = Client()
    web.force_login(make_user(Role.PARTY_REPRESENTATIVE, waterwegregio, "SCHIEDAM", username="rep2"))
    form_url = "/deals/waterwegregio/governance/requests/new/confidentiality/"
    schiedam = waterwegregio.organisations.get(code="SCHIEDAM").pk
    form = {
        "filed_by": schiedam,
        "filed_on": "2025-03-01",
        "grounds": "bedrijfsgegevens",
        "woo_ground": "5.1.2.f",
    }
    pages = [
        web.post(form_url, {**form, "record_kind": "projects.project", "record_id": pk}).content.decode()
        for pk in (elsewhere.pk, elsewhere.pk + 1000)
    ]
    assert all("Dat gegeven bestaat niet." in page for page in pages)
    assert "hoort niet bij deze deal" not in pages[0]
