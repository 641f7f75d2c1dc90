"""The form that makes a draft proposes the last finished year: the running year's
draft cannot be sent before the year ends, so proposing it led nowhere."""

import re

import pytest
from django.utils import timezone

from regiodeal.accounts.roles import Role
from regiodeal.audit.services import Actor
from regiodeal.reporting.services import report_generate

pytestmark = pytest.mark.django_db
URL = "/deals/waterwegregio/reports/"


def proposed(response) -> str:
    page = response.content.decode()
    return re.search(r'<option value="(\d+)" selected>', page).group(1)


def test_the_form_proposes_the_last_finished_year(client, waterwegregio, make_user):
    client.force_login(make_user(Role.PROGRAMME_OFFICE, waterwegregio))
    this_year = timezone.localdate().year
    response = client.get(URL)
    assert proposed(response) == str(this_year - 1)
    assert f'<option value="{this_year}">' in response.content.decode()  # still there to choose

    # Once last year's draft exists, the year before it is the last finished year not reported on.
    report_generate(actor=Actor(label="test"), deal=waterwegregio, year=this_year - 1)
    assert proposed(client.get(URL)) == str(this_year - 2)


def test_only_the_programme_office_sees_the_form(client, waterwegregio, make_user):
    client.force_login(make_user(Role.PARTY_REPRESENTATIVE, waterwegregio, "SCHIEDAM"))
    response = client.get(URL)
    assert response.status_code == 200
    assert "Concept maken" not in response.content.decode()
    assert client.post(f"{URL}generate/", {"year": timezone.localdate().year - 1}).status_code == 403
