"""Internal reads of ideas, for the programme office. The public reads live in
portal/selectors.py (the one public read layer), which never touches `IdeaContact`."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from regiodeal.deals import models as dm
from regiodeal.deals.constants import AreaKind
from regiodeal.deals.selectors import version_in_force

from .models import Idea, IdeaContact

AREA_KINDS = (AreaKind.GEMEENTE, AreaKind.WIJK, AreaKind.BUURT, AreaKind.GEBIED)


def idea_areas(deal: dm.Deal, on: dt.date | None = None) -> list[dm.Area]:
    """The places a resident can bring an idea in for: the gemeenten, wijken and gebieden of the
    deal's area in the version in force (a gemeente stands for "elsewhere in ...")."""
    version = version_in_force(deal, on)
    return list(
        version.areas.filter(in_deal_area=True, kind__in=AREA_KINDS)
        .select_related("within")
        .order_by("position")
    )


def idea_list(*, deal: dm.Deal, status: str | None = None) -> QuerySet[Idea]:
    qs = Idea.objects.filter(deal=deal).select_related("project").order_by("-number")
    if status:
        qs = qs.filter(status=status)
    return qs


def idea_get(*, deal: dm.Deal, number: int) -> Idea:
    return (
        Idea.objects.select_related("deal", "project")
        .prefetch_related("transitions__project")
        .get(deal=deal, number=number)
    )


def has_contact(idea: Idea) -> bool:
    """Whether contact details are kept, without reading them (no personal data is loaded)."""
    return IdeaContact.objects.filter(idea=idea).exists()


def retention_days() -> int:
    """How long contact details are kept after the idea is closed (AVG: no longer than needed)."""
    return int(getattr(settings, "REGIODEAL_IDEA_CONTACT_RETENTION_DAYS", 365))


def contacts_expired(now: dt.datetime | None = None) -> QuerySet[IdeaContact]:
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=retention_days())
    return IdeaContact.objects.filter(
        idea__closed_at__isnull=False, idea__closed_at__lte=cutoff
    ).select_related("idea__deal")
