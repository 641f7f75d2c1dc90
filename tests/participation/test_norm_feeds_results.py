"""The per-wijk norm of Art. 2.1 (at least 30 residents per wijk, a norm of
the outreach approach (Art. 2.1), not of result 1B) moves from behind to achieved as
conversations are recorded, in the results app's own verdict (results.selectors.approach_norms),
because each recording writes the wijk's count as a measurement."""

import datetime as dt
from decimal import Decimal as D

from regiodeal.participation import services
from regiodeal.participation.selectors import norm_overview
from regiodeal.results.selectors import approach_norms, measurement_list

from .conftest import ACTOR, norm_link, talk

ON = dt.date(2025, 7, 2)  # t = 182/365, just under a half


def wijk_verdicts(deal, on=ON):
    status = next(n for n in approach_norms(deal=deal, on=on) if n.norm.article == "2.1")
    return {code: str(a.verdict) for code, a in status.verdict.areas.items()}, str(status.verdict.verdict)


def test_the_norm_moves_from_behind_to_achieved_as_conversations_are_recorded(wijken):
    deal = wijken["oost"].deal
    nieuwland = wijken["nieuwland"]
    talk(deal, nieuwland, 5, dt.date(2025, 3, 1))
    areas, overall = wijk_verdicts(deal)
    assert areas["WK060601"] == "behind"  # 5 of 30 at half time
    assert overall == "behind"
    talk(deal, nieuwland, 10, dt.date(2025, 5, 1))
    assert wijk_verdicts(deal)[0]["WK060601"] == "on_schedule"  # 15/30 = 0.5 >= t
    talk(deal, nieuwland, 15, dt.date(2025, 6, 1), form="meeting")
    assert wijk_verdicts(deal)[0]["WK060601"] == "achieved"  # 30


def test_each_wijk_is_judged_on_its_own_and_the_target_takes_the_worst(wijken):
    deal = wijken["oost"].deal
    talk(deal, wijken["nieuwland"], 30, dt.date(2025, 3, 1))
    talk(deal, wijken["westwijk"], 3, dt.date(2025, 3, 1), organisation="VLAARDINGEN")
    areas, overall = wijk_verdicts(deal)
    # Oost is on the list with nobody spoken: it is there, as "no data" (its 0 is at the baseline).
    assert areas == {"WK060601": "achieved", "WK060602": "no_data", "WK062205": "behind"}
    assert overall == "behind"
    overview = norm_overview(deal=deal, on=ON)
    rows = {w.wijk.code: (w.spoken, w.missing, w.verdict) for w in overview.wijken}
    assert rows == {
        "WK060601": (30, 0, "achieved"),
        "WK060602": (0, 30, "no_data"),
        "WK062205": (3, 27, "behind"),
    }
    assert overview.norm == 30 and overview.met_count == 1


def test_the_measurements_are_the_cumulative_count_per_wijk_and_date(wijken):
    deal = wijken["oost"].deal
    w = wijken["nieuwland"]
    talk(deal, w, 5, dt.date(2025, 3, 1))
    talk(deal, w, 7, dt.date(2025, 3, 1), organisation="SCHIEDAM", form="street")
    talk(deal, w, 10, dt.date(2025, 5, 1))
    series = [
        (m.on, m.value, m.area_kind)
        for m in measurement_list(deal=deal, indicator=norm_link(deal).indicator).filter(area_code="WK060601")
    ]
    assert series == [
        (dt.date(2025, 1, 1), D(0), "wijk"),  # put on the list
        (dt.date(2025, 3, 1), D(12), "wijk"),
        (dt.date(2025, 5, 1), D(22), "wijk"),
    ]


def test_a_backdated_record_a_correction_and_a_deletion_recount_the_series(wijken):
    deal = wijken["oost"].deal
    w = wijken["nieuwland"]
    talk(deal, w, 10, dt.date(2025, 5, 1))
    early = talk(deal, w, 4, dt.date(2025, 3, 1))
    indicator = norm_link(deal).indicator

    def series():
        qs = measurement_list(deal=deal, indicator=indicator).filter(area_code="WK060601")
        return [(m.on.isoformat(), int(m.value)) for m in qs]

    start = ("2025-01-01", 0)
    assert series() == [start, ("2025-03-01", 4), ("2025-05-01", 14)]
    services.conversation_update(
        actor=ACTOR, conversation=early, expected_version=early.lock_version, residents=6
    )
    assert series() == [start, ("2025-03-01", 6), ("2025-05-01", 16)]
    services.conversation_delete(actor=ACTOR, conversation=early)
    assert series() == [start, ("2025-03-01", 0), ("2025-05-01", 10)]


def test_moving_a_record_to_another_wijk_recounts_both(wijken):
    deal = wijken["oost"].deal
    c = talk(deal, wijken["nieuwland"], 30, dt.date(2025, 3, 1))
    services.conversation_update(
        actor=ACTOR, conversation=c, expected_version=c.lock_version, wijk=wijken["oost"]
    )
    areas, _overall = wijk_verdicts(deal)
    assert areas == {"WK060601": "behind", "WK060602": "achieved", "WK062205": "no_data"}


def test_without_the_results_set_up_the_first_recording_sets_them_up(waterwegregio):
    w = services.wijk_add(
        actor=ACTOR,
        deal=waterwegregio,
        code="WK055601",
        name="Centrum",
        gemeente="MAASSLUIS",
        listed_on=dt.date(2025, 2, 1),
    )
    talk(waterwegregio, w, 12, dt.date(2025, 3, 1), organisation="MAASSLUIS")
    indicator = norm_link(waterwegregio).indicator
    assert [int(m.value) for m in measurement_list(deal=waterwegregio, indicator=indicator)] == [0, 12]
