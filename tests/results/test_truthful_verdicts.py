"""Truthful verdicts: nobody is on schedule without a measurement after the baseline.
That is "geen gegevens" (no data), and every screen says so in words: the dashboard, a result's
page and its chart, the public results page, the API and the yearly report all read the one
verdict (results/verdict.py)."""

import datetime as dt
import re

import pytest

from regiodeal.results.verdict import KIND_PER_AREA, Point, Verdict, assess_target

from .conftest import BASELINE_ON, link_of, measure, set_baseline

pytestmark = pytest.mark.django_db
D = __import__("decimal").Decimal


def test_a_norm_per_area_measured_only_on_its_baseline_date_has_no_data():
    verdict = assess_target(
        kind=KIND_PER_AREA,
        baseline=D(0),
        baseline_on=BASELINE_ON,
        target_value=D(30),
        target_on=dt.date(2027, 1, 1),
        on=dt.date(2026, 1, 1),
        by_area={"WK060601": [Point(BASELINE_ON, D(40))], "WK062201": []},
    )
    assert verdict.verdict == Verdict.NO_DATA
    assert verdict.areas_on_schedule == 0


@pytest.fixture
def unmeasured(measurable):
    """Baselines for 1A, 1B and 1C, and measurements only on the baseline date: nothing after."""
    deal = measurable
    for code in ("1A", "1B", "1C"):
        link = set_baseline(link_of(deal, code), "0" if code != "1C" else "40")
        if code == "1B":
            measure(deal, link.indicator, "40", BASELINE_ON, area_code="WK060601")
        else:
            measure(deal, link.indicator, "50", BASELINE_ON)
    return deal


def words(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def verdicts_shown(response) -> set[str]:
    """The verdicts on the page, but for the legend that explains each of them."""
    page = re.sub(r'<section class="rd-rule".*?</section>', "", response.content.decode(), flags=re.S)
    return set(re.findall(r'data-verdict="([a-z_]+)"', page))


def test_every_screen_says_no_data_and_none_says_on_schedule(client, role_users, unmeasured):
    client.force_login(role_users["programme_office"])
    base = "/deals/waterwegregio/results"
    on = "?on=2026-01-01"
    for url in (f"{base}/{on}", f"{base}/results/1B/{on}", f"{base}/charts/1B/{on}"):
        response = client.get(url)
        assert response.status_code == 200
        shown = verdicts_shown(response)
        assert "no_data" in shown and "on_schedule" not in shown and "achieved" not in shown, url
        assert "geen gegevens" in words(response)
    chart = words(client.get(f"{base}/charts/1B/{on}"))
    assert "Oordeel op 2026-01-01: geen gegevens." in chart  # the chart's description, in words
    assert "no_data" not in chart
    assert "0 van 0 gebieden" not in chart
    assert "nog geen meting na de nulmeting" in chart

    english = words(client.get(f"/en{base}/results/1B/{on}"))
    assert "no data" in english

    api = client.get(f"/api/v1/deals/waterwegregio/monitoring/verdicts/{on}").json()
    found = set(re.findall(r"'verdict': '([a-z_]+)'", str(api)))
    assert "no_data" in found and "on_schedule" not in found and "achieved" not in found


def test_the_public_results_page_says_no_data(client, unmeasured):
    response = client.get("/deals/waterwegregio/public/results/")
    shown = verdicts_shown(response)
    assert "no_data" in shown and "on_schedule" not in shown
    assert "geen gegevens" in words(response)
