"""The verdicts of a deal at a date, through the selectors the dashboard, API and checks use."""

import datetime as dt
from decimal import Decimal as D

from regiodeal.results.models import Measurement
from regiodeal.results.selectors import dashboard, indicator_detail
from regiodeal.results.verdict import Verdict

from .conftest import ON, link_of, measure


def test_each_covenant_target_gets_its_verdict(portfolio):
    board = dashboard(deal=portfolio, on=ON)
    assert board.result("1A").rollup.verdict == Verdict.ACHIEVED
    assert board.result("1C").rollup.verdict == Verdict.AT_RISK
    b = board.result("1B").links[0].verdict
    assert b.verdict == Verdict.BEHIND
    assert (b.areas_on_schedule, b.areas_total) == (1, 2)
    assert board.result("1D").rollup.verdict == Verdict.NO_DATA  # no indicator


def test_a_pillar_rolls_up_its_results_worst_first_with_counts(portfolio):
    pillar = dashboard(deal=portfolio, on=ON).pillar("1")
    assert pillar.rollup.verdict == Verdict.BEHIND
    assert pillar.rollup.counts == {
        Verdict.ACHIEVED: 1,
        Verdict.BEHIND: 1,
        Verdict.AT_RISK: 1,
        Verdict.NO_DATA: 1,
    }


def test_the_relative_target_is_reached_at_the_baseline_plus_25_percent(portfolio):
    status = dashboard(deal=portfolio, on=ON).result("1C").links[0]
    assert status.target_level == D("50")
    assert status.verdict.assessment.p == D("0.4")


def test_the_verdict_is_asked_at_a_date_and_ignores_later_measurements(portfolio):
    before = dashboard(deal=portfolio, on=dt.date(2025, 9, 30))
    assert before.result("1A").rollup.verdict == Verdict.NO_DATA


def test_projects_are_shown_with_the_results_they_work_on(portfolio):
    board = dashboard(deal=portfolio, on=ON)
    assert [p.code for p in board.result("1A").projects] == ["WW-001"]
    assert [p.code for p in board.result("1B").projects] == ["WW-002"]


def test_the_gap_of_young_people_to_the_region_narrows(portfolio):
    link = link_of(portfolio, "1C")
    measure(portfolio, link.indicator, "47", dt.date(2026, 6, 1))
    measure(portfolio, link.indicator, "45", dt.date(2026, 6, 1), group_code="jongeren")
    view = indicator_detail(deal=portfolio, indicator=link.indicator, on=dt.date(2026, 7, 1))
    [young] = view.groups
    assert young.key == "jongeren"
    assert [g.gap for g in young.gaps] == [D("-6"), D("-2")]
    assert young.trend == "narrowing"
    assert young.lags_behind


def test_the_dashboard_draws_the_latest_measurement_of_each_year_and_links_to_all(portfolio, role_users):
    """The dashboard's chart and its table hold one point a year per series, so the page does not
    grow with how often an indicator is measured; every measurement is on the
    indicator's page, one link away."""
    from django.test import Client

    link = link_of(portfolio, "1A")
    for month in range(1, 10):  # monthly in 2025 before 1 October (3, the covenant portfolio's value)
        measure(portfolio, link.indicator, str(month), dt.date(2025, month, 15))
    client = Client()
    client.force_login(role_users["programme_office"])
    page = client.get("/deals/waterwegregio/results/charts/1A/?on=2026-01-01").content.decode()
    block = page[page.index(f'id="link-{link.pk}"') :]
    block = block[: block.index("</article>")]
    assert block.count("gemeten: regio") == 1  # 2025: only 1 October
    assert "1 oktober 2025" in block and "15 september 2025" not in block
    assert f'href="/deals/waterwegregio/results/indicators/{link.indicator_id}/"' in block
    indicator_page = client.get(
        f"/deals/waterwegregio/results/indicators/{link.indicator_id}/"
    ).content.decode()
    assert "15 september 2025" in indicator_page


def test_a_new_measurement_is_on_the_dashboard_at_the_next_request(portfolio, role_users):
    """The dashboard's figures are cached under the deal's data version: a measurement
    recorded after a visit shows, with its verdict, on the next visit."""
    from django.test import Client

    client = Client()
    client.force_login(role_users["programme_office"])
    url = "/deals/waterwegregio/results/?on=2026-01-01"
    part = "/deals/waterwegregio/results/charts/1C/?on=2026-01-01"
    link = link_of(portfolio, "1C")  # +25% from 40%: 50 achieves it

    def verdict_of_1c(page: str) -> str:
        row = page[page.index('data-result="1C"') :]
        return row[row.index('class="rd-verdict') : row.index("</tr>")]

    assert "risico" in verdict_of_1c(client.get(url).content.decode())
    assert "15 december 2025" not in client.get(part).content.decode()
    measure(portfolio, link.indicator, "50", dt.date(2025, 12, 15))
    assert "behaald" in verdict_of_1c(client.get(url).content.decode())
    after = client.get(part).content.decode()
    block = after[after.index(f'id="link-{link.pk}"') :]
    block = block[: block.index("</article>")]
    assert "15 december 2025" in block and "behaald" in block


def test_the_dashboard_is_kept_whole_through_a_booking_and_not_through_a_measurement(portfolio, role_users):
    """Kept whole for the account (accounts/pages.py) under the deal's covenant, results and
    projects: a booking renders nothing again, a measurement the whole page."""
    from django.test import Client

    from tests.factories import book

    client = Client()
    client.force_login(role_users["programme_office"])
    url = "/deals/waterwegregio/results/?on=2026-01-01"
    assert client.get(url).templates
    assert not client.get(url).templates
    book(portfolio, "execution_costs", "100.00", "VAT", funding="national")
    assert not client.get(url).templates
    measure(portfolio, link_of(portfolio, "1C").indicator, "50", dt.date(2025, 12, 15))
    assert client.get(url).templates


def test_the_verdicts_api_shows_a_new_measurement_at_the_next_request(portfolio, role_users):
    """The API's verdicts are cached under the deal's data version too."""
    from django.test import Client

    client = Client()
    client.force_login(role_users["programme_office"])
    url = "/api/v1/deals/waterwegregio/monitoring/verdicts/?on=2026-01-01"
    link = link_of(portfolio, "1C")

    def latest():
        data = client.get(url).json()
        results = [r for p in data["pillars"] for r in p["results"]]
        [ind] = [i for r in results if r["code"] == "1C" for i in r["indicators"]]
        return ind["latest_actual_on"], ind["verdict"]

    assert latest() == ("2025-12-01", "at_risk")
    measure(portfolio, link.indicator, "50", dt.date(2025, 12, 15))
    assert latest() == ("2025-12-15", "achieved")


def test_the_indicators_page_shows_its_measurements_a_page_at_a_time_and_all_in_excel(portfolio, role_users):
    """A series measured often runs into thousands of rows: the page shows 100 at a time
    with the total, and the Excel download holds every one, as the table shows them."""
    import io

    from django.test import Client
    from openpyxl import load_workbook

    link = link_of(portfolio, "1C")
    for n in range(1, 106):
        measure(portfolio, link.indicator, "41", dt.date(2020, 1, 1) + dt.timedelta(days=n))
    total = Measurement.objects.filter(deal=portfolio, indicator=link.indicator).count()
    client = Client()
    client.force_login(role_users["programme_office"])
    url = f"/deals/waterwegregio/results/indicators/{link.indicator_id}/"
    first = client.get(url).content.decode()
    start = first.index('id="measurements"')
    table = first[start : first.index("</table>", start)]
    assert f"{total} metingen" in table and table.count("<tr") == 1 + 100
    assert 'href="?page=2"' in first and f"Pagina 1 van {(total + 99) // 100}" in first
    second = client.get(url + "?page=2").content.decode()
    assert "Vorige" in second
    response = client.get(url + "?export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("Datum", "Periode vanaf", "Gebied", "Doelgroep", "Waarde", "Bron", "Project")
    assert len(rows) == 1 + total
    assert rows[1][0].date() == dt.date(2020, 1, 2) and rows[1][2] == "regio" and float(rows[1][4]) == 41


def test_the_dashboard_is_one_screen_of_verdicts_with_each_results_charts_fetched_apart(
    portfolio, role_users
):
    """The dashboard's response holds the verdicts and, per result with indicators, a part the
    browser fetches as it scrolls there (htmx), with a link to the result's page for a browser
    without JavaScript; the part holds the same charts as that page (every chart in the
    dashboard's own response made it 114 KB at the national portfolio's size)."""
    import re

    from django.test import Client

    client = Client()
    client.force_login(role_users["programme_office"])
    page = client.get("/deals/waterwegregio/results/?on=2026-01-01").content.decode()
    assert "<svg" not in page
    parts = re.findall(r'data-lazy-charts="([^"]+)"\s+hx-get="([^"]+)"', page)
    assert [code for code, _url in parts] == ["1A", "1B", "1C"]  # 1D has no indicator yet
    assert 'href="/deals/waterwegregio/results/results/1B/?on=2026-01-01"' in page
    for code, url in parts:
        part = client.get(url.replace("&amp;", "&"))
        assert part.status_code == 200
        charts = part.content.decode()
        result_page = client.get(
            f"/deals/waterwegregio/results/results/{code}/?on=2026-01-01"
        ).content.decode()
        assert charts.count('class="rd-chart"') == len(link_of_each(portfolio, code)) >= 1
        for article in re.findall(r'<article class="rd-indicator".*?</article>', charts, re.S):
            assert article in result_page
    assert client.get("/deals/waterwegregio/results/charts/9Z/").status_code == 404


def link_of_each(deal, code):
    from regiodeal.results.models import ResultIndicator

    return list(ResultIndicator.objects.filter(deal=deal, result__code=code))


def test_a_chart_part_fetched_after_the_session_ended_sends_the_whole_page_to_the_login(portfolio):
    """htmx would put the login form inside the dashboard; instead the page goes to the login and
    comes back to the dashboard afterwards."""
    from django.test import Client

    response = Client().get(
        "/deals/waterwegregio/results/charts/1A/",
        headers={
            "HX-Request": "true",
            "HX-Current-URL": "http://testserver/deals/waterwegregio/results/?on=2026-01-01",
        },
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=/deals/waterwegregio/results/%3Fon%3D2026-01-01"
    plain = Client().get("/deals/waterwegregio/results/charts/1A/")
    assert plain.status_code == 302 and plain["Location"].startswith("/accounts/login/?next=")
