"""deals.services.deal_version_create: what a procedure may and may not do to a deal."""

import datetime as dt

import pytest

from regiodeal.deals.definition import DefinitionError
from regiodeal.deals.selectors import version_content_yaml, version_in_force
from regiodeal.deals.services import deal_version_create

from .conftest import ACTOR

pytestmark = pytest.mark.django_db


def create(deal, text, origin="amendment", on=dt.date(2025, 1, 1)):
    return deal_version_create(
        actor=ACTOR, deal=deal, source_text=text, source_name="v.yaml", effective_from=on, origin=origin
    )


def test_an_unchanged_text_is_refused(waterwegregio):
    text = version_content_yaml(version_in_force(waterwegregio))
    with pytest.raises(DefinitionError, match="no-change"):
        create(waterwegregio, text)


def test_the_slug_cannot_change(waterwegregio):
    text = version_content_yaml(version_in_force(waterwegregio)).replace(
        "slug: waterwegregio", "slug: anders", 1
    )
    with pytest.raises(DefinitionError, match="slug-fixed"):
        create(waterwegregio, text)


def test_a_version_is_not_a_definition_and_needs_a_date(waterwegregio):
    text = version_content_yaml(version_in_force(waterwegregio)).replace(
        "ends_on: '2028-12-31'", "ends_on: '2029-12-31'"
    )
    with pytest.raises(ValueError, match="procedure"):
        create(waterwegregio, text, origin="definition")
    with pytest.raises(ValueError, match="date"):
        create(waterwegregio, text, on=None)
    version = create(waterwegregio, text)
    assert (version.number, version.origin, version.effective_from) == (2, "amendment", dt.date(2025, 1, 1))
    assert version_in_force(waterwegregio, dt.date(2024, 12, 31)).number == 1
