"""Each of the covenant's money checks, with the exact finding it produces."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from regiodeal.common.findings import findings_for
from regiodeal.finance.services import (
    contribution_source_set,
    cooperation_agreement_set,
    eu_law_basis_set,
    programme_budget_set,
    spuk_account_submit,
    spuk_decision_record,
    vat_payment_record,
)

from .conftest import ACTOR

ON = dt.date(2026, 6, 30)


def finance_findings(deal, on=ON, rule=None):
    found = findings_for(deal, on, app="finance")
    return [f for f in found if rule is None or f.rule == rule]


def test_an_empty_ledger_has_no_money_findings(waterwegregio):
    assert finance_findings(waterwegregio) == []


def test_a_ledger_that_keeps_every_rule_has_no_findings(book):
    book("national_allocation", "1000000.00")
    public = book("regional_contribution", "1000000.00")
    book("spending", "400000.00")
    book("spending", "400000.00", funding="regional")
    book("execution_costs", "30900.00", line="VAT")  # 3% of 1,030,900.00 granted = 30,927.00
    vat_public = book("regional_contribution", "30900.00", line="VAT", organisation="ROTTERDAM")
    book("execution_costs", "30900.00", line="VAT", funding="regional")
    deal = book("spending", "1.00", funding="regional").deal
    # The Begripsbepaling: each public regional contribution's source is recorded, not the Rijk's.
    for entry in (public, vat_public):
        contribution_source_set(actor=ACTOR, entry=entry, source="own")
    # Art. 9: the project's procurement route and state-aid basis.
    eu_law_basis_set(
        actor=ACTOR,
        deal=public.deal,
        project=public.deal.projects.get(code="WW-001"),
        procurement_route="multiple",
        state_aid_basis="de_minimis",
    )
    # Art. 4.2, 5: the samenwerkingsovereenkomst, the SPUK beschikking, Schiedam's VAT share paid.
    cooperation_agreement_set(
        actor=ACTOR,
        deal=deal,
        signed_on=dt.date(2025, 9, 1),
        vat_level=Decimal("530000.00"),
        vat_estimate=Decimal("600000.00"),
    )
    spuk_decision_record(
        actor=ACTOR, deal=deal, decided_on=dt.date(2025, 6, 1), reference="SPUK-1", amount=Decimal("17700000")
    )
    schiedam = deal.organisations.get(code="SCHIEDAM")
    vat_payment_record(
        actor=ACTOR,
        deal=deal,
        organisation=schiedam,
        paid_on=dt.date(2026, 3, 1),
        amount=Decimal("30900.00"),
        reference="bank 1",
    )
    assert finance_findings(deal) == []


def test_national_money_above_the_line_maximum_is_an_error_with_the_excess(book, waterwegregio):
    book("national_allocation", "8400000.00")
    book("regional_contribution", "8400000.01")
    assert finance_findings(waterwegregio, rule="finance.national-within-line-maximum") == []

    book("national_allocation", "0.01", project="WW-002", organisation="VLAARDINGEN")
    [finding] = finance_findings(waterwegregio, rule="finance.national-within-line-maximum")
    assert finding.severity == "error"
    assert finding.article == "4.2, 4.3"
    assert finding.subject == "begrotingsregel P1"
    assert finding.data == {
        "line": "P1",
        "version": 1,
        "maximum": "8400000.00",
        "granted": "8400000.01",
        "excess": "0.01",
    }
    assert "€\u00a00,01 meer dan het maximum van €\u00a08.400.000,00" in finding.message


def test_an_amendment_raises_the_line_maximum_from_its_effective_date_not_before(
    book, waterwegregio, amend_budget
):
    """Art. 4.3: a different split over the lines needs an amendment; maxima come from the
    version in force on the date (deals.selectors.version_in_force)."""
    book("national_allocation", "9000000.00", on=dt.date(2026, 2, 1))
    book("regional_contribution", "9000000.00", on=dt.date(2026, 2, 1))
    amend_budget(dt.date(2027, 1, 1), P1=("9000000.00", "9000000.00"), P2=("6100000.00", "6100000.00"))

    [before] = finance_findings(waterwegregio, dt.date(2026, 12, 31), "finance.national-within-line-maximum")
    assert before.data["version"] == 1
    assert before.data["excess"] == "600000.00"
    assert finance_findings(waterwegregio, dt.date(2027, 1, 1), "finance.national-within-line-maximum") == []


def test_national_money_above_the_total_is_an_error(book, waterwegregio, amend_budget):
    # An amendment that lowers P2 leaves P1's allocation within its line but the total above 17.7m
    # cannot happen with the bundled table (lines add up to the total), so lower the total itself.
    amend_budget(dt.date(2026, 1, 1), P1=("1000000.00", "1000000.00"))
    book("national_allocation", "1000000.00")
    book("national_allocation", "6700000.00", line="P2")
    book("national_allocation", "2070000.00", line="P3")
    book("execution_costs", "530000.00", line="VAT")
    assert finance_findings(waterwegregio, rule="finance.national-within-total") == []
    book("national_allocation", "0.50", line="P3", on=dt.date(2026, 4, 1))
    [finding] = finance_findings(waterwegregio, rule="finance.national-within-total")
    assert finding.data == {"maximum": "10300000.00", "granted": "10300000.50", "excess": "0.50"}
    assert finding.article == "4.2"


def test_pledges_short_of_national_money_show_ratio_and_shortfall_per_line_and_in_total(book, waterwegregio):
    book("national_allocation", "300000.00")
    book("regional_contribution", "120000.00", sector="private", organisation="TNO")
    book("regional_contribution", "30000.00", contribution_status="paid")  # paid is not a pledge
    found = finance_findings(waterwegregio, rule="finance.regional-matches-national-pledged")
    assert [(f.subject, f.severity, f.data["ratio"], f.data["shortfall"]) for f in found] == [
        ("begrotingsregel P1", "warning", "0.40", "180000.00"),
        ("totaal", "warning", "0.40", "180000.00"),
    ]
    assert "€\u00a0180.000,00 te weinig regionale financiering" in found[0].message
    assert "verhouding 0,40, minimaal 1" in found[0].message


def test_spending_short_of_matching_is_a_warning_while_the_deal_runs_and_an_error_after(book, waterwegregio):
    book("national_allocation", "100000.00")
    book("regional_contribution", "100000.00")
    book("spending", "80000.00")
    book("spending", "50000.00", funding="regional")
    book(
        "regional_contribution",
        "10000.00",
        contribution_status="paid",
        form="in_kind",
        valuation_basis="100 uur à € 100",
    )
    running = finance_findings(waterwegregio, rule="finance.regional-matches-national-spent")
    assert [(f.subject, f.severity, f.data["regional"], f.data["shortfall"]) for f in running] == [
        ("begrotingsregel P1", "warning", "60000.00", "20000.00"),
        ("totaal", "warning", "60000.00", "20000.00"),
    ]
    ended = finance_findings(waterwegregio, dt.date(2029, 1, 1), "finance.regional-matches-national-spent")
    assert sorted((f.subject, f.severity) for f in ended) == [
        ("begrotingsregel P1", "warning"),
        ("totaal", "error"),
    ]


def test_national_execution_costs_above_three_percent_of_the_national_contribution(book, waterwegregio):
    book("national_allocation", "1000000.00")
    book("execution_costs", "531000.00", line="VAT")  # 3% of 17,700,000.00 in force
    assert finance_findings(waterwegregio, rule="finance.execution-costs-within-share") == []
    book("execution_costs", "1000.00", line="VAT")
    [finding] = finance_findings(waterwegregio, rule="finance.execution-costs-within-share")
    assert finding.data == {
        "spent": "532000.00",
        "contribution": "17700000.00",
        "max_share": "0.03",
        "allowed": "531000.00",
        "excess": "1000.00",
    }
    assert "meer dan 3% van de rijksbijdrage van €\u00a017.700.000,00" in finding.message


def test_spending_after_the_end_date_is_flagged_per_entry(book, waterwegregio):
    book("national_allocation", "10000.00")
    book("spending", "100.00", on=dt.date(2028, 12, 31))
    late = book("spending", "250.00", on=dt.date(2029, 1, 2))
    [finding] = finance_findings(waterwegregio, dt.date(2029, 3, 1), "finance.spending-after-end-date")
    assert finding.subject == f"boeking #{late.pk}"
    assert finding.article == "19"
    assert finding.data == {
        "entry": late.pk,
        "booked_on": "2029-01-02",
        "ends_on": "2028-12-31",
        "amount": "250.00",
        "project": "WW-001",
    }


def test_an_amendment_that_extends_the_deal_makes_late_spending_timely(book, waterwegregio, amend_budget):
    """Art. 19.2: the Parties may change the term; the check reads the end date in force."""
    book("national_allocation", "10000.00")
    book("spending", "250.00", on=dt.date(2029, 1, 2))
    amend_budget(dt.date(2028, 6, 1), ends_on=dt.date(2029, 12, 31))
    assert finance_findings(waterwegregio, dt.date(2029, 3, 1), "finance.spending-after-end-date") == []


def test_national_spending_beyond_the_project_allocation_is_an_error(book, waterwegregio):
    book("national_allocation", "5000.00")
    book("spending", "5000.00")
    assert finance_findings(waterwegregio, rule="finance.national-spending-within-allocation") == []
    book("spending", "0.01")
    [finding] = finance_findings(waterwegregio, rule="finance.national-spending-within-allocation")
    assert finding.subject == "project WW-001"
    assert finding.data == {"project": "WW-001", "allocated": "5000.00", "spent": "5000.01", "excess": "0.01"}


def test_an_unsubmitted_spuk_account_is_overdue_after_15_july_of_the_next_year(book, waterwegregio):
    book("national_allocation", "5000.00", on=dt.date(2026, 3, 1))
    assert finance_findings(waterwegregio, dt.date(2027, 7, 15), "finance.spuk-account-overdue") == []
    [finding] = finance_findings(waterwegregio, dt.date(2027, 7, 16), "finance.spuk-account-overdue")
    assert finding.data == {"year": 2026, "due_on": "2027-07-15"}
    assert finding.article == "5"
    spuk_account_submit(actor=ACTOR, deal=waterwegregio, year=2026, submitted_on=dt.date(2027, 7, 16))
    assert finance_findings(waterwegregio, dt.date(2027, 7, 16), "finance.spuk-account-overdue") == []


def test_a_correction_after_submission_warns_that_the_spuk_account_changed(book, waterwegregio):
    entry = book("national_allocation", "5000.00", on=dt.date(2026, 3, 1))
    spending = book("spending", "1000.00", on=dt.date(2026, 3, 2))
    spuk_account_submit(actor=ACTOR, deal=waterwegregio, year=2026, submitted_on=dt.date(2027, 3, 1))
    assert finance_findings(waterwegregio, dt.date(2027, 4, 1), "finance.spuk-account-changed") == []
    assert entry.pk
    from regiodeal.finance.services import entry_reverse

    # A correction dated in the accounted year (found in the audit) changes the year's figures.
    entry_reverse(actor=ACTOR, entry=spending, reason="dubbel geboekt", booked_on=dt.date(2026, 12, 31))
    [finding] = finance_findings(waterwegregio, dt.date(2027, 4, 1), "finance.spuk-account-changed")
    assert finding.severity == "warning"
    assert "cumulatief nu €\u00a00,00 rijksbijdrage" in finding.message


def test_yearly_programmes_planning_more_than_a_line_maximum_get_a_warning(waterwegregio):
    programme_budget_set(
        actor=ACTOR,
        deal=waterwegregio,
        year=2026,
        budget_line="P3",
        national=Decimal("2000000"),
        regional=Decimal(0),
    )
    assert finance_findings(waterwegregio, rule="finance.programme-within-line-maximum") == []
    programme_budget_set(
        actor=ACTOR,
        deal=waterwegregio,
        year=2027,
        budget_line="P3",
        national=Decimal("70000.01"),
        regional=Decimal(0),
    )
    [finding] = finance_findings(waterwegregio, rule="finance.programme-within-line-maximum")
    assert finding.severity == "warning"
    assert finding.data["excess"] == "0.01"


@pytest.mark.django_db
def test_regiodeal_check_runs_on_the_loaded_deal_and_exits_0_on_an_empty_ledger(waterwegregio, capsys):
    call_command("check", deal="waterwegregio", as_json=True)
    out = json.loads(capsys.readouterr().out)
    assert out["deal"] == "waterwegregio"
    assert "finance.national-within-line-maximum" in out["checks"]
    assert not [f for f in out["findings"] if f["rule"].startswith("finance.")]


def test_regiodeal_check_exits_1_with_a_money_error_and_prints_it_as_json(book, waterwegregio, capsys):
    book("national_allocation", "8400000.01", on=dt.date(2026, 1, 5))
    book("regional_contribution", "8400000.01", on=dt.date(2026, 1, 5))
    with pytest.raises(SystemExit) as exit_info:
        call_command("check", deal="waterwegregio", as_json=True, on="2026-02-01")
    assert exit_info.value.code == 1
    out = json.loads(capsys.readouterr().out)
    [finding] = [f for f in out["findings"] if f["rule"] == "finance.national-within-line-maximum"]
    assert finding["severity"] == "error"
    assert finding["data"]["excess"] == "0.01"
    assert set(finding) == {"rule", "article", "severity", "message", "subject", "data"}


def test_the_checks_of_one_call_compute_the_money_overview_once(book, monkeypatch):
    """Five money checks read the money overview on the date; one `findings_for` call computes it
    once for all of them (common.findings.shared), and each call computes it anew, so a booking
    in between is seen."""
    from regiodeal.finance import checks

    computed = []

    def counted(deal, on):
        computed.append(on)
        return real(deal, on)

    real = checks.overview
    monkeypatch.setattr(checks, "overview", counted)
    deal = book("national_allocation", "1000000.00").deal
    before = finance_findings(deal)
    assert computed == [ON]
    book("spending", "400000.00")  # national money spent, no regional money matching it: Art. 4.2
    after = finance_findings(deal)
    assert computed == [ON, ON]
    assert "finance.regional-matches-national-spent" in {f.rule for f in after} - {f.rule for f in before}
    assert list(checks.national_within_total(deal, ON)) == [
        f for f in after if f.rule == "finance.national-within-total"
    ]  # a check run on its own computes the overview itself
    assert computed == [ON, ON, ON]
