"""The deal definition format: one YAML file per Regio Deal (docs/definition-format.md).

Flow: `read_definition(text, filename)` parses the YAML (keeping the line of every node, refusing
duplicate keys and reading every number as Decimal, never float), checks the structure against
the pydantic models below, then runs the covenant's own checks (`_covenant_checks`). It returns
the parsed definition and a list of `Problem`s; a definition with any problem is never loaded.

Every covenant rule checked here names its article, so a reader can go from the message to the
text of the covenant and back.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, Literal

import yaml
from django.conf import settings
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from regiodeal.common.formatting import money

FORMAT_VERSION = "regiodeal/1"
CENTS = Decimal("0.01")

# ---------------------------------------------------------------------------------------------
# Problems


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a definition file: where it is and which rule it breaks."""

    filename: str
    line: int | None
    path: str
    rule: str
    message: str
    # The values the message names (amounts, dates), for a reader's own wording of the problem
    # (`deals.wording.problem_text`); not part of the API's or the command line's output.
    params: dict[str, Any] = dataclass_field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        where = f"{self.filename}:{self.line}" if self.line else self.filename
        path = f" {self.path}:" if self.path else ""
        return f"{where}:{path} {self.message} [{self.rule}]"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.filename,
            "line": self.line,
            "path": self.path,
            "rule": self.rule,
            "message": self.message,
        }


class DefinitionError(Exception):
    """A definition that cannot be loaded; `problems` says every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# ---------------------------------------------------------------------------------------------
# The structure (pydantic). Field order here is the order of the documented format.

Code = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
Text = Annotated[str, Field(min_length=1)]
Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]
MonthDay = Annotated[str, Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]
Article = Annotated[str, Field(min_length=1, max_length=40)]
# An organisation identifier IATI accepts (docs/standards.md): NL-OIN-<20 digits> or NL-KVK-<8>.
OrgRef = Annotated[str, Field(pattern=r"^(NL-OIN-\d{20}|NL-KVK-\d{8})?$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Signatory(Strict):
    name: Text
    function: Text


class PartyDef(Strict):
    code: Code
    name: Text
    name_en: str = ""
    short_name: Text
    kind: Literal["rijk", "regio"]
    acts_as: Text
    signatory: Signatory
    signed_on: dt.date | None = None
    iati_ref: OrgRef = ""


class PartnerDef(Strict):
    code: Code
    name: Text
    iati_ref: OrgRef = ""


AREA_CODE_PATTERNS = {
    "provincie": r"^PV\d{2}$",
    "gemeente": r"^GM\d{4}$",
    "wijk": r"^WK\d{6}$",
    "buurt": r"^BU\d{8}$",
}


class AreaDef(Strict):
    code: Code
    name: Text
    kind: Literal["provincie", "gemeente", "wijk", "buurt", "gebied"]
    cbs_code: str = ""
    within: str = ""
    nplv_focus_area: bool = False
    in_deal_area: bool = True
    note: str = ""


class NamedDef(Strict):
    code: Code
    name: Text
    name_en: str = ""
    description: str = ""


class IndicatorDef(Strict):
    code: Code
    name: Text
    name_en: str = ""
    unit: Text
    unit_en: str = ""
    better: Literal["higher", "lower"]
    description: str = ""


class TargetDef(Strict):
    indicator: Code
    kind: Literal["absolute", "relative", "per_area"]
    operator: Literal["at_least", "at_most"]
    value: Decimal
    area_kind: Literal["gemeente", "wijk", "buurt", ""] = ""
    due_on: dt.date | None = None
    article: Article
    text: Text


class ObjectiveDef(Strict):
    code: Code
    title: Text
    title_en: str = ""


class ResultDef(Strict):
    code: Code
    title: Text
    title_en: str = ""
    residents_will_notice: str = ""
    targets: list[TargetDef] = []
    # A result the covenant judges by its delivery ("een ontwikkelde handreiking"): what is
    # delivered. Our reading, not the covenant's words: `deal correct` may change it.
    deliverable: str = ""


class PillarDef(Strict):
    code: Code
    name: Text
    name_en: str = ""
    short_name: Text
    approach: Text
    residents_will_notice: Text
    objectives: list[ObjectiveDef] = Field(min_length=1)
    results: list[ResultDef] = Field(min_length=1)
    # Numbers of the approach (Art. 2), not of an intended result: "minimaal dertig bewoners per
    # wijk" (Art. 2.1). Same fields as a result's targets.
    norms: list[TargetDef] = []


class BudgetLineDef(Strict):
    code: Code
    name: Text
    name_en: str = ""
    kind: Literal["pillar", "execution_costs"]
    pillar: str = ""
    rijk: Money
    regional: Money
    total: Money


class BudgetTotals(Strict):
    rijk: Money
    regional: Money
    total: Money


class BudgetDef(Strict):
    article: Article
    includes_vat: bool
    note: str = ""
    lines: list[BudgetLineDef] = Field(min_length=1)
    totals: BudgetTotals


class OverlegRules(Strict):
    article: Article
    members: list[Code] = Field(min_length=1)
    meets_at_least_per_year: int = Field(ge=1)
    organised_by: Literal["rijk", "regio"]
    escalation_agreed_by_overleg: bool = True


class ConsentRules(Strict):
    article: Article
    consent: Literal["all_parties"]
    consultation_weeks: int | None = Field(default=None, ge=1)
    addressed_to: Code


class WithdrawalRules(Strict):
    article: Article
    notice_months: int = Field(ge=0)
    requires_changed_circumstances: bool


class ReportRules(Strict):
    article: Article
    per_year: int = Field(ge=1)
    draft_to_parties_before: MonthDay
    to_ministry_before: MonthDay


class EvaluationRules(Strict):
    article: Article
    baseline_due_on: dt.date
    baseline_due_label: Text


class MoneyRules(Strict):
    article: Article
    execution_costs_max_share: Decimal = Field(ge=0, le=1)
    regional_match_min_ratio: Decimal = Field(ge=0)


class EntryIntoForceRules(Strict):
    article: Article
    starts: Literal["day_after_last_signature"]
    counterparts_allowed: bool


class Rules(Strict):
    money: MoneyRules
    overleg: OverlegRules
    amendment: ConsentRules
    accession: ConsentRules
    withdrawal: WithdrawalRules
    progress_report: ReportRules
    evaluation: EvaluationRules
    entry_into_force: EntryIntoForceRules


class GlossaryDef(Strict):
    term: Text
    definition: Text


class ConsiderationDef(Strict):
    number: int = Field(ge=1)
    text: Text


class DealDef(Strict):
    format: Literal["regiodeal/1"]
    slug: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{1,48}$")]
    name: Text
    citation_title: Text
    aim: Text
    ends_on: dt.date
    regiokassier: Code
    parties: list[PartyDef] = Field(min_length=1)
    partners: list[PartnerDef] = []
    areas: list[AreaDef] = []
    groups: list[NamedDef] = []
    sectors: list[NamedDef] = []
    indicators: list[IndicatorDef] = []
    pillars: list[PillarDef] = Field(min_length=1)
    budget: BudgetDef
    rules: Rules
    glossary: list[GlossaryDef] = []
    considerations: list[ConsiderationDef] = []

    @field_validator("parties")
    @classmethod
    def _at_least_two_parties(cls, parties: list[PartyDef]) -> list[PartyDef]:
        if not any(p.kind == "rijk" for p in parties) or not any(p.kind == "regio" for p in parties):
            raise ValueError("a Regio Deal has at least one Rijk Party and one Regio Party")
        return parties


# ---------------------------------------------------------------------------------------------
# YAML with line numbers, duplicate keys refused, numbers as Decimal


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The safe loader (libyaml's, when there) that reads every number with a fraction as
    Decimal, so money never passes through float, and turns an impossible value (31 February)
    into a YAML error with its line instead of an exception."""


def _value_error(message: str, node: yaml.Node) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(None, None, message, node.start_mark)


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    raw = loader.construct_scalar(node).replace("_", "")
    try:
        value = Decimal(raw)
    except ArithmeticError as exc:
        raise _value_error(f"{raw!r} is not a number", node) from exc
    if not value.is_finite():
        raise _value_error(f"{raw!r} is not a finite number", node)
    return value


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode):
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raw = loader.construct_scalar(node)
        raise _value_error(f"{raw!r} is not a date ({exc})", node) from exc


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _walk(node: yaml.Node, path: tuple, lines: dict[tuple, int], dupes: list[tuple]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                dupes.append(((*path, key), key_node.start_mark.line + 1))
            seen.add(key)
            _walk(value_node, (*path, key), lines, dupes)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), lines, dupes)


def format_path(path: tuple) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class _Located:
    """Finds the line of a path, falling back to its nearest parent that has one."""

    def __init__(self, filename: str, lines: dict[tuple, int]):
        self.filename = filename
        self.lines = lines

    def line(self, path: tuple) -> int | None:
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path)

    def problem(self, path: tuple, rule: str, message: str, **params: Any) -> Problem:
        return Problem(self.filename, self.line(path), format_path(path), rule, message, params)


_PYDANTIC_RULES = {
    "missing": ("required", "this field is required"),
    "extra_forbidden": ("unknown-field", "unknown field: see docs/definition-format.md"),
}


class _NoAliasDumper(yaml.SafeDumper):
    """Writes a value shared by two places out twice: `read_definition` refuses aliases."""

    def ignore_aliases(self, data) -> bool:
        return True


def dump_definition(content: dict) -> str:
    """The YAML text of a definition's content, without anchors or aliases."""
    return yaml.dump(content, Dumper=_NoAliasDumper, sort_keys=False, allow_unicode=True, width=100)


def _beyond_limits(text: str, filename: str) -> Problem | None:
    """A file too large, nested too deep, or with an anchor or alias, found from the parser's
    events before anything is built: an alias may stand for a whole subtree, so a file of a few
    hundred bytes of aliases of aliases unfolds into gigabytes (the "billion laughs"). A definition
    never needs one: each value is written out (docs/security.md "Limits on input")."""
    size = len(text.encode("utf-8", errors="replace"))
    maximum = settings.REGIODEAL_DEFINITION_MAX_BYTES
    if size > maximum:
        return Problem(
            filename,
            None,
            "",
            "too-large",
            f"the file is {size} bytes, more than the {maximum} a definition may have "
            "(REGIODEAL_DEFINITION_MAX_BYTES); a covenant's definition is far smaller: "
            "is this the right file?",
        )
    deepest = settings.REGIODEAL_DEFINITION_MAX_DEPTH
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return Problem(
                    filename,
                    line,
                    "",
                    "yaml-alias",
                    "anchors (&name) and aliases (*name) are not allowed in a definition: "
                    "write the value out",
                )
            if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                depth += 1
                if depth > deepest:
                    return Problem(
                        filename,
                        line,
                        "",
                        "too-deep",
                        f"lists and mappings nest deeper than {deepest} levels here "
                        "(REGIODEAL_DEFINITION_MAX_DEPTH); see docs/definition-format.md for the layout",
                    )
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # a syntax error: reported with its line by the reading below
    return None


def read_definition(text: str, filename: str = "<definition>") -> tuple[DealDef | None, list[Problem]]:
    """Parse and check a definition. Returns (definition or None, problems)."""
    if (beyond := _beyond_limits(text, filename)) is not None:
        return None, [beyond]
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(filename, line, "", "yaml-syntax", f"YAML syntax error: {reason}")]
    if root is None:
        return None, [Problem(filename, 1, "", "empty", "the file is empty")]

    lines: dict[tuple, int] = {}
    dupes: list[tuple] = []
    _walk(root, (), lines, dupes)
    at = _Located(filename, lines)
    problems = [
        Problem(
            filename,
            line,
            format_path(path),
            "duplicate-key",
            f"the key {path[-1]!r} appears twice in the same mapping",
        )
        for path, line in dupes
    ]
    try:
        data = _Loader(text).get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(exc, "problem", None) or str(exc)
        return None, [*problems, Problem(filename, line, "", "yaml-value", f"YAML value error: {reason}")]
    if not isinstance(data, dict):
        return None, [*problems, at.problem((), "structure", "the file must hold a mapping")]

    try:
        deal = DealDef.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not str(p).startswith("function-"))
            rule, message = _PYDANTIC_RULES.get(err["type"], (err["type"].replace("_", "-"), err["msg"]))
            if err["type"] == "literal_error":
                rule = "not-allowed"
            problems.append(at.problem(loc, rule, message, type=err["type"]))
        return None, problems

    problems += _covenant_checks(deal, at)
    return (deal if not problems else None), problems


# ---------------------------------------------------------------------------------------------
# The covenant's own checks


def _unique(items: list, attr: str, path: tuple, at: _Located, what: str) -> list[Problem]:
    seen: dict[str, int] = {}
    out = []
    for i, item in enumerate(items):
        value = getattr(item, attr)
        if value in seen:
            out.append(
                at.problem(
                    (*path, i, attr),
                    "duplicate-code",
                    f"{what} {value!r} is already used at {format_path((*path, seen[value]))}",
                )
            )
        else:
            seen[value] = i
    return out


def execution_costs_cap(national_contribution: Decimal, max_share: Decimal) -> Decimal:
    """Art. 4.2: national money for execution costs (VAT) is at most `max_share` (3 %) of the
    national contribution of the version in force (its budget table's national total), in cents.
    The one base of the definition check and the ledger check (finance.execution-costs-within-share).
    """
    return (national_contribution * max_share).quantize(CENTS, rounding=ROUND_HALF_UP)


def _money(value: Decimal) -> str:
    """Amounts in the definition's (English) messages: the one money format, in English."""
    return money(value, language="en")


def _covenant_checks(deal: DealDef, at: _Located) -> list[Problem]:
    p: list[Problem] = []
    p += _unique(deal.parties, "code", ("parties",), at, "Party code")
    p += _unique(deal.partners, "code", ("partners",), at, "Partner code")
    org_codes = [o.code for o in deal.parties] + [o.code for o in deal.partners]
    if len(set(org_codes)) < len(org_codes):
        for i, partner in enumerate(deal.partners):
            if partner.code in {x.code for x in deal.parties}:
                p.append(
                    at.problem(
                        ("partners", i, "code"),
                        "duplicate-code",
                        f"Partner code {partner.code!r} is already a Party code",
                    )
                )
    p += _unique(deal.areas, "code", ("areas",), at, "area code")
    p += _unique(deal.groups, "code", ("groups",), at, "group code")
    p += _unique(deal.sectors, "code", ("sectors",), at, "sector code")
    p += _unique(deal.indicators, "code", ("indicators",), at, "indicator code")
    p += _unique(deal.pillars, "code", ("pillars",), at, "pillar code")
    p += _unique(deal.budget.lines, "code", ("budget", "lines"), at, "budget line code")
    p += _unique(deal.glossary, "term", ("glossary",), at, "glossary term")
    objective_seen: dict[str, tuple] = {}
    result_seen: dict[str, tuple] = {}
    for pi, pillar in enumerate(deal.pillars):
        for kind, items, seen in (
            ("objectives", pillar.objectives, objective_seen),
            ("results", pillar.results, result_seen),
        ):
            for i, item in enumerate(items):
                path = ("pillars", pi, kind, i, "code")
                if item.code in seen:
                    p.append(
                        at.problem(
                            path,
                            "duplicate-code",
                            f"code {item.code!r} is already used at {format_path(seen[item.code])}",
                        )
                    )
                else:
                    seen[item.code] = path[:-1]

    parties = {x.code: x for x in deal.parties}
    if deal.regiokassier not in parties:
        p.append(
            at.problem(
                ("regiokassier",),
                "unknown-reference",
                f"regiokassier {deal.regiokassier!r} is not a Party code",
                code=deal.regiokassier,
            )
        )
    elif parties[deal.regiokassier].kind != "regio":
        p.append(
            at.problem(
                ("regiokassier",),
                "regiokassier-is-regional",
                "the regiokassier must be a regional (Regio) Party (Begripsbepaling, Art. 5)",
            )
        )

    areas = {a.code: a for a in deal.areas}
    for i, area in enumerate(deal.areas):
        if area.within and area.within not in areas:
            p.append(
                at.problem(
                    ("areas", i, "within"), "unknown-reference", f"area {area.within!r} does not exist"
                )
            )
        if area.within == area.code:
            p.append(at.problem(("areas", i, "within"), "cycle", "an area cannot lie within itself"))
        pattern = AREA_CODE_PATTERNS.get(area.kind)
        if area.cbs_code and (pattern is None or not re.match(pattern, area.cbs_code)):
            expected = pattern.strip("^$").replace("\\d", "9") if pattern else "no CBS code"
            p.append(
                at.problem(
                    ("areas", i, "cbs_code"),
                    "cbs-code",
                    f"{area.cbs_code!r} is not a CBS code for a {area.kind} (expected {expected})",
                )
            )

    indicators = {x.code for x in deal.indicators}
    for pi, pillar in enumerate(deal.pillars):
        numbers = [(("pillars", pi, "norms", ni), norm) for ni, norm in enumerate(pillar.norms)]
        for ri, result in enumerate(pillar.results):
            numbers += [
                (("pillars", pi, "results", ri, "targets", ti), target)
                for ti, target in enumerate(result.targets)
            ]
        for path, target in numbers:
            if target.indicator not in indicators:
                p.append(
                    at.problem(
                        (*path, "indicator"),
                        "unknown-reference",
                        f"indicator {target.indicator!r} is not in indicators",
                    )
                )
            if (target.kind == "per_area") != bool(target.area_kind):
                p.append(
                    at.problem(
                        (*path, "area_kind"),
                        "per-area-target",
                        "a per_area target names its area_kind (wijk, ...), other kinds don't",
                    )
                )
            if target.due_on and target.due_on > deal.ends_on:
                p.append(
                    at.problem(
                        (*path, "due_on"),
                        "dates-in-order",
                        f"target date {target.due_on} is after the deal ends ({deal.ends_on})",
                        date=target.due_on,
                        ends_on=deal.ends_on,
                    )
                )

    rules = deal.rules
    for i, member in enumerate(rules.overleg.members):
        if member not in parties:
            p.append(
                at.problem(
                    ("rules", "overleg", "members", i),
                    "unknown-reference",
                    f"overleg member {member!r} is not a Party code",
                    code=member,
                )
            )
    for name in ("amendment", "accession"):
        addressee = getattr(rules, name).addressed_to
        if addressee not in parties:
            p.append(
                at.problem(
                    ("rules", name, "addressed_to"),
                    "unknown-reference",
                    f"{addressee!r} is not a Party code",
                    code=addressee,
                )
            )

    # Budget (Art. 4.2): each line adds up, the lines add up to the totals.
    lines = deal.budget.lines
    pillar_codes = {x.code for x in deal.pillars}
    for i, line in enumerate(lines):
        path = ("budget", "lines", i)
        if line.kind == "pillar" and line.pillar not in pillar_codes:
            p.append(
                at.problem((*path, "pillar"), "unknown-reference", f"pillar {line.pillar!r} does not exist")
            )
        if line.kind == "execution_costs" and line.pillar:
            p.append(
                at.problem(
                    (*path, "pillar"), "not-allowed", "the execution costs (VAT) line belongs to no pillar"
                )
            )
        if line.rijk + line.regional != line.total:
            p.append(
                at.problem(
                    (*path, "total"),
                    "budget-adds-up",
                    f"rijk {_money(line.rijk)} + regional {_money(line.regional)} = "
                    f"{_money(line.rijk + line.regional)}, not the total {_money(line.total)} (Art. 4.2)",
                    rijk=line.rijk,
                    regional=line.regional,
                    total=line.total,
                )
            )
    totals = deal.budget.totals
    for column in ("rijk", "regional", "total"):
        summed = sum((getattr(x, column) for x in lines), Decimal("0"))
        if summed != getattr(totals, column):
            p.append(
                at.problem(
                    ("budget", "totals", column),
                    "budget-adds-up",
                    f"the lines' {column} amounts add up to {_money(summed)}, "
                    f"not the total {_money(getattr(totals, column))} (Art. 4.2)",
                    summed=summed,
                    total=getattr(totals, column),
                )
            )

    # Overweging 3, Art. 4.2 "in totaal", Art. 4.3: regional money at least matches national money
    # in total. A line may hold less (the Parties may move regional money between lines); the
    # ledger warns about such a line (finance.regional-matches-national-*), it is no error here.
    ratio = rules.money.regional_match_min_ratio
    needed = (totals.rijk * ratio).quantize(CENTS)
    if totals.regional < needed:
        p.append(
            at.problem(
                ("budget", "totals", "regional"),
                "regional-matches-national",
                f"regional total {_money(totals.regional)} is below the national total "
                f"{_money(totals.rijk)} (short by {_money(needed - totals.regional)}; "
                "overweging 3, Art. 4.2)",
                regional=totals.regional,
                rijk=totals.rijk,
                short=needed - totals.regional,
            )
        )

    # Art. 4.2: execution costs (VAT) at most 3% of the national contribution.
    cap = execution_costs_cap(totals.rijk, rules.money.execution_costs_max_share)
    for i, line in enumerate(lines):
        if line.kind == "execution_costs" and line.rijk > cap:
            p.append(
                at.problem(
                    ("budget", "lines", i, "rijk"),
                    "execution-costs-cap",
                    f"national execution costs (VAT) {_money(line.rijk)} exceed "
                    f"{rules.money.execution_costs_max_share * 100:.0f}% of the national "
                    f"contribution {_money(totals.rijk)} = {_money(cap)} (Art. 4.2)",
                    amount=line.rijk,
                    share=rules.money.execution_costs_max_share,
                    national=totals.rijk,
                    cap=cap,
                )
            )
    if sum(1 for x in lines if x.kind == "execution_costs") > 1:
        p.append(
            at.problem(
                ("budget", "lines"),
                "one-execution-costs-line",
                "the budget has one execution costs (VAT) line (Art. 4.2)",
            )
        )

    # Dates in order (Art. 7, 17, 19).
    for i, party in enumerate(deal.parties):
        if party.signed_on and party.signed_on > deal.ends_on:
            p.append(
                at.problem(
                    ("parties", i, "signed_on"),
                    "dates-in-order",
                    f"signed on {party.signed_on}, after the deal ends ({deal.ends_on}) (Art. 19)",
                    date=party.signed_on,
                    ends_on=deal.ends_on,
                )
            )
    if rules.evaluation.baseline_due_on > deal.ends_on:
        p.append(
            at.problem(
                ("rules", "evaluation", "baseline_due_on"),
                "dates-in-order",
                f"the baseline is due {rules.evaluation.baseline_due_on}, after the deal ends "
                f"({deal.ends_on}) (Art. 7.1)",
                date=rules.evaluation.baseline_due_on,
                ends_on=deal.ends_on,
            )
        )
    report = rules.progress_report
    if report.draft_to_parties_before >= report.to_ministry_before:
        p.append(
            at.problem(
                ("rules", "progress_report", "draft_to_parties_before"),
                "dates-in-order",
                f"the draft goes to the Parties (before {report.draft_to_parties_before}) "
                f"before the report goes to the ministry (before {report.to_ministry_before}) "
                "(Art. 7.3)",
            )
        )
    for field in ("draft_to_parties_before", "to_ministry_before"):
        value = getattr(report, field)
        try:
            dt.date(2024, int(value[:2]), int(value[3:]))  # 2024: a leap year allows 02-29
        except ValueError:
            p.append(
                at.problem(("rules", "progress_report", field), "date", f"{value} is not a day of the year")
            )
    return p


def normalized(deal: DealDef) -> dict[str, Any]:
    """The definition as plain JSON-able data, in the documented field order: what is compared
    to decide whether a file changes a loaded deal. The optional readings added later (a pillar's
    `norms`, a result's `deliverable`, an organisation's `iati_ref`, an indicator's `unit_en`) are
    left out when empty, so a deal loaded before they existed keeps its checksum."""
    data = deal.model_dump(mode="json")
    for org in [*data["parties"], *data["partners"]]:
        if not org.get("iati_ref"):
            org.pop("iati_ref", None)
    for indicator in data.get("indicators", []):
        if not indicator.get("unit_en"):
            indicator.pop("unit_en", None)
    for pillar in data["pillars"]:
        if not pillar.get("norms"):
            pillar.pop("norms", None)
        for result in pillar["results"]:
            if not result.get("deliverable"):
                result.pop("deliverable", None)
    return data


def normalized_yaml(deal: DealDef) -> str:
    return yaml.safe_dump(normalized(deal), sort_keys=False, allow_unicode=True, width=100)
