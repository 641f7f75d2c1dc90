"""The hand-written SQL of the money overview and the ministry's portfolio (bench/bench_queries.py),
the yardstick their benchmark compares them with, reads the money totals kept when written, less
what is booked after the date asked for, and finds the platform's figures: `check_finance` and
`check_portfolio`, which the benchmark runs before it times anything."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from bench.bench_queries import check_finance, check_portfolio, sql_finance_overview, sql_portfolio
from django.utils import timezone

from regiodeal.deals.models import Deal
from regiodeal.finance import selectors as finance
from regiodeal.portal import portfolio
from tests.factories import book
from tests.portal.conftest import site  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def test_the_money_sql_finds_the_platforms_figures_without_what_is_booked_later(site, role_users):  # noqa: F811
    deal, today = site["deal"], timezone.localdate()
    later = today + dt.timedelta(days=30)
    book(deal, "spending", "2500.00", "P1", on=today, project="WW-001", funding="national")
    book(deal, "execution_costs", "99.95", "VAT", on=today, funding="national")
    book(deal, "spending", "700.00", "P1", on=later, project="WW-001", funding="national")
    book(deal, "national_allocation", "5000.00", "P2", on=later, project="WW-001", organisation="SCHIEDAM")

    sql = sql_finance_overview(deal.pk, today)
    assert check_finance(finance.overview(deal, today), sql) > 0
    assert not any(cells[0] == Decimal("5000.00") for cells in sql["cells"].values())  # next month's

    deal_ids = list(Deal.objects.order_by("pk").values_list("pk", flat=True))
    found = sql_portfolio(deal_ids, today)
    assert check_portfolio(portfolio.portfolio_rows(role_users["ministry"]), found) == len(deal_ids)
    _granted, spent, _pledged, _actual = found[deal.pk]["money"]
    assert spent == finance.overview(deal, today).total.national_spent
