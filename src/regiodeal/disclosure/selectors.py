"""What is public (Art. 10). The public read layer (portal/selectors.py, the public API, open data,
public reports) asks here, so confidentiality is decided in one place:

    is_public(obj, on=date)              -> False while a confidentiality of obj runs on date
    exclude_confidential(queryset, on)   -> the queryset without records kept confidential on date
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Confidentiality


def _running(on: dt.date) -> Q:
    return Q(starts_on__lte=on) & (Q(until__isnull=True) | Q(until__gte=on))


def is_public(obj: models.Model, on: dt.date | None = None) -> bool:
    on = on or timezone.localdate()
    return not Confidentiality.objects.filter(
        _running(on), content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).exists()


def exclude_confidential(queryset: QuerySet, on: dt.date | None = None) -> QuerySet:
    on = on or timezone.localdate()
    hidden = Confidentiality.objects.filter(
        _running(on), content_type=ContentType.objects.get_for_model(queryset.model)
    ).values("object_id")
    return queryset.exclude(pk__in=hidden)


def confidentialities_of(deal, on: dt.date | None = None) -> QuerySet[Confidentiality]:
    """Internal: the confidentialities of a deal (running on `on` if given)."""
    qs = Confidentiality.objects.filter(deal=deal).select_related("content_type")
    return qs.filter(_running(on)) if on else qs
