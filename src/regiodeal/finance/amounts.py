"""Money divided fairly to the cent: the ledger's arithmetic in whole cents.

- `to_cents` / `from_cents`: an amount in euros and its whole cents;
- `split_cents` divides a total over weights by the largest-remainder method (Art. 4.2, VAT split);
- `ratio`: regional per national euro.

Everything is Decimal or integer cents; no float is ever involved. Reading an amount as people
write it is `common/amounts.py` (the one parser, used by the forms, the imports and the API).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from .constants import CENT


def to_cents(amount: Decimal) -> int:
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"{amount} has fractions of a cent")
    return int(cents)


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def split_cents(total: int, weights: Sequence[int]) -> list[int]:
    """Divide `total` cents over `weights` pro rata, in whole cents, adding up exactly.

    Largest-remainder method: everyone gets the floor of their exact share; the cents left over
    go one each to the largest remainders; equal remainders go to the earlier weight (the order
    of the weights is the order of the Parties in the covenant). A negative total is split as
    its opposite. Weights must be non-negative with a positive sum.
    """
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    denominator = sum(weights)
    if denominator <= 0:
        raise ValueError("nothing to split by: all weights are zero")
    if total < 0:
        return [-x for x in split_cents(-total, weights)]
    shares = [total * w // denominator for w in weights]
    remainders = [total * w % denominator for w in weights]
    left = total - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        shares[i] += 1
    return shares


def ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """Regional per national euro, to two decimals (half-up); None when there is no national money."""
    if not denominator:
        return None
    return (numerator / denominator).quantize(CENT, rounding=ROUND_HALF_UP)
