"""Writes of evaluation and steering (Art. 2.4, 7.1, Bijlage 1 §2.D) and communication (Art. 8.2).
Each write is checked, saved and audited in one transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from regiodeal.audit.services import Actor, snapshot
from regiodeal.common.records import record_created
from regiodeal.deals import models as dm

from .models import Adjustment, CreditLineRequest, EvaluationDocument

_DOCUMENT_FIELDS = ["kind", "title", "dated", "summary"]
_ADJUSTMENT_FIELDS = ["decided_on", "title", "change", "reason", "prompted_by", "meeting", "evaluation"]


def _document_snapshot(doc: EvaluationDocument) -> dict:
    return {**snapshot(doc, _DOCUMENT_FIELDS), "file": doc.file.name}


def _recorded_by(obj, actor: Actor) -> None:
    obj.recorded_by = actor.user
    obj.recorded_by_label = actor.record_label


def _not_in_future(field: str, value: dt.date, today: dt.date | None = None) -> None:
    from django.utils import timezone

    if value and value > (today or timezone.localdate()):
        raise ValidationError(
            {field: _("Deze datum ligt in de toekomst. Vul de datum in waarop het gebeurde.")}
        )


@transaction.atomic
def document_add(
    *, actor: Actor, deal: dm.Deal, kind: str, title: str, dated: dt.date, file, summary: str = ""
) -> EvaluationDocument:
    """A dated evaluation document (Art. 2.4, 7.1, 8.1, Bijlage 1 §2.D). A newer document of the same
    kind is the one in force; the older ones stay as history."""
    _not_in_future("dated", dated)
    doc = EvaluationDocument(deal=deal, kind=kind, title=title, dated=dated, summary=summary, file=file)
    _recorded_by(doc, actor)
    record_created(
        doc,
        actor=actor,
        action="evaluation.document.added",
        deal_slug=deal.slug,
        snapshot_of=_document_snapshot,
    )
    return doc


@transaction.atomic
def document_update(
    *, actor: Actor, document: EvaluationDocument, title: str, dated: dt.date, summary: str = "", file=None
) -> EvaluationDocument:
    """Correct a document's title, date or summary, or replace its file (the kind stays)."""
    _not_in_future("dated", dated)
    before = _document_snapshot(document)
    document.title, document.dated, document.summary = title, dated, summary
    if file is not None:
        document.file = file
    return record_created(
        document,
        actor=actor,
        action="evaluation.document.updated",
        snapshot_of=_document_snapshot,
        before=before,
    )


def _prompted_by(deal: dm.Deal, result_codes: list[str], on: dt.date) -> list[dict]:
    """The verdicts of the named intended results on `on`, kept with the adjustment."""
    from regiodeal.results.selectors import dashboard

    if not result_codes:
        return []
    board = dashboard(deal=deal, on=on, with_projects=False, latest_only=True)
    out = []
    for code in sorted(set(result_codes)):
        try:
            status = board.result(code)
        except KeyError as exc:
            raise ValidationError(
                {"results": _("Beoogd resultaat %(c)s bestaat niet in deze deal.") % {"c": code}}
            ) from exc
        out.append({"result": code, "verdict": str(status.rollup.verdict)})
    return out


def _check_links(deal: dm.Deal, meeting, evaluation) -> None:
    if meeting is not None and meeting.deal_id != deal.pk:
        raise ValidationError({"meeting": _("Dit overleg hoort niet bij deze deal.")})
    if evaluation is not None and evaluation.deal_id != deal.pk:
        raise ValidationError({"evaluation": _("Deze evaluatie hoort niet bij deze deal.")})


def _adjustment_audit(actor: Actor, adjustment: Adjustment) -> dict:
    return {
        "actor": actor,
        "summary": adjustment.title,
        "snapshot_of": lambda a: snapshot(a, _ADJUSTMENT_FIELDS),
    }


@transaction.atomic
def adjustment_record(
    *,
    actor: Actor,
    deal: dm.Deal,
    decided_on: dt.date,
    title: str,
    change: str,
    reason: str,
    results: list[str] = (),
    meeting=None,
    evaluation=None,
) -> Adjustment:
    """A bijsturing (Bijlage 1 §2.D): what was changed and why, with the verdicts that prompted it."""
    _not_in_future("decided_on", decided_on)
    _check_links(deal, meeting, evaluation)
    adjustment = Adjustment(
        deal=deal,
        decided_on=decided_on,
        title=title,
        change=change,
        reason=reason,
        prompted_by=_prompted_by(deal, list(results), decided_on),
        meeting=meeting,
        evaluation=evaluation,
    )
    _recorded_by(adjustment, actor)
    return record_created(
        adjustment, action="evaluation.adjustment.recorded", **_adjustment_audit(actor, adjustment)
    )


@transaction.atomic
def adjustment_update(
    *,
    actor: Actor,
    adjustment: Adjustment,
    decided_on: dt.date,
    title: str,
    change: str,
    reason: str,
    results: list[str] = (),
    meeting=None,
    evaluation=None,
) -> Adjustment:
    """Correct a bijsturing. The verdicts are those of the (possibly corrected) decision date."""
    deal = adjustment.deal
    _not_in_future("decided_on", decided_on)
    _check_links(deal, meeting, evaluation)
    before = snapshot(adjustment, _ADJUSTMENT_FIELDS)
    kept = {p["result"]: p for p in adjustment.prompted_by}
    if set(results) != set(kept) or decided_on != adjustment.decided_on:
        adjustment.prompted_by = _prompted_by(deal, list(results), decided_on)
    adjustment.decided_on, adjustment.title = decided_on, title
    adjustment.change, adjustment.reason = change, reason
    adjustment.meeting, adjustment.evaluation = meeting, evaluation
    return record_created(
        adjustment,
        action="evaluation.adjustment.updated",
        before=before,
        **_adjustment_audit(actor, adjustment),
    )


@transaction.atomic
def credit_line_request_record(*, actor: Actor, project, asked_on: dt.date, how: str) -> CreditLineRequest:
    """Art. 8.2: the Regio asked the project to make known that it is made possible by the
    cooperation of Rijk and regio."""
    _not_in_future("asked_on", asked_on)
    request = CreditLineRequest(project=project, asked_on=asked_on, how=how)
    _recorded_by(request, actor)
    return record_created(
        request,
        actor=actor,
        action="evaluation.credit_line.asked",
        summary=f"{project.code}: {how}",
        deal_slug=project.deal.slug,
        snapshot_of=lambda r: snapshot(r, ["project", "asked_on", "how"]),
    )
