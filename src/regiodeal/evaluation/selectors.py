"""Reads of evaluation and steering, and of the communication duty (Art. 8.2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from regiodeal.deals import models as dm
from regiodeal.projects.constants import ProjectStatus

from .constants import DocumentKind
from .models import Adjustment, CreditLineRequest, EvaluationDocument

# Projects that are part of the execution of the deal (Art. 8.2).
EXECUTING = (ProjectStatus.APPROVED, ProjectStatus.RUNNING, ProjectStatus.COMPLETED)


def _for(viewer, deal, qs: QuerySet) -> QuerySet:
    """Art. 10.1: given a viewer, without what is kept from them (disclosure/access.py)."""
    if viewer is None:
        return qs
    from regiodeal.disclosure.access import visible_to

    return visible_to(qs, viewer, deal)


def document_list(*, deal: dm.Deal, kind: str | None = None, viewer=None) -> QuerySet[EvaluationDocument]:
    qs = _for(viewer, deal, EvaluationDocument.objects.filter(deal=deal))
    return qs.filter(kind=kind) if kind else qs


def document_get(*, deal: dm.Deal, pk: int) -> EvaluationDocument:
    return EvaluationDocument.objects.get(deal=deal, pk=pk)


def documents_in_force(
    *, deal: dm.Deal, on: dt.date | None = None, viewer=None
) -> dict[str, EvaluationDocument]:
    """Per kind, the latest document dated on or before `on` (interim evaluations: the latest)."""
    qs = document_list(deal=deal, viewer=viewer)
    if on is not None:
        qs = qs.filter(dated__lte=on)
    out: dict[str, EvaluationDocument] = {}
    for doc in qs.order_by("-dated", "-id"):
        out.setdefault(doc.kind, doc)
    return out


def adjustment_list(*, deal: dm.Deal, year: int | None = None, viewer=None) -> QuerySet[Adjustment]:
    qs = _for(viewer, deal, Adjustment.objects.filter(deal=deal)).select_related("meeting", "evaluation")
    return qs.filter(decided_on__year=year) if year else qs


def adjustment_get(*, deal: dm.Deal, pk: int) -> Adjustment:
    return adjustment_list(deal=deal).get(pk=pk)


@dataclass
class CreditLineRow:
    project: object
    requests: list[CreditLineRequest]

    @property
    def asked(self) -> bool:
        return bool(self.requests)


def credit_lines(*, deal: dm.Deal, viewer=None) -> list[CreditLineRow]:
    """Every project of the deal that is part of its execution, with the requests made of it
    (given a viewer, those they may see)."""
    from regiodeal.projects.models import Project

    projects = list(
        _for(viewer, deal, Project.objects.filter(deal=deal, status__in=EXECUTING))
        .order_by("code")
        .prefetch_related("credit_line_requests")
    )
    return [CreditLineRow(project=p, requests=list(p.credit_line_requests.all())) for p in projects]


# The lessons learned are written in the yearly progress report, which the reporting app keeps
# one layer above evaluation (it reads evaluation for part B of the report). Reporting gives them
# when the apps start (`reporting/apps.py`: `lessons_from(reporting.selectors.lessons_by_year)`),
# so evaluation reads them without importing the layer above it.
_lessons_by_year: list[Callable[[dm.Deal], dict[int, str]]] = []


def lessons_from(source: Callable[[dm.Deal], dict[int, str]]) -> None:
    """Register where the yearly report's lessons learned come from (per year, a text)."""
    if source not in _lessons_by_year:
        _lessons_by_year.append(source)


def lessons_across_years(*, deal: dm.Deal, viewer=None) -> list[dict]:
    """Per report year: the lessons learned written in the yearly report, the evaluations dated in
    that year and the adjustments decided in it (for VRO's research, Art. 7.5, and BZK's lessons on
    regional cooperation, Art. 7.6)."""
    lessons: dict[int, str] = {}
    for source in _lessons_by_year:
        lessons.update(source(deal))
    docs = list(document_list(deal=deal, kind=DocumentKind.INTERIM_EVALUATION, viewer=viewer))
    adjustments = list(adjustment_list(deal=deal, viewer=viewer))
    years = sorted({*lessons, *(d.dated.year for d in docs), *(a.decided_on.year for a in adjustments)})
    return [
        {
            "year": y,
            "lessons": lessons.get(y, ""),
            "evaluations": sorted((d for d in docs if d.dated.year == y), key=lambda d: d.dated),
            "adjustments": sorted(
                (a for a in adjustments if a.decided_on.year == y), key=lambda a: a.decided_on
            ),
        }
        for y in years
    ]
