"""The money overview (screen and API) uses a fixed number of queries whatever the number of
ledger entries, years and budget lines booked on: the ledger is summed by the database,
and the count at a small ledger is asserted at a larger one."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from regiodeal.finance.selectors import overview, totals_by_deal

URLS = [
    "/deals/waterwegregio/finance/",
    "/api/v1/deals/waterwegregio/finance/overview/",
]


def grow(book, start: int, count: int) -> None:
    for n in range(start, start + count):
        on = dt.date(2025 + n % 3, 1 + n % 12, 1 + n % 28)
        line = ("P1", "P2", "P3")[n % 3]
        book("national_allocation", "1000.00", line, on=on)
        book("spending", "10.00", line, on=on, project="WW-002", funding="regional")
        book(
            "regional_contribution",
            "900.00",
            line,
            on=on,
            contribution_status="paid",
            form="in_kind",
            valuation_basis="uren maal tarief",
        )
        book("execution_costs", "5.00", "VAT", on=on)


@pytest.mark.parametrize("url", URLS)
def test_the_money_overview_reads_with_a_fixed_number_of_queries(
    url, book, role_users, django_assert_num_queries
):
    """Each count is taken on the first request after a booking, when the screen's cached figures
    (common/dataversion.py) are computed afresh."""
    client = Client()
    client.force_login(role_users["regiokassier"])
    grow(book, 0, 2)
    client.get(url)
    grow(book, 2, 1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(book, 3, 12)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_money_overview_screen_shows_a_booking_on_the_next_request(book, role_users):
    """The screen's figures are cached under the deal's data version: a second request reads them
    from the cache (fewer queries), and a booking is on the screen at the next request."""
    client = Client()
    client.force_login(role_users["regiokassier"])
    url = "/deals/waterwegregio/finance/"
    book("national_allocation", "1000.00", "P1", on=dt.date(2026, 1, 5))
    client.get(url)
    with CaptureQueriesContext(connection) as warm:
        first = client.get(url).content.decode()
    assert "1.000,00" in first and "1.234,56" not in first
    book("national_allocation", "234.56", "P1", on=dt.date(2026, 1, 6))
    with CaptureQueriesContext(connection) as cold:
        second = client.get(url).content.decode()
    assert "1.234,56" in second
    assert len(warm.captured_queries) < len(cold.captured_queries)


def test_the_portfolio_totals_of_a_deal_are_its_overview_totals(waterwegregio, other_deal, book):
    grow(book, 0, 9)
    book("regional_contribution", "70.00", "P2", contribution_status="pledged")
    on = dt.date(2026, 6, 30)
    totals = totals_by_deal([waterwegregio, other_deal], on)
    ours, whole = totals[waterwegregio.pk], overview(waterwegregio, on).total
    for name in ("allocated", "pledged", "paid", "in_kind_delivered", "national_spent", "regional_spent"):
        assert getattr(ours, name) == getattr(whole, name), name
    assert (ours.granted, ours.regional_actual) == (whole.granted, whole.regional_actual)
    assert other_deal.pk not in totals  # nothing booked there


def test_the_money_page_reads_the_budget_table_once_when_nothing_is_cached(book, role_users):
    """The overview and its chart share the budget lines read once (the chart read them again)."""
    from tests.queries import tables_read_cold

    client = Client()
    client.force_login(role_users["regiokassier"])
    grow(book, 0, 2)
    read, page = tables_read_cold(client, "/deals/waterwegregio/finance/")
    assert 'id="chart-planned-actual"' in page
    assert read["deals_budgetline"] == 1, read
    assert read["deals_dealversion"] == 1, read
