"""The example data is one set of values with two writers: through the services (`regiodeal
demo`) and in bulk (the benchmarks' national portfolio). The same values give the same rows either
way, and the same seed gives the same values."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.db import transaction

from regiodeal.audit.services import Actor
from regiodeal.common.findings import ERROR, findings_for
from regiodeal.deals.selectors import version_in_force
from regiodeal.demo.bulk import write_in_bulk
from regiodeal.demo.example import DealFacts, example_portfolio
from regiodeal.demo.national import LEDGER_KEYS
from regiodeal.demo.writers import write_through_services
from regiodeal.finance.models import LedgerEntry, MoneyTotal, ProgrammeBudget
from regiodeal.projects.models import Project
from regiodeal.results.models import Measurement, ResultIndicator

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 10, 31)
ACTOR = Actor(label="test")


def codes(related) -> tuple[str, ...]:
    return tuple(sorted(related.values_list("code", flat=True)))


def rows(deal) -> dict[str, list]:
    """What a reader of the deal sees, by codes, dates and amounts (not ids or timestamps)."""
    projects = sorted(
        (
            p.code,
            p.title,
            p.status,
            p.lead.code,
            p.starts_on,
            p.ends_on,
            p.lock_version,
            p.is_example,
            p.credits_rijk_regio,
            codes(p.pillars),
            codes(p.objectives),
            codes(p.results),
            codes(p.areas),
            codes(p.groups),
            codes(p.sectors),
            codes(p.participants),
            tuple(sorted(p.transitions.values_list("from_status", "to_status", "reason"))),
            tuple(sorted(p.milestones.values_list("title", "due_on", "done_on", "lock_version"))),
            tuple(sorted(p.risks.values_list("description", "likelihood", "impact", "status"))),
        )
        for p in Project.objects.filter(deal=deal).select_related("lead")
    )
    return {
        "projects": projects,
        "ledger": sorted(
            LedgerEntry.objects.filter(deal=deal).values_list(
                *LEDGER_KEYS, "sector", "valuation_basis", "description"
            )
        ),
        "totals": sorted(
            MoneyTotal.objects.filter(deal=deal).values_list(
                "budget_line",
                "year",
                "allocated",
                "pledged",
                "paid",
                "in_kind_delivered",
                "national_spent",
                "national_execution",
                "regional_spent",
                "entries",
            )
        ),
        "programme": sorted(
            ProgrammeBudget.objects.filter(deal=deal).values_list(
                "year", "budget_line", "national", "regional"
            )
        ),
        "measurements": sorted(
            Measurement.objects.filter(deal=deal).values_list(
                "indicator__code", "on", "value", "area_code", "area_name", "group_code", "source"
            )
        ),
        "links": sorted(
            ResultIndicator.objects.filter(deal=deal).values_list(
                "result__code", "indicator__code", "target_value", "baseline_value", "baseline_on"
            ),
            key=repr,
        ),
    }


class Undo(Exception):
    pass


def test_the_same_seed_gives_the_same_values_and_another_seed_other_figures(waterwegregio):
    facts = DealFacts.read(waterwegregio, version_in_force(waterwegregio))
    first = example_portfolio(facts, seed=7, today=TODAY)
    assert example_portfolio(facts, seed=7, today=TODAY) == first
    other = example_portfolio(facts, seed=8, today=TODAY)
    assert [p.code for p in other.projects] == [p.code for p in first.projects]
    assert [e.amount for e in other.entries] != [e.amount for e in first.entries]
    # Plain values, by code: nothing in them points into a database.
    assert dataclasses.asdict(first)["entries"][0]["project"] == "WW-101"


def test_both_writers_write_the_same_rows_from_the_same_values(waterwegregio):
    version = version_in_force(waterwegregio)
    portfolio = example_portfolio(DealFacts.read(waterwegregio, version), today=TODAY)
    write = {
        "deal": waterwegregio,
        "version": version,
        "actor": ACTOR,
        "portfolio": portfolio,
        "today": TODAY,
    }
    with pytest.raises(Undo), transaction.atomic():
        counts = write_through_services(**write)
        through_services = rows(waterwegregio)
        raise Undo
    assert Project.objects.filter(deal=waterwegregio).count() == 0

    in_bulk = write_in_bulk(**write, label="test")

    assert (counts["projects"], counts["ledger_entries"], counts["measurements"]) == (12, 83, 49)
    assert (in_bulk["projects"], in_bulk["ledger_entries"], in_bulk["measurements"]) == (12, 83, 49)
    written = rows(waterwegregio)
    for table, expected in through_services.items():
        assert written[table] == expected, table
    # The covenant's rules hold for the rows written in bulk as for those through the services.
    assert [f for f in findings_for(waterwegregio, on=TODAY) if f.severity == ERROR] == []
