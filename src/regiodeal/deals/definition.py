"""The deal definition format: one YAML file per Regio Deal (docs/definition-format.md).

Flow: `read_definition(text, filename)` parses the YAML (keeping the line of every node, refusing
duplicate keys and reading every number as Decimal, never float), checks the structure against
the pydantic models below, then runs the covenant's own checks (the rules registered in
`deals/rules.py`, each naming its article). It returns the parsed definition and a list of
`Problem`s; a definition with any problem is never loaded.

Every covenant rule checked names its article, so a reader can go from the message to the text of
the covenant and back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from typing import Annotated, Any, Literal

import yaml
from django.conf import settings
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .rules import covenant_checks
from .rules import execution_costs_cap as execution_costs_cap  # finance.checks reads the cap here

FORMAT_VERSION = "regiodeal/1"

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

    def where(self, path: tuple) -> str:
        return format_path(path)

    def problem(self, path: tuple, rule: str, message: str, **params: Any) -> Problem:
        return Problem(self.filename, self.line(path), format_path(path), rule, message, params)


_PYDANTIC_RULES = {
    "missing": ("required", "this field is required"),
    "extra_forbidden": ("unknown-field", "unknown field: see docs/definition-format.md"),
}


class _NoAliasDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Writes a value shared by two places out twice: `read_definition` refuses aliases. With
    libyaml's emitter where PyYAML has it (its wheels do): the same text in a tenth of the time
    (the bundled definition: 46 ms with the pure-Python emitter, 5 ms)."""

    def ignore_aliases(self, data) -> bool:
        return True


def dump_definition(content: dict) -> str:
    """The YAML text of a definition's content, without anchors or aliases: every definition text
    the platform writes (an amended covenant, a version's content on screen, a diff, the demo's
    generated deals) is written here."""
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

    problems += covenant_checks(deal, at)
    return (deal if not problems else None), problems


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
