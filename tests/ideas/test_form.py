"""The public form (Bijlage 1 §3): an idea for a wijk, contact details optional and private, a
honeypot and a rate limit per IP address against abuse."""

from __future__ import annotations

import pytest
from django.test import Client

from regiodeal.audit.models import AuditEvent
from regiodeal.ideas.models import Idea, IdeaContact
from tests.ideas.conftest import CONTACT

pytestmark = pytest.mark.django_db
URL = "/deals/waterwegregio/ideas/"


def post(client, ip="192.0.2.1", **fields):
    data = {
        "title": "Bankjes in het park",
        "description": "Meer bankjes om even uit te rusten.",
        "area": "SCHIEDAM_OOST",
    }
    data.update(fields)
    return client.post(URL, data, REMOTE_ADDR=ip)


def test_the_form_offers_the_wijken_and_gemeenten_of_the_deal(waterwegregio):
    page = Client().get(URL).content.decode()
    assert '<option value="SCHIEDAM_OOST">Schiedam-Oost (Schiedam)</option>' in page
    assert '<option value="MAASSLUIS">Maassluis (elders in de gemeente)</option>' in page
    assert 'value="PZH"' not in page and 'value="ROTTERDAM"' not in page  # outside the deal's area


def test_an_idea_is_stored_with_its_contact_details_kept_apart(waterwegregio):
    response = post(Client(), consent="on", **CONTACT)
    assert response.status_code == 200 and "Uw idee heeft nummer 1." in response.content.decode()
    idea = Idea.objects.get()
    assert (idea.number, idea.area_name, idea.status) == (1, "Schiedam-Oost", "received")
    contact = IdeaContact.objects.get(idea=idea)
    assert (contact.name, contact.email, contact.phone) == (
        CONTACT["name"],
        CONTACT["email"],
        CONTACT["phone"],
    )
    stored = AuditEvent.objects.get(action="ideas.contact.stored")
    assert stored.after == {"fields": ["name", "email", "phone"]}
    assert all(
        v not in str(e.before) + str(e.after) + e.summary
        for e in AuditEvent.objects.all()
        for v in CONTACT.values()
    )


def test_an_idea_without_contact_details_stores_none(waterwegregio):
    post(Client())
    assert Idea.objects.count() == 1 and IdeaContact.objects.count() == 0


def test_contact_details_without_consent_are_refused_and_nothing_is_stored(waterwegregio):
    response = post(Client(), email="iemand@voorbeeld.nl")
    assert response.status_code == 200
    assert "Zonder toestemming bewaren we geen contactgegevens" in response.content.decode()
    assert Idea.objects.count() == 0


def test_a_missing_title_or_an_unknown_wijk_is_refused(waterwegregio):
    response = post(Client(), title="", area="ROTTERDAM")
    page = response.content.decode()
    assert "Niet alles is goed ingevuld" in page and Idea.objects.count() == 0


def test_personal_data_in_the_public_text_is_refused(waterwegregio):
    response = post(Client(), description="Bel me op 06 1234 5678 over het plan.")
    assert "bevat een telefoonnummer" in response.content.decode()
    assert Idea.objects.count() == 0


def test_a_robot_filling_the_honeypot_is_thanked_and_nothing_is_stored(waterwegregio):
    response = post(Client(), website="https://spam.example")
    assert response.status_code == 200 and "Bedankt voor uw idee" in response.content.decode()
    assert Idea.objects.count() == 0


def test_the_honeypot_is_hidden_from_people(waterwegregio):
    page = Client().get(URL).content.decode()
    assert '<div class="rd-hp">' in page and 'name="website"' in page and 'tabindex="-1"' in page


def test_the_rate_limit_stops_a_flood_from_one_address_only(waterwegregio, settings):
    settings.REGIODEAL_IDEA_RATE_LIMIT = 2
    client = Client()
    assert post(client).status_code == 200
    assert post(client, website="bot").status_code == 200  # honeypot catches count too
    limited = post(client)
    assert limited.status_code == 429 and "Probeer het over een uur opnieuw" in limited.content.decode()
    assert Idea.objects.count() == 1
    assert post(client, ip="192.0.2.99").status_code == 200
    assert Idea.objects.count() == 2
