"""OpenID Connect, configured by environment variables: the login page offers it and the login
starts at the identity provider's authorization endpoint. Run in a separate process,
because the settings read the environment when Django starts."""

import os
import subprocess
import sys

import pytest

from tests.platform.conftest import data_folder_copy

pytestmark = pytest.mark.subprocess

CODE = r"""
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client()
page = client.get("/accounts/login/").content.decode()
print("offers-oidc" if "/oidc/authenticate/" in page else "no-oidc")
response = client.get("/oidc/authenticate/")
print(response.status_code, response["Location"].split("?")[0])
query = response["Location"].split("?", 1)[1]
print("client_id=regiodeal" in query, "scope=openid+email+profile" in query)
"""


def test_openid_connect_login_starts_at_the_identity_provider(tmp_path, set_up_data):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REGIODEAL_", "OIDC_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "regiodeal.conf.settings",
            # As `regiodeal setup` leaves it: migrated, and the hashed static files the pages link to.
            "REGIODEAL_DATA_DIR": str(data_folder_copy(set_up_data, tmp_path / "data")),
            "OIDC_RP_CLIENT_ID": "regiodeal",
            "OIDC_RP_CLIENT_SECRET": "secret",
            "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.gemeente.example/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": "https://login.gemeente.example/token",
            "OIDC_OP_USER_ENDPOINT": "https://login.gemeente.example/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": "https://login.gemeente.example/jwks",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", CODE], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == [
        "offers-oidc",
        "302 https://login.gemeente.example/authorize",
        "True True",
    ]
