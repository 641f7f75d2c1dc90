"""Deadline arithmetic of the covenant's procedures, in one place so its edges are tested once."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; a day the month doesn't have becomes its last day
    (3 months from 30 November is 28 February, or 29 in a leap year; from 31 May, 31 August)."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def withdrawal_effective_on(notice_on: dt.date, notice_months: int) -> dt.date:
    """Art. 12.1: a notice takes effect `notice_months` after its date; from that day the Party
    no longer counts."""
    return add_months(notice_on, notice_months)


def consultation_deadline(received_on: dt.date, weeks: int) -> dt.date:
    """Art. 11.2: the Parties consult within `weeks` weeks after VRO learned of the request."""
    return received_on + dt.timedelta(weeks=weeks)


def day_before(month_day: str, year: int) -> dt.date:
    """'Before 15 June' (a rule's "MM-DD") is at the latest 14 June of that year."""
    month, day = int(month_day[:2]), int(month_day[3:])
    if month == 2 and day == 29 and not calendar.isleap(year):
        return dt.date(year, 2, 28)  # before a 29 February the year doesn't have: by the 28th
    return dt.date(year, month, day) - dt.timedelta(days=1)
