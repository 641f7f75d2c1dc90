"""The platform administrator ("beheerder", Django's superuser) uploads a deal definition: its
problems by line and message, nothing loaded; a valid one loaded as a new deal; a changed
existing deal refused (Art. 11)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from regiodeal.audit.models import AuditEvent
from regiodeal.deals.models import Deal

pytestmark = pytest.mark.django_db
URL = "/beheer/deals/"


@pytest.fixture
def admin_client(db):
    user = get_user_model().objects.create_superuser("beheerder", "beheer@example.nl", "a-long-test-password")
    client = Client()
    client.force_login(user)
    return client


def second_deal(write_definition, *more):
    return write_definition(
        ("slug: waterwegregio", "slug: drechtsteden"),
        ("name: Regio Deal Waterwegregio", "name: Regio Deal Drechtsteden"),
        *more,
        name="drechtsteden.yaml",
    )


def send(client, path, action="load", name=None):
    return client.post(
        URL, {"action": action, "file": SimpleUploadedFile(name or path.name, path.read_bytes())}
    )


def test_a_bad_file_shows_each_problem_with_its_line_and_loads_nothing(admin_client, write_definition):
    bad = second_deal(write_definition, ("ends_on: 2028-12-31", "ends_on: 2028-13-31"))
    rows = bad.read_text().splitlines()
    html = send(admin_client, bad).content.decode()
    assert "drechtsteden.yaml heeft 1 fout; er is niets geladen." in html
    line = next(i for i, row in enumerate(rows, 1) if row.startswith("ends_on:"))
    assert f'<td class="utrecht-table__cell">{line}</td>' in html
    assert "is not a date (month must be in 1..12)" in html
    assert not Deal.objects.filter(slug="drechtsteden").exists()
    assert "[" not in html.split('id="definition-problems"')[1].split("</table>")[0]  # no rule codes


def test_a_good_file_is_checked_then_loaded_as_a_new_deal(admin_client, write_definition):
    good = second_deal(write_definition)
    html = send(admin_client, good, action="check").content.decode()
    assert "drechtsteden.yaml is in orde: Regio Deal Drechtsteden (drechtsteden)" in html
    assert not Deal.objects.filter(slug="drechtsteden").exists()
    response = send(admin_client, good)
    assert response.status_code == 302
    deal = Deal.objects.get(slug="drechtsteden")
    assert deal.versions.count() == 1
    assert AuditEvent.objects.filter(action="deal.loaded", deal_slug="drechtsteden").count() == 1
    page = admin_client.get(URL).content.decode()
    assert "Regio Deal Drechtsteden is geladen als nieuwe deal (versie 1)." in page
    assert 'href="/deals/drechtsteden/"' in page
    again = admin_client.get(URL) and send(admin_client, good)
    assert "er is niets veranderd" in admin_client.get(again["Location"]).content.decode()


def test_a_changed_existing_deal_is_refused_with_article_11(admin_client, waterwegregio, write_definition):
    changed = write_definition(
        ("name: Regio Deal Waterwegregio", "name: Regio Deal Waterweg"), name="ww.yaml"
    )
    html = send(admin_client, changed).content.decode()
    assert "De deal 'waterwegregio' is al geladen met een andere inhoud; er is niets veranderd." in html
    assert "(art. 11)" in html
    assert waterwegregio.versions.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("deal.txt", b"slug: x", "Kies een YAML-bestand (.yaml of .yml); deal.txt is dat niet."),
        ("deal.yaml", "slug: x\n".encode("utf-16"), "Het bestand is geen UTF-8-tekst"),
    ],
)
def test_a_file_that_is_no_yaml_text_is_refused_at_the_field(admin_client, name, content, message):
    html = admin_client.post(
        URL, {"action": "load", "file": SimpleUploadedFile(name, content)}
    ).content.decode()
    assert message in html and "utrecht-form-field--invalid" in html


def test_only_the_administrator_uploads(role_users):
    for role in ("programme_office", "ministry", "auditor"):
        client = Client()
        client.force_login(role_users[role])
        assert client.get(URL).status_code == 403
    anonymous = Client().get(URL)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
