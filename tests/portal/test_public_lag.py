"""The public site follows a write in a deal within `REGIODEAL_PUBLIC_LAG_SECONDS` (10 s in
production; 0 in the other tests), so that under a stream of writes the deal's public figures
are computed again at most once per lag (common/dataversion.py, `public_version`). What must
never lag does not: a confidentiality decision (Art. 10.1), what residents bring in or what is
taken down of it, and what an account logged in sees."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from regiodeal.common import dataversion as dv
from regiodeal.governance import services as governance
from regiodeal.ideas.services import idea_transition
from tests.portal.conftest import ACTOR, PUBLIC_TITLE, SECRET_CODE, book

pytestmark = pytest.mark.django_db

MONEY_PAGE = "/deals/waterwegregio/public/money/"
MONEY_API = "/api/v1/public/deals/waterwegregio/money-per-line/"
DEAL_API = "/api/v1/public/deals/waterwegregio/"
PROJECTS = "/deals/waterwegregio/public/projects/"
IDEAS = "/deals/waterwegregio/public/ideas/"


@pytest.fixture
def lag(settings, monkeypatch):
    """A lag of 10 s and a clock the test moves on (`lag.wait(seconds)`)."""
    settings.REGIODEAL_PUBLIC_LAG_SECONDS = 10
    now = [1_000_000.0]
    monkeypatch.setattr(dv.time, "time", lambda: now[0])

    class Clock:
        def wait(self, seconds):
            now[0] += seconds

    return Clock()


def text(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_a_booking_reaches_the_public_within_the_lag_and_the_office_at_once(site, lag, role_users):
    visitor = Client()
    before = text(visitor, MONEY_PAGE), text(visitor, MONEY_API), text(visitor, DEAL_API)
    assert "129.321,00" not in before[0] and "129321.00" not in before[1]
    # P1 held 125,000.00 of public allocations; now 129,321.00.
    book(site["deal"], "national_allocation", "4321.00", "P1", project="WW-001", organisation="SCHIEDAM")
    # Within the lag the public is served what it was served.
    lag.wait(5)
    assert "129.321,00" not in text(visitor, MONEY_PAGE) and "125.000,00" in text(visitor, MONEY_PAGE)
    assert "129321.00" not in text(visitor, MONEY_API)
    assert '"national_granted":"129321.00"' not in text(visitor, DEAL_API)
    # The office, logged in, sees its booking on the public page at once.
    office = Client()
    office.force_login(role_users["programme_office"])
    assert "129.321,00" in text(office, MONEY_PAGE)
    # After the lag the public sees it too.
    lag.wait(6)
    assert "129.321,00" in text(visitor, MONEY_PAGE)
    assert "129321.00" in text(visitor, MONEY_API)
    assert '"national_granted":"129321.00"' in text(visitor, DEAL_API)


def test_under_a_stream_of_writes_the_public_figures_are_computed_once_per_lag(site, lag):
    visitor = Client()
    text(visitor, MONEY_PAGE)
    deal = site["deal"]
    versions = set()
    for i in range(8):  # a booking every 2 s for 16 s
        book(deal, "national_allocation", f"{100 + i}.00", "P1", project="WW-001", organisation="SCHIEDAM")
        lag.wait(2)
        versions.add(dv.public_version(deal))
        text(visitor, MONEY_PAGE)
    assert len(versions) == 2  # the version served moved on once in 16 s (the lag is 10 s), not 8 times


def test_art_10_1_a_confidentiality_decision_hides_the_record_at_once(site, lag):
    """The project kept confidential in the fixture becomes public when the request is refused;
    a new request keeps the other project from the public at once, within the lag."""
    visitor = Client()
    deal = site["deal"]
    listing = text(visitor, PROJECTS)
    assert PUBLIC_TITLE in listing and SECRET_CODE not in listing
    assert visitor.get(f"{PROJECTS}WW-001/").status_code == 200
    governance.confidentiality_file(
        actor=ACTOR,
        deal=deal,
        filed_by=deal.organisations.get(code="SCHIEDAM"),
        filed_on=timezone.localdate(),
        record=site["public"],
        grounds="Onderhandelingen lopen (art. 10.2).",
    )
    lag.wait(1)
    assert PUBLIC_TITLE not in text(visitor, PROJECTS)
    assert visitor.get(f"{PROJECTS}WW-001/").status_code == 404
    assert PUBLIC_TITLE not in text(visitor, "/api/v1/public/deals/waterwegregio/projects/")


def test_an_idea_taken_down_leaves_the_public_site_at_once(site, lag):
    visitor = Client()
    assert "Moestuin bij de school" in text(visitor, IDEAS)
    idea_transition(
        actor=ACTOR, idea=site["idea"], to_status="removed", public_reason="Bevat persoonsgegevens."
    )
    lag.wait(1)
    assert "Moestuin bij de school" not in text(visitor, IDEAS)


def test_without_a_lag_the_public_version_is_the_data_version(site, settings):
    settings.REGIODEAL_PUBLIC_LAG_SECONDS = 0
    assert dv.public_version(site["deal"]) == dv.deal_data_version(site["deal"])


def test_within_the_lag_the_version_served_is_read_from_one_key_not_one_per_kind(site, lag, monkeypatch):
    """Within the lag what the public is served cannot change, so the version of each kind is not
    read again (an anonymous page read 16 cache entries for its version; now 3); once the lag has
    passed it is, and a write made in between is served."""
    deal = site["deal"]
    first = dv.public_version(deal)
    read: list[str] = []
    get_many = dv.cache.get_many
    monkeypatch.setattr(
        dv.cache, "get_many", lambda keys, *a, **k: read.extend(keys) or get_many(keys, *a, **k)
    )
    book(deal, "national_allocation", "10.00", "P1", project="WW-001", organisation="SCHIEDAM")
    lag.wait(9)
    assert dv.public_version(deal) == first
    assert read and all("disclosure" in key for key in read)  # only the confidentiality signal
    read.clear()
    lag.wait(1)
    assert dv.public_version(deal) != first
    assert any(key.endswith(":money") for key in read)
