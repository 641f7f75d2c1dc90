"""Open data: every download and the public API follow the data dictionary, field for field."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client

from regiodeal.portal.opendata import DATASETS

pytestmark = pytest.mark.django_db
BASE = "/deals/waterwegregio/public/open-data"


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_field_has_a_meaning_a_source_and_money_a_unit(name):
    for field in DATASETS[name].fields:
        assert field.name and str(field.meaning) and str(field.source), field.name
        if field.type in ("euro", "date"):
            assert str(field.unit), field.name


@pytest.mark.parametrize("name", list(DATASETS))
def test_csv_json_and_api_hold_the_fields_of_the_dictionary_and_the_same_rows(site, name):
    names = [f.name for f in DATASETS[name].fields]
    client = Client()
    csv_response = client.get(f"{BASE}/{name}.csv")
    assert csv_response["Content-Disposition"] == f'attachment; filename="waterwegregio-{name}.csv"'
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert rows[0] == names
    data = json.loads(client.get(f"{BASE}/{name}.json").content)
    assert all(list(item) == names for item in data)
    assert len(data) == len(rows) - 1
    api = client.get(f"/api/v1/public/deals/waterwegregio/{name}/?limit=1000").json()
    assert api["results"] == data


def test_the_dictionary_page_lists_every_field_of_every_dataset(site):
    page = Client().get(f"{BASE}/").content.decode()
    for name, dataset in DATASETS.items():
        assert f'data-dataset="{name}"' in page
        for field in dataset.fields:
            assert f"<code>{field.name}</code>" in page
        assert f"{BASE}/{name}.csv" in page and f"{BASE}/{name}.json" in page


def test_money_is_in_euros_with_two_decimals_and_lists_are_joined_in_csv(site):
    data = json.loads(Client().get(f"{BASE}/money-per-line.json").content)
    assert data[0]["budget_line"] == "P1" and data[0]["national_granted"] == "125000.00"
    rows = list(csv.DictReader(io.StringIO(Client().get(f"{BASE}/projects.csv").content.decode("utf-8-sig"))))
    assert rows[0]["areas"] == "SCHIEDAM_NIEUWLAND" and rows[0]["gemeenten"] == "SCHIEDAM"
    assert rows[0]["credits_rijk_regio"] == "false"


def test_an_unknown_dataset_or_format_is_a_404(site):
    assert Client().get(f"{BASE}/salaries.csv").status_code == 404
    assert Client().get(f"{BASE}/projects.xml").status_code == 404
