"""Art. 17, 19: signatures in counterparts; in force from the day after the last."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from regiodeal.deals.selectors import deal_entry_into_force
from regiodeal.governance import services as svc

from .conftest import ACTOR, PARTIES

pytestmark = pytest.mark.django_db


def sign(deal, org, code, on):
    return svc.signature_record(actor=ACTOR, deal=deal, organisation=org(code), signed_on=on)


def test_the_deal_is_in_force_from_the_day_after_the_last_signature(waterwegregio, org):
    for i, code in enumerate(PARTIES):
        sign(waterwegregio, org, code, dt.date(2024, 9, 20) + dt.timedelta(days=i))  # separate counterparts
    force = deal_entry_into_force(waterwegregio)
    assert force.starts_on == dt.date(2024, 9, 30)  # the last signed on 29 September
    assert force.status(dt.date(2024, 9, 29)) == "not_in_force"
    assert force.status(dt.date(2024, 9, 30)) == "in_force"
    assert force.status(dt.date(2029, 1, 1)) == "ended"
    assert force.unsigned == []


def test_until_every_party_signed_it_is_not_in_force_and_says_who_has_not(waterwegregio, org):
    for code in PARTIES[:-2]:
        sign(waterwegregio, org, code, dt.date(2024, 9, 20))
    force = deal_entry_into_force(waterwegregio)
    assert force.starts_on is None
    assert force.status_label() == "nog niet in werking"
    assert [p.code for p in force.unsigned] == ["VLAARDINGEN", "PZH"]


def test_the_entry_into_force_kept_per_process_follows_each_signature_at_once(
    waterwegregio, org, django_assert_num_queries
):
    """`deal_entry_into_force` is kept per process under the deal's covenant data version: read
    between signatures, it still says who has not signed, and the last signature starts it."""
    for code in PARTIES[:-1]:
        sign(waterwegregio, org, code, dt.date(2024, 9, 20))
        assert deal_entry_into_force(waterwegregio).starts_on is None
    assert [p.code for p in deal_entry_into_force(waterwegregio).unsigned] == [PARTIES[-1]]
    sign(waterwegregio, org, PARTIES[-1], dt.date(2024, 9, 25))
    force = deal_entry_into_force(waterwegregio)
    assert (force.starts_on, force.unsigned) == (dt.date(2024, 9, 26), [])
    with django_assert_num_queries(0):
        assert deal_entry_into_force(waterwegregio) is force  # kept


def test_a_party_signs_once_and_only_a_party_signs(waterwegregio, org):
    sign(waterwegregio, org, "VRO", dt.date(2024, 9, 20))
    with pytest.raises(ValidationError, match="al ondertekend"):
        sign(waterwegregio, org, "VRO", dt.date(2024, 9, 21))
    with pytest.raises(ValidationError, match="geen ondertekenende Partij"):
        sign(waterwegregio, org, "TNO", dt.date(2024, 9, 21))
    with pytest.raises(ValidationError, match="toekomst"):
        sign(waterwegregio, org, "BZK", dt.date.today() + dt.timedelta(days=1))


def test_the_api_records_a_signature_and_lists_who_signed_and_who_has_not(waterwegregio, make_user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(make_user("programme_office", waterwegregio, username="office"))
    url = "/api/v1/deals/waterwegregio/governance/signatures/"
    recorded = client.post(url, {"organisation": "VRO", "signed_on": "2024-09-20"}, format="json")
    assert recorded.status_code == 201, recorded.content
    listed = client.get(url).json()
    assert listed["signatures"] == [{"organisation": "VRO", "signed_on": "2024-09-20"}]
    assert listed["status"] == "not_in_force" and listed["starts_on"] is None
    assert "VRO" not in listed["unsigned"] and len(listed["unsigned"]) == len(PARTIES) - 1
    refused = client.post(url, {"organisation": "VRO", "signed_on": "2024-09-21"}, format="json")
    assert refused.status_code == 400 and "al ondertekend" in str(refused.json())
