"""An indicator's page shows the latest value of each wijk in a table and on a map. The map is
drawn over participation's wijk boundaries, which participation lends to the page when the apps
start (`results/per_wijk.py`): results imports no participation module (the layers of
docs/architecture.md)."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from lxml import html

import regiodeal.results
from regiodeal.participation.places import boundaries_import, values_per_wijk
from regiodeal.results import per_wijk
from regiodeal.results.models import Indicator
from tests.portal.test_indicator_per_wijk_map import measure, rows

from .conftest import ACTOR

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parents[1] / "participation" / "data"


def test_the_indicator_page_shows_the_latest_value_of_each_wijk_in_a_table_and_on_a_map(
    client, role_users, measurable
):
    indicator = Indicator.objects.get(deal=measurable, code="bewoners_gesproken_per_wijk")
    measure(measurable, indicator, "WK060601", "10", on=dt.date(2024, 1, 1))  # older: not shown
    measure(measurable, indicator, "WK060601", "12")
    measure(measurable, indicator, "WK060602", "20")
    name = "wijken_rd.geojson"
    boundaries_import(actor=ACTOR, filename=name, content=(DATA / name).read_bytes())
    client.force_login(role_users["programme_office"])
    response = client.get(f"/deals/waterwegregio/results/indicators/{indicator.pk}/")
    page = html.fromstring(response.content)
    assert sorted(rows(page).values()) == ["12", "20"]
    drawn = page.get_element_by_id("indicator-map")
    assert {p.get("data-code") for p in drawn.iter("path") if p.get("data-code")} == {"WK060601", "WK060602"}


def test_participation_lends_its_drawing_and_results_imports_no_participation_module():
    assert per_wijk._drawn == [values_per_wijk]
    package = Path(regiodeal.results.__file__).parent
    imported = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    assert not {m for m in imported if m.startswith("regiodeal.participation")}
