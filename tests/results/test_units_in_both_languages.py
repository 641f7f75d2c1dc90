"""An indicator's unit in the reader's language: Dutch on the Dutch site, English on
the English site (the catalogue's units were English everywhere, the covenant's Dutch)."""

import pytest
from django.test import Client
from django.utils import translation

from regiodeal.accounts.roles import Role
from regiodeal.results.models import Indicator
from regiodeal.results.services import results_setup
from tests.results.conftest import ACTOR

pytestmark = pytest.mark.django_db


def test_the_catalogue_has_each_unit_in_both_languages(db):
    from regiodeal.results.catalogue import sync_catalogue

    sync_catalogue(Indicator)  # as the migration loads it (a browser test's flush may have emptied it)
    unemployment = Indicator.objects.get(deal=None, code="bw_werkloosheid")
    assert (unemployment.unit, unemployment.unit_en) == ("% van de beroepsbevolking", "% of labour force")
    assert not Indicator.objects.filter(deal=None, unit_en="").exists()


def test_the_indicator_list_shows_the_unit_of_the_active_language(waterwegregio, make_user):
    results_setup(actor=ACTOR, deal=waterwegregio)
    client = Client()
    client.force_login(make_user(Role.PROGRAMME_OFFICE, waterwegregio))
    dutch = client.get("/deals/waterwegregio/results/indicators/").content.decode()
    english = client.get("/en/deals/waterwegregio/results/indicators/").content.decode()
    assert "% van de beroepsbevolking" in dutch and "% of labour force" not in dutch
    assert "% of labour force" in english and "% van de beroepsbevolking" not in english
    # The covenant's own indicator: its English unit from the definition.
    assert "aantal locaties" in dutch
    assert "number of locations" in english and "aantal locaties" not in english


def test_a_programme_indicator_without_an_english_unit_keeps_the_dutch_one(waterwegregio):
    from django.template import Context, Template

    results_setup(actor=ACTOR, deal=waterwegregio)
    indicator = Indicator.objects.get(deal=waterwegregio, code="ontmoetingsplekken")
    indicator.unit_en = ""
    template = Template('{% load regiodeal %}{{ i|tr:"unit" }}')
    with translation.override("en"):
        assert template.render(Context({"i": indicator})) == "aantal locaties"
