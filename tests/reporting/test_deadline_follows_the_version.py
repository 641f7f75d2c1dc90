"""Art. 7.3: the report's deadlines come from the version in force, which the process keeps
(deals.selectors.version_in_force_cached). A new version is read at once, though the one before
it was read and kept a moment earlier."""

import datetime as dt

import pytest

from regiodeal.reporting.selectors import deadline
from tests.factories import amend

pytestmark = pytest.mark.django_db


def test_art_7_3_a_new_version_moves_the_deadline_at_once(waterwegregio, definition_text):
    assert deadline(waterwegregio, 2026, "report_to_ministry_before") == dt.date(2027, 7, 15)
    assert deadline(waterwegregio, 2026, "report_draft_to_parties_before") == dt.date(2027, 6, 15)

    amended = definition_text.replace('to_ministry_before: "07-15"', 'to_ministry_before: "07-01"', 1)
    assert amended != definition_text
    amend(waterwegregio, amended, on=dt.date(2027, 1, 1))

    # The year 2026 is reported under the version in force on 1 January 2027: the new one.
    assert deadline(waterwegregio, 2026, "report_to_ministry_before") == dt.date(2027, 7, 1)
    # The year before under version 1, as it was.
    assert deadline(waterwegregio, 2025, "report_to_ministry_before") == dt.date(2026, 7, 15)


def test_the_versions_are_read_once_with_their_rules_for_any_number_of_dates(
    waterwegregio, definition_text, django_assert_num_queries
):
    """The obligations of a deal ask for the version in force at the end of each year: the
    process reads all versions of the deal once, with their rules, and picks per date as
    `version_in_force` does."""
    from regiodeal.common.dataversion import forget_process_caches
    from regiodeal.deals.selectors import version_in_force, version_in_force_cached

    amended = definition_text.replace('to_ministry_before: "07-15"', 'to_ministry_before: "07-01"', 1)
    amend(waterwegregio, amended, on=dt.date(2027, 1, 1))
    dates = [dt.date(year, 12, 31) for year in range(2025, 2029)] + [dt.date(2026, 12, 31)]
    forget_process_caches()
    with django_assert_num_queries(1):
        found = [version_in_force_cached(waterwegregio, on) for on in dates]
        ministry = [v.rules.report_to_ministry_before for v in found]
    assert [v.number for v in found] == [1, 1, 2, 2, 1]
    assert [v.pk for v in found] == [version_in_force(waterwegregio, on).pk for on in dates]
    assert ministry == ["07-15", "07-15", "07-01", "07-01", "07-15"]
