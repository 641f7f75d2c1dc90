"""The SPUK account is a dated duty (Art. 5, 7.3: 15 July of the next year) that finance keeps:
the submitted account is the evidence in the obligations calendar (common.obligations)."""

from __future__ import annotations

from regiodeal.common.obligations import Evidence, register_evidence

from .models import SpukAccount


@register_evidence("spuk-verantwoording")
def spuk_account_evidence(deal, year: int) -> Evidence | None:
    """`spuk-verantwoording-2026` is the account over 2025, due 15 July 2026."""
    account = SpukAccount.objects.filter(deal=deal, year=year - 1).order_by("submitted_on").first()
    if account is None:
        return None
    return Evidence(
        account.submitted_on, f"SiSa-verantwoording over {year - 1} ingediend op {account.submitted_on}"
    )
