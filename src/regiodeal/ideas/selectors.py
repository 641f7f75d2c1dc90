"""Internal reads of ideas, for the programme office. The public reads live in
portal/selectors.py (the one public read layer), which never touches `IdeaContact`."""

from __future__ import annotations

import datetime as dt
import ipaddress

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
        .prefetch_related("transitions__project", "transitions__by")
        .get(deal=deal, number=number)
    )


def has_contact(idea: Idea) -> bool:
    """Whether contact details are kept, without reading them (no personal data is loaded)."""
    return IdeaContact.objects.filter(idea=idea).exists()


def retention_days() -> int | None:
    """The retention period in days when REGIODEAL_IDEA_CONTACT_RETENTION_DAYS is set (older
    installations); otherwise None and the period is REGIODEAL_RESIDENT_DATA_RETENTION_MONTHS."""
    days = getattr(settings, "REGIODEAL_IDEA_CONTACT_RETENTION_DAYS", None)
    return int(days) if days else None


def retention_months() -> int:
    return int(getattr(settings, "REGIODEAL_RESIDENT_DATA_RETENTION_MONTHS", 12))


def retention_text() -> str:
    """The period, for the purge's output: "12 months" or "30 days"."""
    days = retention_days()
    return f"{days} days" if days else f"{retention_months()} months"


def _add_months(moment: dt.datetime, months: int) -> dt.datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    last_day = [
        31,
        29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ]
    return moment.replace(year=year, month=month, day=min(moment.day, last_day[month - 1]))


def retention_end(start: dt.datetime) -> dt.datetime:
    """When personal data whose clock started at `start` is due for deletion."""
    days = retention_days()
    return start + dt.timedelta(days=days) if days else _add_months(start, retention_months())


def retention_cutoff(now: dt.datetime) -> dt.datetime:
    """Data whose clock started at or before this moment has passed its period."""
    days = retention_days()
    return now - dt.timedelta(days=days) if days else _add_months(now, -retention_months())


def retention_expires_at(idea: Idea, activity: list[dt.datetime] | None = None) -> dt.datetime:
    """AVG art. 5(1)(e), one rule for all personal data of a resident about an idea (contact
    details, the IP address in the audit trail): kept for the retention period after the idea's
    closing, or after its last activity (a status change) while it is open.

    A status change restarts the clock only while the data is still kept: once a period has
    run out (closed, or left untouched), reopening the idea later does not bring it back into
    retention, even when the daily purge has not run yet."""
    if activity is None:
        activity = list(idea.transitions.order_by("at", "id").values_list("at", flat=True))
    start = idea.submitted_at
    for moment in sorted(activity):
        if retention_end(start) <= moment:
            return retention_end(start)
        start = max(start, moment)
    if idea.closed_at is not None:
        start = idea.closed_at
    return retention_end(start)


def ideas_expired(now: dt.datetime | None = None, ideas: QuerySet[Idea] | None = None) -> list[Idea]:
    """The ideas (of `ideas`, default those with contact details) whose residents' personal data
    has passed its retention period."""
    now = now or timezone.now()
    if ideas is None:
        ideas = Idea.objects.filter(contact__isnull=False)
    ideas = ideas.select_related("deal").prefetch_related("transitions")
    return [
        idea for idea in ideas if retention_expires_at(idea, [t.at for t in idea.transitions.all()]) <= now
    ]


def contacts_expired(now: dt.datetime | None = None) -> list[IdeaContact]:
    """Contact details whose retention period has passed (`retention_expires_at`)."""
    expired = ideas_expired(now)
    return list(
        IdeaContact.objects.filter(idea__in=[i.pk for i in expired])
        .select_related("idea__deal")
        .order_by("idea__deal__slug", "idea__number")
    )


def _is_address(source: str) -> bool:
    try:
        ipaddress.ip_address(source)
    except ValueError:
        return False
    return True


def resident_sources_expired(now: dt.datetime | None = None) -> list[int]:
    """Ids of audit events whose IP address belongs to a resident (someone without an account)
    and has passed the retention period: about an idea, by that idea's clock
    (`retention_expires_at`); about nothing that still holds a resident's data, a period after
    the event. An event is never due before a period after it."""
    from regiodeal.audit.models import AuditEvent

    now = now or timezone.now()
    candidates = [
        (pk, object_type, object_id)
        for pk, object_type, object_id, source in AuditEvent.objects.filter(
            actor__isnull=True, at__lte=retention_cutoff(now)
        )
        .exclude(source="")
        .values_list("id", "object_type", "object_id", "source")
        .iterator(chunk_size=2000)
        if _is_address(source)
    ]
    idea_ids = {int(oid) for _pk, ot, oid in candidates if ot == "ideas.idea" and oid.isdigit()}
    contact_ids = {int(oid) for _pk, ot, oid in candidates if ot == "ideas.ideacontact" and oid.isdigit()}
    idea_of_contact = dict(IdeaContact.objects.filter(pk__in=contact_ids).values_list("pk", "idea_id"))
    concerned = idea_ids | set(idea_of_contact.values())
    still_kept = {i.pk for i in Idea.objects.filter(pk__in=concerned)} - {
        i.pk for i in ideas_expired(now, Idea.objects.filter(pk__in=concerned))
    }
    due = []
    for pk, object_type, object_id in candidates:
        idea = None
        if object_type == "ideas.idea" and object_id.isdigit():
            idea = int(object_id)
        elif object_type == "ideas.ideacontact" and object_id.isdigit():
            idea = idea_of_contact.get(int(object_id))
        if idea not in still_kept:
            due.append(pk)
    return due
