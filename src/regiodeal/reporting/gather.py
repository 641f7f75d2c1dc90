"""Gathering the yearly progress report (Art. 7.2): one plain, JSON-serialisable structure for a
deal, a year and an audience, read only through the other apps' selectors.

    gather(deal, year, audience)  ->  {"format": ..., "deal": ..., "report": ..., "projects": [...],
                                       "results": ..., "money": ..., "distribution": [...],
                                       "governance": ..., "lessons": ..., "changes": ...}

The figures are those of the reported year "as of" its last day (or today, while the year runs):
money booked up to then, verdicts at that date. The structure holds codes and values, never
labels: renderers (`document.py`) translate them, so a frozen structure reads in either language.
Money is a string with two decimals, other values normalised decimal strings, dates ISO.

Audience `public` reads through the one public layer (`disclosure/public.py`), as the public
site does: only the projects the public sees (approved or later, not confidential), every money
figure without the money of confidential projects and entries (`money.excludes_confidential`,
said beside each figure), no confidential meeting (with its decisions) or register item, no
confidentiality request (it names the record it protects), and no personal data: no names of
people (who recorded or decided something, the person behind an action), only organisations.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from regiodeal.common.formatting import actor
from regiodeal.deals import models as dm
from regiodeal.deals.selectors import (
    deal_entry_into_force,
    organisation_names,
    version_in_force,
    version_list,
    version_with_content,
)
from regiodeal.disclosure import public as layer
from regiodeal.evaluation import selectors as evaluation
from regiodeal.finance import selectors as finance
from regiodeal.governance import selectors as governance
from regiodeal.projects.selectors import project_list
from regiodeal.results import selectors as results

from .constants import Audience
from .gather_money import (  # noqa: F401 - editions.py takes the public money out through these
    money_section,
    subtract_money,
    subtract_received,
    withheld_cells,
    withheld_received,
)
from .values import CENT, day, money, number  # noqa: F401

FORMAT = "regiodeal-report/1"
FIRST_YEAR = 2000  # an unsigned deal has no start yet; this only keeps typing errors out


# ---------------------------------------------------------------------------------------------
# Which years may be reported


def reportable_years(deal: dm.Deal, today: dt.date | None = None) -> list[int]:
    """From the year of entry into force (Art. 19) to the deal's end, and not beyond this year.
    A deal whose signatures are not all recorded has no start date yet: its years run from
    FIRST_YEAR."""
    today = today or timezone.localdate()
    version = version_in_force(deal, today)
    force = deal_entry_into_force(deal, version)
    first = force.starts_on.year if force.starts_on else FIRST_YEAR
    last = min(max(v.ends_on.year for v in version_list(deal)), today.year)
    return list(range(first, last + 1))


def check_year(deal: dm.Deal, year: int, today: dt.date | None = None) -> None:
    years = reportable_years(deal, today)
    if year not in years:
        span = f"{years[0]}-{years[-1]}" if years else "-"
        raise ValidationError(
            {
                "year": _("Over %(year)s valt geen voortgangsrapportage te maken: kies een jaar in %(span)s.")
                % {"year": year, "span": span}
            }
        )


def as_of(year: int, today: dt.date | None = None) -> dt.date:
    """The last day of the year, or today while the year runs."""
    today = today or timezone.localdate()
    return min(dt.date(year, 12, 31), today)


# ---------------------------------------------------------------------------------------------
# The structure


def gather(
    deal: dm.Deal,
    year: int,
    audience: str = Audience.INTERNAL,
    *,
    report=None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """The report on `year` for `audience` (internal or public). `report` (a reporting.Report)
    adds its state and the lessons learned; without it, the lessons are empty."""
    if audience not in Audience.values:
        raise ValueError(f"audience must be one of {Audience.values}, not {audience!r}")
    today = today or timezone.localdate()
    check_year(deal, year, today)
    public = audience == Audience.PUBLIC
    on = as_of(year, today)
    version = version_with_content(version_in_force(deal, on))
    force = deal_entry_into_force(deal, version)

    projects = project_list(deal=deal)
    if public:
        projects = projects.filter(pk__in=layer.public_projects(deal, today).values("pk"))
    projects = list(projects)
    prefetch_related_objects(projects, "milestones", "risks", "transitions__by")
    shown = {p.pk for p in projects}

    return {
        "format": FORMAT,
        "deal": {
            "slug": deal.slug,
            "name": version.name,
            "citation_title": version.citation_title,
            "aim": version.aim,
            "version": version.number,
            "version_checksum": version.checksum,
            "regiokassier": version.regiokassier.name,
            "starts_on": day(force.starts_on),
            "ends_on": day(version.ends_on),
            "report_article": version.rules.report_article,
        },
        "report": {
            "year": year,
            "as_of": day(on),
            "generated_on": day(today),
            "audience": audience,
            "status": report.status if report is not None else "draft",
            "sent_on": day(report.sent_on) if report is not None else None,
            "submitted_on": day(report.submitted_on) if report is not None else None,
        },
        "projects": _projects(deal, year, on, projects, public, _short_names(version)),
        "participation": _participation(deal, on, public),
        "results": _results(deal, on, shown),
        "money": money_section(deal, year, on, version, shown, today if public else None),
        "distribution": _distribution(deal, on, version),
        "governance": _governance(deal, year, on, today, public, shown),
        "lessons": report.lessons if report is not None else "",
        "evaluation": _evaluation(deal, year, on, today, public),
        "changes": _changes(deal, year, public),
    }


# --- A. projects ------------------------------------------------------------------------------


def _short_names(version) -> dict[int, str]:
    """Organisation id -> the name the covenant uses in running text (gemeente Schiedam)."""
    return organisation_names(version)


def _projects(deal, year: int, on: dt.date, projects, public: bool, names: dict[int, str]) -> list[dict]:
    before = dt.date(year - 1, 12, 31)
    money_now = {pm.project_id: pm for pm in finance.national_by_project(deal, on)}
    money_before = {pm.project_id: pm for pm in finance.national_by_project(deal, before)}
    zero = Decimal("0.00")

    outputs: dict[int, list[dict]] = defaultdict(list)
    for m in results.measurement_list(deal=deal).filter(project__isnull=False, on__year=year, on__lte=on):
        outputs[m.project_id].append(
            {
                "indicator": m.indicator.code,
                "name": m.indicator.name,
                "unit": m.indicator.unit,
                "on": day(m.on),
                "value": number(m.value),
                "area": m.area_name or m.area_code,
                "group": m.group_code,
                "source": m.source,
            }
        )

    out = []
    for p in projects:
        now, earlier = money_now.get(p.pk), money_before.get(p.pk)
        allocated_total = now.allocated if now else zero
        spent_total = now.national_spent if now else zero
        milestones = [
            {
                "title": m.title,
                "due_on": day(m.due_on),
                "done_on": day(m.done_on) if m.done_on and m.done_on <= on else None,
                "state": _milestone_state(m, on),
            }
            for m in p.milestones.all()
            if m.due_on.year == year or (m.done_on and m.done_on.year == year)
        ]
        out.append(
            {
                "code": p.code,
                "title": p.title,
                "description": p.description,
                "lead": names.get(p.lead_id, p.lead.name),
                "participants": [names.get(o.pk, o.name) for o in p.participants.all()],
                "status": p.status,
                "starts_on": day(p.starts_on),
                "ends_on": day(p.ends_on),
                "pillars": [x.code for x in p.pillars.all()],
                "results": [x.code for x in p.results.all()],
                "areas": [x.name for x in p.areas.all()],
                "groups": [x.name for x in p.groups.all()],
                "status_changes": [
                    {
                        "on": day(t.at),
                        "from": t.from_status,
                        "to": t.to_status,
                        "reason": t.reason,
                        **({} if public else {"by": actor(t.by_label, t.by)}),
                    }
                    for t in p.transitions.all()
                    if timezone.localtime(t.at).date().year == year
                ],
                "milestones": milestones,
                "money": {
                    "allocated_year": money(allocated_total - (earlier.allocated if earlier else zero)),
                    "allocated_total": money(allocated_total),
                    "national_spent_year": money(spent_total - (earlier.national_spent if earlier else zero)),
                    "national_spent_total": money(spent_total),
                },
                "outputs": outputs.get(p.pk, []),
                "participation": p.residents_participation,
                "credits_rijk_regio": p.credits_rijk_regio,
                "credits_evidence": p.credits_evidence,
                "risks": [
                    {
                        "description": r.description,
                        "likelihood": r.likelihood,
                        "impact": r.impact,
                        "mitigation": r.mitigation,
                        "status": r.status,
                    }
                    for r in p.risks.all()
                ],
            }
        )
    return out


def _milestone_state(m, on: dt.date) -> str:
    if m.done_on and m.done_on <= on:
        return "done_late" if m.done_on > m.due_on else "done"
    return "overdue" if m.due_on < on else "planned"


def _participation(deal, on: dt.date, public: bool) -> dict | None:
    """Outreach per wijk from the participation app (Art. 2.1: at least 30 residents spoken per
    wijk), when it is installed: internally the norm per wijk with the results app's verdict;
    publicly only its aggregated summary, where small counts are suppressed (never a resident)."""
    try:
        from regiodeal.participation import selectors as participation
    except ModuleNotFoundError as exc:
        if exc.name not in ("regiodeal.participation.selectors", "regiodeal.participation"):
            raise
        return None
    if public:
        summary = participation.public_outreach_summary(deal, on)
        return {
            "on": day(on),
            "norm": summary.norm,
            "residents": summary.residents,
            "wijken": [
                {"name": c.name, "residents": c.residents, "conversations": None, "verdict": None}
                for c in summary.per_wijk
            ],
        }
    overview = participation.norm_overview(deal=deal, on=on)
    return {
        "on": day(on),
        "norm": overview.norm,
        "residents": sum(w.spoken for w in overview.wijken),
        "wijken": [
            {
                "name": w.wijk.name,
                "residents": w.spoken,
                "conversations": w.conversations,
                "verdict": w.verdict,
            }
            for w in overview.wijken
        ],
    }


# --- B. results -------------------------------------------------------------------------------


def _points(points) -> list[list[str]]:
    return [[day(p.on), number(p.value)] for p in points]


def _results(deal, on: dt.date, shown_projects: set[int]) -> dict:
    board = results.dashboard(deal=deal, on=on)
    pillars = []
    for ps in board.pillars:
        items = []
        for rs in ps.results:
            indicators = []
            for ls in rs.links:
                link, verdict = ls.link, ls.verdict
                assessment = verdict.assessment
                latest = assessment.actual if assessment else None
                level = ls.target_level
                area_names = ls.series.area_names
                indicators.append(
                    {
                        "code": link.indicator.code,
                        "name": link.indicator.name,
                        "unit": link.indicator.unit,
                        "better": link.indicator.better,
                        "baseline": number(link.baseline_value),
                        "baseline_on": day(link.baseline_on),
                        "baseline_source": link.baseline_source,
                        "target_kind": link.target_kind,
                        "target_value": number(link.target_value),
                        "target_level": number(level),
                        "target_on": day(link.target_on),
                        "area_kind": link.area_kind,
                        "article": link.article,
                        "verdict": str(verdict.verdict),
                        "reason": verdict.reason,
                        "latest": {"on": day(latest.on), "value": number(latest.value)} if latest else None,
                        "areas_on_schedule": verdict.areas_on_schedule,
                        "areas_total": verdict.areas_total,
                        "areas": [
                            {
                                "code": code,
                                "name": area_names.get(code, code),
                                "verdict": str(a.verdict),
                                "on": day(a.actual.on) if a.actual else None,
                                "value": number(a.actual.value) if a.actual else None,
                            }
                            for code, a in verdict.areas.items()
                        ],
                        "series": {
                            "regional": _points(ls.series.regional),
                            "areas": (
                                {
                                    code: _points(pts)
                                    for code, pts in sorted(ls.series.areas_of_kind(link.area_kind).items())
                                }
                                if link.target_kind == "per_area"
                                else {}
                            ),
                        },
                    }
                )
            items.append(
                {
                    "code": rs.result.code,
                    "title": rs.result.title,
                    "verdict": str(rs.rollup.verdict),
                    "counts": {str(v): n for v, n in rs.rollup.counts_worst_first()},
                    "projects": [p.code for p in rs.projects if p.pk in shown_projects],
                    "indicators": indicators,
                }
            )
        pillars.append(
            {
                "code": ps.pillar.code,
                "name": ps.pillar.name,
                "short_name": ps.pillar.short_name,
                "verdict": str(ps.rollup.verdict),
                "counts": {str(v): n for v, n in ps.rollup.counts_worst_first()},
                "results": items,
            }
        )
    return {
        "on": day(on),
        "verdict": str(board.rollup.verdict),
        "counts": {str(v): n for v, n in board.rollup.counts_worst_first()},
        "pillars": pillars,
    }


# --- distribution effects ---------------------------------------------------------------------


def _distribution(deal, on: dt.date, version) -> list[dict]:
    """Bijlage 1 §4: per indicator of an intended result that is broken down by group or area,
    the gap of each part to the region, and whether it narrows or widens."""
    seen, out = set(), []
    group_names = {g.code: g.name for g in version.groups.all()}
    for link in results.link_list(deal=deal, version=version):
        if link.indicator_id in seen:
            continue
        seen.add(link.indicator_id)
        view = results.indicator_detail(deal=deal, indicator=link.indicator, on=on)
        parts = []
        for kind, items in (("group", view.groups), ("area", view.areas)):
            for pg in items:
                name = (
                    group_names.get(pg.key, pg.key)
                    if kind == "group"
                    else view.series.area_names.get(pg.key, pg.key)
                )
                parts.append(
                    {
                        "kind": kind,
                        "key": pg.key,
                        "name": name,
                        "first_on": day(pg.first.on),
                        "first_gap": number(pg.first.gap),
                        "latest_on": day(pg.latest.on),
                        "latest_value": number(pg.latest.part),
                        "latest_regional": number(pg.latest.regional),
                        "latest_gap": number(pg.latest.gap),
                        "trend": str(pg.trend),
                        "lags_behind": pg.lags_behind,
                    }
                )
        if parts:
            out.append(
                {
                    "indicator": link.indicator.code,
                    "name": link.indicator.name,
                    "unit": link.indicator.unit,
                    "better": link.indicator.better,
                    "parts": parts,
                }
            )
    return out


# --- governance -------------------------------------------------------------------------------


def _governance(deal, year: int, on: dt.date, today: dt.date, public: bool, shown_projects: set[int]) -> dict:
    meetings = governance.meeting_list(deal).filter(held_on__year=year, held_on__lte=on)
    if public:
        meetings = layer.public_records(meetings, today)
    meetings = list(meetings)
    meeting_ids = {m.pk for m in meetings}
    decisions = defaultdict(list)
    for d in governance.decisions_of(deal).filter(meeting_id__in=meeting_ids):
        decisions[d.meeting_id].append({"number": d.number, "text": d.text})
    actions = []
    for a in governance.action_list(deal).filter(meeting_id__in=meeting_ids).order_by("due_on", "id"):
        action = {
            "meeting_on": day(a.meeting.held_on),
            "description": a.description,
            "owner": a.owner.name,
            "due_on": day(a.due_on),
            "done_on": day(a.done_on),
        }
        if not public:
            action["owner_person"] = a.owner_person
        actions.append(action)

    items = governance.register_list(deal).filter(raised_on__lte=on)
    if public:
        items = layer.public_records(items, today)
    register = []
    for item in items.order_by("raised_on", "id"):
        if item.raised_on.year != year and item.status != "open":
            continue
        full = governance.register_item_get(deal, item.pk)
        register.append(
            {
                "kind": full.kind,
                "title": full.title,
                "description": full.description,
                "raised_by": full.raised_by.name,
                "raised_on": day(full.raised_on),
                "status": full.status,
                "mitigation": full.mitigation,
                "level": str(full.level) if full.level else None,
                "escalations": [
                    {
                        "on": day(e.at),
                        "from": str(e.from_level) if e.from_level else None,
                        "to": str(e.to_level),
                        "reason": e.reason,
                        **({} if public else {"by": actor(e.by_label, e.by)}),
                    }
                    for e in full.escalations.all()
                ],
            }
        )
    return {
        "meetings": [
            {
                "held_on": day(m.held_on),
                "title": m.title,
                "attendees": sorted(o.name for o in m.attendees.all()),
                "decisions": decisions.get(m.pk, []),
            }
            for m in sorted(meetings, key=lambda m: (m.held_on, m.pk))
        ],
        "actions": actions,
        "register": register,
    }


# --- B. evaluation and steering ---------------------------------------------------------------


def _evaluation(deal, year: int, on: dt.date, today: dt.date, public: bool) -> dict:
    """What explains B (Art. 7.2): the documents in force (evaluation approach, problem analysis,
    theory of change, communication plan), the interim evaluations of the year and the
    adjustments decided in it with the verdicts that prompted them (Bijlage 1 §2.D)."""
    documents = evaluation.document_list(deal=deal).filter(dated__lte=on)
    adjustments = evaluation.adjustment_list(deal=deal, year=year).filter(decided_on__lte=on)
    if public:
        documents = layer.public_records(documents, today)
        adjustments = layer.public_records(adjustments, today)
    in_force: dict[str, Any] = {}
    for d in documents.order_by("-dated", "-id"):
        in_force.setdefault(d.kind, d)
    return {
        "documents": [
            {"kind": kind, "title": d.title, "dated": day(d.dated), "summary": d.summary}
            for kind, d in sorted(in_force.items())
            if kind != "interim_evaluation"
        ],
        "evaluations": [
            {"title": d.title, "dated": day(d.dated), "summary": d.summary}
            for d in documents.filter(kind="interim_evaluation", dated__year=year).order_by("dated", "id")
        ],
        "adjustments": [
            {
                "decided_on": day(a.decided_on),
                "title": a.title,
                "change": a.change,
                "reason": a.reason,
                "prompted_by": list(a.prompted_by),
                "meeting_on": day(a.meeting.held_on) if a.meeting else None,
            }
            for a in adjustments.order_by("decided_on", "id")
        ],
    }


# --- changes to the deal ----------------------------------------------------------------------


def _changes(deal, year: int, public: bool) -> dict:
    versions = [
        {
            "number": v.number,
            "origin": v.origin,
            "effective_from": day(v.effective_from),
            "name": v.name,
            "ends_on": day(v.ends_on),
            "checksum": v.checksum,
        }
        for v in version_list(deal)
        if v.effective_from is not None and v.effective_from.year == year
    ]
    requests = []
    for r in governance.request_list(deal).order_by("number"):
        if public and r.kind == "confidentiality":
            continue  # it names the record it keeps confidential
        steps = {r.filed_on, r.decided_on, r.effective_from}
        if not any(d is not None and d.year == year for d in steps):
            continue
        requests.append(
            {
                "number": r.number,
                "kind": r.kind,
                "title": r.title,
                "status": r.status,
                "filed_by": r.filed_by.name if r.filed_by else None,
                "filed_on": day(r.filed_on),
                "decided_on": day(r.decided_on),
                "effective_from": day(r.effective_from),
                "adopted_version": r.adopted_version.number if r.adopted_version else None,
            }
        )
    return {"versions": versions, "requests": requests}
