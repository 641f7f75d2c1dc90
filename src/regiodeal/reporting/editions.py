"""Public editions of a submitted report (Art. 10.1).

At submission the public version is frozen as edition 1 (`services.report_submit`). A record it
holds may be made confidential later: the decision (`disclosure.services.confidentiality_start`,
through the signal `confidentiality_started`) then withdraws every public edition not yet
withdrawn that holds the record, and publishes the next edition: the frozen data minus the record
(its entry in every list, and its money out of every figure), rendered again. The withdrawn
edition stays, unchanged, for those who may read the internal report; the public sees the date of
the withdrawal and the corrected edition, never what was taken out. What a record's removal takes
out of the structure is `redaction.py`; the new edition's PDF is rendered by the worker
(`rendering.py`).
"""

from __future__ import annotations

import copy
import datetime as dt

from django.db import transaction
from django.utils import timezone

from regiodeal.audit.services import Actor, audit_record
from regiodeal.disclosure import public as layer
from regiodeal.finance import selectors as finance

from . import gather as g
from .constants import ReportStatus
from .models import PublicEdition
from .redaction import project_removed, without_record
from .rendering import frozen_render_later, structure_sha256


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
                    project_removed(corrected, c.record)
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
