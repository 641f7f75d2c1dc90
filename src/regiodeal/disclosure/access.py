"""Art. 10.1: confidential towards whom.

"Partijen ... houden informatie vertrouwelijk ... jegens derden" ("unless the law or this Regio
Deal obliges otherwise"). Confidentiality keeps a record from third parties, not from the Parties.

Who is not a third party (sees a confidential record):
- a person acting for a Party of the deal in force (membership organisation is a Party): party
  representatives, the regiokassier (a Party), a project lead employed by a Party;
- the programme office, which works for the Parties jointly;
- the ministry, across deals, as VRO: its role is tied to the deal's Rijk Party (VRO), so what it
  sees of a deal is what VRO as a Party may see (and it receives the yearly report, Art. 7.3);
- the auditor: the covenant's own exception ("tenzij ... de wet"): the accountant's statutory
  access to the books and what backs them.

Who is a third party: anyone else with access to the workspace, in practice a project lead
employed by a Partner (Partners are not Parties: Art. 1, Art. 6.3). Such a lead does see the
projects they lead themselves: they are the source of that information and record its progress;
keeping it from them protects nothing (docs/roles.md). Every other confidential record is kept
from them as from the public.

    sees_confidential(user, deal)          -> True unless the user is a third party in the deal
    hidden_from(user, deal, on)            -> the confidential records the user may not see
    visible_to(queryset, user, deal, on)   -> the queryset without those records
    shows(user, deal, record, on)          -> whether the user may see this one record
    hidden_project_ids(user, deal, on)     -> the projects whose name and figures the user may not see
    without_hidden_projects(queryset, user, deal, on, via="project")
                                           -> rows that name such a project (through `via`) taken out
    without_pointers_to_hidden(queryset, user, deal, on)
                                           -> rows that point at such a record (a confidentiality
                                              request's target) taken out
    visibility_key(user, deal, on)         -> a part for a cache key: "" when the user sees everything
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from .models import Confidentiality
from .selectors import confidentialities_of, exclude_confidential

PROJECT = ("projects", "project")


def _party_organisations(deal, on: dt.date) -> set[int]:
    from regiodeal.deals.selectors import parties_in_office_cached

    return {p.organisation_id for p in parties_in_office_cached(deal, on)}


def sees_confidential(user, deal, on: dt.date | None = None) -> bool:
    """False for a third party in `deal` (Art. 10.1): see the module's docstring."""
    from regiodeal.accounts.permissions import memberships_of
    from regiodeal.accounts.roles import ACROSS_DEALS, Role

    on = on or timezone.localdate()
    for m in memberships_of(user):
        if m.role in ACROSS_DEALS:
            # The ministry is VRO: a Party of every deal that has VRO (the Rijk) as a Party.
            from regiodeal.deals.constants import PartyKind
            from regiodeal.deals.selectors import parties_in_office_cached

            if any(p.kind == PartyKind.RIJK for p in parties_in_office_cached(deal, on)):
                return True
            continue
        if m.deal_id != deal.pk:
            continue
        if m.role in (Role.PROGRAMME_OFFICE, Role.AUDITOR):
            return True  # for the Parties jointly; the auditor by law (Art. 10.1 "tenzij")
        if m.organisation_id is not None and m.organisation_id in _party_organisations(deal, on):
            return True
    return False


def own_project_ids(user, deal) -> set[int]:
    from django.apps import apps

    Project = apps.get_model(*PROJECT)
    return set(Project.objects.filter(deal=deal, managers=user).values_list("pk", flat=True))


def hidden_from(user, deal, on: dt.date | None = None) -> list[Confidentiality]:
    """The confidentialities running on `on` whose record the user may not see (none for a Party)."""
    on = on or timezone.localdate()
    if sees_confidential(user, deal, on):
        return []
    own = own_project_ids(user, deal)
    return [
        c
        for c in confidentialities_of(deal, on)
        if not (c.content_type.natural_key() == PROJECT and c.object_id in own)
    ]


def visible_to(queryset: QuerySet, user, deal, on: dt.date | None = None) -> QuerySet:
    """`queryset` (of a disclosable kind) without what the user, a third party, may not see."""
    on = on or timezone.localdate()
    if sees_confidential(user, deal, on):
        return queryset
    kept = exclude_confidential(queryset, on)
    if queryset.model._meta.label_lower == "projects.project":
        kept = kept | queryset.filter(pk__in=own_project_ids(user, deal))
    return kept


def hidden_project_ids(user, deal, on: dt.date | None = None) -> set[int]:
    """The projects whose name and figures the user, a third party, may not see (empty for a
    Party): the confidential projects but the ones they lead."""
    return {c.object_id for c in hidden_from(user, deal, on) if c.content_type.natural_key() == PROJECT}


def without_hidden_projects(
    queryset: QuerySet, user, deal, on: dt.date | None = None, via: str = "project"
) -> QuerySet:
    """`queryset` without the rows that name a project (through the relation `via`: a foreign
    key or a many-to-many) the user may not see; rows without a project stay. For a list that
    names projects: conversations, measurements, co-creation, credit lines..."""
    hidden = hidden_project_ids(user, deal, on)
    if not hidden:
        return queryset
    return queryset.exclude(**{f"{via}__in": sorted(hidden)})


def visibility_key(user, deal, on: dt.date | None = None) -> str:
    """For the key of a cached page part that holds confidential records: "" for whoever sees
    everything (one cached copy for the Parties), else the confidentialities kept from the user."""
    return ",".join(str(c.pk) for c in sorted(hidden_from(user, deal, on), key=lambda c: c.pk))


def shows(user, deal, record, on: dt.date | None = None) -> bool:
    """Whether the user may see this one record (of a disclosable kind); a page of a record kept
    from them is a 404, as if it did not exist."""
    return visible_to(type(record).objects.filter(pk=record.pk), user, deal, on).exists()


def without_pointers_to_hidden(
    queryset: QuerySet,
    user,
    deal,
    on: dt.date | None = None,
    type_field: str = "target_type",
    id_field: str = "target_id",
) -> QuerySet:
    """`queryset` without the rows that point (by content type and id) at a record kept from the
    user: a confidentiality request names the record it is about (governance.Request.target)."""
    from django.db.models import Q

    hidden = hidden_from(user, deal, on)
    if not hidden:
        return queryset
    points = Q()
    for c in hidden:
        points |= Q(**{f"{type_field}_id": c.content_type_id, id_field: c.object_id})
    return queryset.exclude(points)
