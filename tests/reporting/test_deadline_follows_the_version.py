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
