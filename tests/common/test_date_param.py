"""`?on=` has one behaviour (common/params.py): missing is today, a date is that date, anything
else is refused with a message naming the parameter and the format: 400 in the API, a 400 page
on screen (never a silent fallback to today)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict
from django.test import Client
from django.utils import timezone, translation

from regiodeal.common.params import BadParameter, date_param


def test_a_date_is_read_and_a_missing_or_empty_one_is_the_default():
    assert date_param(QueryDict("on=2025-06-30")) == dt.date(2025, 6, 30)
    assert date_param(QueryDict("")) == timezone.localdate()
    assert date_param(QueryDict("on=")) == timezone.localdate()
    assert date_param(QueryDict(""), default=None) is None


@pytest.mark.parametrize("raw", ["2025-13-01", "30-06-2025", "gisteren", "2025-02-30"])
def test_a_value_that_is_no_date_is_refused_with_the_parameter_and_the_format(raw):
    with translation.override("nl"), pytest.raises(BadParameter) as nl:
        date_param(QueryDict(f"on={raw}"))
    with translation.override("en"), pytest.raises(BadParameter) as en:
        date_param(QueryDict(f"on={raw}"))
    assert nl.value.name == "on" and raw in nl.value.message
    assert "?on=" in nl.value.message and "JJJJ-MM-DD" in nl.value.message
    assert "?on=" in en.value.message and "YYYY-MM-DD" in en.value.message


def client_for(user, language: str | None = None) -> Client:
    client = Client(headers={"Accept-Language": language} if language else {})
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_api_answers_a_bad_on_with_400_and_a_good_one_with_that_day(role_users):
    url = "/api/v1/deals/waterwegregio/monitoring/verdicts/"
    office = role_users["programme_office"]
    good = client_for(office).get(url, {"on": "2025-06-30"})
    missing = client_for(office).get(url)
    dutch = client_for(office).get(url, {"on": "2025-13-01"})
    english = client_for(office, "en").get(url, {"on": "2025-13-01"})
    assert (good.status_code, missing.status_code) == (200, 200)
    assert dutch.status_code == english.status_code == 400
    assert dutch.json()["rule"] == "parameter.date"
    [nl] = dutch.json()["on"]
    [en] = english.json()["on"]
    assert "'2025-13-01'" in nl and "JJJJ-MM-DD" in nl
    assert "'2025-13-01'" in en and "YYYY-MM-DD" in en


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page",
    ["/deals/waterwegregio/finance/", "/deals/waterwegregio/results/", "/deals/waterwegregio/participation/"],
)
def test_a_page_shows_a_bad_on_as_a_400_page_saying_how_to_write_it(page, role_users):
    office = role_users["programme_office"]
    good = client_for(office).get(page, {"on": "2025-06-30"})
    assert good.status_code == 200
    dutch = client_for(office).get(page, {"on": "2025-13-01"})
    assert dutch.status_code == 400
    text = dutch.content.decode()
    assert "Deze datum kan de site niet lezen" in text
    assert "is geen datum" in text and "JJJJ-MM-DD" in text
    english = client_for(office).get("/en" + page, {"on": "2025-13-01"})
    assert english.status_code == 400
    assert "YYYY-MM-DD" in english.content.decode() and "JJJJ" not in english.content.decode()
