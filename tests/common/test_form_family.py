"""The one family of forms (common/forms.py): money typed the Dutch way, ISO dates that a browser
shows, and an error summary that names and links each field."""

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from regiodeal.common.forms import AmountField, UtrechtForm


class Example(UtrechtForm):
    amount = AmountField(label="Bedrag")
    optional = AmountField(label="Extra", required=False, max_length=None)
    on = forms.DateField(label="Datum")


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("9.400.000,00", Decimal("9400000.00")),
        ("9400000", Decimal("9400000.00")),
        ("€ 9.400.000", Decimal("9400000.00")),
        ("1.234,5", Decimal("1234.50")),
        ("12,50", Decimal("12.50")),
    ],
)
def test_an_amount_is_read_the_way_people_write_it(typed, value):
    form = Example({"amount": typed, "on": "2026-03-31"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == value
    assert form.cleaned_data["optional"] is None


def test_an_ambiguous_amount_is_refused_once_with_how_to_write_it():
    form = Example({"amount": "1.234", "on": "2026-03-31"})
    assert not form.is_valid()
    (message,) = form.errors["amount"]
    assert "dubbelzinnig" in message and message.lower().count("schrijf") == 1


def test_a_wrong_amount_says_how_to_write_it_in_the_readers_language():
    with translation.override("en"):
        form = Example({"amount": "veel", "on": "2026-03-31"})
        assert not form.is_valid()
        assert "Write the amount as 9,400,000.00" in form.errors["amount"][0]


def test_a_too_long_amount_is_refused_not_a_crash():
    form = Example({"amount": "9" * 60, "on": "2026-03-31"})
    assert not form.is_valid() and form.errors["amount"]


def test_a_saved_amount_and_date_are_shown_as_the_browser_and_the_parser_read_them():
    form = Example(initial={"amount": Decimal("9400000.00"), "on": dt.date(2025, 1, 16)})
    html = str(form["amount"]) + str(form["on"])
    assert 'value="9.400.000,00"' in html
    assert 'type="date"' in html and 'value="2025-01-16"' in html


def test_the_error_summary_names_and_links_every_field_and_marks_it_invalid():
    form = Example({"amount": "", "on": "16-01-2025x"})
    assert not form.is_valid()
    anchors = [(anchor, label) for anchor, label, _message in form.error_summary()]
    assert anchors == [("id_amount", "Bedrag"), ("id_on", "Datum")]
    widget = str(form["amount"])
    assert 'aria-invalid="true"' in widget and "id_amount_error" in widget
