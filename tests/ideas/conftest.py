import pytest
from django.core.cache import cache

from regiodeal.audit.services import Actor
from regiodeal.ideas.services import idea_submit

ACTOR = Actor(label="test")
CONTACT = {"name": "Fenna Rozendaal", "email": "fenna.rozendaal@voorbeeld.nl", "phone": "06 1234 5678"}


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def submit_idea(deal, title="Moestuin bij de school", area="SCHIEDAM_NIEUWLAND", contact=True):
    """A resident's idea for a wijk, with contact details (and consent) unless `contact=False`."""
    return idea_submit(
        actor=ACTOR,
        deal=deal,
        title=title,
        description="Een moestuin voor de buurt, samen met de school.",
        area_code=area,
        consent=contact,
        **(CONTACT if contact else {}),
    )


@pytest.fixture
def submit(waterwegregio):
    def make(title="Moestuin bij de school", area="SCHIEDAM_NIEUWLAND", contact=True, deal=None):
        return submit_idea(deal or waterwegregio, title, area, contact)

    return make
