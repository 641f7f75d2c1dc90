"""The ledger's sums as the database takes them: whole cents (`_cents`), and the figures of the
money overview as conditional sums over the ledger in one pass (`FOLD_SUMS`). Read by the
selectors and by the money totals kept when written (totals.py), so that both count alike."""

from django.db.models import BigIntegerField, Count, F, Q, QuerySet, Sum
from django.db.models.functions import Cast, Round

from .constants import ContributionForm, ContributionStatus, EntryKind, Funding


def _cents(condition: Q | None = None):
    return Sum(Cast(Round(F("amount") * 100), output_field=BigIntegerField()), filter=condition)


_SPENT = ~Q(kind__in=[EntryKind.NATIONAL_ALLOCATION, EntryKind.REGIONAL_CONTRIBUTION])
_PAID = Q(kind=EntryKind.REGIONAL_CONTRIBUTION) & ~Q(contribution_status=ContributionStatus.PLEDGED)
# `_fold` as conditional sums the database takes in one pass: each figure of Figures and the
# entries it counts.
FOLD_SUMS = {
    "allocated": Q(kind=EntryKind.NATIONAL_ALLOCATION),
    "pledged": Q(kind=EntryKind.REGIONAL_CONTRIBUTION, contribution_status=ContributionStatus.PLEDGED),
    "paid": _PAID,
    "in_kind_delivered": _PAID & Q(form=ContributionForm.IN_KIND),
    "national_spent": _SPENT & Q(funding=Funding.NATIONAL),
    "national_execution": Q(kind=EntryKind.EXECUTION_COSTS, funding=Funding.NATIONAL),
    "regional_spent": _SPENT & ~Q(funding=Funding.NATIONAL),
}


def folded(entries: QuerySet, *keys: str) -> list[dict]:
    """`entries` summed per `keys` as the money totals sum them: the number of entries and each
    figure of `FOLD_SUMS` in whole cents, in one aggregate query. That query is composed only
    when there is an entry to sum: what is taken off the totals (the entries booked after the
    date asked for, the confidential ones) is usually nothing, and composing the nine conditional
    sums took Django longer than the database took to run them."""
    if not entries.exists():
        return []
    sums = {name: _cents(condition) for name, condition in FOLD_SUMS.items()}
    return list(entries.values(*keys).annotate(entries=Count("id"), **sums).order_by())
