"""Amounts as people write them, and the largest-remainder split (Art. 4.2, VAT split)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regiodeal.common.amounts import AmountError, parse_amount, parse_date
from regiodeal.finance.amounts import split_cents


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1234.5", "1234.50"),
        ("€ 8.400.000,00", "8400000.00"),
        ("8,400,000", "8400000.00"),
        ("8.400.000", "8400000.00"),
        ("1.000,-", "1000.00"),
        ("0,125".replace("125", "12"), "0.12"),
        ("-250,00", "-250.00"),
        ("  42 ", "42.00"),
        (1234, "1234.00"),
        (1234.56, "1234.56"),  # an .xlsx number cell
        (Decimal("7.1"), "7.10"),
    ],
)
def test_it_reads_dutch_and_international_notation(raw, expected):
    assert parse_amount(raw) == Decimal(expected)


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("1.234", "dubbelzinnig"),
        ("1,234", "dubbelzinnig"),
        ("12,345", "dubbelzinnig"),
        ("1,5.00", "scheidingstekens"),
        ("1.23.4", "scheidingstekens"),
        ("12,3456", "meer dan twee decimalen"),
        (1.005, "meer dan twee decimalen"),
        ("tien euro", "geen bedrag"),
        ("", "leeg"),
        ("1e5", "geen bedrag"),
        ("1000000000000", "te groot"),
    ],
)
def test_it_refuses_amounts_it_would_have_to_guess(raw, says):
    with pytest.raises(AmountError, match=says):
        parse_amount(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-03-31", dt.date(2026, 3, 31)),
        ("31-03-2026", dt.date(2026, 3, 31)),
        ("1/4/2026", dt.date(2026, 4, 1)),
    ],
)
def test_it_reads_iso_and_dutch_dates(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["31-02-2026", "03/31/2026", "2026-3-31", "morgen", ""])
def test_it_refuses_dates_that_do_not_exist_or_are_written_otherwise(raw):
    with pytest.raises(ValueError):
        parse_date(raw)


def test_the_largest_remainders_get_the_cents_left_over():
    # 100 cents over 1:1:1 -> 33.33.., each remainder equal: the first Party listed gets the cent.
    assert split_cents(100, [1, 1, 1]) == [34, 33, 33]
    # Remainders 0.4, 0.6 -> the larger remainder gets the cent, not the first.
    assert split_cents(10, [2, 3]) == [4, 6]
    assert split_cents(1, [3, 5, 5]) == [0, 1, 0]
    assert split_cents(-100, [1, 1, 1]) == [-34, -33, -33]
    assert split_cents(53000000, [0, 1, 0]) == [0, 53000000, 0]


def test_it_cannot_split_over_nothing():
    with pytest.raises(ValueError):
        split_cents(100, [0, 0])


@given(
    total=st.integers(min_value=-(10**13), max_value=10**13),
    weights=st.lists(st.integers(min_value=0, max_value=10**12), min_size=1, max_size=12).filter(any),
)
def test_the_vat_shares_always_add_up_to_the_total_to_the_cent(total, weights):
    shares = split_cents(total, weights)
    assert sum(shares) == total
    denominator = sum(weights)
    for share, weight in zip(shares, weights, strict=True):
        exact = Decimal(total) * weight / denominator
        assert abs(Decimal(share) - exact) < 1  # nobody is more than a cent from their exact share
        if weight == 0:
            assert share == 0


@given(st.decimals(min_value=Decimal("-999999999.99"), max_value=Decimal("999999999.99"), places=2))
def test_an_amount_written_either_way_reads_the_same(amount):
    international = f"{amount:,.2f}"
    dutch = international.replace(",", "_").replace(".", ",").replace("_", ".")
    assert parse_amount(international) == amount
    assert parse_amount(dutch) == amount
