"""Each registered rule of the definition (deals/rules.py) fires on a definition that breaks it,
with its code, path and message, and that problem is among what `read_definition` reports (so the
file is refused); the bundled covenant breaks none."""

import datetime as dt

import pytest
import yaml

from regiodeal.deals import rules
from regiodeal.deals.definition import DealDef, _Loader, _Located, dump_definition, read_definition
from regiodeal.deals.services import bundled_definition_path


def covenant() -> dict:
    return yaml.safe_load(bundled_definition_path().read_text(encoding="utf-8"))


def breaks(name: str, data: dict) -> list[tuple[str, str, str]]:
    """(path, code, message) of what rule `name` finds in `data`; asserts the whole read reports
    the same problems and refuses the file."""
    text = dump_definition(data)
    deal = DealDef.model_validate(yaml.load(text, Loader=_Loader))  # noqa: S506 (the safe loader)
    own = [
        (p.path, p.rule, p.message)
        for p in rules.registered_rules()[name].check(deal, _Located("deal.yaml", {}))
    ]
    assert own, f"rule {name} did not fire"
    read, problems = read_definition(text, "deal.yaml")
    assert read is None
    assert set(own) <= {(p.path, p.rule, p.message) for p in problems}
    return own


def test_the_covenant_breaks_no_rule():
    deal, problems = read_definition(bundled_definition_path().read_text(encoding="utf-8"))
    assert problems == [] and deal is not None


def test_every_rule_names_an_article_and_has_a_test_here():
    tests = " ".join(name for name in globals() if name.startswith("test_"))
    for name, rule in rules.registered_rules().items():
        assert rule.article, name
        assert rule.check.__doc__, name
        assert rule.check.__name__ in tests, f"no test for rule {name}"


def test_begripsbepaling_party_codes_unique():
    data = covenant()
    data["parties"][1]["code"] = "VRO"
    assert breaks("party-codes-unique", data) == [
        ("parties[1].code", "duplicate-code", "Party code 'VRO' is already used at parties[0]")
    ]


def test_begripsbepaling_partner_codes_unique():
    data = covenant()
    data["partners"][1]["code"] = data["partners"][0]["code"]
    data["partners"][2]["code"] = "VRO"
    assert breaks("partner-codes-unique", data) == [
        ("partners[1].code", "duplicate-code", "Partner code 'ALBEDA' is already used at partners[0]"),
        ("partners[2].code", "duplicate-code", "Partner code 'VRO' is already a Party code"),
    ]


def test_begripsbepaling_area_codes_unique():
    data = covenant()
    data["areas"][2]["code"] = "MAASSLUIS"
    assert breaks("area-codes-unique", data)[0][:2] == ("areas[2].code", "duplicate-code")


def test_overweging_group_codes_unique():
    data = covenant()
    data["groups"][1]["code"] = data["groups"][0]["code"]
    assert breaks("group-codes-unique", data) == [
        ("groups[1].code", "duplicate-code", "group code 'jongeren' is already used at groups[0]")
    ]


def test_overweging_sector_codes_unique():
    data = covenant()
    data["sectors"][1]["code"] = data["sectors"][0]["code"]
    assert breaks("sector-codes-unique", data)[0][:2] == ("sectors[1].code", "duplicate-code")


def test_art_7_1_indicator_codes_unique():
    data = covenant()
    data["indicators"][1]["code"] = data["indicators"][0]["code"]
    assert breaks("indicator-codes-unique", data)[0][:2] == ("indicators[1].code", "duplicate-code")


def test_art_1_pillar_codes_unique():
    data = covenant()
    data["pillars"][1]["code"] = data["pillars"][0]["code"]
    assert breaks("pillar-codes-unique", data)[0][:2] == ("pillars[1].code", "duplicate-code")


def test_art_4_2_budget_line_codes_unique():
    data = covenant()
    data["budget"]["lines"][1]["code"] = data["budget"]["lines"][0]["code"]
    assert breaks("budget-line-codes-unique", data)[0][:2] == ("budget.lines[1].code", "duplicate-code")


def test_begripsbepaling_glossary_terms_unique():
    data = covenant()
    data["glossary"][1]["term"] = "Regio Deal"
    assert breaks("glossary-terms-unique", data) == [
        ("glossary[1].term", "duplicate-code", "glossary term 'Regio Deal' is already used at glossary[0]")
    ]


def test_art_1_objective_codes_unique():
    data = covenant()
    first = data["pillars"][0]["objectives"][0]["code"]
    data["pillars"][1]["objectives"][0]["code"] = first
    assert breaks("objective-codes-unique", data) == [
        (
            "pillars[1].objectives[0].code",
            "duplicate-code",
            f"code {first!r} is already used at pillars[0].objectives[0]",
        )
    ]


def test_art_3_result_codes_unique():
    data = covenant()
    data["pillars"][0]["results"][3]["code"] = "1C"
    assert breaks("result-codes-unique", data) == [
        ("pillars[0].results[3].code", "duplicate-code", "code '1C' is already used at pillars[0].results[2]")
    ]


def test_art_5_regiokassier_is_a_regional_party():
    data = covenant()
    data["regiokassier"] = "DORDRECHT"
    assert breaks("regiokassier-is-a-regional-party", data) == [
        ("regiokassier", "unknown-reference", "regiokassier 'DORDRECHT' is not a Party code")
    ]
    data["regiokassier"] = "VRO"
    assert breaks("regiokassier-is-a-regional-party", data) == [
        (
            "regiokassier",
            "regiokassier-is-regional",
            "the regiokassier must be a regional (Regio) Party (Begripsbepaling, Art. 5)",
        )
    ]


def test_begripsbepaling_areas_lie_within_areas():
    data = covenant()
    data["areas"][1]["within"] = "ZEELAND"
    data["areas"][2]["within"] = data["areas"][2]["code"]
    assert breaks("areas-lie-within-areas", data) == [
        ("areas[1].within", "unknown-reference", "area 'ZEELAND' does not exist"),
        ("areas[2].within", "cycle", "an area cannot lie within itself"),
    ]


def test_begripsbepaling_area_cbs_codes():
    data = covenant()
    data["areas"][1]["cbs_code"] = "WK055601"
    assert breaks("area-cbs-codes", data) == [
        ("areas[1].cbs_code", "cbs-code", "'WK055601' is not a CBS code for a gemeente (expected GM9999)")
    ]


def test_art_3_targets_name_an_indicator():
    data = covenant()
    data["pillars"][0]["results"][0]["targets"][0]["indicator"] = "speeltuinen"
    assert breaks("targets-name-an-indicator", data) == [
        (
            "pillars[0].results[0].targets[0].indicator",
            "unknown-reference",
            "indicator 'speeltuinen' is not in indicators",
        )
    ]


def test_art_2_per_area_targets_name_the_area_kind():
    data = covenant()
    del data["pillars"][0]["norms"][0]["area_kind"]
    data["pillars"][0]["results"][0]["targets"][0]["area_kind"] = "wijk"
    assert breaks("per-area-targets-name-the-area-kind", data) == [
        (
            "pillars[0].norms[0].area_kind",
            "per-area-target",
            "a per_area target names its area_kind (wijk, ...), other kinds don't",
        ),
        (
            "pillars[0].results[0].targets[0].area_kind",
            "per-area-target",
            "a per_area target names its area_kind (wijk, ...), other kinds don't",
        ),
    ]


def test_art_19_targets_due_within_the_deal():
    data = covenant()
    data["pillars"][0]["results"][0]["targets"][0]["due_on"] = dt.date(2029, 1, 1)
    assert breaks("targets-due-within-the-deal", data) == [
        (
            "pillars[0].results[0].targets[0].due_on",
            "dates-in-order",
            "target date 2029-01-01 is after the deal ends (2028-12-31)",
        )
    ]


def test_art_6_3_overleg_members_are_parties():
    data = covenant()
    data["rules"]["overleg"]["members"].append("TNO")
    assert breaks("overleg-members-are-parties", data) == [
        ("rules.overleg.members[10]", "unknown-reference", "overleg member 'TNO' is not a Party code")
    ]


def test_art_11_2_amendment_addressed_to_a_party():
    data = covenant()
    data["rules"]["amendment"]["addressed_to"] = "TNO"
    assert breaks("amendment-addressed-to-a-party", data) == [
        ("rules.amendment.addressed_to", "unknown-reference", "'TNO' is not a Party code")
    ]


def test_art_13_2_accession_addressed_to_a_party():
    data = covenant()
    data["rules"]["accession"]["addressed_to"] = "TNO"
    assert breaks("accession-addressed-to-a-party", data) == [
        ("rules.accession.addressed_to", "unknown-reference", "'TNO' is not a Party code")
    ]


def test_art_4_2_budget_line_pillars_exist():
    data = covenant()
    data["budget"]["lines"][0]["pillar"] = "P9"
    assert breaks("budget-line-pillars-exist", data) == [
        ("budget.lines[0].pillar", "unknown-reference", "pillar 'P9' does not exist")
    ]


def test_art_4_2_execution_costs_line_has_no_pillar():
    data = covenant()
    data["budget"]["lines"][3]["pillar"] = data["pillars"][0]["code"]
    assert breaks("execution-costs-line-has-no-pillar", data) == [
        ("budget.lines[3].pillar", "not-allowed", "the execution costs (VAT) line belongs to no pillar")
    ]


def test_art_4_2_budget_lines_add_up():
    data = covenant()
    data["budget"]["lines"][0]["total"] = 16800001
    assert breaks("budget-lines-add-up", data) == [
        (
            "budget.lines[0].total",
            "budget-adds-up",
            "rijk €8,400,000.00 + regional €8,400,000.00 = €16,800,000.00, not the total "
            "€16,800,001.00 (Art. 4.2)",
        )
    ]


def test_art_4_2_budget_totals_add_up():
    data = covenant()
    data["budget"]["totals"]["rijk"] = 17800000
    assert breaks("budget-totals-add-up", data) == [
        (
            "budget.totals.rijk",
            "budget-adds-up",
            "the lines' rijk amounts add up to €17,700,000.00, not the total €17,800,000.00 (Art. 4.2)",
        )
    ]


def test_art_4_3_regional_matches_national():
    data = covenant()
    data["budget"]["lines"][2].update(regional=2000000, total=4070000)
    data["budget"]["totals"].update(regional=17630000, total=35330000)
    assert breaks("regional-matches-national", data) == [
        (
            "budget.totals.regional",
            "regional-matches-national",
            "regional total €17,630,000.00 is below the national total €17,700,000.00 "
            "(short by €70,000.00; overweging 3, Art. 4.2)",
        )
    ]


def test_art_4_2_execution_costs_within_cap():
    data = covenant()
    data["budget"]["lines"][2].update(rijk=2060000, total=4130000)
    data["budget"]["lines"][3].update(rijk=540000, total=1070000)
    assert breaks("execution-costs-within-cap", data) == [
        (
            "budget.lines[3].rijk",
            "execution-costs-cap",
            "national execution costs (VAT) €540,000.00 exceed 3% of the national contribution "
            "€17,700,000.00 = €531,000.00 (Art. 4.2)",
        )
    ]


def test_art_4_2_one_execution_costs_line():
    data = covenant()
    extra = dict(data["budget"]["lines"][3], code="VAT2", rijk=0, regional=0, total=0)
    data["budget"]["lines"].append(extra)
    assert breaks("one-execution-costs-line", data) == [
        (
            "budget.lines",
            "one-execution-costs-line",
            "the budget has one execution costs (VAT) line (Art. 4.2)",
        )
    ]


def test_art_19_signed_before_the_end():
    data = covenant()
    data["parties"][0]["signed_on"] = dt.date(2029, 1, 5)
    assert breaks("signed-before-the-end", data) == [
        (
            "parties[0].signed_on",
            "dates-in-order",
            "signed on 2029-01-05, after the deal ends (2028-12-31) (Art. 19)",
        )
    ]


def test_art_7_1_baseline_before_the_end():
    data = covenant()
    data["rules"]["evaluation"]["baseline_due_on"] = dt.date(2029, 3, 1)
    assert breaks("baseline-before-the-end", data) == [
        (
            "rules.evaluation.baseline_due_on",
            "dates-in-order",
            "the baseline is due 2029-03-01, after the deal ends (2028-12-31) (Art. 7.1)",
        )
    ]


def test_art_7_3_report_draft_before_the_report():
    data = covenant()
    data["rules"]["progress_report"]["draft_to_parties_before"] = "08-01"
    assert breaks("report-draft-before-the-report", data) == [
        (
            "rules.progress_report.draft_to_parties_before",
            "dates-in-order",
            "the draft goes to the Parties (before 08-01) before the report goes to the ministry "
            "(before 07-15) (Art. 7.3)",
        )
    ]


@pytest.mark.parametrize("day", ["02-30", "04-31"])
def test_art_7_3_report_days_exist(day):
    data = covenant()
    data["rules"]["progress_report"]["to_ministry_before"] = day
    assert breaks("report-days-exist", data) == [
        ("rules.progress_report.to_ministry_before", "date", f"{day} is not a day of the year")
    ]
