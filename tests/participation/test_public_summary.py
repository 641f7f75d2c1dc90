"""The public read of outreach: aggregates only; no free text of a
conversation unless the programme office marked it publishable; and no count of residents below
the small-cell threshold (10), not even by subtraction from the total."""

import datetime as dt
import json

from regiodeal.participation import services
from regiodeal.participation.constants import SMALL_CELL_THRESHOLD
from regiodeal.participation.selectors import public_outreach_summary

from .conftest import ACTOR, talk

SECRETS = {
    "themes_other": "GEHEIM-THEMA lantaarnpalen",
    "raised": "GEHEIM-INBRENG de buurman van nummer 4",
    "input_followup": "GEHEIM-OPVOLGING melding gedaan",
    "feedback": "GEHEIM-TERUGKOPPELING brief in de bus",
}


def public_text(deal) -> str:
    return json.dumps(public_outreach_summary(deal, on=dt.date(2025, 12, 31)).as_dict(), default=str)


def test_no_free_text_appears_publicly_unless_the_programme_office_marked_it_publishable(wijken, themes):
    deal = wijken["oost"].deal
    c = talk(deal, wijken["nieuwland"], 25, dt.date(2025, 3, 1), themes=[themes["veiligheid"]], **SECRETS)
    talk(deal, wijken["oost"], 20, dt.date(2025, 3, 2), form="meeting")
    text = public_text(deal)
    for secret in SECRETS.values():
        assert secret.split()[0] not in text
    assert public_outreach_summary(deal, on=dt.date(2025, 12, 31)).texts == []

    services.conversation_set_publishable(
        actor=ACTOR, conversation=c, publishable=True, expected_version=c.lock_version
    )
    text = public_text(deal)
    for secret in SECRETS.values():
        assert secret in text
    [published] = public_outreach_summary(deal, on=dt.date(2025, 12, 31)).texts
    assert published.wijk == "Nieuwland" and published.month == "2025-03"  # the month, not the day


def test_a_publishable_text_from_a_wijk_too_small_to_show_stays_hidden(wijken):
    deal = wijken["oost"].deal
    c = talk(
        deal, wijken["westwijk"], 4, dt.date(2025, 3, 1), organisation="VLAARDINGEN", raised="GEHEIM-KLEIN"
    )
    talk(deal, wijken["nieuwland"], 40, dt.date(2025, 3, 1))
    talk(deal, wijken["oost"], 40, dt.date(2025, 3, 1))
    services.conversation_set_publishable(
        actor=ACTOR, conversation=c, publishable=True, expected_version=c.lock_version
    )
    assert "GEHEIM-KLEIN" not in public_text(deal)


def test_counts_are_aggregated_per_wijk_form_group_and_theme(wijken, themes):
    deal = wijken["oost"].deal
    talk(
        deal,
        wijken["nieuwland"],
        25,
        dt.date(2025, 3, 1),
        groups={"jongeren": 12},
        themes=[themes["veiligheid"]],
    )
    talk(
        deal,
        wijken["nieuwland"],
        15,
        dt.date(2025, 4, 1),
        form="meeting",
        groups={"jongeren": 3, "eu_arbeidsmigranten": 11},
        themes=[themes["veiligheid"], themes["wonen"]],
    )
    talk(deal, wijken["oost"], 30, dt.date(2025, 4, 1), form="meeting", themes=[themes["ontmoeten"]])
    s = public_outreach_summary(deal, on=dt.date(2025, 12, 31))
    assert s.threshold == SMALL_CELL_THRESHOLD == 10
    assert s.residents == 70 and s.conversations == 3 and s.norm == 30
    assert [(w.name, w.residents, w.conversations) for w in s.per_wijk] == [
        ("Nieuwland", 40, 2),
        ("Oost", 30, 1),
        ("Westwijk", 0, 0),
    ]
    assert [(f.key, f.residents) for f in s.per_form] == [("door_to_door", 25), ("meeting", 45)]
    assert [(g.key, g.residents) for g in s.per_group] == [("eu_arbeidsmigranten", 11), ("jongeren", 15)]
    assert [(t.name, t.residents, t.conversations) for t in s.per_theme] == [
        ("Veiligheid", 40, 2),
        ("Ontmoeten", 30, 1),
        ("Wonen en onderhoud", 15, 1),
    ]


def test_small_cells_are_hidden_and_cannot_be_worked_out_from_the_total(wijken):
    deal = wijken["oost"].deal
    talk(deal, wijken["nieuwland"], 40, dt.date(2025, 3, 1), groups={"jongeren": 3})
    talk(deal, wijken["oost"], 25, dt.date(2025, 3, 1), form="street")
    talk(deal, wijken["westwijk"], 6, dt.date(2025, 3, 1), organisation="VLAARDINGEN", form="online")
    s = public_outreach_summary(deal, on=dt.date(2025, 12, 31))
    assert s.residents == 71
    by_wijk = {w.name: w.residents for w in s.per_wijk}
    # Westwijk (6) is below 10; with the total shown, Oost (25), the smallest shown, goes too.
    assert by_wijk == {"Nieuwland": 40, "Oost": None, "Westwijk": None}
    assert {f.key: f.residents for f in s.per_form} == {"door_to_door": 40, "street": None, "online": None}
    assert [(g.key, g.residents) for g in s.per_group] == [("jongeren", None)]
    assert "6" not in json.dumps([w.residents for w in s.per_wijk])


def test_a_total_below_the_threshold_is_not_shown_either(wijken):
    deal = wijken["oost"].deal
    talk(deal, wijken["oost"], 7, dt.date(2025, 3, 1))
    s = public_outreach_summary(deal, on=dt.date(2025, 12, 31))
    assert s.residents is None
    assert all(w.residents in (None, 0) for w in s.per_wijk)


def test_the_summary_is_counted_by_the_database_in_a_fixed_number_of_queries(wijken, themes):
    """Counted per breakdown by the database, not by reading each conversation: the queries do not
    grow with the conversations, and a conversation after the date counts in no breakdown."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from regiodeal.common.dataversion import forget_process_caches

    deal = wijken["oost"].deal
    on = dt.date(2025, 12, 31)

    def summary():
        forget_process_caches()  # both counts cold: the version in force read again too
        with CaptureQueriesContext(connection) as queries:
            found = public_outreach_summary(deal, on=on)
        return found, len(queries)

    talk(deal, wijken["oost"], 30, dt.date(2025, 4, 1), groups={"jongeren": 12}, themes=[themes["wonen"]])
    before, few = summary()
    for day in range(1, 21):
        talk(deal, wijken["nieuwland"], 11, dt.date(2025, 5, day), themes=[themes["veiligheid"]])
    talk(deal, wijken["oost"], 50, dt.date(2026, 1, 5), groups={"jongeren": 40}, themes=[themes["wonen"]])
    after, many = summary()
    assert many == few
    assert after.conversations == 21 and after.residents == 30 + 20 * 11
    assert [(w.name, w.residents, w.conversations) for w in after.per_wijk][:2] == [
        ("Nieuwland", 220, 20),
        ("Oost", 30, 1),
    ]
    assert [(g.key, g.residents) for g in after.per_group] == [("jongeren", 12)]
    assert [(t.name, t.residents, t.conversations) for t in after.per_theme] == [
        ("Veiligheid", 220, 20),
        ("Wonen en onderhoud", 30, 1),
    ]
    assert [(t.name, t.residents) for t in before.per_theme] == [("Wonen en onderhoud", 30)]
