"""Public editions of a submitted report (Art. 10.1).

At submission the public version is frozen as edition 1 (`services.report_submit`). A record it
holds may be made confidential later: the decision (`disclosure.services.confidentiality_start`,
through the signal `confidentiality_started`) then withdraws every public edition not yet
withdrawn that holds the record, and publishes the next edition: the frozen data minus the record
(its entry in every list, and its money out of every figure), rendered again. The withdrawn
edition stays, unchanged, for those who may read the internal report; the public sees the date of
the withdrawal and the corrected edition, never what was taken out.

What "holds" means, per kind of record:
- a project: its code in the projects, the money per project or a result's projects;
- a meeting: its date and title among the meetings (with its decisions and actions);
- a register item: its title and date among the register items.
Other kinds (documents) are not in the report.
"""

from __future__ import annotations

import copy
import datetime as dt

from django.db import transaction
from django.utils import timezone

from regiodeal.audit.services import Actor, audit_record
from regiodeal.disclosure import public as layer
from regiodeal.disclosure.selectors import exclude_confidential
from regiodeal.finance import selectors as finance

from . import gather as g
from .constants import ReportStatus
from .models import PublicEdition


def _project_removed(s: dict, record) -> bool:
    code = record.code
    found = False
    kept = [p for p in s["projects"] if p["code"] != code]
    found |= len(kept) != len(s["projects"])
    s["projects"] = kept
    m = s["money"]
    kept = [p for p in m["by_project"] if p["code"] != code]
    found |= len(kept) != len(m["by_project"])
    m["by_project"] = kept
    for pillar in s["results"]["pillars"]:
        for result in pillar["results"]:
            if code in result["projects"]:
                found = True
                result["projects"] = [c for c in result["projects"] if c != code]
    return found


def _project_money_out(s: dict, record) -> None:
    """Take the project's money out of every figure, as the edition counted it: its entries up to
    the report's date that were public when the edition was made. An edition frozen before public
    figures left confidential money out (no `excludes_confidential`) loses all money withheld
    today."""
    deal = record.deal
    year, as_of = s["report"]["year"], dt.date.fromisoformat(s["report"]["as_of"])
    entries = finance.entries_as_of(deal, as_of)
    if s["money"].get("excludes_confidential"):
        # Its entries, less any entry that was itself confidential (and so left out) back then.
        made_on = dt.date.fromisoformat(s["report"]["generated_on"])
        taken = exclude_confidential(entries.filter(project_id=record.pk), made_on)
    else:
        taken = layer.withheld_entries(entries, deal)
    g.subtract_money(s["money"], year, g.withheld_cells(taken))
    g.subtract_received(s["money"], g.withheld_received(taken))
    s["money"]["excludes_confidential"] = True


def _meeting_removed(s: dict, record) -> bool:
    gov = s["governance"]
    held_on, found = record.held_on.isoformat(), False
    kept = [m for m in gov["meetings"] if not (m["held_on"] == held_on and m["title"] == record.title)]
    found = len(kept) != len(gov["meetings"])
    gov["meetings"] = kept
    if found and not any(m["held_on"] == held_on for m in kept):
        gov["actions"] = [a for a in gov["actions"] if a["meeting_on"] != held_on]
    return found


def _register_removed(s: dict, record) -> bool:
    gov = s["governance"]
    raised = record.raised_on.isoformat()
    kept = [r for r in gov["register"] if not (r["raised_on"] == raised and r["title"] == record.title)]
    found = len(kept) != len(gov["register"])
    gov["register"] = kept
    return found


def _evaluation_removed(s: dict, record) -> bool:
    """An adjustment or an evaluation document (part B's "Evaluatie en bijsturing")."""
    e = s.get("evaluation")  # reports frozen before part B had it hold none
    if not e:
        return False
    if record._meta.label_lower == "evaluation.adjustment":
        key = (record.decided_on.isoformat(), record.title)
        kept = [a for a in e["adjustments"] if (a["decided_on"], a["title"]) != key]
        found = len(kept) != len(e["adjustments"])
        e["adjustments"] = kept
        return found
    key = (record.dated.isoformat(), record.title)
    found = False
    for part, date_key in (("documents", "dated"), ("evaluations", "dated")):
        kept = [d for d in e[part] if (d[date_key], d["title"]) != key]
        found = found or len(kept) != len(e[part])
        e[part] = kept
    return found


EVALUATION_KINDS = ("evaluation.adjustment", "evaluation.evaluationdocument")


def without_record(structure: dict, record) -> dict | None:
    """The structure minus the record, or None when the structure does not hold it."""
    s = copy.deepcopy(structure)
    label = record._meta.label_lower
    if label == "projects.project":
        if not _project_removed(s, record):
            return None
        _project_money_out(s, record)
    elif label == "governance.meeting":
        if not _meeting_removed(s, record):
            return None
    elif label == "governance.registeritem":
        if not _register_removed(s, record):
            return None
    elif label in EVALUATION_KINDS:
        if not _evaluation_removed(s, record):
            return None
    else:
        return None
    return s


def withdraw_editions(
    *, actor: Actor, record, reason: str, today: dt.date | None = None
) -> list[PublicEdition]:
    """Withdraw every public edition of the deal's submitted reports that holds `record`, and
    publish the corrected one. Returns the new editions. Runs in the caller's transaction."""
    today = today or timezone.localdate()
    made = []
    with transaction.atomic():
        editions = (
            PublicEdition.objects.select_for_update()
            .select_related("report__deal")
            .filter(
                report__deal_id=record.deal_id,
                report__status=ReportStatus.SUBMITTED,
                withdrawn_at__isnull=True,
            )
            .order_by("report__year", "number")
        )
        for edition in editions:
            corrected = without_record(edition.structure, record)
            if corrected is None:
                continue
            new = _replace(actor=actor, edition=edition, corrected=corrected, reason=reason, today=today)
            made.append(new)
    return made


def _replace(*, actor: Actor, edition: PublicEdition, corrected: dict, reason: str, today: dt.date):
    """Withdraw `edition` and publish `corrected` as the next edition (locked by the caller)."""
    from .rendering import frozen_render_later, structure_sha256

    now = timezone.now()
    number = edition.number + 1
    corrected["report"]["edition"] = number
    corrected["report"]["corrected_on"] = today.isoformat()
    corrected["report"]["withdrawn"] = [
        *edition.structure["report"].get("withdrawn", []),
        {"edition": edition.number, "on": today.isoformat()},
    ]
    new = PublicEdition.objects.create(report=edition.report, number=number, structure=corrected)
    frozen_render_later(edition.report)  # its PDF: rendering.py
    edition.withdrawn_at = now
    edition.withdrawn_for = reason[:300]
    edition.save(update_fields=["withdrawn_at", "withdrawn_for"])
    deal_slug = edition.report.deal.slug
    audit_record(
        actor=actor,
        action="reporting.edition.withdrawn",
        obj=edition,
        deal_slug=deal_slug,
        summary=f"{edition}: withdrawn ({reason})",
        after={"withdrawn_at": now.isoformat(), "sha256": edition.sha256},
    )
    audit_record(
        actor=actor,
        action="reporting.edition.published",
        obj=new,
        deal_slug=deal_slug,
        summary=f"{new}: the frozen data of edition {edition.number}, corrected ({reason})",
        after={"number": number, "structure_sha256": structure_sha256(corrected)},
    )
    return new


def correct_legacy_editions(*, actor: Actor) -> list[PublicEdition]:
    """Public editions frozen before public figures left confidential money out (no
    `money.excludes_confidential`) counted the money of confidential projects in their totals.
    Withdraw each such edition in force and publish one without the projects
    and money withheld today. Idempotent: `regiodeal correct-public-editions`."""
    from regiodeal.disclosure.access import PROJECT
    from regiodeal.disclosure.selectors import confidentialities_of

    today = timezone.localdate()
    made = []
    with transaction.atomic():
        editions = (
            PublicEdition.objects.select_for_update()
            .select_related("report__deal")
            .filter(report__status=ReportStatus.SUBMITTED, withdrawn_at__isnull=True)
            .order_by("report__deal_id", "report__year")
        )
        for edition in editions:
            if edition.structure["money"].get("excludes_confidential"):
                continue
            deal = edition.report.deal
            corrected = copy.deepcopy(edition.structure)
            for c in confidentialities_of(deal, today):
                if c.content_type.natural_key() == PROJECT and c.record is not None:
                    _project_removed(corrected, c.record)
            year, as_of = corrected["report"]["year"], dt.date.fromisoformat(corrected["report"]["as_of"])
            taken = layer.withheld_entries(finance.entries_as_of(deal, as_of), deal, today)
            g.subtract_money(corrected["money"], year, g.withheld_cells(taken))
            g.subtract_received(corrected["money"], g.withheld_received(taken))
            corrected["money"]["excludes_confidential"] = True
            reason = "de bedragen telden het geld van vertrouwelijke projecten mee"
            new = _replace(actor=actor, edition=edition, corrected=corrected, reason=reason, today=today)
            made.append(new)
    return made


def on_confidentiality_started(sender, confidentiality, record, actor, **kwargs) -> None:
    """Receiver of `disclosure.signals.confidentiality_started` (connected in apps.py)."""
    today = timezone.localdate()
    if confidentiality.until is not None and confidentiality.until < today:
        return  # ended before today (a refusal on the day of the request): the record is public
    if not hasattr(record, "deal_id"):
        return
    withdraw_editions(
        actor=actor, record=record, reason=f"{confidentiality.label} ({confidentiality.source})", today=today
    )


def for_third_party(structure: dict, deal, hidden: list) -> dict:
    """The internal report as a third party in the deal may read it (Art. 10.1,
    disclosure/access.py): without the records of `hidden` (confidentialities running today that
    the reader may not see), their money out of every figure, and without the confidentiality
    requests (they name what they protect)."""
    if not hidden:
        return structure
    s = copy.deepcopy(structure)
    removed_projects = []
    for c in hidden:
        record = c.record
        if record is None:
            continue
        label = record._meta.label_lower
        if label == "projects.project" and _project_removed(s, record):
            removed_projects.append(record.pk)
        elif label == "governance.meeting":
            _meeting_removed(s, record)
        elif label == "governance.registeritem":
            _register_removed(s, record)
        elif label in EVALUATION_KINDS:
            _evaluation_removed(s, record)
    if removed_projects:
        year, as_of = s["report"]["year"], dt.date.fromisoformat(s["report"]["as_of"])
        taken = finance.entries_as_of(deal, as_of).filter(project_id__in=removed_projects)
        g.subtract_money(s["money"], year, g.withheld_cells(taken))
        g.subtract_received(s["money"], g.withheld_received(taken))
        s["money"]["excludes_confidential"] = True
    s["changes"]["requests"] = [r for r in s["changes"]["requests"] if r["kind"] != "confidentiality"]
    return s
