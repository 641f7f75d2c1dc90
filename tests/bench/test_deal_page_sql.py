"""The hand-written SQL of the public deal page (bench/bench_queries.py), the yardstick its
benchmark compares the page with, finds the figures the page shows: the covenant's blocks, the
entry into force, the money card without a confidential project's money and without an entry
booked after today, the counts, the reports, the outreach and the verdicts (`check_deal_page`,
which the benchmark runs before it times anything)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from bench.bench_queries import check_deal_page, sql_dashboard, sql_public_deal_page
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from regiodeal.finance.models import LedgerEntry
from regiodeal.projects.models import Project
from tests.factories import book
from tests.portal.conftest import site  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def test_the_deal_pages_sql_finds_the_figures_the_page_shows(site):  # noqa: F811
    deal, today = site["deal"], timezone.localdate()
    book(deal, "national_allocation", "5000.00", "P1", on=today + dt.timedelta(days=30), project="WW-001",
         organisation="SCHIEDAM")  # fmt: skip
    project_ct, entry_ct = (ContentType.objects.get_for_model(m).pk for m in (Project, LedgerEntry))

    sql = sql_public_deal_page(deal.pk, today, project_ct, entry_ct)

    assert check_deal_page(deal, sql, sql_dashboard([deal.pk], today)[deal.pk]) > 50
    # Not the confidential project's 777,000, nor the 5,000 booked next month.
    assert (sql["granted"], sql["pledged"], sql["maximum"]) == (
        Decimal("125000.00"),
        Decimal("130000.00"),
        Decimal("17700000.00"),
    )
    assert (sql["projects"], sql["ideas"]) == (1, 2)
    assert len(sql["blocks"]["party"]) == 10
    assert (len(sql["unsigned"]), sql["starts_on"]) == (10, None)  # nobody has signed this test deal
