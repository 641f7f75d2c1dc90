"""Who may upload: the ledger for MANAGE_FINANCE (programme office, regiokassier), measurements
for RECORD_PROGRESS for the whole deal (programme office), outreach and population for
MANAGE_PARTICIPATION (programme office). Others 403, another deal's office 403, anonymous to login."""

import pytest
from django.test import Client

from tests.api.test_role_matrix import ROLES

pytestmark = pytest.mark.django_db

ALLOWED = {
    "ledger": {"programme_office", "regiokassier"},
    "measurements": {"programme_office"},
    "outreach": {"programme_office"},
    "population": {"programme_office"},
}


@pytest.mark.parametrize("kind", list(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_each_upload_page_is_for_its_own_roles(kind, role, role_users):
    client = Client()
    if role_users[role] is not None:
        client.force_login(role_users[role])
    response = client.get(f"/deals/waterwegregio/imports/{kind}/")
    if role in ALLOWED[kind]:
        assert response.status_code == 200
    elif role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403
    assert client.post(f"/deals/waterwegregio/imports/{kind}/", {}).status_code == (
        400 if role in ALLOWED[kind] else 302 if role == "anonymous" else 403
    )


def test_an_unknown_import_or_token_is_not_found(role_users):
    client = Client()
    client.force_login(role_users["programme_office"])
    assert client.get("/deals/waterwegregio/imports/salaries/").status_code == 404
    assert client.get("/deals/waterwegregio/imports/u/not-a-token/").status_code == 404


def test_no_screen_tells_the_office_to_run_a_command(role_users, waterwegregio):
    client = Client()
    client.force_login(role_users["programme_office"])
    for url, link in [
        ("/deals/waterwegregio/finance/grootboek/", "/deals/waterwegregio/imports/ledger/"),
        ("/deals/waterwegregio/results/indicators/", "/deals/waterwegregio/imports/measurements/"),
        ("/deals/waterwegregio/participation/conversations/", "/deals/waterwegregio/imports/outreach/"),
        ("/deals/waterwegregio/participation/quality/", "/deals/waterwegregio/imports/population/"),
    ]:
        page = client.get(url).content.decode()
        assert link in page, url
        assert "regiodeal import" not in page, url
