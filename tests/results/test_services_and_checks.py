"""Setting a deal up for results, baselines and targets, measurements, and the findings of
`regiodeal check`."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from regiodeal.common.findings import findings_for
from regiodeal.common.locking import EditConflict
from regiodeal.results.catalogue import read_catalogue
from regiodeal.results.models import Indicator, ResultIndicator
from regiodeal.results.services import results_setup

from .conftest import ACTOR, link_of, measure, set_baseline


def test_setup_brings_the_catalogue_the_programme_indicators_and_the_covenants_targets(waterwegregio):
    outcome = results_setup(actor=ACTOR, deal=waterwegregio)
    assert Indicator.objects.filter(deal=None, origin="catalogue").count() == len(read_catalogue()) == 34
    assert outcome.programme_indicators_created == 3
    links = {
        (link.result.code if link.result else f"norm {link.norm.article}"): (
            link.indicator.code,
            link.target_kind,
            link.target_value,
            link.area_kind,
            link.target_on,
        )
        for link in ResultIndicator.objects.select_related("result", "indicator", "norm")
    }
    assert links == {
        "1A": ("ontmoetingsplekken", "absolute", D("3"), "", dt.date(2028, 12, 31)),
        # Art. 2.1: the outreach norm is the approach's, not result 1B's.
        "norm 2.1": ("bewoners_gesproken_per_wijk", "per_area", D("30"), "wijk", dt.date(2028, 12, 31)),
        "1C": ("jongeren_steunnetwerk", "relative", D("25"), "", dt.date(2028, 12, 31)),
    }
    again = results_setup(actor=ACTOR, deal=waterwegregio)
    assert (again.programme_indicators_created, again.links_created) == (0, 0)


def test_the_sdg_column_is_kept_as_a_proposal(measurable):
    income = Indicator.objects.get(code="bw_besteedbaar_inkomen")
    assert income.sdgs == [1, 10]
    assert income.better == "higher" and income.theme == "Materiële welvaart"


def test_a_baseline_needs_both_value_and_date(measurable):
    link = link_of(measurable, "1A")
    with pytest.raises(ValidationError) as caught:
        from regiodeal.results.services import result_indicator_update

        result_indicator_update(
            actor=ACTOR, link=link, expected_version=link.lock_version, baseline_value=D(1)
        )
    assert "baseline_on" in caught.value.message_dict


def test_a_target_on_the_wrong_side_of_the_baseline_is_refused(measurable):
    link = link_of(measurable, "1A")  # meeting places: higher is better, target 3
    with pytest.raises(ValidationError) as caught:
        set_baseline(link, "5")
    assert "target_value" in caught.value.message_dict


def test_two_people_editing_the_same_baseline_get_an_edit_conflict(measurable):
    first = link_of(measurable, "1A")
    second = link_of(measurable, "1A")
    set_baseline(first, "0")
    with pytest.raises(EditConflict):
        from regiodeal.results.services import result_indicator_update

        result_indicator_update(
            actor=ACTOR, link=second, expected_version=second.lock_version, baseline_source="other"
        )


def test_a_measurement_names_an_unknown_area_or_group(measurable):
    indicator = link_of(measurable, "1A").indicator
    with pytest.raises(ValidationError) as caught:
        measure(measurable, indicator, "1", dt.date(2025, 5, 1), area_code="ATLANTIS", group_code="ouderen")
    assert set(caught.value.message_dict) == {"area_code", "group_code"}


def test_a_measurement_cannot_lie_in_the_future(measurable):
    indicator = link_of(measurable, "1A").indicator
    with pytest.raises(ValidationError) as caught:
        measure(measurable, indicator, "1", dt.date.today() + dt.timedelta(days=1))
    assert "on" in caught.value.message_dict


def test_check_reports_missing_baselines_after_the_art_7_1_date_and_results_without_indicator(measurable):
    findings = findings_for(measurable, dt.date(2025, 7, 1))
    missing = [f for f in findings if f.rule == "results.baseline-missing"]
    assert sorted(f.subject for f in missing) == [
        "result 1A / ontmoetingsplekken",
        "result 1B / bewoners_gesproken_per_wijk",
        "result 1C / jongeren_steunnetwerk",
    ]
    assert all(f.severity == "error" and f.article == "7.1" for f in missing)
    without = {f.subject for f in findings if f.rule == "results.result-without-indicator"}
    assert "result 1D" in without and "result 1A" not in without
    before_due = findings_for(measurable, dt.date(2025, 6, 1))
    assert not [f for f in before_due if f.rule == "results.baseline-missing"]


def test_check_warns_about_a_target_behind_schedule(portfolio):
    from .conftest import ON

    behind = [f for f in findings_for(portfolio, ON) if f.rule == "results.behind-schedule"]
    assert [f.subject for f in behind] == ["result 1B / bewoners_gesproken_per_wijk"]
