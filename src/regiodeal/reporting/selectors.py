"""Reads for progress reports.

- `report_document(report, audience)`: the structure to render: the frozen one of a submitted
  report (never changed by later data), else gathered now from the other apps' data.
- `public_reports(deal)`: what anyone may read: the submitted reports, newest first, each with
  its year, submission date, the checksum of its current public edition's PDF, the address of
  that PDF, and the earlier editions withdrawn (with the day: Art. 10.1, editions.py).
- `reports_received(user)`: the ministry's view (RECEIVE_REPORTS) of submitted reports across deals.
- `late_steps(deal, on)`: per year, the draft or the report that is (or was) late (Art. 7.3).
- for the other apps: the reports still open and who commented on them, the years reported on
  and whether a year's report went to the Parties ("Mijn werk"), and the lessons learned per year
  (evaluation's lessons across years, given through `evaluation.selectors.lessons_from`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone

from regiodeal.deals import models as dm
from regiodeal.deals.selectors import deal_entry_into_force, version_in_force_cached

from . import gather as g
from .constants import Audience, ReportStatus
from .models import PublicEdition, Report, ReportComment, ReportSnapshot
from .redaction import for_third_party


def report_list(deal: dm.Deal) -> QuerySet[Report]:
    return Report.objects.filter(deal=deal).select_related("deal").order_by("-year")


def report_get(deal: dm.Deal, year: int) -> Report:
    return (
        Report.objects.select_related("deal")
        .prefetch_related("transitions", "comments__organisation")
        .get(deal=deal, year=year)
    )


def snapshot_of(report: Report) -> ReportSnapshot | None:
    if report.status != ReportStatus.SUBMITTED:
        return None
    return ReportSnapshot.objects.get(report=report)


def current_edition(report: Report) -> PublicEdition | None:
    """The public edition of a submitted report that anyone reads: the newest not withdrawn
    (editions.py). None before submission."""
    if report.status != ReportStatus.SUBMITTED:
        return None
    return PublicEdition.objects.filter(report=report, withdrawn_at__isnull=True).order_by("-number").first()


def edition_list(report: Report) -> list[PublicEdition]:
    """Every public edition, withdrawn ones included (internal: VIEW_INTERNAL)."""
    return list(PublicEdition.objects.filter(report=report).defer("pdf").order_by("number"))


def edition_get(report: Report, number: int) -> PublicEdition:
    return PublicEdition.objects.get(report=report, number=number)


def report_document(report: Report, audience: str = Audience.INTERNAL) -> dict:
    """The structure to render. A submitted report's public version is its current public
    edition (without what was made confidential after submission), every format alike."""
    frozen = snapshot_of(report)
    if frozen is not None:
        if audience == Audience.PUBLIC:
            edition = current_edition(report)
            return edition.structure if edition is not None else frozen.public
        return frozen.internal
    return g.gather(report.deal, report.year, audience, report=report)


def hidden_from_reader(report: Report, user) -> list:
    """Art. 10.1: the confidentialities whose records the reader of the internal report may not
    see (a third party, such as a Partner's project lead; disclosure/access.py). Empty for the
    Parties, the programme office, the ministry (as VRO) and the auditor."""
    from regiodeal.disclosure.access import hidden_from

    return hidden_from(user, report.deal)


def report_document_for(report: Report, audience: str, user) -> dict:
    """`report_document` as `user` may read it: the internal version without what a third party
    may not see (Art. 10.1)."""
    structure = report_document(report, audience)
    if audience == Audience.INTERNAL:
        structure = for_third_party(structure, report.deal, hidden_from_reader(report, user))
    return structure


def report_of(deal: dm.Deal, year: int) -> Report:
    return Report.objects.get(deal=deal, year=year)


class PdfNotReady(Exception):
    """A frozen PDF that the worker has not rendered yet (rendering.py): the report is submitted
    and its structure frozen, the PDF follows within minutes."""


def frozen_pdf(report: Report, audience: str) -> bytes | None:
    """The frozen PDF of a submitted report (the current public edition for the public version);
    None for a report not submitted; PdfNotReady while the worker is still rendering it."""
    frozen = snapshot_of(report)
    if frozen is None:
        return None
    if audience == Audience.PUBLIC:
        edition = current_edition(report)
        data = edition.pdf if edition is not None else frozen.public_pdf
    else:
        data = frozen.internal_pdf
    if data is None:
        raise PdfNotReady
    return bytes(data)


@dataclass(frozen=True)
class Withdrawal:
    edition: int
    on: dt.date


@dataclass(frozen=True)
class PublicReport:
    year: int
    submitted_on: dt.date
    checksum: str  # SHA-256 of the public PDF (of the current edition)
    public_pdf_url: str
    edition: int = 1
    withdrawn: tuple[Withdrawal, ...] = ()  # earlier editions, withdrawn (Art. 10.1), with the day


def public_pdf_url(deal: dm.Deal, year: int) -> str:
    return reverse("reporting:public-pdf", kwargs={"slug": deal.slug, "year": year})


def public_reports(deal: dm.Deal) -> list[PublicReport]:
    """The submitted reports of a deal, newest first: the public version only (Art. 10)."""
    return public_reports_of([deal])[deal.pk]


def public_reports_of(deals: list[dm.Deal]) -> dict[int, list[PublicReport]]:
    """`public_reports` of several deals in one query (the ministry's portfolio)."""
    out: dict[int, list[PublicReport]] = {d.pk: [] for d in deals}
    by_id = {d.pk: d for d in deals}
    rows = (
        PublicEdition.objects.filter(report__deal__in=deals, report__status=ReportStatus.SUBMITTED)
        .order_by("report__deal_id", "-report__year", "number")
        .values_list(
            "report__deal_id", "report__year", "report__submitted_on", "number", "sha256", "withdrawn_at"
        )
    )
    withdrawn: dict[tuple[int, int], list[Withdrawal]] = {}
    for deal_id, year, on, number, checksum, withdrawn_at in rows:
        gone = withdrawn.setdefault((deal_id, year), [])
        if withdrawn_at is not None:
            gone.append(Withdrawal(number, timezone.localtime(withdrawn_at).date()))
            continue
        out[deal_id].append(
            PublicReport(year, on, checksum, public_pdf_url(by_id[deal_id], year), number, tuple(gone))
        )
    return out


def public_pdf(deal: dm.Deal, year: int) -> bytes:
    """The public PDF of a submitted report's current edition; DoesNotExist for any other."""
    edition = (
        PublicEdition.objects.only("pdf")
        .filter(report__deal=deal, report__year=year, report__status=ReportStatus.SUBMITTED)
        .filter(withdrawn_at__isnull=True)
        .order_by("-number")
        .first()
    )
    if edition is None:
        raise ReportSnapshot.DoesNotExist
    if edition.pdf is None:
        raise PdfNotReady
    return bytes(edition.pdf)


def reports_received(user) -> QuerySet[Report]:
    """The submitted reports of every deal where the user receives reports (RECEIVE_REPORTS:
    the ministry, across deals), newest first."""
    from regiodeal.accounts.permissions import can
    from regiodeal.accounts.roles import Capability

    deal_ids = [d.pk for d in dm.Deal.objects.all() if can(user, Capability.RECEIVE_REPORTS, d)]
    return (
        Report.objects.filter(status=ReportStatus.SUBMITTED, deal_id__in=deal_ids)
        .select_related("deal", "snapshot")
        .order_by("-year", "deal__slug")
    )


@dataclass(frozen=True)
class LateStep:
    year: int
    step: str  # "draft" (to the Parties) or "submission" (to VRO)
    due_before: dt.date
    done_on: dt.date | None  # None: not done yet


def deadline(deal: dm.Deal, year: int, rule: str) -> dt.date:
    """Art. 7.3: 'vóór 15 juni' of the year after the reported year, from the deal's rules (the
    version in force on 1 January of that year). The act must fall before this date."""
    rules = version_in_force_cached(deal, dt.date(year + 1, 1, 1)).rules
    month_day = getattr(rules, rule)
    return dt.date(year + 1, int(month_day[:2]), int(month_day[3:]))


def late_steps(deal: dm.Deal, on: dt.date | None = None) -> list[LateStep]:
    """Art. 7.3 for every year of the deal's life since its entry into force: the draft to the
    Parties before 15 June and the report to VRO before 15 July of the next year. A step is late
    when it was done on or after its date, or is still not done on `on` past it."""
    on = on or timezone.localdate()
    force = deal_entry_into_force(deal)
    if force.starts_on is None or force.starts_on > on:
        return []
    ends = version_in_force_cached(deal, on).ends_on
    reports = {r.year: r for r in Report.objects.filter(deal=deal)}
    out = []
    for year in range(force.starts_on.year, min(ends.year, on.year) + 1):
        report = reports.get(year)
        for step, rule, done in (
            ("draft", "report_draft_to_parties_before", report.sent_on if report else None),
            ("submission", "report_to_ministry_before", report.submitted_on if report else None),
        ):
            due = deadline(deal, year, rule)
            if (done is not None and done >= due) or (done is None and on >= due):
                out.append(LateStep(year, step, due, done))
    return out


def reportable_years(deal: dm.Deal) -> list[int]:
    return g.reportable_years(deal)


# ---------------------------------------------------------------------------------------------
# For the other apps ("Mijn werk", evaluation): they read reports only through these


def open_reports(deal: dm.Deal) -> list[Report]:
    """The reports not yet submitted to VRO (draft, sent to the Parties, final), newest first."""
    return list(Report.objects.filter(deal=deal).exclude(status=ReportStatus.SUBMITTED).order_by("-year"))


def latest_comments(reports: list[Report]) -> dict[int, dict[int, dt.datetime]]:
    """Per report (id): the organisations that commented (id), each with the time of its latest
    comment. One query."""
    out: dict[int, dict[int, dt.datetime]] = {r.pk: {} for r in reports}
    if not reports:
        return out
    rows = (
        ReportComment.objects.filter(report__in=reports)
        .values("report_id", "organisation_id")
        .annotate(latest=Max("at"))
    )
    for row in rows:
        out[row["report_id"]][row["organisation_id"]] = row["latest"]
    return out


def report_years(deal: dm.Deal) -> set[int]:
    """The years the deal has a report on (in any state)."""
    return set(Report.objects.filter(deal=deal).order_by().values_list("year", flat=True))


def report_sent(deal: dm.Deal, year: int) -> bool:
    """Whether the report on `year` went to the Parties (as a draft, to comment on)."""
    return Report.objects.filter(deal=deal, year=year, sent_on__isnull=False).exists()


def lessons_by_year(deal: dm.Deal) -> dict[int, str]:
    """The lessons learned written in each year's report, by year (every year with a report)."""
    return dict(Report.objects.filter(deal=deal).order_by("year").values_list("year", "lessons"))
