"""The money overview (screen and API) uses a fixed number of queries whatever the number of
ledger entries, years and budget lines booked on (issue 9): the ledger is summed by the database,
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
    client = Client()
    client.force_login(role_users["regiokassier"])
    grow(book, 0, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(book, 2, 12)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


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
