"""Every kind of bad definition file is refused with a message naming file, line, path and rule,
and nothing is written."""

import re

import pytest
from django.core.management import CommandError, call_command

from regiodeal.audit.models import AuditEvent
from regiodeal.deals import models as m

pytestmark = pytest.mark.django_db


def load_refused(path) -> str:
    """Run `regiodeal deal load`, assert exit code 2 and an untouched database; the message."""
    with pytest.raises(CommandError) as caught:
        call_command("deal", "load", str(path))
    assert caught.value.returncode == 2
    assert m.Deal.objects.count() == 0
    assert m.DealVersion.objects.count() == 0
    assert m.Organisation.objects.count() == 0
    assert AuditEvent.objects.count() == 0
    return str(caught.value)


def line_of(path, needle: str, occurrence: int = 1) -> int:
    found = [n for n, line in enumerate(path.read_text().splitlines(), start=1) if needle in line]
    return found[occurrence - 1]


def test_it_rejects_a_yaml_syntax_error_with_its_line(write_definition):
    path = write_definition(("slug: waterwegregio", "slug: [waterwegregio"))
    message = load_refused(path)
    assert f"{path}:" in message
    assert "YAML syntax error" in message and "[yaml-syntax]" in message
    assert re.search(rf"{re.escape(str(path))}:\d+:", message)


def test_it_rejects_a_missing_field(write_definition):
    path = write_definition(("ends_on: 2028-12-31\n", ""))
    message = load_refused(path)
    assert "ends_on: this field is required [required]" in message


def test_it_rejects_an_unknown_field_with_its_line_and_path(write_definition):
    path = write_definition(
        ("    short_name: BZK\n", "    short_name: BZK\n    nickname: Binnenlandse Zaken\n")
    )
    message = load_refused(path)
    line = line_of(path, "nickname")
    assert f"{path}:{line}: parties[1].nickname: unknown field" in message
    assert "[unknown-field]" in message


def test_it_rejects_a_duplicate_key(write_definition):
    path = write_definition(
        ("name: Regio Deal Waterwegregio\n", "name: Regio Deal Waterwegregio\nname: Tweede naam\n")
    )
    message = load_refused(path)
    assert "the key 'name' appears twice" in message and "[duplicate-key]" in message


def test_it_rejects_a_duplicate_party_code(write_definition):
    path = write_definition(("  - code: BZK\n", "  - code: VRO\n"))
    message = load_refused(path)
    line = line_of(path, "  - code: VRO", occurrence=2)
    assert (
        f"{path}:{line}: parties[1].code: Party code 'VRO' is already used at parties[0] [duplicate-code]"
        in message
    )


def test_it_rejects_a_duplicate_result_code(write_definition, definition_text):
    path = write_definition(("      - code: 1D\n", "      - code: 1C\n"))
    message = load_refused(path)
    assert "code '1C' is already used at pillars[0].results[2]" in message


def test_it_rejects_a_reference_to_a_party_that_does_not_exist(write_definition):
    path = write_definition(("regiokassier: ROTTERDAM", "regiokassier: DORDRECHT"))
    message = load_refused(path)
    assert f"{path}:{line_of(path, 'regiokassier: DORDRECHT')}: regiokassier:" in message
    assert "'DORDRECHT' is not a Party code [unknown-reference]" in message


def test_it_rejects_a_target_on_an_unknown_indicator(write_definition):
    path = write_definition(("- indicator: ontmoetingsplekken", "- indicator: speeltuinen"))
    message = load_refused(path)
    assert "indicator 'speeltuinen' is not in indicators [unknown-reference]" in message


def test_it_rejects_budget_lines_that_do_not_add_up(write_definition):
    path = write_definition(("      total: 16800000", "      total: 16800001"))
    message = load_refused(path)
    assert (
        "budget.lines[0].total: rijk €8,400,000.00 + regional €8,400,000.00 = €16,800,000.00, "
        "not the total €16,800,001.00 (Art. 4.2) [budget-adds-up]" in message
    )
    assert "the lines' total amounts add up to €35,400,001.00, not the total €35,400,000.00" in message


def test_it_rejects_a_total_that_the_lines_do_not_reach(write_definition):
    path = write_definition(("    rijk: 17700000\n", "    rijk: 17800000\n"))
    message = load_refused(path)
    assert (
        "budget.totals.rijk: the lines' rijk amounts add up to €17,700,000.00, not the total "
        "€17,800,000.00 (Art. 4.2) [budget-adds-up]" in message
    )


def test_it_rejects_regional_money_below_national_money_in_total_not_per_line(write_definition):
    path = write_definition(
        ("      regional: 2070000\n      total: 4140000", "      regional: 2000000\n      total: 4070000"),
        ("    regional: 17700000\n    total: 35400000", "    regional: 17630000\n    total: 35330000"),
    )
    message = load_refused(path)
    assert "budget.lines[2].regional" not in message  # a line may hold less (Art. 4.2 "in totaal")
    assert (
        "budget.totals.regional: regional total €17,630,000.00 is below the national total "
        "€17,700,000.00 (short by €70,000.00; overweging 3, Art. 4.2) [regional-matches-national]" in message
    )


def test_it_rejects_execution_costs_above_three_percent_of_the_national_contribution(write_definition):
    # Move €10,000 from pillar 3 to VAT: the national total stays 17.7 million, VAT 540,000 > 531,000.
    path = write_definition(
        (
            "      rijk: 2070000\n      regional: 2070000\n      total: 4140000",
            "      rijk: 2060000\n      regional: 2070000\n      total: 4130000",
        ),
        (
            "      rijk: 530000\n      regional: 530000\n      total: 1060000",
            "      rijk: 540000\n      regional: 530000\n      total: 1070000",
        ),
    )
    message = load_refused(path)
    assert (
        "budget.lines[3].rijk: national execution costs (VAT) €540,000.00 exceed 3% of the national "
        "contribution €17,700,000.00 = €531,000.00 (Art. 4.2) [execution-costs-cap]" in message
    )


def test_it_rejects_dates_out_of_order(write_definition):
    path = write_definition(
        ("baseline_due_on: 2025-06-20", "baseline_due_on: 2029-03-01"),
        ('draft_to_parties_before: "06-15"', 'draft_to_parties_before: "08-01"'),
    )
    message = load_refused(path)
    assert (
        "rules.evaluation.baseline_due_on: the baseline is due 2029-03-01, after the deal ends (2028-12-31) "
        "(Art. 7.1) [dates-in-order]" in message
    )
    assert "the draft goes to the Parties (before 08-01) before the report goes to the ministry" in message


def test_it_rejects_a_signature_after_the_end(write_definition):
    path = write_definition(
        ("      name: M.C.G. Keijzer\n", "      name: M.C.G. Keijzer\n"),
        ("    short_name: VRO\n", "    short_name: VRO\n    signed_on: 2029-01-05\n"),
    )
    message = load_refused(path)
    assert "parties[0].signed_on: signed on 2029-01-05, after the deal ends (2028-12-31) (Art. 19)" in message


def test_it_rejects_money_that_is_not_euros_and_cents(write_definition):
    path = write_definition(("      rijk: 8400000\n", "      rijk: 8400000.001\n"))
    message = load_refused(path)
    assert "budget.lines[0].rijk:" in message and "2 decimal places" in message


def test_it_reports_every_problem_not_only_the_first(write_definition):
    path = write_definition(
        ("regiokassier: ROTTERDAM", "regiokassier: DORDRECHT"), ("      total: 16800000", "      total: 1")
    )
    message = load_refused(path)
    assert "3 problems found" in message  # the kassier, the line, and the total the line breaks
    assert "[unknown-reference]" in message and message.count("[budget-adds-up]") == 2


def test_it_rejects_a_file_that_does_not_exist(tmp_path):
    message = load_refused(tmp_path / "nowhere.yaml")
    assert "nowhere.yaml: the file does not exist [file-not-found]" in message


def test_it_refuses_to_change_a_loaded_deal_outside_an_amendment(waterwegregio, write_definition):
    path = write_definition(("ends_on: 2028-12-31", "ends_on: 2029-12-31"))
    with pytest.raises(CommandError) as caught:
        call_command("deal", "load", str(path))
    message = str(caught.value)
    assert caught.value.returncode == 2
    assert "already loaded with different content" in message
    assert "(Art. 11)" in message and "amendment" in message
    assert "-ends_on: '2028-12-31'" in message and "+ends_on: '2029-12-31'" in message
    assert m.DealVersion.objects.get().ends_on.isoformat() == "2028-12-31"
    assert m.DealVersion.objects.count() == 1


def test_loading_the_same_content_again_changes_nothing(waterwegregio, write_definition, capsys):
    path = write_definition(("# Art. 18 - Citeertitel", "# a comment does not change the deal"))
    call_command("deal", "load", str(path))
    assert "already loaded with this content: nothing changed" in capsys.readouterr().out
    assert m.DealVersion.objects.count() == 1


def test_validate_prints_valid_and_exits_0(definition_text, write_definition, capsys):
    call_command("deal", "validate", str(write_definition()))
    assert "valid (Regio Deal Waterwegregio, slug waterwegregio)" in capsys.readouterr().out


def test_validate_can_print_problems_as_json(write_definition, capsys):
    import json

    path = write_definition(("regiokassier: ROTTERDAM", "regiokassier: MAASSLUIZ"))
    with pytest.raises(CommandError):
        call_command("deal", "validate", str(path), "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is False
    assert data["problems"][0]["path"] == "regiokassier"
    assert data["problems"][0]["rule"] == "unknown-reference"
    assert data["problems"][0]["line"] == line_of(path, "regiokassier: MAASSLUIZ")


def test_deal_show_names_the_loaded_slugs_when_one_is_unknown(waterwegregio):
    with pytest.raises(CommandError) as caught:
        call_command("deal", "show", "twente")
    assert caught.value.returncode == 2
    assert "No deal with slug 'twente' (loaded: waterwegregio)." in str(caught.value)
