"""Deadline arithmetic at its edges (Art. 11.2, 12.1, 7.3)."""

import datetime as dt

import pytest

from regiodeal.governance.dates import add_months, consultation_deadline, day_before, withdrawal_effective_on

D = dt.date


@pytest.mark.parametrize(
    ("notice", "effective"),
    [
        (D(2025, 11, 30), D(2026, 2, 28)),  # 3 months from 30 November: 28 February...
        (D(2027, 11, 30), D(2028, 2, 29)),  # ...or 29 in a leap year
        (D(2027, 11, 29), D(2028, 2, 29)),
        (D(2025, 11, 28), D(2026, 2, 28)),
        (D(2025, 12, 1), D(2026, 3, 1)),
        (D(2025, 8, 31), D(2025, 11, 30)),  # a month without a 31st
        (D(2025, 5, 31), D(2025, 8, 31)),
        (D(2025, 10, 15), D(2026, 1, 15)),  # across the year
        (D(2028, 2, 29), D(2028, 5, 29)),
    ],
)
def test_a_withdrawal_takes_effect_three_months_after_the_notice(notice, effective):
    assert withdrawal_effective_on(notice, 3) == effective


def test_adding_months_handles_twelve_and_more():
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert add_months(D(2024, 1, 31), 13) == D(2025, 2, 28)
    assert add_months(D(2024, 1, 31), 0) == D(2024, 1, 31)


def test_the_consultation_deadline_is_six_weeks_later_across_month_and_year_ends():
    assert consultation_deadline(D(2025, 1, 31), 6) == D(2025, 3, 14)
    assert consultation_deadline(D(2025, 12, 1), 6) == D(2026, 1, 12)
    assert consultation_deadline(D(2028, 1, 25), 6) == D(2028, 3, 7)  # through 29 February


def test_before_a_day_of_the_year_is_the_day_before():
    assert day_before("06-15", 2026) == D(2026, 6, 14)
    assert day_before("03-01", 2028) == D(2028, 2, 29)
    assert day_before("03-01", 2027) == D(2027, 2, 28)
    assert day_before("01-01", 2027) == D(2026, 12, 31)
    assert day_before("02-29", 2027) == D(2027, 2, 28)
