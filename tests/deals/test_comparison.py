"""What an amendment changes, in the covenant's words (deals/comparison.py): a structured
comparison of two parsed definitions, one row per changed thing, with labels instead of keys;
and a definition's problems told in plain Dutch (English on /en/) naming the field and the
article, without the rule code (deals/wording.py)."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from regiodeal.deals.comparison import ADDED, CHANGED, REMOVED, compare
from regiodeal.deals.definition import normalized, read_definition
from regiodeal.deals.wording import path_label, problem_text
from regiodeal.governance.changes import apply_changes, text_fields

DEFINITION = Path(__file__).parents[2] / "src/regiodeal/deals/definitions/waterwegregio.yaml"


@pytest.fixture(scope="module")
def base() -> dict:
    deal, problems = read_definition(DEFINITION.read_text(encoding="utf-8"), "waterwegregio.yaml")
    assert not problems
    return normalized(deal)


def rows(old, new, language="nl"):
    with translation.override(language):
        return [(c.kind, c.label, c.old, c.new, c.fmt) for c in compare(old, new)]


def test_the_same_definition_changes_nothing(base):
    assert compare(base, copy.deepcopy(base)) == []


def test_art_4_3_a_budget_amount_change_is_one_row_per_amount_in_euros(base):
    new = apply_changes(base, {"budget": {"P1": {"rijk": "7400000", "regional": "8400000"}}})
    changes = rows(base, new)
    assert (
        CHANGED,
        "Begroting, pijler 1 — rijksbijdrage",
        Decimal("8400000"),
        Decimal("7400000"),
        "money",
    ) in (changes)
    assert (
        CHANGED,
        "Begroting, pijler 1 — totaal",
        Decimal("16800000"),
        Decimal("15800000"),
        "money",
    ) in changes
    assert (
        CHANGED,
        "Begroting, totaal — rijksbijdrage",
        Decimal("17700000"),
        Decimal("16700000"),
        "money",
    ) in (changes)
    assert not any("regionale bijdrage" in label for _k, label, *_rest in changes if "pijler 1" in label)
    english = rows(base, new, "en")
    assert english[0][1] == "Budget, pillar 1 — national contribution"


def test_an_added_result_is_one_row_marked_added(base):
    new = copy.deepcopy(base)
    new["pillars"][1]["results"].append({"code": "2Z", "title": "Een nieuw resultaat"})
    assert rows(base, new) == [(ADDED, "Resultaat 2Z", None, "Een nieuw resultaat", "text")]


def test_art_19_2_a_changed_end_date_is_a_date(base):
    new = apply_changes(base, {"ends_on": "2029-12-31"})
    assert rows(base, new) == [
        (CHANGED, "Looptijd — einddatum", dt.date(2028, 12, 31), dt.date(2029, 12, 31), "date")
    ]
    assert rows(base, new, "en")[0][1] == "Term — end date"


def test_a_removed_objective_and_a_removed_party_are_one_row_each_marked_removed(base):
    new = copy.deepcopy(base)
    removed_objective = new["pillars"][1]["objectives"].pop(1)
    new = apply_changes(new, {"remove_party": "SCHIEDAM"})
    changes = rows(base, new)
    assert (REMOVED, "Doel 2B", removed_objective["title"], None, "text") in changes
    schiedam = next(p for p in base["parties"] if p["code"] == "SCHIEDAM")
    assert (REMOVED, "Partij gemeente Schiedam", schiedam["name"], None, "text") in changes
    # The overleg loses a member, named as a Party, not by its code.
    member = "Rijk-Regio-overleg — lid gemeente Schiedam"
    assert (REMOVED, member, "gemeente Schiedam", None, "text") in changes
    assert not any("SCHIEDAM" in str(x) for row in changes for x in row)


def test_a_reordered_list_is_no_change_and_a_changed_text_is_labelled_in_words(base):
    new = copy.deepcopy(base)
    new["parties"].reverse()
    assert compare(base, new) == []
    new["pillars"][0]["residents_will_notice"] = "Iets anders."
    assert rows(base, new) == [
        (
            CHANGED,
            "Pijler 1 — wat inwoners gaan merken",
            base["pillars"][0]["residents_will_notice"],
            "Iets anders.",
            "text",
        )
    ]


def test_the_amendment_forms_texts_are_labelled_once_without_keys_or_doubled_codes(base):
    labels = [label for _path, label, _text in text_fields(base)]
    assert "De deal — citeertitel" in labels
    assert "Pijler 1 — wat inwoners gaan merken" in labels
    assert any(label.startswith("Doel 1A: Versterken van de sociale cohesie") for label in labels)
    assert not any(
        "11A" in label or "citation_title" in label or "residents_will_notice" in label for label in labels
    )


def refused(base, changes):
    new = apply_changes(base, changes)
    from regiodeal.deals.definition import dump_definition

    _deal, problems = read_definition(dump_definition(new), "voorstel.yaml")
    return new, problems


def test_art_4_2_regional_below_national_is_told_in_dutch_with_article_field_and_fix(base):
    new, problems = refused(base, {"budget": {"P1": {"rijk": "8400000", "regional": "7400000"}}})
    [problem] = problems
    assert problem.rule == "regional-matches-national"  # the code stays on the problem (log, API)
    text = problem_text(problem, new)
    assert text.startswith("Begroting, totaal — regionale bijdrage: de regionale bijdrage in totaal")
    assert "(€\u00a016.700.000,00) is lager dan de rijksbijdrage in totaal (€\u00a017.700.000,00)" in text
    assert "er ontbreekt €\u00a01.000.000,00" in text and "art. 4.2" in text
    assert "Verhoog de regionale bijdrage" in text
    assert "regional-matches-national" not in text and "budget." not in text
    with translation.override("en"):
        english = problem_text(problem, new)
    assert english.startswith("Budget, total — regional contribution: ")
    assert "€16,700,000.00" in english and "Art. 4.2" in english


def test_art_19_a_target_after_the_new_end_date_names_both_dates(base):
    new, problems = refused(base, {"ends_on": "2025-01-31"})
    texts = [problem_text(p, new) for p in problems]
    assert texts and all("[" not in t and "due_on" not in t for t in texts)
    assert any("valt na het einde van de deal (31 januari 2025)" in t for t in texts)


def test_path_labels_name_the_place_in_words(base):
    assert path_label(base, "budget.lines[3].rijk") == "Begroting, uitvoeringskosten (VAT) — rijksbijdrage"
    assert (
        path_label(base, "pillars.0.results.0.targets.0.value")
        == "Resultaat 1A, streefwaarde 1 — streefwaarde"
    )
    assert path_label(base, "rules.overleg.members[7]") == "Rijk-Regio-overleg — lid gemeente Schiedam"
