"""`regiodeal demo`: the example portfolio of a deal, so a newcomer sees a living platform.

The values come from `example.py` (seeded: the same seed gives the same portfolio) and are written
through the apps' own services (`writers.py`), so every rule and the audit trail apply as they
would to real data, and everything is marked as example data. It refuses to run on a deal that
holds real projects or ledger entries: example data never mixes into real data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from regiodeal.audit.services import Actor
from regiodeal.deals import models as dm
from regiodeal.deals.selectors import version_in_force
from regiodeal.demo.example import EXAMPLE_SOURCE, DealFacts, example_portfolio
from regiodeal.demo.writers import write_through_services

__all__ = ["EXAMPLE_SOURCE", "DemoOutcome", "RealDataPresent", "demo_portfolio_create"]


class RealDataPresent(Exception):
    """The deal already holds real data; example data would mix into it."""


@dataclass
class DemoOutcome:
    projects: int = 0
    ledger_entries: int = 0
    measurements: int = 0
    meetings: int = 0
    reports: int = 0
    notes: list[str] = field(default_factory=list)


def demo_portfolio_create(
    *, deal: dm.Deal, actor: Actor | None = None, seed: int = 2025, today: dt.date | None = None
) -> DemoOutcome:
    from regiodeal.finance.models import LedgerEntry
    from regiodeal.projects.models import Project

    actor = actor or Actor(label="regiodeal demo", source="cli")
    today = today or timezone.localdate()
    if (
        Project.objects.filter(deal=deal, is_example=False).exists()
        or LedgerEntry.objects.filter(deal=deal).exclude(source_document__startswith="VOORBEELD-").exists()
    ):
        raise RealDataPresent(
            f"Deal {deal.slug} holds real projects or ledger entries: example data never mixes into real "
            "data. Run the demo on its own database, e.g. REGIODEAL_DATA_DIR=./demo-data regiodeal demo "
            f"--deal {deal.slug}."
        )
    outcome = DemoOutcome()
    if Project.objects.filter(deal=deal, is_example=True).exists():
        outcome.notes.append("the example portfolio is already there: nothing changed")
        return outcome
    with transaction.atomic():
        version = version_in_force(deal)
        portfolio = example_portfolio(DealFacts.read(deal, version), seed=seed, today=today)
        counts = write_through_services(
            deal=deal, version=version, actor=actor, portfolio=portfolio, today=today
        )
    outcome.projects, outcome.ledger_entries = counts["projects"], counts["ledger_entries"]
    outcome.measurements, outcome.meetings, outcome.reports = (
        counts["measurements"],
        counts["meetings"],
        counts["reports"],
    )
    return outcome
