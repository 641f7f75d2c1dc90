"""A second reading of the covenant's money rules: each test is named after the article
it reads and failed on the old reading.

- Art. 4.2, the 3 % for execution costs: 3 % of the national contribution of the version in
  force (EUR 17.7m: 531,000), the same base in the definition and the ledger, not of the money
  granted so far.
- Overweging 3, Art. 4.2 "in totaal", Art. 4.3: regional money at least matches national money
  in total; a line may be below (a warning in the ledger, not an error in the definition).
"""

import datetime as dt
from decimal import Decimal

from regiodeal.common.findings import findings_for
from regiodeal.deals.definition import execution_costs_cap, read_definition
from regiodeal.governance.changes import amended_text

ON = dt.date(2026, 6, 30)


def finance_findings(deal, on=ON, rule=None):
    found = findings_for(deal, on, app="finance")
    return [f for f in found if rule is None or f.rule == rule]


# --- Art. 4.2: the 3 % for execution costs --------------------------------------------------------


def test_art_4_2_execution_costs_cap_is_three_percent_of_the_national_contribution_not_of_money_granted(
    book, waterwegregio
):
    # Early in the deal: 100,000 granted to a project, 20,000 national execution costs. The old
    # reading measured 20,000 against 3 % of 120,000 granted (3,600) and raised an ERROR.
    book("national_allocation", "100000.00")
    book("execution_costs", "20000.00", line="VAT")
    assert finance_findings(waterwegregio, rule="finance.execution-costs-within-share") == []


def test_art_4_2_execution_costs_above_three_percent_of_the_contribution_in_force_is_an_error(
    book, waterwegregio
):
    book("national_allocation", "1000000.00")
    book("execution_costs", "531000.00", line="VAT")
    assert finance_findings(waterwegregio, rule="finance.execution-costs-within-share") == []
    book("execution_costs", "0.01", line="VAT")
    [finding] = finance_findings(waterwegregio, rule="finance.execution-costs-within-share")
    assert finding.severity == "error"
    assert finding.data == {
        "spent": "531000.01",
        "contribution": "17700000.00",
        "max_share": "0.03",
        "allowed": "531000.00",
        "excess": "0.01",
    }
    assert "3% van de rijksbijdrage van €\u00a017.700.000,00" in finding.message


def test_art_4_2_definition_and_ledger_take_the_cap_from_one_function(book, waterwegregio, amend_budget):
    """The cap of an amended version is 3 % of that version's national total, in both places."""
    assert execution_costs_cap(Decimal("17700000"), Decimal("0.03")) == Decimal("531000.00")
    amend_budget(dt.date(2026, 1, 1), P1=("1000000.00", "1000000.00"))  # national total 10.3m
    book("execution_costs", "309000.00", line="VAT")
    assert finance_findings(waterwegregio, rule="finance.execution-costs-within-share") == []
    book("execution_costs", "0.01", line="VAT")
    [finding] = finance_findings(waterwegregio, rule="finance.execution-costs-within-share")
    assert finding.data["allowed"] == str(execution_costs_cap(Decimal("10300000.00"), Decimal("0.03")))


# --- Overweging 3, Art. 4.2 "in totaal", Art. 4.3: matching in total -------------------------------

MOVED = (
    ("      rijk: 8400000\n      regional: 8400000\n      total: 16800000",
     "      rijk: 8400000\n      regional: 8500000\n      total: 16900000"),
    ("      rijk: 6700000\n      regional: 6700000\n      total: 13400000",
     "      rijk: 6700000\n      regional: 6600000\n      total: 13300000"),
)  # fmt: skip


def test_art_4_2_a_definition_with_a_line_below_but_the_total_matched_is_accepted(definition_text):
    text = definition_text
    for old, new in MOVED:
        assert old in text
        text = text.replace(old, new, 1)
    _deal, problems = read_definition(text, "moved.yaml")
    assert problems == []


def test_art_4_2_a_definition_whose_regional_total_is_below_the_national_total_is_refused(definition_text):
    text = definition_text.replace(
        "      rijk: 6700000\n      regional: 6700000\n      total: 13400000",
        "      rijk: 6700000\n      regional: 6600000\n      total: 13300000",
        1,
    ).replace("    regional: 17700000\n    total: 35400000", "    regional: 17600000\n    total: 35300000", 1)
    _deal, problems = read_definition(text, "short.yaml")
    assert [(p.rule, p.path) for p in problems] == [("regional-matches-national", "budget.totals.regional")]
    assert "short by €100,000.00" in problems[0].message


def test_art_4_3_an_amendment_moving_regional_money_between_lines_with_the_total_matched_is_accepted(
    waterwegregio,
):
    content = waterwegregio.versions.get(number=1).content
    moved = {"budget": {"P1": {"rijk": "8400000", "regional": "8500000"},
                        "P2": {"rijk": "6700000", "regional": "6600000"}}}  # fmt: skip
    text = amended_text(content, moved, "amendment.yaml")
    assert "8500000" in text and "6600000" in text


def test_art_4_2_a_line_short_of_matching_in_the_ledger_is_a_warning_with_its_shortfall(book, waterwegregio):
    # P1 is short by 50,000, P2 is over by 50,000: the total is matched.
    book("national_allocation", "100000.00")
    book("regional_contribution", "50000.00")
    book("regional_contribution", "50000.00", line="P2")
    found = finance_findings(waterwegregio, rule="finance.regional-matches-national-pledged")
    assert [(f.subject, f.severity, f.data["shortfall"]) for f in found] == [
        ("begrotingsregel P1", "warning", "50000.00")
    ]


def test_art_4_2_the_total_short_of_matching_is_a_warning_while_the_programme_runs_and_an_error_at_its_end(
    book, waterwegregio
):
    book("national_allocation", "100000.00")
    book("regional_contribution", "60000.00")
    running = finance_findings(waterwegregio, rule="finance.regional-matches-national-pledged")
    assert [(f.subject, f.severity, f.data["shortfall"]) for f in running] == [
        ("begrotingsregel P1", "warning", "40000.00"),
        ("totaal", "warning", "40000.00"),
    ]
    ended = finance_findings(waterwegregio, dt.date(2029, 1, 1), "finance.regional-matches-national-pledged")
    assert sorted((f.subject, f.severity) for f in ended) == [
        ("begrotingsregel P1", "warning"),
        ("totaal", "error"),
    ]
