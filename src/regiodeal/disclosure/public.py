"""The one place that decides what is public (Art. 10).

Every public output reads through here: the public site and API and the open-data downloads
(`portal/selectors.py`, `portal/opendata.py`, `portal/api.py`) and the public progress report in
every format (`reporting/gather.py` for a draft, `reporting/editions.py` for a frozen edition,
`regiodeal report --public`). They ask the same questions of the same functions, so they cannot
disagree about which projects are shown or which money counts:

    public_projects(deal, on)       -> the projects the public sees (published status, not secret)
    withheld_project_ids(deal, on)  -> the projects whose money every public figure leaves out
    public_entries(entries, deal, on) -> ledger entries that count in a public figure
    withheld_entries(entries, deal, on) -> the rest (what a public figure leaves out)
    public_money_totals(deal, on, by=...) -> the public money in cents, from the money totals
                                       kept per project (finance ProjectMoneyTotal): the rows
                                       of the projects not withheld, less confidential entries
    public_records(queryset, on)    -> meetings, register items, ... without the confidential ones
    public_decisions(deal, on)      -> decisions of the overleg the office marked public, of
                                       meetings not kept confidential (the Woo publication)

Every public money figure leaves out the money of confidential projects and confidential entries,
and says so (`EXCLUSION_NOTE`). The domain apps are named by model label, so that disclosure
imports none of them (see registry.py).
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Confidentiality
from .selectors import exclude_confidential

# Ideas and proposals are deliberation; a project is public from its approval on.
PUBLIC_PROJECT_STATUSES = ("approved", "running", "completed", "stopped")

# Said beside every public money figure (site, API, open data, every format of the report).
EXCLUSION_NOTE = _("excl. vertrouwelijke projecten")


def _today(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


def _project_model():
    return apps.get_model("projects", "Project")


def public_projects(deal, on: dt.date | None = None) -> QuerySet:
    """The projects anyone may see on `on`: approved (or later), and not kept confidential."""
    qs = _project_model().objects.filter(deal=deal, status__in=PUBLIC_PROJECT_STATUSES)
    return exclude_confidential(qs, _today(on))


def _confidential_ids(model, on: dt.date) -> QuerySet:
    """The ids of the records of `model` a confidentiality runs for on `on` (a subquery; the
    content type joined by its natural key, so no query of its own)."""
    running = Q(starts_on__lte=on) & (Q(until__isnull=True) | Q(until__gte=on))
    return Confidentiality.objects.filter(
        running, content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name
    ).values("object_id")


def _withheld_projects(deal, on: dt.date) -> QuerySet:
    model = _project_model()
    return model.objects.filter(deal=deal, pk__in=_confidential_ids(model, on)).values("pk")


def withheld_project_ids(deal, on: dt.date | None = None) -> set[int]:
    """The projects a confidentiality runs for on `on`: their money is in no public figure. (The
    complement of `exclude_confidential` within the deal, read in one query.)"""
    return {row["pk"] for row in _withheld_projects(deal, _today(on))}


def public_measurements(measurements: QuerySet, deal, on: dt.date | None = None) -> QuerySet:
    """The measurements anyone may see: those of the region (no project) and those of a public
    project (never one of a confidential or not yet approved project)."""
    public_ids = public_projects(deal, on).values_list("pk", flat=True)
    return measurements.filter(Q(project__isnull=True) | Q(project_id__in=list(public_ids)))


def _withheld_q(deal, on: dt.date, model) -> Q:
    hidden_entries = model.objects.filter(deal=deal, pk__in=_confidential_ids(model, on)).values("pk")
    return Q(project_id__in=withheld_project_ids(deal, on)) | Q(pk__in=hidden_entries)


def public_entries(entries: QuerySet, deal, on: dt.date | None = None) -> QuerySet:
    """Ledger entries that count in a public figure: not confidential, not of a confidential
    project."""
    return entries.exclude(_withheld_q(deal, _today(on), entries.model))


def withheld_entries(entries: QuerySet, deal, on: dt.date | None = None) -> QuerySet:
    """The entries a public figure leaves out (the complement of `public_entries`)."""
    return entries.filter(_withheld_q(deal, _today(on), entries.model))


def _money_columns(totals) -> tuple[str, ...]:
    """The figures of the money totals (their whole-cent columns) and the count of entries."""
    figures = [f.name for f in totals._meta.get_fields() if f.get_internal_type() == "BigIntegerField"]
    return (*figures, "entries")


def public_money_totals(
    deal, on: dt.date | None = None, *, by: tuple[str, ...], project_ids: list[int] | None = None
) -> dict[tuple, dict[str, int]]:
    """The money that counts in a public figure on `on`, in cents per figure of the money totals
    (allocated, pledged, paid, ...), summed per the key columns `by` of finance's
    `ProjectMoneyTotal` ("budget_line", "organisation_pk", "project_pk"; 0 for none); only of
    `project_ids` if given. Equal to `public_entries` of the ledger summed alike (tested), read
    from the totals kept when written:

    - the rows of every project but those withheld (`withheld_project_ids`), and of the money
      booked on no project;
    - less the confidential entries of those projects, and the entries booked after `on` (both
      read by index: usually none).

    Three queries, whatever the size of the ledger (a fourth when there is anything to take off)."""
    on = _today(on)
    totals = apps.get_model("finance", "ProjectMoneyTotal")
    entries = apps.get_model("finance", "LedgerEntry")
    # The confidential projects and entries as subqueries of both queries (the rows are the
    # deal's already, so no join to the deal's projects is needed).
    withheld = _confidential_ids(_project_model(), on)
    rows = totals.objects.filter(deal=deal).exclude(project_pk__in=withheld)
    if project_ids is not None:
        rows = rows.filter(project_pk__in=project_ids)
    out: dict[tuple, dict[str, int]] = {}
    for row in rows.values(*by).annotate(**{f: Sum(f) for f in _money_columns(totals)}).order_by():
        out[tuple(row[k] for k in by)] = {f: row[f] or 0 for f in _money_columns(totals)}
    # The confidential entries' ids as a list (usually none; of every deal, a handful at most): as
    # a subquery in the OR below, PostgreSQL read every entry of the deal to find that there was
    # nothing to take off (190 ms for 300,000 entries); with a list it reads the date index (and
    # the primary key for the ids, when there are any).
    kept_apart = [row["object_id"] for row in _confidential_ids(entries, on)]
    taken = entries.objects.filter(Q(booked_on__gt=on) | Q(pk__in=kept_apart), deal=deal)
    taken = taken.exclude(project_id__in=withheld)
    if project_ids is not None:
        taken = taken.filter(project_id__in=project_ids)
    for key, less in totals.summed_entries(taken, by).items():  # usually none: no sum is composed
        row = out.get(key)
        if row is None:
            continue
        for f, cents in less.items():
            row[f] -= cents
    return {key: row for key, row in out.items() if row["entries"] > 0}


def public_records(queryset: QuerySet, on: dt.date | None = None) -> QuerySet:
    """Meetings, register items or any other disclosable record, without the confidential ones."""
    return exclude_confidential(queryset, _today(on))


def is_public_project(project, on: dt.date | None = None) -> bool:
    return public_projects(project.deal, on).filter(pk=project.pk).exists()


def public_decisions(deal, on: dt.date | None = None) -> QuerySet:
    """The decisions of the Rijk-Regio-overleg the public may read on `on` (Art. 10; the Woo
    publication, portal/woo.py): marked public by the office, and of a meeting no
    confidentiality runs for."""
    on = _today(on)
    meetings = public_records(apps.get_model("governance", "Meeting").objects.filter(deal=deal), on)
    return (
        apps.get_model("governance", "Decision")
        .objects.filter(meeting__in=meetings, public=True)
        .select_related("meeting")
        .order_by("meeting__held_on", "meeting_id", "number")
    )
