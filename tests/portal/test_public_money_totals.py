"""The public money figures come from the money totals kept per project (finance/totals.py,
`ProjectMoneyTotal`), summed by the public layer (disclosure/public.py) over the projects it
shows: a confidential project's money never reaches a public figure, and what the layer sums
equals the public ledger summed afresh."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from regiodeal.disclosure import public as layer
from regiodeal.disclosure.models import Confidentiality
from regiodeal.finance import totals
from regiodeal.finance.models import LedgerEntry, ProjectMoneyTotal
from regiodeal.finance.services import entry_record
from regiodeal.finance.validation import EntryDraft
from regiodeal.governance import services as governance
from regiodeal.portal import selectors as public
from tests.portal.conftest import ACTOR, SECRET_CODE, book

pytestmark = pytest.mark.django_db

BY = ("budget_line", "organisation_pk")


def summed_afresh(deal, on, by=BY):
    """The public ledger (`public_entries`, the layer's own decision over the entries) summed as
    the totals sum it."""
    entries = layer.public_entries(LedgerEntry.objects.filter(deal=deal, booked_on__lte=on), deal, on)
    return {k: v for k, v in ProjectMoneyTotal.summed_entries(entries, by).items() if v["entries"]}


def every_public_figure(deal) -> str:
    """What the public site and API say of the deal's money: the deal page, the money page, the
    project list and page, the money API."""
    client = Client()
    paths = [
        "/deals/waterwegregio/",
        "/deals/waterwegregio/public/money/",
        "/deals/waterwegregio/public/projects/",
        "/deals/waterwegregio/public/projects/WW-001/",
        "/api/v1/public/deals/waterwegregio/money-per-line/",
        "/api/v1/public/deals/waterwegregio/money-per-party/",
        "/api/v1/public/deals/waterwegregio/projects/",
    ]
    out = []
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        out.append(response.content.decode())
    return "\n".join(out)


def test_art_10_1_a_confidential_projects_money_never_reaches_a_public_figure(site):
    deal = site["deal"]
    on = timezone.localdate()
    secret = site["secret"]
    # The totals hold the confidential project's money (the internal overview counts it) ...
    kept = ProjectMoneyTotal.objects.get(deal=deal, project_pk=secret.pk)
    assert kept.allocated == 77_700_000
    # ... the public layer leaves it out, per line and Party and per project.
    figures = layer.public_money_totals(deal, on, by=BY)
    assert all(row["allocated"] != 77_700_000 for row in figures.values())
    assert ("P3", deal.organisations.get(code="VLAARDINGEN").pk) not in figures
    assert layer.public_money_totals(deal, on, by=("project_pk",), project_ids=[secret.pk]) == {}
    assert public.public_money(deal).total.national_granted == Decimal("125000.00")
    text = every_public_figure(deal)
    assert "777.000" not in text and "777000" not in text and "902.000" not in text
    # The test can fail: once the confidentiality is refused, the money is public.
    governance.confidentiality_decide(
        actor=ACTOR, request=site["request"], grant=False, decided_on=on, note="Openbaar (Woo)."
    )
    assert public.public_money(deal).total.national_granted == Decimal("902000.00")
    data = json.loads(Client().get("/api/v1/public/deals/waterwegregio/money-per-line/").content)
    assert next(r for r in data["results"] if r["budget_line"] == "P3")["national_granted"] == "777000.00"


def test_art_10_1_a_confidential_entry_of_a_public_project_is_left_out_too(site):
    """An entry kept confidential on its own (a record the layer knows by its content type) is
    taken off the totals of its public project, on the project's page and the money page."""
    deal = site["deal"]
    spending = book(deal, "spending", "3333.00", "P1", project="WW-001", funding="national")
    assert public.public_project(deal, "WW-001").national_spent == Decimal("43333.00")
    Confidentiality.objects.create(
        deal=deal,
        content_type=ContentType.objects.get_for_model(LedgerEntry),
        object_id=spending.pk,
        label=str(spending),
        starts_on=timezone.localdate(),
        grounds="test",
        source="test",
    )
    cache.clear()
    on = timezone.localdate()
    assert layer.public_money_totals(deal, on, by=BY) == summed_afresh(deal, on)
    assert public.public_project(deal, "WW-001").national_spent == Decimal("40000.00")
    assert public.public_money(deal).total.national_spent == Decimal("40000.00")


def test_the_public_totals_equal_the_public_ledger_summed_afresh(site):
    """Per line and Party, and per project, on several dates: before everything, between
    bookings, today; with money on no project, a regional contribution, execution costs and an
    entry booked after the date asked for."""
    deal = site["deal"]
    book(deal, "execution_costs", "1234.56", "VAT", funding="national")
    book(deal, "spending", "999.99", "P1", project="WW-001", funding="regional")
    book(
        deal,
        "regional_contribution",
        "15000.00",
        "P1",
        organisation="ALBEDA",
        contribution_status="paid",
        sector="private",
        form="in_kind",
        valuation_basis="150 uur maal 100 euro",
    )
    for project, line in (("WW-001", "P1"), (SECRET_CODE, "P3")):
        draft = EntryDraft(
            kind="spending",
            booked_on=dt.date(2026, 6, 1),
            amount=Decimal("500.00"),
            budget_line=line,
            project=project,
            funding="national",
            source_document="factuur 2026-06",
        )
        entry_record(actor=ACTOR, deal=deal, draft=draft)
    assert totals.project_differences([deal.pk]) == []
    for on in (dt.date(2026, 2, 28), dt.date(2026, 3, 1), dt.date(2026, 6, 1), timezone.localdate()):
        for by in (BY, ("project_pk",), ("budget_line",)):
            assert layer.public_money_totals(deal, on, by=by) == summed_afresh(deal, on, by), (on, by)


def test_the_public_money_reads_a_constant_number_of_queries(site):
    """The public money and a project's money are read from the totals: a few queries, however
    many entries the ledger holds (more entries below; the count is asserted before and after)."""
    deal = site["deal"]
    on = timezone.localdate()

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as seen:
            layer.public_money_totals(deal, on, by=BY)
            layer.public_money_totals(deal, on, by=("project_pk",), project_ids=[site["public"].pk])
        return len(seen)

    before = count()
    for _ in range(20):
        book(deal, "spending", "10.00", "P1", project="WW-001", funding="national")
    assert count() == before <= 8


def test_the_ledger_is_asked_what_to_take_off_by_its_date_and_the_confidential_ids(site):
    """What the public money takes off the totals (entries booked after the date, confidential
    entries) is asked of the ledger as `booked_on > date OR id IN (ids)`, the confidential entries'
    ids read first (a handful at most). With those ids as a subquery in the OR, PostgreSQL read
    every entry of the deal to find that there was nothing to take off (190 ms at 300,000 entries,
    docs/performance.md); with a list it reads the date index and the primary key."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    deal = site["deal"]
    spending = book(deal, "spending", "3333.00", "P1", project="WW-001", funding="national")
    on = timezone.localdate()
    for confidential in (False, True):
        if confidential:
            Confidentiality.objects.create(
                deal=deal,
                content_type=ContentType.objects.get_for_model(LedgerEntry),
                object_id=spending.pk,
                label=str(spending),
                starts_on=on,
                grounds="test",
                source="test",
            )
        with CaptureQueriesContext(connection) as seen:
            found = layer.public_money_totals(deal, on, by=BY)
        assert found == summed_afresh(deal, on)
        ledger = [q["sql"] for q in seen if 'FROM "finance_ledgerentry"' in q["sql"]]
        assert ledger, "the ledger was not asked"
        for sql in ledger:
            assert '"finance_ledgerentry"."id" IN (SELECT' not in sql, sql
        assert (f'"finance_ledgerentry"."id" IN ({spending.pk})' in ledger[0]) is confidential
