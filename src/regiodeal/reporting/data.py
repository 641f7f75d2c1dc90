"""The report's data, typed: the contract between gathering (`gather.py`) and the layout
(`document/`).

`gather()` assembles the plain JSON form (`regiodeal-report/1`): it is what a submission freezes
(`ReportSnapshot`, `PublicEdition`), what the checksums are taken over, what the JSON format and
the API return, and what a corrected public edition edits (`editions.py`). The layout never reads
that form directly: `ReportData.from_dict(structure)` turns it into the dataclasses below, and
`document.build` reads their attributes. So one module says what a report holds.

Money and numbers are Decimal, dates `datetime.date`, codes str. `from_dict` accepts every stored
shape (a missing key takes its default, an unknown key is ignored); `to_dict` writes the JSON form
back: `ReportData.from_dict(s).to_dict() == s` (tests/reporting/test_data.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

KEY, OMIT = "key", "omit"  # metadata: JSON key ("from"), key left out when None/False/[]


@functools.cache
def _hints(cls) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _load(tp, value):
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        tp = args[0]
        origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp):
        return tp.from_dict(value) if isinstance(value, dict) else None
    if origin is list:
        (item,) = typing.get_args(tp)
        return [_load(item, v) for v in value] if isinstance(value, list) else []
    if origin is dict:
        _k, item = typing.get_args(tp)
        return {k: _load(item, v) for k, v in value.items()} if isinstance(value, dict) else {}
    if tp is Decimal:
        return Decimal(str(value))
    if tp is dt.date:
        return dt.date.fromisoformat(value) if isinstance(value, str) else value
    return value


def _dump(value):
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, list):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class Record:
    """from_dict / to_dict driven by the fields' annotations."""

    @classmethod
    def from_dict(cls, data: dict):
        hints = _hints(cls)
        values = {}
        for f in dataclasses.fields(cls):
            key = f.metadata.get(KEY, f.name)
            if key in data:
                values[f.name] = _load(hints[f.name], data[key])
                if values[f.name] is None and f.default_factory is not dataclasses.MISSING:
                    del values[f.name]  # a list or record stored as null: its default
        return cls(**values)

    def to_dict(self) -> dict:
        out = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.metadata.get(OMIT) and (value is None or value is False or value == []):
                continue
            out[f.metadata.get(KEY, f.name)] = _dump(value)
        return out


Money = Number = Decimal | None  # JSON: money with two decimals, numbers normalised
Day = dt.date | None


# --- the deal and the report ------------------------------------------------------------------


@dataclass
class DealInfo(Record):
    slug: str = ""
    name: str = ""
    citation_title: str = ""
    aim: str = ""
    version: int = 0
    version_checksum: str = ""
    regiokassier: str = ""
    starts_on: Day = None
    ends_on: Day = None
    report_article: str = ""


@dataclass
class Withdrawal(Record):
    edition: int = 0
    on: Day = None


@dataclass
class ReportInfo(Record):
    year: int = 0
    as_of: Day = None
    generated_on: Day = None
    audience: str = "internal"
    status: str = "draft"
    sent_on: Day = None
    submitted_on: Day = None
    # a corrected public edition (editions.py)
    edition: int | None = field(default=None, metadata={OMIT: True})
    corrected_on: Day = field(default=None, metadata={OMIT: True})
    withdrawn: list[Withdrawal] = field(default_factory=list, metadata={OMIT: True})


# --- A. projects ------------------------------------------------------------------------------


@dataclass
class StatusChange(Record):
    on: Day = None
    from_status: str = field(default="", metadata={KEY: "from"})
    to: str = ""
    reason: str = ""
    by: str | None = field(default=None, metadata={OMIT: True})  # internal only


@dataclass
class Milestone(Record):
    title: str = ""
    due_on: Day = None
    done_on: Day = None
    state: str = "planned"  # done, done_late, overdue, planned


@dataclass
class ProjectMoney(Record):
    allocated_year: Money = None
    allocated_total: Money = None
    national_spent_year: Money = None
    national_spent_total: Money = None


@dataclass
class Output(Record):
    indicator: str = ""
    name: str = ""
    unit: str = ""
    on: Day = None
    value: Number = None
    area: str = ""
    group: str = ""
    source: str = ""


@dataclass
class ProjectRisk(Record):
    description: str = ""
    likelihood: str = ""
    impact: str = ""
    mitigation: str = ""
    status: str = ""


@dataclass
class Project(Record):
    code: str = ""
    title: str = ""
    description: str = ""
    lead: str = ""
    participants: list[str] = field(default_factory=list)
    status: str = ""
    starts_on: Day = None
    ends_on: Day = None
    pillars: list[str] = field(default_factory=list)
    results: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    status_changes: list[StatusChange] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    money: ProjectMoney = field(default_factory=ProjectMoney)
    outputs: list[Output] = field(default_factory=list)
    participation: str = ""
    credits_rijk_regio: bool = False
    credits_evidence: str = ""
    risks: list[ProjectRisk] = field(default_factory=list)


@dataclass
class WijkOutreach(Record):
    name: str = ""
    residents: int | None = None  # None: suppressed in the public summary
    conversations: int | None = None  # internal only
    verdict: str | None = None  # internal only


@dataclass
class Participation(Record):
    on: Day = None
    norm: int = 0
    residents: int | None = None
    wijken: list[WijkOutreach] = field(default_factory=list)


# --- B. results -------------------------------------------------------------------------------


@dataclass
class Latest(Record):
    on: Day = None
    value: Number = None


@dataclass
class AreaVerdict(Record):
    code: str = ""
    name: str = ""
    verdict: str = ""
    on: Day = None
    value: Number = None


@dataclass
class Series(Record):
    """[date, value] pairs as stored (ISO date, normalised number): the chart reads them."""

    regional: list[list[str]] = field(default_factory=list)
    areas: dict[str, list[list[str]]] = field(default_factory=dict)


@dataclass
class IndicatorResult(Record):
    code: str = ""
    name: str = ""
    unit: str = ""
    better: str = ""
    baseline: Number = None
    baseline_on: Day = None
    baseline_source: str = ""
    target_kind: str = ""
    target_value: Number = None
    target_level: Number = None
    target_on: Day = None
    area_kind: str = ""
    article: str = ""
    verdict: str = ""
    reason: str = ""
    latest: Latest | None = None
    areas_on_schedule: int = 0
    areas_total: int = 0
    areas: list[AreaVerdict] = field(default_factory=list)
    series: Series = field(default_factory=Series)


@dataclass
class ResultItem(Record):
    code: str = ""
    title: str = ""
    verdict: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    projects: list[str] = field(default_factory=list)
    indicators: list[IndicatorResult] = field(default_factory=list)


@dataclass
class PillarResult(Record):
    code: str = ""
    name: str = ""
    short_name: str = ""
    verdict: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    results: list[ResultItem] = field(default_factory=list)


@dataclass
class Results(Record):
    on: Day = None
    verdict: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    pillars: list[PillarResult] = field(default_factory=list)


# --- money ------------------------------------------------------------------------------------


@dataclass
class Figures(Record):
    planned_national: Money = None
    planned_regional: Money = None
    allocated: Money = None
    granted: Money = None
    pledged: Money = None
    paid: Money = None
    in_kind_delivered: Money = None
    national_spent: Money = None
    national_execution: Money = None
    regional_actual: Money = None
    pledge_ratio: Money = None
    spending_ratio: Money = None


@dataclass
class BudgetLine(Record):
    code: str = ""
    name: str = ""
    kind: str = ""
    pillar: str | None = None
    national: Money = None
    regional: Money = None
    total: Money = None


@dataclass
class BudgetTotals(Record):
    national: Money = None
    regional: Money = None
    total: Money = None


@dataclass
class Budget(Record):
    lines: list[BudgetLine] = field(default_factory=list)
    totals: BudgetTotals = field(default_factory=BudgetTotals)


@dataclass
class MoneyLine(Record):
    code: str = ""
    name: str = ""
    pillar: str | None = None
    national_maximum: Money = None
    regional_minimum: Money = None
    year: Figures = field(default_factory=Figures)
    cumulative: Figures = field(default_factory=Figures)


@dataclass
class Matching(Record):
    min_ratio: Money = None
    pledged_cumulative: Money = None
    spent_year: Money = None
    spent_cumulative: Money = None


@dataclass
class VatShare(Record):
    code: str = ""
    name: str = ""
    received: Money = None
    weight: Number = None  # None in the public version: it would give withheld money away
    planned: Money = None
    actual: Money = None


@dataclass
class Vat(Record):
    article: str = ""
    max_share: Number = None
    possible: bool = False
    planned_total: Money = None
    actual_total: Money = None
    received_total: Money = None
    national_execution_cumulative: Money = None
    shares: list[VatShare] = field(default_factory=list)


@dataclass
class Spuk(Record):
    year: int = 0
    national_spent: Money = None
    national_spent_cumulative: Money = None
    cofinancing: Money = None
    cofinancing_cumulative: Money = None
    is_final: bool = False
    due_on: Day = None
    submitted_on: Day = None


@dataclass
class ProjectMoneyRow(Record):
    code: str = ""
    title: str = ""
    allocated_year: Money = None
    allocated_total: Money = None
    national_spent_year: Money = None
    national_spent_total: Money = None


@dataclass
class MoneySection(Record):
    article: str = ""
    includes_vat: bool = False
    budget: Budget = field(default_factory=Budget)
    lines: list[MoneyLine] = field(default_factory=list)
    year_total: Figures = field(default_factory=Figures)
    cumulative_total: Figures = field(default_factory=Figures)
    matching: Matching = field(default_factory=Matching)
    vat: Vat = field(default_factory=Vat)
    spuk: Spuk | None = None
    by_project: list[ProjectMoneyRow] = field(default_factory=list)
    # public: confidential money left out
    excludes_confidential: bool = field(default=False, metadata={OMIT: True})


# --- distribution, governance, evaluation, changes --------------------------------------------


@dataclass
class DistributionPart(Record):
    kind: str = ""  # group or area
    key: str = ""
    name: str = ""
    first_on: Day = None
    first_gap: Number = None
    latest_on: Day = None
    latest_value: Number = None
    latest_regional: Number = None
    latest_gap: Number = None
    trend: str = ""
    lags_behind: bool = False


@dataclass
class Distribution(Record):
    indicator: str = ""
    name: str = ""
    unit: str = ""
    better: str = ""
    parts: list[DistributionPart] = field(default_factory=list)


@dataclass
class Decision(Record):
    number: int = 0
    text: str = ""


@dataclass
class Meeting(Record):
    held_on: Day = None
    title: str = ""
    attendees: list[str] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)


@dataclass
class Action(Record):
    meeting_on: Day = None
    description: str = ""
    owner: str = ""
    due_on: Day = None
    done_on: Day = None
    # internal only ("" when nobody is named)
    owner_person: str | None = field(default=None, metadata={OMIT: True})


@dataclass
class Escalation(Record):
    on: Day = None
    from_level: str | None = field(default=None, metadata={KEY: "from"})
    to: str = ""
    reason: str = ""
    by: str | None = field(default=None, metadata={OMIT: True})  # internal only


@dataclass
class RegisterItem(Record):
    kind: str = ""
    title: str = ""
    description: str = ""
    raised_by: str = ""
    raised_on: Day = None
    status: str = ""
    mitigation: str = ""
    level: str | None = None
    escalations: list[Escalation] = field(default_factory=list)


@dataclass
class Governance(Record):
    meetings: list[Meeting] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    register: list[RegisterItem] = field(default_factory=list)


@dataclass
class EvaluationDocument(Record):
    kind: str = ""
    title: str = ""
    dated: Day = None
    summary: str = ""


@dataclass
class InterimEvaluation(Record):
    title: str = ""
    dated: Day = None
    summary: str = ""


@dataclass
class Prompt(Record):  # the intended result whose verdict prompted an adjustment
    result: str = ""
    verdict: str = ""


@dataclass
class Adjustment(Record):
    decided_on: Day = None
    title: str = ""
    change: str = ""
    reason: str = ""
    prompted_by: list[Prompt] = field(default_factory=list)
    meeting_on: Day = None


@dataclass
class Evaluation(Record):
    documents: list[EvaluationDocument] = field(default_factory=list)
    evaluations: list[InterimEvaluation] = field(default_factory=list)
    adjustments: list[Adjustment] = field(default_factory=list)


@dataclass
class VersionChange(Record):
    number: int = 0
    origin: str = ""
    effective_from: Day = None
    name: str = ""
    ends_on: Day = None
    checksum: str = ""


@dataclass
class RequestChange(Record):
    number: int = 0
    kind: str = ""
    title: str = ""
    status: str = ""
    filed_by: str | None = None
    filed_on: Day = None
    decided_on: Day = None
    effective_from: Day = None
    adopted_version: int | None = None


@dataclass
class Changes(Record):
    versions: list[VersionChange] = field(default_factory=list)
    requests: list[RequestChange] = field(default_factory=list)


# --- the whole ------------------------------------------------------------------------------


@dataclass
class ReportData(Record):
    format: str = "regiodeal-report/1"
    deal: DealInfo = field(default_factory=DealInfo)
    report: ReportInfo = field(default_factory=ReportInfo)
    projects: list[Project] = field(default_factory=list)
    participation: Participation | None = None  # None: not in snapshots frozen before it existed
    results: Results = field(default_factory=Results)
    money: MoneySection = field(default_factory=MoneySection)
    distribution: list[Distribution] = field(default_factory=list)
    governance: Governance = field(default_factory=Governance)
    lessons: str = ""
    evaluation: Evaluation | None = None  # None: not in snapshots frozen before it existed
    changes: Changes = field(default_factory=Changes)

    @property
    def public(self) -> bool:
        return self.report.audience == "public"


def report_data(structure: ReportData | dict) -> ReportData:
    """The typed report of a structure, gathered now or frozen in any earlier shape."""
    return structure if isinstance(structure, ReportData) else ReportData.from_dict(structure)
