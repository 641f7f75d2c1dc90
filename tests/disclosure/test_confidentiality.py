"""Art. 10: a record a Party asks to keep confidential is kept from everything public from the
request on, and until the decided end date."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from regiodeal.disclosure.selectors import exclude_confidential, is_public
from regiodeal.governance import services as svc
from regiodeal.governance.constants import RequestStatus
from regiodeal.governance.models import Meeting
from tests.governance.conftest import ACTOR

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(signed):
    return [svc.meeting_create(actor=ACTOR, deal=signed, held_on=dt.date(2025, 3, d)) for d in (1, 2)]


@pytest.fixture
def org(waterwegregio):
    return lambda code: waterwegregio.organisations.get(code=code)


def ask(deal, org, record, on=dt.date(2025, 4, 1)):
    return svc.confidentiality_file(
        actor=ACTOR,
        deal=deal,
        filed_by=org("SCHIEDAM"),
        filed_on=on,
        record=record,
        grounds="Bedrijfsgevoelige cijfers van een partner (art. 10.2).",
    )


def test_a_record_is_public_in_principle(meetings):
    assert is_public(meetings[0], on=dt.date(2025, 4, 1))
    assert exclude_confidential(Meeting.objects.all(), on=dt.date(2025, 4, 1)).count() == 2


def test_from_the_request_on_the_record_is_kept_from_the_public(signed, org, meetings):
    ask(signed, org, meetings[0])
    assert is_public(meetings[0], on=dt.date(2025, 3, 31))
    assert not is_public(meetings[0], on=dt.date(2025, 4, 1))
    assert list(exclude_confidential(Meeting.objects.all(), on=dt.date(2025, 4, 1))) == [meetings[1]]
    assert is_public(meetings[1], on=dt.date(2025, 4, 1))


def test_granted_it_stays_confidential_up_to_and_including_its_end_date(signed, org, meetings):
    request = ask(signed, org, meetings[0])
    svc.confidentiality_decide(
        actor=ACTOR, request=request, grant=True, decided_on=dt.date(2025, 4, 10), until=dt.date(2025, 12, 31)
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.GRANTED
    assert not is_public(meetings[0], on=dt.date(2025, 12, 31))
    assert is_public(meetings[0], on=dt.date(2026, 1, 1))


def test_refused_it_is_public_from_the_decision_on(signed, org, meetings):
    request = ask(signed, org, meetings[0])
    with pytest.raises(ValidationError, match="openbaarmaking"):
        svc.confidentiality_decide(actor=ACTOR, request=request, grant=False, decided_on=dt.date(2025, 4, 10))
    svc.confidentiality_decide(
        actor=ACTOR,
        request=request,
        grant=False,
        decided_on=dt.date(2025, 4, 10),
        note="Wob-verzoek: openbaarmaking verplicht.",
    )
    assert not is_public(meetings[0], on=dt.date(2025, 4, 9))
    assert is_public(meetings[0], on=dt.date(2025, 4, 10))


def test_lifted_early_it_is_public_from_that_day(signed, org, meetings):
    request = ask(signed, org, meetings[0])
    svc.confidentiality_decide(actor=ACTOR, request=request, grant=True, decided_on=dt.date(2025, 4, 10))
    assert not is_public(meetings[0], on=dt.date(2030, 1, 1))  # no end date: until a new decision
    svc.confidentiality_lift(
        actor=ACTOR, request=request, on=dt.date(2025, 5, 1), reason="Niet meer gevoelig."
    )
    assert is_public(meetings[0], on=dt.date(2025, 5, 1))


def test_a_record_of_another_deal_cannot_be_asked_for(signed, org, other_deal):
    foreign = svc.meeting_create(actor=ACTOR, deal=other_deal, held_on=dt.date(2025, 3, 1))
    with pytest.raises(ValidationError, match="hoort niet bij deze deal"):
        ask(signed, org, foreign)
