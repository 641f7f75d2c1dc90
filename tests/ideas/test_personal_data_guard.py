"""The published text of a resident's idea carries no personal data: the guard of the
participation app is always on (AVG art. 5(1)(c), data minimisation). It used to be imported under
`except ImportError`, which would have switched it off silently."""

from __future__ import annotations

import inspect

import pytest
from django.core.exceptions import ValidationError

from regiodeal.ideas import services
from regiodeal.ideas.models import Idea
from tests.ideas.conftest import ACTOR

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("description", "Bel mij op 06 1234 5678 over de moestuin."),
        ("title", "Mail fenna.rozendaal@voorbeeld.nl"),
    ],
)
def test_an_idea_with_a_phone_number_or_an_email_address_in_its_text_is_refused(waterwegregio, field, text):
    values = {"title": "Moestuin bij de school", "description": "Een moestuin voor de buurt."} | {field: text}
    with pytest.raises(ValidationError) as refused:
        services.idea_submit(actor=ACTOR, deal=waterwegregio, area_code="SCHIEDAM_NIEUWLAND", **values)
    assert field in refused.value.message_dict
    assert not Idea.objects.exists()


def test_the_guard_is_the_participation_apps_and_has_no_silent_fallback():
    from regiodeal.participation.personal_data import personal_data_errors

    assert services.personal_data_errors is personal_data_errors
    assert "ImportError" not in inspect.getsource(services)
