"""Reads for "Mijn werk": what needs a person now, asked of each app's models and selectors.

Each read takes the deal and the date and returns plain rows; `sections.py` turns them into the
items of one person (by role). What the whole deal shares and is costly to compute (the
obligations calendar, the covenant findings) is cached under the deal's data version
(common/dataversion.py), so a change is seen on the next request and a repeated visit reads only
what is the person's own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import translation

from regiodeal.accounts.permissions import memberships_of
from regiodeal.accounts.roles import ACROSS_DEALS
from regiodeal.audit.models import AuditEvent
from regiodeal.common.dataversion import cached_for_deal
from regiodeal.common.findings import ERROR, Finding, findings_for
from regiodeal.deals import models as dm
from regiodeal.deals.selectors import parties_in_office, version_in_force_cached
from regiodeal.reporting import selectors as reporting

# ---------------------------------------------------------------------------------------------
# Whose home: the deals a user works in


def deals_of(user, *, besides: dm.Deal | None = None) -> list[dm.Deal]:
    """The deals in which the user holds a role of that deal (not the ministry's role across
    deals: the ministry's home is the portfolio), by slug; `besides` one left out."""
    ids = {m.deal_id for m in memberships_of(user) if m.role not in ACROSS_DEALS and m.deal_id}
    if besides is not None:
        ids.discard(besides.pk)
    return list(dm.Deal.objects.filter(pk__in=ids).order_by("slug")) if ids else []


def works_across_deals(user) -> bool:
    return any(m.role in ACROSS_DEALS for m in memberships_of(user))


def roles_in(user, deal) -> list[str]:
    return sorted({m.role for m in memberships_of(user) if m.deal_id == deal.pk})


def deal_name(deal: dm.Deal, on: dt.date) -> str:
    return version_in_force_cached(deal, on).name


def organisations_in_office(deal: dm.Deal, on: dt.date) -> list[dm.Organisation]:
    """The organisations of the Parties in office on `on` (Art. 11-13), cached under the deal's
    data version."""
    key = f"work:in-office:{on.isoformat()}"
    return cached_for_deal(deal, key, lambda: [p.organisation for p in parties_in_office(deal, on)])


# ---------------------------------------------------------------------------------------------
# Consents (Art. 11.3, 13.3) and requests waiting for the programme office


@dataclass
class OpenRequest:
    number: int
    title: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    deadline: dt.date | None  # Art. 11.2: the end of the consultation
    waiting_for: list  # Organisations of the Parties in office that have not answered yet


def open_requests(deal: dm.Deal, on: dt.date) -> list[OpenRequest]:
    """The requests still open (filed, or in consultation), and for those that ask the Parties'
    consent the Parties in office that have not answered. Four queries."""
    from regiodeal.governance import models as gm
    from regiodeal.governance.constants import CONSENT_KINDS
    from regiodeal.governance.constants import RequestStatus as S
    from regiodeal.governance.selectors import request_deadline

    requests = list(
        gm.Request.objects.filter(deal=deal, status__in=[S.FILED, S.CONSULTATION])
        .select_related("deal")
        .prefetch_related("consents")
        .order_by("number")
    )
    if not requests:
        return []
    in_office = organisations_in_office(deal, on)
    out = []
    for r in requests:
        waiting = []
        if r.kind in CONSENT_KINDS and r.status == S.CONSULTATION:
            answered = {c.organisation_id for c in r.consents.all()}
            waiting = [o for o in in_office if o.pk not in answered]
        out.append(
            OpenRequest(
                r.number,
                r.title,
                r.kind,
                r.get_kind_display(),
                r.status,
                r.get_status_display(),
                request_deadline(r),
                waiting,
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# The yearly progress report (Art. 7.2-7.3)


@dataclass
class OpenReport:
    year: int
    status: str
    status_label: str
    sent_on: dt.date | None
    commented_by: dict  # organisation id -> the date of its latest comment


def open_reports(deal: dm.Deal) -> list[OpenReport]:
    """The reports not yet submitted to VRO (draft, sent to the Parties, final), newest first, with
    which Parties commented. Two queries."""
    reports = reporting.open_reports(deal)
    if not reports:
        return []
    comments = reporting.latest_comments(reports)
    return [OpenReport(r.year, r.status, r.get_status_display(), r.sent_on, comments[r.pk]) for r in reports]


# ---------------------------------------------------------------------------------------------
# Dated duties (governance's obligations calendar, with the evidence other apps keep)


def due_obligations(deal: dm.Deal, on: dt.date) -> list:
    """The obligations overdue or due within 30 days (governance.constants.DUE_SOON_DAYS) on `on`,
    from the one calendar (governance.selectors.obligations), cached under the deal's data version
    per language (their titles are translated)."""
    from regiodeal.governance.constants import ObligationStatus
    from regiodeal.governance.selectors import obligations

    def build():
        return [
            o
            for o in obligations(deal, on)
            if o.status in (ObligationStatus.OVERDUE, ObligationStatus.DUE_SOON)
        ]

    language = translation.get_language() or ""
    return cached_for_deal(deal, f"work:obligations:{on.isoformat()}:{language}", build)


def action_owners(deal: dm.Deal) -> dict[int, tuple[int, int]]:
    """Per action agreed in the overleg: (owner organisation id, meeting id). One query."""
    from regiodeal.governance import models as gm

    return {
        pk: (owner, meeting)
        for pk, owner, meeting in gm.Action.objects.filter(deal=deal).values_list(
            "pk", "owner_id", "meeting_id"
        )
    }


def report_years(deal: dm.Deal) -> set[int]:
    return reporting.report_years(deal)


# ---------------------------------------------------------------------------------------------
# Covenant findings (common.findings: what `regiodeal check` reports)


def error_findings(deal: dm.Deal, on: dt.date) -> list[Finding]:
    """The findings of severity error on `on`, cached under the deal's data version per language."""

    def build():
        return [f for f in findings_for(deal, on) if f.severity == ERROR]

    language = translation.get_language() or ""
    return cached_for_deal(deal, f"work:findings:{on.isoformat()}:{language}", build)


# ---------------------------------------------------------------------------------------------
# Projects: milestones and measurements due


def due_milestones(deal: dm.Deal, on: dt.date, project_ids: set[int] | None, days: int = 30) -> list:
    """Milestones not reached whose date is within `days` or past, of projects still going (not
    completed or stopped); of `project_ids` only, when given. One query."""
    from regiodeal.projects.constants import ProjectStatus
    from regiodeal.projects.models import Milestone

    qs = (
        Milestone.objects.filter(
            project__deal=deal, done_on__isnull=True, due_on__lte=on + dt.timedelta(days=days)
        )
        .exclude(project__status__in=[ProjectStatus.COMPLETED, ProjectStatus.STOPPED])
        .select_related("project")
        .order_by("due_on", "project__code", "pk")
    )
    if project_ids is not None:
        qs = qs.filter(project_id__in=project_ids)
    return list(qs)


@dataclass
class MeasurementDue:
    year: int
    due_on: dt.date
    overdue: bool
    indicator_code: str
    indicator_name: str
    result_code: str
    projects: list  # the running projects in scope that work on the result (code order)


def due_measurements(deal: dm.Deal, on: dt.date, project_ids: set[int] | None, days: int = 30) -> list:
    """Measurements the yearly report needs (Art. 7.2.B: it says per intended result whether it is on
    schedule, over the calendar year): for every indicator of an intended result that a running
    project works on, a measurement dated in each year.

    - This year's is due on 31 December, shown from `days` before.
    - Last year's is overdue while there is none and the report on last year has not yet gone to
      the Parties (a measurement can still be recorded with a date in that year).

    Of `project_ids` only, when given (a project lead's own projects). Five queries."""
    from regiodeal.projects.constants import ProjectStatus
    from regiodeal.projects.models import Project
    from regiodeal.results.models import Measurement, ResultIndicator

    years = []
    if (dt.date(on.year, 12, 31) - on).days <= days:
        years.append(on.year)
    last_sent = reporting.report_sent(deal, on.year - 1)
    if not last_sent:
        years.insert(0, on.year - 1)
    if not years:
        return []
    version = version_in_force_cached(deal, on)
    projects = Project.objects.filter(deal=deal, status=ProjectStatus.RUNNING)
    if project_ids is not None:
        projects = projects.filter(pk__in=project_ids)
    by_result: dict[int, list] = {}
    through = Project.results.through.objects.filter(
        project__in=projects, intendedresult__version=version
    ).values_list("intendedresult_id", "project__code", "project__starts_on")
    for result_id, code, starts_on in through.order_by("project__code"):
        by_result.setdefault(result_id, []).append((code, starts_on))
    if not by_result:
        return []
    links = list(
        ResultIndicator.objects.filter(deal=deal, result_id__in=by_result)
        .select_related("indicator", "result")
        .order_by("result__pillar__position", "result__position", "indicator__code")
    )
    measured = set(
        Measurement.objects.filter(
            deal=deal, indicator_id__in={link.indicator_id for link in links}, on__year__in=years
        )
        .values_list("indicator_id", "on__year")
        .distinct()
    )
    out = []
    for year in years:
        for link in links:
            if (link.indicator_id, year) in measured:
                continue
            if link.baseline_on and link.baseline_on.year > year:
                continue  # measured from its baseline on
            going = [
                code
                for code, starts_on in by_result[link.result_id]
                if not starts_on or starts_on.year <= year
            ]
            if not going:
                continue
            due_on = dt.date(year, 12, 31)
            out.append(
                MeasurementDue(
                    year,
                    due_on,
                    due_on < on,
                    link.indicator.code,
                    str(link.indicator),
                    link.result.code,
                    going,
                )
            )
    return out


# ---------------------------------------------------------------------------------------------
# The latest changes in the deal (the audit trail)

# Not shown on a home page: reads of personal data and the residents' contact details, and the
# private address of someone's calendar feed. The audit trail itself shows them to who may read it.
PRIVATE_ACTIONS = ("personal_data.", "ideas.contact.", "governance.calendar_token.")


def latest_changes(deal: dm.Deal, limit: int = 10, viewer=None) -> list[AuditEvent]:
    """The latest events of the deal's audit trail, with the account that made them. One query.
    Given a viewer, not the events of a record kept from them (Art. 10.1: a confidential project,
    meeting, register item... names its code and links to it; disclosure/access.py)."""
    qs = AuditEvent.objects.filter(deal_slug=deal.slug).select_related("actor").order_by("-at", "-id")
    for prefix in PRIVATE_ACTIONS:
        qs = qs.exclude(action__startswith=prefix)
    if viewer is not None:
        from regiodeal.disclosure.access import hidden_from

        for c in hidden_from(viewer, deal):
            qs = qs.exclude(object_type=".".join(c.content_type.natural_key()), object_id=str(c.object_id))
    return list(qs[:limit])
