"""The values of the example data, as plain dataclasses: what the generators make and the writers
write.

Two generators make them, both seeded (the same seed gives the same values): `example.py`, the
Waterwegregio's example portfolio of `regiodeal demo`, and `national.py`, the national portfolio
of the benchmarks, sized by a scale. Two writers write them: `writers.write_through_services`
(every value through its app's service, with its rules and audit event) and `bulk.BulkRows`
(the large tables as rows, in bulk). A value names what it points at by code (a project's lead
"SCHIEDAM", an entry's project "WW-101", a measurement's indicator "bw_werkloosheid"), never by a
database id, so either writer can write it into any database.

The small exact helpers of both generators live here too: money in cents split without losing a
cent, dates spread over a period, decimals rounded half up.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENTS = Decimal("0.01")
# The side of the money an entry of these kinds is always on (`finance.validation`).
FIXED_FUNDING = {"national_allocation": "national", "regional_contribution": "regional"}


# ---------------------------------------------------------------------------------------------
# The values


@dataclass(frozen=True, slots=True)
class Signature:
    """A Party's signature of the covenant (Art. 19)."""

    organisation: str
    signed_on: dt.date


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a project's workflow (`projects.workflow.TRANSITIONS`)."""

    to_status: str
    on: dt.date
    reason: str


@dataclass(slots=True)
class Milestone:
    title: str
    due_on: dt.date
    done_on: dt.date | None = None


@dataclass(slots=True)
class Risk:
    description: str
    likelihood: str
    impact: str
    mitigation: str
    status: str = "open"


@dataclass(slots=True)
class Project:
    """A project with its links (codes of the deal's version), its workflow path and its plan."""

    code: str
    title: str
    lead: str
    description: str
    pillars: list[str]
    status: str = "idea"
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    residents_participation: str = ""
    credits_rijk_regio: bool = False
    credits_evidence: str = ""
    objectives: list[str] = field(default_factory=list)
    results: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    path: list[Step] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    created_on: dt.date | None = None


@dataclass(slots=True)
class Entry:
    """A ledger entry, as `finance.validation.EntryDraft` takes it (Art. 4, 5)."""

    kind: str
    booked_on: dt.date
    amount: Decimal
    budget_line: str
    source_document: str = ""
    funding: str = ""
    project: str = ""
    organisation: str = ""
    contribution_status: str = ""
    sector: str = ""
    form: str = ""
    valuation_basis: str = ""
    description: str = ""

    def draft(self):
        from regiodeal.finance.validation import EntryDraft

        return EntryDraft(
            kind=self.kind,
            booked_on=self.booked_on,
            amount=self.amount,
            budget_line=self.budget_line,
            source_document=self.source_document,
            funding=self.funding,
            project=self.project,
            organisation=self.organisation,
            contribution_status=self.contribution_status,
            sector=self.sector,
            form=self.form,
            valuation_basis=self.valuation_basis,
            description=self.description,
        )


@dataclass(frozen=True, slots=True)
class Budget:
    """One year of one budget line in the uitvoeringsprogramma (Bijlage 1 B)."""

    year: int
    budget_line: str
    national: Decimal
    regional: Decimal
    note: str


@dataclass(frozen=True, slots=True)
class Baseline:
    """The baseline of a covenant target the deal's definition links (`results_setup`)."""

    indicator: str
    value: Decimal
    on: dt.date
    source: str


@dataclass(frozen=True, slots=True)
class IndicatorLink:
    """A catalogue indicator linked to an intended result, with its baseline and target."""

    result: str
    indicator: str
    target_value: Decimal
    target_on: dt.date
    baseline_value: Decimal
    baseline_on: dt.date
    source: str
    target_kind: str = "absolute"


@dataclass(slots=True)
class Measurement:
    indicator: str
    value: Decimal
    on: dt.date
    source: str
    area_code: str = ""
    area_name: str = ""
    area_kind: str = ""
    group_code: str = ""


@dataclass(frozen=True, slots=True)
class Action:
    description: str
    owner: str
    due_on: dt.date


@dataclass(slots=True)
class Meeting:
    """A Rijk-Regio-overleg (Art. 6.2) with its decisions and actions."""

    held_on: dt.date
    title: str
    location: str
    agenda: str
    minutes: str
    decisions: list[str] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RegisterItem:
    kind: str
    title: str
    description: str
    raised_by: str
    raised_on: dt.date
    mitigation: str


@dataclass(frozen=True, slots=True)
class Report:
    """The yearly progress report (Art. 7.3): generated, sent, finalised and submitted."""

    year: int
    lessons: str
    sent_on: dt.date
    sent_note: str
    final_note: str
    submitted_on: dt.date
    submitted_note: str


@dataclass(slots=True)
class Portfolio:
    """Everything the example data of one deal holds, in the order it is written."""

    signatures: list[Signature] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    budgets: list[Budget] = field(default_factory=list)
    spuk_years: list[tuple[int, dt.date]] = field(default_factory=list)
    baselines: list[Baseline] = field(default_factory=list)
    links: list[IndicatorLink] = field(default_factory=list)
    measurements: list[Measurement] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    # The evidence of the obligations calendar's manual duties due by `today`, by key prefix.
    evidence: dict[str, str] = field(default_factory=dict)
    register: list[RegisterItem] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Small exact helpers


def money(value: Decimal) -> Decimal:
    """Euros rounded to the cent, half up."""
    return value.quantize(CENTS, rounding=ROUND_HALF_UP)


def euros(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def quantize(value: float, places: int) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def apportion(total: int, weights: list[float]) -> list[int]:
    """`total` split into whole parts proportional to `weights` (largest remainder, ties to the
    first), summing exactly to `total`."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    raw = [total * w / weight_sum for w in weights]
    out = [int(x) for x in raw]
    rest = total - sum(out)
    for i in sorted(range(len(raw)), key=lambda i: (out[i] - raw[i], i))[:rest]:
        out[i] += 1
    return out


def split_positive(total: int, n: int, rng: random.Random) -> list[int]:
    """`total` (cents) in `n` positive parts of random size; fewer parts if there are fewer cents."""
    n = min(n, total)
    if n <= 0:
        return []
    return [1 + part for part in apportion(total - n, [rng.uniform(0.3, 1.7) for _ in range(n)])]


def day_in(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max((last - first).days, 0)))


def even_days(first: dt.date, last: dt.date, n: int) -> list[dt.date]:
    """`n` distinct days after `first` up to and including `last`, evenly spread (the measuring
    dates of a series)."""
    span = (last - first).days
    n = min(n, span)
    return [first + dt.timedelta(days=round((i + 1) * span / n)) for i in range(n)] if n > 0 else []


def next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, day.day)


def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A timestamp on a day (UTC), for recorded_at/created_at columns."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=dt.UTC)
