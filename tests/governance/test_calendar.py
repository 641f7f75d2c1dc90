"""The obligations calendar: duties derived from the definition and its versions, their status,
`regiodeal check`, and the iCalendar feed (RFC 5545)."""

import datetime as dt
import json

import pytest
from django.core.management import call_command

from regiodeal.governance import ical
from regiodeal.governance import services as svc
from regiodeal.governance.constants import ObligationStatus as St
from regiodeal.governance.selectors import obligations

from .conftest import ACTOR, PARTIES

pytestmark = pytest.mark.django_db


def by_key(deal, on):
    return {o.key: o for o in obligations(deal, on)}


def test_a_deal_not_yet_in_force_has_no_dated_duties(waterwegregio):
    assert obligations(waterwegregio, dt.date(2026, 1, 1)) == []


def test_the_yearly_duties_follow_the_covenants_dates(signed):
    duties = by_key(signed, dt.date(2025, 1, 10))
    assert duties["voortgang-concept-2025"].due_on == dt.date(2025, 6, 14)  # before 15 June (Art. 7.3)
    assert duties["voortgang-vro-2025"].due_on == dt.date(2025, 7, 14)  # before 15 July
    assert duties["spuk-verantwoording-2025"].due_on == dt.date(2025, 7, 15)
    assert duties["beginsituatie"].due_on == dt.date(2025, 6, 20)  # voorjaar 2025 (Art. 7.1)
    # Art. 6.2: a year of the overleg is twelve months from the entry into force (2 October 2024);
    # the short stretch after 2 October 2028 joins the fourth year, up to the end of the deal.
    assert duties["overleg-1"].due_on == dt.date(2025, 10, 1)
    assert duties["overleg-4"].due_on == dt.date(2028, 12, 31)
    assert "overleg-5" not in duties
    assert duties["uitvoeringsprogramma-2024"].due_on == dt.date(2024, 10, 2)  # the day it entered into force
    assert duties["uitvoeringsprogramma-2026"].due_on == dt.date(2026, 1, 1)
    assert "voortgang-concept-2024" not in duties  # no report before a year of work
    assert "voortgang-concept-2029" not in duties  # after the end: the final account


def test_status_is_upcoming_due_soon_done_with_evidence_or_overdue(signed):
    assert by_key(signed, dt.date(2025, 4, 1))["beginsituatie"].status == St.UPCOMING
    assert by_key(signed, dt.date(2025, 6, 1))["beginsituatie"].status == St.DUE_SOON
    assert by_key(signed, dt.date(2025, 6, 21))["beginsituatie"].status == St.OVERDUE
    svc.obligation_fulfil(
        actor=ACTOR,
        deal=signed,
        key="beginsituatie",
        done_on=dt.date(2025, 6, 18),
        evidence="Nulmeting vastgesteld in het overleg van 18 juni",
    )
    done = by_key(signed, dt.date(2025, 6, 21))["beginsituatie"]
    assert (done.status, done.done_on, done.evidence) == (
        St.DONE,
        dt.date(2025, 6, 18),
        "Nulmeting vastgesteld in het overleg van 18 juni",
    )


def test_the_yearly_overleg_is_done_by_its_meeting(signed, org):
    svc.meeting_create(
        actor=ACTOR, deal=signed, held_on=dt.date(2025, 5, 20), attendees=[org(c) for c in PARTIES]
    )
    duty = by_key(signed, dt.date(2025, 6, 1))["overleg-1"]
    assert duty.status == St.DONE and duty.done_on == dt.date(2025, 5, 20)
    assert "Rijk-Regio-overleg 20 mei 2025" in duty.evidence


def test_overdue_duties_appear_in_regiodeal_check(signed, capsys):
    with pytest.raises(SystemExit):
        call_command("check", deal="waterwegregio", on="2025-07-01", as_json=True)
    found = json.loads(capsys.readouterr().out)["findings"]
    overdue = {f["subject"]: f for f in found if f["rule"] == "governance.obligation-overdue"}
    assert "beginsituatie" in overdue
    # The report's duties are kept by the reporting app, which reports them itself
    # (common/obligations.py): never twice.
    assert "voortgang-concept-2025" not in overdue and "voortgang-vro-2025" not in overdue
    assert overdue["beginsituatie"]["article"] == "7.1" and overdue["beginsituatie"]["severity"] == "error"


def test_the_ical_feed_is_valid_rfc_5545(signed):
    text = ical.calendar(
        name="Regio Deal Waterwegregio: verplichtingen",
        host="regiodeal.example.nl",
        items=obligations(signed, dt.date(2025, 1, 10)),
        now=dt.datetime(2025, 1, 10, 12, tzinfo=dt.UTC),
    )
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert text.endswith("END:VCALENDAR\r\n")
    raw_lines = text.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in raw_lines)
    unfolded = text.replace("\r\n ", "").split("\r\n")
    assert "UID:beginsituatie@regiodeal.example.nl" in unfolded
    assert "DTSTART;VALUE=DATE:20250620" in unfolded and "DTEND;VALUE=DATE:20250621" in unfolded
    assert "DTSTAMP:20250110T120000Z" in unfolded
    assert (
        unfolded.count("BEGIN:VEVENT")
        == unfolded.count("END:VEVENT")
        == len(obligations(signed, dt.date(2025, 1, 10)))
    )


def test_ical_escapes_text_and_folds_without_splitting_characters():
    assert ical.escape("a, b; c\\d\ne") == "a\\, b\\; c\\\\d\\ne"
    folded = ical.fold("SUMMARY:" + "é" * 80)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "SUMMARY:" + "é" * 80
