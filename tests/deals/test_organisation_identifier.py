"""The organisations' identifier for IATI (OIN or KvK number), from the definition
and set by the programme office on the deal's settings page."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from regiodeal.audit.models import AuditEvent
from regiodeal.audit.services import Actor
from regiodeal.deals.definition import read_definition
from regiodeal.deals.models import Organisation
from regiodeal.deals.services import organisation_identifier_update

pytestmark = pytest.mark.django_db
URL = "/deals/waterwegregio/settings/organisaties/ALBEDA/"


def test_the_bundled_definition_gives_the_parties_an_oin(waterwegregio):
    refs = dict(Organisation.objects.filter(deal=waterwegregio).values_list("code", "iati_ref"))
    assert refs["VRO"] == "NL-OIN-00000001821002193000"
    assert refs["ROTTERDAM"] == "NL-OIN-00000001002564440000"
    assert all(refs[c].startswith("NL-OIN-") for c in ("MAASSLUIS", "SCHIEDAM", "VLAARDINGEN", "PZH"))
    assert refs["ALBEDA"] == ""  # a Partner's KvK number: the programme office fills it in


def test_a_definition_with_a_malformed_identifier_is_refused(definition_text):
    bad = definition_text.replace("iati_ref: NL-OIN-00000001821002193000", "iati_ref: OIN 1234", 1)
    _deal, problems = read_definition(bad, "deal.yaml")
    assert any("parties" in str(p) and "iati_ref" in str(p) for p in problems)


def test_the_service_saves_an_identifier_and_records_it(waterwegregio):
    org = Organisation.objects.get(deal=waterwegregio, code="ALBEDA")
    organisation_identifier_update(actor=Actor(label="test"), organisation=org, iati_ref=" nl-kvk-41150209 ")
    org.refresh_from_db()
    assert org.iati_ref == "NL-KVK-41150209"
    event = AuditEvent.objects.filter(action="deal.organisation.identifier_updated").get()
    assert event.after["iati_ref"] == "NL-KVK-41150209" and event.before["iati_ref"] == ""


@pytest.mark.parametrize("value", ["NL-KVK-1234567", "NL-OIN-123", "KVK-41150209", "NL-KVK-4115020x"])
def test_a_malformed_identifier_changes_nothing(waterwegregio, value):
    org = Organisation.objects.get(deal=waterwegregio, code="ALBEDA")
    with pytest.raises(ValidationError) as exc:
        organisation_identifier_update(actor=Actor(label="test"), organisation=org, iati_ref=value)
    assert "iati_ref" in exc.value.message_dict
    org.refresh_from_db()
    assert org.iati_ref == ""
    assert not AuditEvent.objects.filter(action="deal.organisation.identifier_updated").exists()


def test_the_form_names_the_field_and_how_to_write_it(role_users):
    client = Client()
    client.force_login(role_users["programme_office"])
    page = client.post(URL, {"iati_ref": "41150209"}).content.decode()
    assert "Schrijf NL-OIN- met de 20 cijfers van het OIN" in page
    assert 'href="#id_iati_ref"' in page  # the error summary links to the field
    assert Organisation.objects.get(code="ALBEDA", deal__slug="waterwegregio").iati_ref == ""


@pytest.mark.parametrize(
    "role", ["regiokassier", "party_representative", "project_lead", "auditor", "other_deal"]
)
def test_other_roles_may_not_change_an_identifier(role_users, role):
    client = Client()
    client.force_login(role_users[role])
    assert client.post(URL, {"iati_ref": "NL-KVK-41150209"}).status_code == 403
    assert Organisation.objects.get(code="ALBEDA", deal__slug="waterwegregio").iati_ref == ""


def test_anonymous_is_sent_to_log_in(waterwegregio):
    response = Client().get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_settings_page_lists_every_organisation_with_its_identifier(role_users):
    client = Client()
    client.force_login(role_users["programme_office"])
    page = client.get("/deals/waterwegregio/settings/").content.decode()
    assert 'data-organisation="VRO"' in page and "NL-OIN-00000001821002193000" in page
    assert f'href="{URL}"' in page
    client.force_login(role_users["auditor"])
    page = client.get("/deals/waterwegregio/settings/").content.decode()
    assert "NL-OIN-00000001821002193000" in page and f'href="{URL}"' not in page
