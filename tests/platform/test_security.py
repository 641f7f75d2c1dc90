"""Security headers, production guards and login throttling."""

import os
import re
import subprocess
import sys

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_carry_a_content_security_policy_without_inline_scripts(client, waterwegregio):
    response = client.get("/deals/waterwegregio/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "an inline script would be blocked"
    assert ' style="' not in html


def test_the_api_docs_load_their_script_from_a_file(client):
    html = client.get("/api/v1/docs/").content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_forms_carry_a_csrf_token(client, waterwegregio):
    html = client.get(reverse("accounts:login")).content.decode()
    assert 'name="csrfmiddlewaretoken"' in html


def settings_in_subprocess(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REGIODEAL_"))}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import regiodeal.conf.settings"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.subprocess
def test_production_refuses_to_start_with_debug_on(tmp_path):
    result = settings_in_subprocess(
        {
            "REGIODEAL_PRODUCTION": "true",
            "DJANGO_DEBUG": "true",
            "DJANGO_SECRET_KEY": "x" * 50,
            "REGIODEAL_DATA_DIR": str(tmp_path),
        }
    )
    assert result.returncode != 0
    assert "REGIODEAL_PRODUCTION is on: DJANGO_DEBUG must be off." in result.stderr


@pytest.mark.subprocess
def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = settings_in_subprocess({"REGIODEAL_PRODUCTION": "true", "REGIODEAL_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "set DJANGO_SECRET_KEY to a random string of at least 40 characters" in result.stderr


@pytest.mark.subprocess
def test_production_turns_on_hsts(tmp_path):
    code = "import regiodeal.conf.settings as s; print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE)"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REGIODEAL_"))}
    clean.update(
        {"REGIODEAL_PRODUCTION": "true", "DJANGO_SECRET_KEY": "k" * 50, "REGIODEAL_DATA_DIR": str(tmp_path)}
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["31536000", "True"]


@pytest.mark.subprocess
def test_half_configured_openid_connect_stops_start_up(tmp_path):
    result = settings_in_subprocess({"OIDC_RP_CLIENT_ID": "regiodeal", "REGIODEAL_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "OpenID Connect is half configured: also set OIDC_RP_CLIENT_SECRET" in result.stderr


def test_login_works_with_the_right_password(client, make_user, waterwegregio):
    make_user("programme_office", waterwegregio, username="anna")
    response = client.post(
        reverse("accounts:login"), {"username": "anna", "password": "a-long-test-password"}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:me")).status_code == 200


def test_five_failed_logins_lock_the_account_from_that_address(client, make_user, waterwegregio):
    make_user("programme_office", waterwegregio, username="anna")
    for _ in range(5):
        response = client.post(reverse("accounts:login"), {"username": "anna", "password": "wrong"})
    assert response.status_code == 429
    assert "Tijdelijk geblokkeerd" in response.content.decode()
    # Even the right password is refused while locked.
    response = client.post(
        reverse("accounts:login"), {"username": "anna", "password": "a-long-test-password"}
    )
    assert response.status_code == 429
    assert client.get(reverse("accounts:me")).status_code == 302


def test_a_wrong_password_says_how_to_go_on(client, make_user, waterwegregio):
    make_user("programme_office", waterwegregio, username="anna")
    response = client.post(reverse("accounts:login"), {"username": "anna", "password": "wrong"})
    assert "Na vijf mislukte pogingen wacht u een kwartier." in response.content.decode()
