"""The personal-data guard: free text with an e-mail address, a phone number
or a postcode with house number is refused with a message naming the field and what was found; and
ordinary Dutch text with numbers (counts, years, dates, times, amounts) passes."""

import datetime as dt
import string

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiodeal.participation.personal_data import (
    ADDRESS,
    EMAIL,
    PHONE,
    find_personal_data,
    personal_data_errors,
)

from .conftest import talk


@pytest.mark.parametrize(
    "text",
    [
        "06-12345678",
        "06 12345678",
        "06 1234 5678",
        "06-12 34 56 78",
        "0612345678",
        "010-1234567",
        "010 123 45 67",
        "(010) 1234567",
        "0174-123456",
        "010-4123456",
        "+31 6 12345678",
        "+31612345678",
        "+31 (0)6 12345678",
        "+31(0)6-12345678",
        "+31 10 123 4567",
        "0031 6 1234 5678",
        "0031612345678",
    ],
)
def test_it_finds_dutch_phone_numbers_in_every_common_form(text):
    assert [h.kind for h in find_personal_data(f"Bel mevrouw op {text} voor een afspraak.")] == [PHONE]


@pytest.mark.parametrize(
    "text",
    ["3131 AB 12", "3131AB 12a", "3131 AB 12-3", "3131ab 12", "3131 AB, 12", "Hoofdstraat 12, 3131 AB"],
)
def test_it_finds_a_postcode_with_a_house_number(text):
    assert [h.kind for h in find_personal_data(f"Woont op {text} Vlaardingen.")] == [ADDRESS]


@pytest.mark.parametrize("text", ["jan.jansen@voorbeeld.nl", "a+b@sub.domein.com", "Info@Wijk-Oost.NL"])
def test_it_finds_an_email_address(text):
    assert find_personal_data(f"Mail {text} als er iets is.") == [find_personal_data(text)[0]]
    assert find_personal_data(text)[0].kind == EMAIL


@pytest.mark.parametrize(
    "text",
    [
        "We spraken 30 bewoners in 2025, van wie 12 jongeren.",
        "Bijeenkomst op 06-10-2025 van 14:00 tot 16:00 uur, 45 deelnemers.",
        "Op 06-10-2025 14 bewoners gesproken.",
        "van 09.00 tot 12.30 uur",
        "Peildatum 2025-03-12; 3131 mensen in de wijk.",
        "Budget € 10.000,00 voor 3 buurttuinen en 1 000 000 bloembollen.",
        "In 2024 en 30 bewoners",
        "Wijk WK060601, buurt BU06060101, gemeente GM0606.",
        "Bel 0800-1234 voor het wijkteam.",
        "2024 2025 2026 2027 2028",
        "Nummer 112 bij nood, 1 op de 5 jongeren.",
    ],
)
def test_ordinary_text_with_numbers_passes(text):
    assert find_personal_data(text) == []


def test_the_message_names_the_field_and_what_was_found():
    errors = personal_data_errors(
        {"feedback": ("terugkoppeling aan bewoners", "Teruggebeld op 06-12345678, zie ook jan@example.nl")}
    )
    message = errors["feedback"][0]
    assert "‘terugkoppeling aan bewoners’" in message
    assert "een telefoonnummer (06-12345678)" in message
    assert "een e-mailadres (jan@example.nl)" in message
    assert "Leg geen namen of contactgegevens van inwoners vast" in message


@pytest.mark.parametrize(
    ("field", "text", "found"),
    [
        ("raised", "Contact via buurtvader@gmail.com", "een e-mailadres (buurtvader@gmail.com)"),
        ("input_followup", "Teruggebeld: +31 6 12345678", "een telefoonnummer (+31 6 12345678)"),
        ("feedback", "Brief gestuurd naar 3131 AB 12", "een postcode met huisnummer (3131 AB 12)"),
        ("themes_other", "overlast bij 3131AB 12a", "een postcode met huisnummer (3131AB 12a)"),
    ],
)
def test_recording_a_conversation_with_personal_data_is_refused_and_stores_nothing(
    wijken, field, text, found
):
    deal = wijken["oost"].deal
    with pytest.raises(ValidationError) as refused:
        talk(deal, wijken["oost"], 10, dt.date(2025, 3, 1), **{field: text})
    assert list(refused.value.message_dict) == [field]
    assert found in refused.value.message_dict[field][0]
    assert not deal.conversations.exists()


# --- properties --------------------------------------------------------------------------------

DUTCH = """bewoners jongeren wijk buurt gesprek bijeenkomst overlast huur tuin ontmoeten veiligheid de
het een van in op met voor en of tot uur jaar keer mensen gezinnen straat plein school"""
WORDS = st.sampled_from(DUTCH.split())
COUNTS = st.integers(min_value=0, max_value=99_999).map(str)
YEARS = st.integers(min_value=1900, max_value=2100).map(str)
DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)).flatmap(
    lambda d: st.sampled_from(
        [d.isoformat(), d.strftime("%d-%m-%Y"), d.strftime("%-d-%-m-%Y"), d.strftime("%d/%m/%Y")]
    )
)
TIMES = st.tuples(st.integers(0, 23), st.integers(0, 59)).map(lambda t: f"{t[0]:02d}:{t[1]:02d}")
AMOUNTS = st.integers(0, 10**7).map(lambda n: f"€ {n:,}".replace(",", "."))
PUNCT = st.sampled_from(["", ",", ".", ";", ":", "!", "?"])
TOKEN = st.one_of(WORDS, COUNTS, YEARS, DATES, TIMES, AMOUNTS, st.tuples(COUNTS, WORDS).map(" ".join))
ORDINARY = st.lists(st.tuples(TOKEN, PUNCT).map("".join), min_size=1, max_size=25).map(" ".join)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(ORDINARY)
def test_no_false_alarm_on_ordinary_dutch_text_with_numbers(text):
    assert find_personal_data(text) == []


MOBILE = st.text(alphabet=string.digits, min_size=8, max_size=8).map(lambda d: "06" + d)
AREA = st.sampled_from(["010", "0174", "015", "070", "0180", "020", "079"])
LANDLINE = AREA.flatmap(
    lambda a: st.text(alphabet=string.digits, min_size=10 - len(a), max_size=10 - len(a)).map(lambda d: a + d)
)


def written(number: str):
    """A national number (0 and 9 digits) as people write it."""
    rest = number[1:]
    return st.sampled_from(
        [
            number,
            f"{number[:2]}-{number[2:]}" if number.startswith("06") else f"{number[:3]}-{number[3:]}",
            f"{number[:2]} {number[2:6]} {number[6:]}",
            f"({number[:3]}) {number[3:]}",
            f"+31 {rest}",
            f"+31 (0){rest}",
            f"+31-{rest[:1]}-{rest[1:]}",
            f"0031{rest}",
        ]
    )


@settings(max_examples=300)
@given(st.one_of(MOBILE, LANDLINE).flatmap(written), ORDINARY, ORDINARY)
def test_a_phone_number_is_found_whatever_surrounds_it(number, before, after):
    hits = find_personal_data(f"{before} bel {number} {after}")
    assert PHONE in [h.kind for h in hits]


POSTCODE = st.tuples(
    st.integers(1000, 9999),
    st.sampled_from(["AB", "CD", "KL", "XZ", "HG", "RT"]),
    st.integers(1, 999),
    st.sampled_from(["", "a", "B", "-2"]),
    st.sampled_from([" ", ""]),
).map(lambda t: f"{t[0]}{t[4]}{t[1]} {t[2]}{t[3]}")
EMAILS = st.tuples(
    st.text(alphabet=string.ascii_lowercase + ".", min_size=1, max_size=12).filter(
        lambda s: s.strip(".") == s
    ),
    st.text(alphabet=string.ascii_lowercase, min_size=2, max_size=10),
    st.sampled_from(["nl", "com", "org", "eu"]),
).map(lambda t: f"{t[0]}@{t[1]}.{t[2]}")


@settings(max_examples=300)
@given(POSTCODE, ORDINARY, ORDINARY)
def test_a_postcode_with_house_number_is_found_whatever_surrounds_it(address, before, after):
    assert ADDRESS in [h.kind for h in find_personal_data(f"{before} adres {address} {after}")]


@settings(max_examples=200)
@given(EMAILS, ORDINARY, ORDINARY)
def test_an_email_address_is_found_whatever_surrounds_it(email, before, after):
    hits = find_personal_data(f"{before} {email} {after}")
    assert [h.text for h in hits if h.kind == EMAIL] == [email]
