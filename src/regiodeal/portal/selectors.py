"""What the public site may show. Every public read goes through here (Art. 10: information is
public in principle, confidential when a Party asks). The covenant itself is public: it is
published in the Staatscourant (Art. 20), so the whole deal version is public."""

from __future__ import annotations

from django.db.models import QuerySet

from regiodeal.deals import models as dm
from regiodeal.deals.selectors import deal_list, version_in_force, version_with_content


def public_deals() -> QuerySet[dm.Deal]:
    return deal_list()


def public_deal(slug: str) -> dm.Deal:
    return public_deals().get(slug=slug)


def public_deal_version(deal: dm.Deal) -> dm.DealVersion:
    return version_with_content(version_in_force(deal))
