"""The hand-written SQL of the public pages (bench/bench_queries.py), the yardstick their
benchmark compares them with, finds the figures the pages show. The deal page: the covenant's
blocks, the entry into force, the money card without a confidential project's money and without an
entry booked after today, the counts, the reports, the outreach and the verdicts
(`check_deal_page`, which the benchmark runs before it times anything). The project list and a
project's page: each project's national money allocated and spent, from the totals kept per
project less what is booked after today."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from bench.bench_queries import (
    check_deal_page,
    sql_dashboard,
    sql_public_deal_page,
    sql_public_project,
    sql_public_projects,
)
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from regiodeal.finance.models import LedgerEntry
from regiodeal.portal import selectors as public
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


def test_the_project_lists_sql_finds_each_projects_money_without_what_is_booked_later(site):  # noqa: F811
    deal, today = site["deal"], timezone.localdate()
    book(deal, "spending", "2500.00", "P1", on=today, project="WW-001", funding="national")
    book(
        deal,
        "spending",
        "700.00",
        "P1",
        on=today + dt.timedelta(days=30),
        project="WW-001",
        funding="national",
    )
    book(deal, "national_allocation", "5000.00", "P1", on=today + dt.timedelta(days=30), project="WW-001",
         organisation="SCHIEDAM")  # fmt: skip
    project_ct = ContentType.objects.get_for_model(Project).pk

    listed = sql_public_projects(deal.pk, today, project_ct)
    one = sql_public_project(deal.pk, "WW-001", today, project_ct)

    ours = [(p.code, p.national_allocated, p.national_spent) for p in public.public_projects(deal)]
    assert listed == ours
    # 40,000 spent in the site already and 2,500 today; not the 5,000 nor the 700 of next month.
    assert ("WW-001", Decimal("125000.00"), Decimal("42500.00")) in listed
    assert (one["allocated"], one["spent"]) == (Decimal("125000.00"), Decimal("42500.00"))
