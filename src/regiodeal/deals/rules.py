"""The covenant's own checks of a definition file: one small rule per function, each registered
with the article it enforces, as the findings of `regiodeal check` are (`common.findings`).

A rule is a function `(deal, at) -> Iterable[Problem]`: `deal` is the checked structure
(`definition.DealDef`), `at` finds the line of a path and makes the `Problem`. It is registered
with `@definition_rule(name, article=...)`; `covenant_checks` runs every rule in the order of this
file, so a file's problems come in the order a reader meets them (codes, references, money, dates).
The problem's code (`duplicate-code`, `budget-adds-up`, ...) is what the API and the command line
show; several rules may share one code.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from regiodeal.common.formatting import money

if TYPE_CHECKING:
    from .definition import DealDef, Problem, _Located

CENTS = Decimal("0.01")

AREA_CODE_PATTERNS = {
    "provincie": r"^PV\d{2}$",
    "gemeente": r"^GM\d{4}$",
    "wijk": r"^WK\d{6}$",
    "buurt": r"^BU\d{8}$",
}

Rule = Callable[["DealDef", "_Located"], Iterable["Problem"]]


@dataclass(frozen=True)
class DefinitionRule:
    name: str  # a stable id, e.g. "budget-lines-add-up"
    article: str  # the covenant article, e.g. "4.2"
    check: Rule


_RULES: dict[str, DefinitionRule] = {}


def definition_rule(name: str, *, article: str) -> Callable[[Rule], Rule]:
    """Register a rule of the definition under `name`, naming the article it enforces."""

    def decorator(fn: Rule) -> Rule:
        if name in _RULES:
            raise ValueError(f"definition rule {name!r} is registered twice")
        _RULES[name] = DefinitionRule(name=name, article=article, check=fn)
        return fn

    return decorator


def registered_rules() -> dict[str, DefinitionRule]:
    return dict(_RULES)


def covenant_checks(deal: DealDef, at: _Located) -> list[Problem]:
    """Every registered rule's problems with a definition whose structure is valid."""
    return [problem for rule in _RULES.values() for problem in rule.check(deal, at)]


def execution_costs_cap(national_contribution: Decimal, max_share: Decimal) -> Decimal:
    """Art. 4.2: national money for execution costs (VAT) is at most `max_share` (3 %) of the
    national contribution of the version in force (its budget table's national total), in cents.
    The one base of the definition check and the ledger check (finance.execution-costs-within-share).
    """
    return (national_contribution * max_share).quantize(CENTS, rounding=ROUND_HALF_UP)


def _money(value: Decimal) -> str:
    """Amounts in the definition's (English) messages: the one money format, in English."""
    return money(value, language="en")


def _unique(items: list, attr: str, path: tuple, at: _Located, what: str) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        value = getattr(item, attr)
        if value in seen:
            yield at.problem(
                (*path, i, attr),
                "duplicate-code",
                f"{what} {value!r} is already used at {at.where((*path, seen[value]))}",
            )
        else:
            seen[value] = i


# ---------------------------------------------------------------------------------------------
# Codes: each code names one thing


@definition_rule("party-codes-unique", article="Begripsbepaling")
def party_codes_unique(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """Each Party of the covenant (Begripsbepaling, its signatories) has its own code."""
    yield from _unique(deal.parties, "code", ("parties",), at, "Party code")


@definition_rule("partner-codes-unique", article="Begripsbepaling")
def partner_codes_unique(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """Each Partner (Begripsbepaling: involved, not a Party) has its own code, no Party's."""
    yield from _unique(deal.partners, "code", ("partners",), at, "Partner code")
    party_codes = {x.code for x in deal.parties}
    for i, partner in enumerate(deal.partners):
        if partner.code in party_codes:
            yield at.problem(
                ("partners", i, "code"),
                "duplicate-code",
                f"Partner code {partner.code!r} is already a Party code",
            )


@definition_rule("area-codes-unique", article="Begripsbepaling")
def area_codes_unique(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """Each area of the deal (Begripsbepaling, "Waterwegregio"; overwegingen) has its own code."""
    yield from _unique(deal.areas, "code", ("areas",), at, "area code")


@definition_rule("group-codes-unique", article="Overwegingen")
def group_codes_unique(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """Each group watched for distribution effects (overwegingen) has its own code."""
    yield from _unique(deal.groups, "code", ("groups",), at, "group code")


@definition_rule("sector-codes-unique", article="Overwegingen")
def sector_codes_unique(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """Each sector of work and education (overwegingen) has its own code."""
    yield from _unique(deal.sectors, "code", ("sectors",), at, "sector code")


@definition_rule("indicator-codes-unique", article="7.1")
def indicator_codes_unique(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """Each indicator (Art. 7.1: whether the approach serves the aims is followed) has its own code."""
    yield from _unique(deal.indicators, "code", ("indicators",), at, "indicator code")


@definition_rule("pillar-codes-unique", article="1")
def pillar_codes_unique(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """Each pillar (Art. 1) has its own code."""
    yield from _unique(deal.pillars, "code", ("pillars",), at, "pillar code")


@definition_rule("budget-line-codes-unique", article="4.2")
def budget_line_codes_unique(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """Each line of the budget table (Art. 4.2) has its own code."""
    yield from _unique(deal.budget.lines, "code", ("budget", "lines"), at, "budget line code")


@definition_rule("glossary-terms-unique", article="Begripsbepaling")
def glossary_terms_unique(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """Each term of the glossary (Begripsbepaling) is defined once."""
    yield from _unique(deal.glossary, "term", ("glossary",), at, "glossary term")


def _codes_unique_across_pillars(deal: DealDef, at: _Located, kind: str) -> Iterator[Problem]:
    seen: dict[str, tuple] = {}
    for pi, pillar in enumerate(deal.pillars):
        for i, item in enumerate(getattr(pillar, kind)):
            path = ("pillars", pi, kind, i, "code")
            if item.code in seen:
                yield at.problem(
                    path,
                    "duplicate-code",
                    f"code {item.code!r} is already used at {at.where(seen[item.code])}",
                )
            else:
                seen[item.code] = path[:-1]


@definition_rule("objective-codes-unique", article="1")
def objective_codes_unique(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """Each objective (Art. 1: 1A-1C, 2A-2G, 3A-3D) has its own code over all pillars."""
    yield from _codes_unique_across_pillars(deal, at, "objectives")


@definition_rule("result-codes-unique", article="3")
def result_codes_unique(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """Each intended result (Art. 3) has its own code over all pillars."""
    yield from _codes_unique_across_pillars(deal, at, "results")


# ---------------------------------------------------------------------------------------------
# References: a code names something that is there


@definition_rule("regiokassier-is-a-regional-party", article="Begripsbepaling, 5")
def regiokassier_is_a_regional_party(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """The regiokassier (Begripsbepaling, Art. 5) is one of the regional Parties."""
    parties = {x.code: x for x in deal.parties}
    if deal.regiokassier not in parties:
        yield at.problem(
            ("regiokassier",),
            "unknown-reference",
            f"regiokassier {deal.regiokassier!r} is not a Party code",
            code=deal.regiokassier,
        )
    elif parties[deal.regiokassier].kind != "regio":
        yield at.problem(
            ("regiokassier",),
            "regiokassier-is-regional",
            "the regiokassier must be a regional (Regio) Party (Begripsbepaling, Art. 5)",
        )


@definition_rule("areas-lie-within-areas", article="Begripsbepaling")
def areas_lie_within_areas(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """An area of the deal (Begripsbepaling) lies within another area that is there, not itself."""
    codes = {a.code for a in deal.areas}
    for i, area in enumerate(deal.areas):
        if area.within and area.within not in codes:
            yield at.problem(
                ("areas", i, "within"), "unknown-reference", f"area {area.within!r} does not exist"
            )
        if area.within == area.code:
            yield at.problem(("areas", i, "within"), "cycle", "an area cannot lie within itself")


@definition_rule("area-cbs-codes", article="Begripsbepaling")
def area_cbs_codes(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """An area's CBS code (Begripsbepaling: the deal's gemeenten and wijken) fits its kind."""
    for i, area in enumerate(deal.areas):
        pattern = AREA_CODE_PATTERNS.get(area.kind)
        if area.cbs_code and (pattern is None or not re.match(pattern, area.cbs_code)):
            # The pattern as a reader writes it: "^GM\d{4}$" -> "GM9999".
            expected = (
                re.sub(r"\\d\{(\d+)\}", lambda m: "9" * int(m.group(1)), pattern.strip("^$"))
                if pattern
                else "no CBS code"
            )
            yield at.problem(
                ("areas", i, "cbs_code"),
                "cbs-code",
                f"{area.cbs_code!r} is not a CBS code for a {area.kind} (expected {expected})",
            )


def _numbers(deal: DealDef) -> Iterator[tuple[tuple, Any]]:
    """(path, target) of every number of the deal: a pillar's norms (Art. 2) and a result's
    targets (Art. 3)."""
    for pi, pillar in enumerate(deal.pillars):
        for ni, norm in enumerate(pillar.norms):
            yield ("pillars", pi, "norms", ni), norm
        for ri, result in enumerate(pillar.results):
            for ti, target in enumerate(result.targets):
                yield ("pillars", pi, "results", ri, "targets", ti), target


@definition_rule("targets-name-an-indicator", article="3")
def targets_name_an_indicator(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """A number of a result (Art. 3) or a norm (Art. 2) is measured by an indicator of the deal."""
    indicators = {x.code for x in deal.indicators}
    for path, target in _numbers(deal):
        if target.indicator not in indicators:
            yield at.problem(
                (*path, "indicator"),
                "unknown-reference",
                f"indicator {target.indicator!r} is not in indicators",
            )


@definition_rule("per-area-targets-name-the-area-kind", article="2")
def per_area_targets_name_the_area_kind(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """A number per area (Art. 2: "at least 30 residents per wijk") names the kind of area; other
    numbers do not."""
    for path, target in _numbers(deal):
        if (target.kind == "per_area") != bool(target.area_kind):
            yield at.problem(
                (*path, "area_kind"),
                "per-area-target",
                "a per_area target names its area_kind (wijk, ...), other kinds don't",
            )


@definition_rule("targets-due-within-the-deal", article="3, 19")
def targets_due_within_the_deal(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """A result's number (Art. 3) is due before the deal ends (Art. 19)."""
    for path, target in _numbers(deal):
        if target.due_on and target.due_on > deal.ends_on:
            yield at.problem(
                (*path, "due_on"),
                "dates-in-order",
                f"target date {target.due_on} is after the deal ends ({deal.ends_on})",
                date=target.due_on,
                ends_on=deal.ends_on,
            )


@definition_rule("overleg-members-are-parties", article="6.3")
def overleg_members_are_parties(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """The Rijk-Regio-overleg (Art. 6.3) is made of Parties."""
    parties = {x.code for x in deal.parties}
    for i, member in enumerate(deal.rules.overleg.members):
        if member not in parties:
            yield at.problem(
                ("rules", "overleg", "members", i),
                "unknown-reference",
                f"overleg member {member!r} is not a Party code",
                code=member,
            )


def _addressed_to_a_party(deal: DealDef, at: _Located, name: str) -> Iterator[Problem]:
    addressee = getattr(deal.rules, name).addressed_to
    if addressee not in {x.code for x in deal.parties}:
        yield at.problem(
            ("rules", name, "addressed_to"),
            "unknown-reference",
            f"{addressee!r} is not a Party code",
            code=addressee,
        )


@definition_rule("amendment-addressed-to-a-party", article="11.2")
def amendment_addressed_to_a_party(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """A request to amend the deal (Art. 11.2) goes to a Party (VRO)."""
    yield from _addressed_to_a_party(deal, at, "amendment")


@definition_rule("accession-addressed-to-a-party", article="13.2")
def accession_addressed_to_a_party(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """A request to accede to the deal (Art. 13.2) goes to a Party (VRO)."""
    yield from _addressed_to_a_party(deal, at, "accession")


# ---------------------------------------------------------------------------------------------
# Money (Art. 4.2, 4.3, overweging 3)


@definition_rule("budget-line-pillars-exist", article="4.2")
def budget_line_pillars_exist(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """A pillar's line of the budget table (Art. 4.2) names a pillar of the deal."""
    pillar_codes = {x.code for x in deal.pillars}
    for i, line in enumerate(deal.budget.lines):
        if line.kind == "pillar" and line.pillar not in pillar_codes:
            yield at.problem(
                ("budget", "lines", i, "pillar"),
                "unknown-reference",
                f"pillar {line.pillar!r} does not exist",
            )


@definition_rule("execution-costs-line-has-no-pillar", article="4.2")
def execution_costs_line_has_no_pillar(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """The execution costs (VAT) line of the budget table (Art. 4.2) belongs to no pillar."""
    for i, line in enumerate(deal.budget.lines):
        if line.kind == "execution_costs" and line.pillar:
            yield at.problem(
                ("budget", "lines", i, "pillar"),
                "not-allowed",
                "the execution costs (VAT) line belongs to no pillar",
            )


@definition_rule("budget-lines-add-up", article="4.2")
def budget_lines_add_up(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """Art. 4.2: each line of the budget table adds up: rijk + regional = total."""
    for i, line in enumerate(deal.budget.lines):
        if line.rijk + line.regional != line.total:
            yield at.problem(
                ("budget", "lines", i, "total"),
                "budget-adds-up",
                f"rijk {_money(line.rijk)} + regional {_money(line.regional)} = "
                f"{_money(line.rijk + line.regional)}, not the total {_money(line.total)} (Art. 4.2)",
                rijk=line.rijk,
                regional=line.regional,
                total=line.total,
            )


@definition_rule("budget-totals-add-up", article="4.2")
def budget_totals_add_up(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """Art. 4.2: the lines of the budget table add up to its totals, column by column."""
    lines, totals = deal.budget.lines, deal.budget.totals
    for column in ("rijk", "regional", "total"):
        summed = sum((getattr(x, column) for x in lines), Decimal("0"))
        if summed != getattr(totals, column):
            yield at.problem(
                ("budget", "totals", column),
                "budget-adds-up",
                f"the lines' {column} amounts add up to {_money(summed)}, "
                f"not the total {_money(getattr(totals, column))} (Art. 4.2)",
                summed=summed,
                total=getattr(totals, column),
            )


@definition_rule("regional-matches-national", article="Overwegingen, 4.2, 4.3")
def regional_matches_national(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """Overweging 3, Art. 4.2 "in totaal", Art. 4.3: regional money at least matches national money
    in total. A line may hold less (the Parties may move regional money between lines); the
    ledger warns about such a line (finance.regional-matches-national-*), it is no error here."""
    totals = deal.budget.totals
    needed = (totals.rijk * deal.rules.money.regional_match_min_ratio).quantize(CENTS)
    if totals.regional < needed:
        yield at.problem(
            ("budget", "totals", "regional"),
            "regional-matches-national",
            f"regional total {_money(totals.regional)} is below the national total "
            f"{_money(totals.rijk)} (short by {_money(needed - totals.regional)}; "
            "overweging 3, Art. 4.2)",
            regional=totals.regional,
            rijk=totals.rijk,
            short=needed - totals.regional,
        )


@definition_rule("execution-costs-within-cap", article="4.2")
def execution_costs_within_cap(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """Art. 4.2: national execution costs (VAT) are at most 3 % of the national contribution."""
    share = deal.rules.money.execution_costs_max_share
    national = deal.budget.totals.rijk
    cap = execution_costs_cap(national, share)
    for i, line in enumerate(deal.budget.lines):
        if line.kind == "execution_costs" and line.rijk > cap:
            yield at.problem(
                ("budget", "lines", i, "rijk"),
                "execution-costs-cap",
                f"national execution costs (VAT) {_money(line.rijk)} exceed "
                f"{share * 100:.0f}% of the national contribution {_money(national)} = {_money(cap)} "
                "(Art. 4.2)",
                amount=line.rijk,
                share=share,
                national=national,
                cap=cap,
            )


@definition_rule("one-execution-costs-line", article="4.2")
def one_execution_costs_line(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """The budget table (Art. 4.2) has one line of execution costs (VAT)."""
    if sum(1 for x in deal.budget.lines if x.kind == "execution_costs") > 1:
        yield at.problem(
            ("budget", "lines"),
            "one-execution-costs-line",
            "the budget has one execution costs (VAT) line (Art. 4.2)",
        )


# ---------------------------------------------------------------------------------------------
# Dates in order (Art. 7, 19)


@definition_rule("signed-before-the-end", article="19")
def signed_before_the_end(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """A Party signs (Art. 19: the deal enters into force after the last signature) before the
    deal ends."""
    for i, party in enumerate(deal.parties):
        if party.signed_on and party.signed_on > deal.ends_on:
            yield at.problem(
                ("parties", i, "signed_on"),
                "dates-in-order",
                f"signed on {party.signed_on}, after the deal ends ({deal.ends_on}) (Art. 19)",
                date=party.signed_on,
                ends_on=deal.ends_on,
            )


@definition_rule("baseline-before-the-end", article="7.1")
def baseline_before_the_end(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """Art. 7.1: the baseline is described before the deal ends."""
    due = deal.rules.evaluation.baseline_due_on
    if due > deal.ends_on:
        yield at.problem(
            ("rules", "evaluation", "baseline_due_on"),
            "dates-in-order",
            f"the baseline is due {due}, after the deal ends ({deal.ends_on}) (Art. 7.1)",
            date=due,
            ends_on=deal.ends_on,
        )


@definition_rule("report-draft-before-the-report", article="7.3")
def report_draft_before_the_report(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """Art. 7.3: the draft progress report goes to the Parties before the report goes to VRO."""
    report = deal.rules.progress_report
    if report.draft_to_parties_before >= report.to_ministry_before:
        yield at.problem(
            ("rules", "progress_report", "draft_to_parties_before"),
            "dates-in-order",
            f"the draft goes to the Parties (before {report.draft_to_parties_before}) "
            f"before the report goes to the ministry (before {report.to_ministry_before}) "
            "(Art. 7.3)",
        )


@definition_rule("report-days-exist", article="7.3")
def report_days_exist(deal: DealDef, at: _Located) -> Iterator[Problem]:
    """Art. 7.3: the progress report's days (15 June, 15 July) are days of the year."""
    report = deal.rules.progress_report
    for field in ("draft_to_parties_before", "to_ministry_before"):
        value = getattr(report, field)
        try:
            dt.date(2024, int(value[:2]), int(value[3:]))  # 2024: a leap year allows 02-29
        except ValueError:
            yield at.problem(("rules", "progress_report", field), "date", f"{value} is not a day of the year")
