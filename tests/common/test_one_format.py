"""One format per kind (docs/presentation.md): money, numbers, dates and actors are made text in
`regiodeal.common.formatting` only, the same in Dutch and English on every page, and a source
scan keeps a second formatter from coming back."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.utils.translation import override
from hypothesis import given, settings
from hypothesis import strategies as st

from regiodeal.audit.services import Actor
from regiodeal.common import formatting as f

NBSP = "\u00a0"
SRC = Path(__file__).resolve().parents[2] / "src" / "regiodeal"


# --- money ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "dutch", "english"),
    [
        (Decimal("1108800"), "€\u00a01.108.800,00", "€1,108,800.00"),
        (Decimal("1108800.5"), "€\u00a01.108.800,50", "€1,108,800.50"),
        (Decimal("-1108800"), "€\u00a0-1.108.800,00", "-€1,108,800.00"),
        (Decimal("-0.01"), "€\u00a0-0,01", "-€0.01"),
        (Decimal("0"), "€\u00a00,00", "€0.00"),
        (Decimal("-0.00"), "€\u00a00,00", "€0.00"),
        (0, "€\u00a00,00", "€0.00"),
        (Decimal("999.99"), "€\u00a0999,99", "€999.99"),
        (Decimal("17700000.00"), "€\u00a017.700.000,00", "€17,700,000.00"),
    ],
)
def test_money_is_written_the_way_each_language_writes_it(value, dutch, english):
    with override("nl"):
        assert f.money(value) == dutch
    with override("en"):
        assert f.money(value) == english


def test_cents_are_rounded_half_up_explicitly_never_cut_off():
    with override("nl"):
        assert f.money(Decimal("0.005")) == "€\u00a00,01"
        assert f.money(Decimal("2.675")) == "€\u00a02,68"  # a float would make this 2,67
        assert f.money(Decimal("1.004")) == "€\u00a01,00"
        assert f.money(Decimal("-0.005")) == "€\u00a0-0,01"  # half away from zero, as ROUND_HALF_UP
        assert f.money(Decimal("999999.995")) == "€\u00a01.000.000,00"
    with override("en"):
        assert f.money(Decimal("2.675")) == "€2.68"


@settings(max_examples=300, deadline=None)
@given(
    value=st.decimals(min_value=-(10**13), max_value=10**13, allow_nan=False, allow_infinity=False, places=4),
    places=st.integers(min_value=0, max_value=3),
    language=st.sampled_from(["nl", "en"]),
)
def test_the_digits_are_those_of_djangos_number_format_rounded_half_up(value, places, language):
    """`_grouped` groups and separates digits itself, for speed: the text is Django's own."""
    from decimal import ROUND_HALF_UP

    from django.utils.formats import number_format

    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    with override(language):
        assert f._grouped(value, places) == number_format(rounded, places, use_l10n=True, force_grouping=True)


def test_no_amount_is_an_empty_text_not_zero():
    assert f.money(None) == "" and f.money("") == ""
    assert f.day(None) == "" and f.day_time(None) == "" and f.number(None) == ""


def test_whole_euros_and_millions_are_the_chart_variants():
    with override("nl"):
        assert f.money(Decimal("1108800.50"), whole=True) == "€\u00a01.108.801"
        assert f.money_millions(Decimal("1250000")) == "€\u00a01,3 mln"
    with override("en"):
        assert f.money(Decimal("1108800.49"), whole=True) == "€1,108,800"
        assert f.money_millions(Decimal("1250000")) == "€1.3m"


def test_stored_text_can_pin_its_language():
    with override("en"):
        assert f.money(Decimal("9400000"), language="nl") == "€\u00a09.400.000,00"
        assert f.money(Decimal("9400000")) == "€9,400,000.00"  # and the active language is back


def test_numbers_and_shares_use_the_readers_separators():
    with override("nl"):
        assert f.number(Decimal("1234.50")) == "1.234,5"
        assert f.number(Decimal("0.405"), 2) == "0,41"
        assert f.number(Decimal("-0.0")) == "0"
        assert f.percent(Decimal("0.03")) == "3%" and f.percent(Decimal("0.125")) == "12,5%"
    with override("en"):
        assert f.number(Decimal("1234.50")) == "1,234.5"
        assert f.percent(Decimal("0.125")) == "12.5%"


# --- dates --------------------------------------------------------------------------------------


def test_dates_are_written_out_in_each_language():
    day = dt.date(2026, 12, 2)
    with override("nl"):
        assert f.day(day) == "2 december 2026"
        assert f.day("2026-12-02") == "2 december 2026"
        assert f.month(day) == "december 2026"
    with override("en"):
        assert f.day(day) == "2 December 2026"
        assert f.month(day) == "December 2026"


def test_moments_are_shown_in_amsterdam_time():
    utc = dt.datetime(2026, 12, 2, 13, 5, tzinfo=dt.UTC)  # 14:05 in Amsterdam (winter time)
    with override("nl"):
        assert f.day_time(utc) == "2 december 2026 14:05"
        assert f.day(dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)) == "1 januari 2027"
    with override("en"):
        assert f.day_time(utc) == "2 December 2026 14:05"
        summer = dt.datetime(2026, 7, 1, 14, 5, tzinfo=ZoneInfo("Europe/Amsterdam"))
        assert f.day_time(summer) == "1 July 2026 14:05"


def test_a_label_in_a_date_column_is_shown_as_it_is():
    assert f.day("Totaal") == "Totaal"


# --- actors -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_people_appear_by_name_and_the_command_line_as_the_administrator():
    user = get_user_model().objects.create_user("jdevries", first_name="Jan", last_name="de Vries")
    nameless = get_user_model().objects.create_user("piet@example.org")
    with override("nl"):
        assert f.actor("jdevries", user) == "Jan de Vries"
        assert f.actor("piet@example.org", nameless) == "piet@example.org"
        assert f.actor("cli:root@vm") == "beheerder (opdrachtregel)"
        assert Actor.cli().display == "beheerder (opdrachtregel)"
        assert Actor.cli().label.startswith("cli:")  # the stored label stays as documented
        assert Actor(user=user, label="jdevries").display == "Jan de Vries"
        assert f.actor("worker:reminders") == "automatische taak"
    with override("en"):
        assert Actor.cli().display == "administrator (command line)"
        assert f.actor("worker:reminders") == "background job"


# --- the template filters -----------------------------------------------------------------------


def _render(source: str, **context) -> str:
    return Template("{% load formats %}" + source).render(Context(context))


def test_the_filters_are_the_functions_in_both_languages():
    at = dt.datetime(2026, 12, 2, 13, 5, tzinfo=dt.UTC)
    source = (
        "{{ a|money }}|{{ a|money_whole }}|{{ on|day }}|{{ at|day_time }}|{{ n|number:2 }}|{{ none|money }}"
    )
    context = {
        "a": Decimal("-1108800.456"),
        "on": dt.date(2026, 12, 2),
        "at": at,
        "n": Decimal("1.005"),
        "none": None,
    }
    with override("nl"):
        assert (
            _render(source, **context)
            == "€\u00a0-1.108.800,46|€\u00a0-1.108.800|2 december 2026|2 december 2026 14:05|1,01|"
        )
    with override("en"):
        assert (
            _render(source, **context)
            == "-€1,108,800.46|-€1,108,800|2 December 2026|2 December 2026 14:05|1.01|"
        )


def test_the_actor_filter_reads_a_rows_stored_label():
    class Row:
        by_label = "cli:root@vm"
        by_id = None

    with override("nl"):
        assert _render("{{ row|actor }}", row=Row()) == "beheerder (opdrachtregel)"
        assert _render("{{ label|actor }}", label="cli:deploy@host") == "beheerder (opdrachtregel)"


# --- no second formatter ------------------------------------------------------------------------

# (file relative to src/regiodeal, what it may hold, why)
ALLOWED = {
    ("common/formatting.py", "*"): "the one place",
    ("common/templatetags/formats.py", "*"): "its filters",
    ("common/amounts.py", "€"): "the amount parser strips the sign people type",
    ("common/forms.py", "€"): "the amount field's description of what people may type",
    ("reporting/renderers.py", "€"): "the Excel annex's number format: cells stay numbers",
    ("governance/ical.py", "strftime"): "iCalendar's machine date format",
    ("participation/selectors.py", "strftime"): "the API's YYYY-MM month of a public text",
    ("jobs/models.py", "strftime"): "the admin's and the log's name of a job run",
    ("audit/models.py", "strftime"): "the admin's and the log's name of an audit event",
    ("accounts/models.py", "strftime"): "the admin's name of an invitation",
}

PYTHON_PATTERNS = {
    "€": re.compile("€"),
    "strftime": re.compile(r"\.strftime\(|\{[^{}\n]*:%[a-zA-Z]"),
    "django formats": re.compile(r"\b(date_format|time_format|number_format|localize)\(|formats\.\w+\("),
    "humanize": re.compile(r"\bintcomma\b|\bfloatformat\b|\bintword\b"),
    "thousands in a format spec": re.compile(
        r":[<>^=]?[+-]?\d*,(\.\d+)?[fdFg%]?\}|format\([^)]*,\s*['\"][^'\"]*,"
    ),
    "a decimal comma swapped in": re.compile(r"""replace\(\s*["']\.["']\s*,\s*["'],["']\s*\)"""),
}

TEMPLATE_PATTERNS = {
    "a second money filter": re.compile(r"\|(euro|euro_whole|intcomma|floatformat|stringformat)\b"),
    "a time filter": re.compile(r"\|time\b"),
    "a euro sign": re.compile("€"),
}
DATE_FILTER = re.compile(r"""\|date(?::(["'])([^"']*)\1)?""")


def _allowed(relative: str, what: str) -> bool:
    return (relative, "*") in ALLOWED or (relative, what) in ALLOWED


def test_no_python_code_formats_money_or_dates_outside_common_formatting():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if "/migrations/" in relative:
            continue
        text = path.read_text()
        for what, pattern in PYTHON_PATTERNS.items():
            if not _allowed(relative, what) and (m := pattern.search(text)):
                line = text.count("\n", 0, m.start()) + 1
                found.append(f"{relative}:{line}: {what}: {m.group(0)!r}")
    assert not found, "use regiodeal.common.formatting (docs/presentation.md):\n" + "\n".join(found)


def _template_problems(text: str) -> list[tuple[int, str]]:
    """`|date` may only give an ISO date or moment inside a tag (value=, datetime=, href=): a
    machine value. What a reader sees goes through |day, |day_time, |month, |money, |number."""
    found = []
    for what, pattern in TEMPLATE_PATTERNS.items():
        for m in pattern.finditer(text):
            found.append((m.start(), f"{what}: {m.group(0)!r}"))
    for m in DATE_FILTER.finditer(text):
        before = text[: m.start()]
        in_tag = before.rfind("<") > before.rfind(">")
        if not (in_tag and m.group(2) in ("Y-m-d", "c")):
            found.append((m.start(), f"a date shown with |date: {m.group(0)!r}"))
    return found


def test_no_template_formats_money_or_dates_but_through_the_formats_library():
    found = []
    for path in sorted(SRC.rglob("*.html")) + sorted(SRC.rglob("*.txt")) + sorted(SRC.rglob("*.svg")):
        relative = path.relative_to(SRC).as_posix()
        text = path.read_text()
        for at, what in _template_problems(text):
            found.append(f"{relative}:{text.count(chr(10), 0, at) + 1}: {what}")
    assert not found, "use {% load formats %} (docs/presentation.md):\n" + "\n".join(found)


def test_the_scan_catches_what_it_forbids():
    """The patterns fail on the formatters this project had, so the scan cannot pass by matching
    nothing; and they let machine values through."""
    for old in [
        'return f"€\\u00a0{sign}{text}"',
        'text = f"{abs(amount):,.2f}"',
        'return _swap(f"{int(value):,}")',
        'ends_on.strftime("%d-%m-%Y")',
        'return f"{self.title} {self.held_on:%d-%m-%Y}"',
        'formats.date_format(value, "j F Y")',
        'text.replace(".", ",")',
    ]:
        assert any(p.search(old) for p in PYTHON_PATTERNS.values()), old
    for old in [
        "{{ x|euro }}",
        '<td>{{ on|date:"Y-m-d" }}</td>',
        '{{ at|date:"j F Y H:i" }}',
        "{{ n|intcomma }}",
    ]:
        assert _template_problems(old), old
    for machine in [
        '<input type="date" value="{{ on|date:\'Y-m-d\' }}">',
        "<time datetime=\"{{ at|date:'c' }}\">",
    ]:
        assert not _template_problems(machine), machine
