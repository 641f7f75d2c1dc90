"""Writes for the progress report: generate the draft, write the lessons learned, put the draft
to the Parties, comment on behalf of a Party, finalise, reopen, and submit to VRO (Art. 7.2-7.3).

Every step goes through `_transition`, which hands the edge of `workflow.TRANSITIONS` to the one
transition engine (`common/transitions.py`): it refuses a step not in the table, stores a
`ReportTransition` row (who, when, from, to, the date of the act, why, late or not) and an audit
event, in one transaction with the report row locked. Submitting also freezes
the report (`ReportSnapshot`): the structure and both PDFs, with their SHA-256. Permissions are
checked by the caller (view, API, command) with `accounts.permissions`; the Party a comment is
made for is checked here, because it is a rule of the covenant: a Party speaks for itself.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from regiodeal.accounts.roles import Capability
from regiodeal.audit.services import Actor, audit_record, snapshot
from regiodeal.common.locking import save_locked
from regiodeal.common.transitions import Procedure
from regiodeal.common.transitions import transition as engine_transition
from regiodeal.deals import models as dm
from regiodeal.deals.selectors import parties_in_office

from . import gather as g
from .constants import Audience, ReportStatus
from .models import PublicEdition, Report, ReportComment, ReportSnapshot, ReportTransition
from .rendering import frozen_render_later, structure_sha256
from .selectors import deadline
from .workflow import COMMENTABLE, EDITABLE, TRANSITIONS


def _status_label(status: str | None) -> str:
    if not status:
        return "-"
    return str(ReportStatus(status).label) if status in ReportStatus.values else status


def _refused(report: Report, frm: str | None, to: str, allowed: list[str]) -> dict:
    return {
        "status": _("De rapportage is %(now)s; naar %(to)s kan nu niet.")
        % {"now": _status_label(frm), "to": _status_label(to)}
    }


# The life of the report (workflow.TRANSITIONS, Art. 7.2-7.3) in the one transition engine.
PROCEDURE = Procedure(
    name="report",
    row_model=ReportTransition,
    subject="report",
    table=TRANSITIONS,
    action="reporting.report.{to}",
    refused=_refused,
    capability=Capability.MANAGE_REPORT,
)


def _transition(
    *, actor: Actor, report: Report, to: str, on: dt.date, note: str = "", fields: dict | None = None
) -> ReportTransition:
    """Take one edge of the transitions table, with the report row locked by the caller. A step
    after the date the deal's rules give it (Art. 7.3) is taken, and stored as late."""
    frm = report.status or None
    step = TRANSITIONS.get((frm, to))  # the engine refuses a step that is not in the table
    due = deadline(report.deal, report.year, step.deadline_rule) if step and step.deadline_rule else None
    late = due is not None and on >= due
    return engine_transition(
        PROCEDURE,
        actor=actor,
        obj=report,
        to=to,
        row=lambda edge: {"on": on, "reason": edge.reason, "note": note, "due_before": due, "late": late},
        fields=fields,
        summary=f"{report}: {frm or '-'} -> {to} ({on}){' LATE' if late else ''}",
    )


def _lock(report: Report) -> Report:
    return Report.objects.select_for_update().select_related("deal").get(pk=report.pk)


def _act_date(report: Report, on: dt.date, field: str) -> None:
    """The date of sending or submitting: after the reported year, and not in the future."""
    if on > timezone.localdate():
        raise ValidationError({field: _("Deze datum ligt in de toekomst.")})
    if on <= dt.date(report.year, 12, 31):
        raise ValidationError(
            {field: _("De rapportage over %(year)s volgt na afloop van dat jaar.") % {"year": report.year}}
        )


def report_generate(*, actor: Actor, deal: dm.Deal, year: int, lessons: str = "") -> Report:
    """Start the report on `year`: a draft, gathered from the data whenever it is read."""
    g.check_year(deal, year)
    try:
        with transaction.atomic():
            if Report.objects.filter(deal=deal, year=year).exists():
                raise IntegrityError("report exists")
            report = Report(deal=deal, year=year, lessons=lessons, status="")
            report.full_clean(exclude=["status"], validate_unique=False, validate_constraints=False)
            report.save()
            _transition(actor=actor, report=report, to=ReportStatus.DRAFT, on=timezone.localdate())
    except IntegrityError as exc:
        raise ValidationError(
            {"year": _("Er is al een voortgangsrapportage over %(year)s.") % {"year": year}}
        ) from exc
    return report


def report_lessons_set(*, actor: Actor, report: Report, lessons: str, expected_version: int | None) -> Report:
    """The lessons learned (Bijlage 1 §2), written by the programme office until it is final."""
    with transaction.atomic():
        locked = _lock(report)
        if locked.status not in EDITABLE:
            raise ValidationError(
                {
                    "lessons": _("De rapportage is %(s)s: de tekst ligt vast.")
                    % {"s": _status_label(locked.status)}
                }
            )
        before = snapshot(locked, ["lessons"])
        locked.lessons = lessons
        save_locked(locked, expected_version=expected_version, update_fields=["lessons"])
        audit_record(
            actor=actor,
            action="reporting.report.lessons",
            obj=locked,
            deal_slug=locked.deal.slug,
            summary=str(locked),
            before=before,
            after=snapshot(locked, ["lessons"]),
        )
    report.refresh_from_db()
    return report


def report_send(*, actor: Actor, report: Report, sent_on: dt.date, note: str = "") -> ReportTransition:
    """Art. 7.3: the draft goes to the Parties before 15 June; later is recorded as late."""
    with transaction.atomic():
        locked = _lock(report)
        _act_date(locked, sent_on, "sent_on")
        row = _transition(
            actor=actor,
            report=locked,
            to=ReportStatus.SENT,
            on=sent_on,
            note=note,
            # Art. 7.3 dates the first time the draft goes out; a second round is in the rows.
            fields={"sent_on": locked.sent_on or sent_on},
        )
    report.refresh_from_db()
    return row


def report_comment(
    *, actor: Actor, report: Report, organisation: dm.Organisation, text: str, represented: list
) -> ReportComment:
    """A Party's comment on the draft, by a representative of that Party (`represented`:
    accounts.permissions.organisations_represented of the user)."""
    if not text.strip():
        raise ValidationError({"text": _("Schrijf het commentaar.")})
    if organisation.pk not in {o.pk for o in represented}:
        raise ValidationError(
            {"organisation": _("U geeft alleen commentaar namens de Partij die u vertegenwoordigt.")}
        )
    with transaction.atomic():
        locked = _lock(report)
        if locked.status not in COMMENTABLE:
            raise ValidationError(
                {"text": _("Commentaar kan alleen op het concept dat aan de Partijen is voorgelegd.")}
            )
        if organisation.pk not in {p.organisation_id for p in parties_in_office(locked.deal, locked.sent_on)}:
            raise ValidationError(
                {"organisation": _("%(o)s is geen Partij van de deal.") % {"o": organisation}}
            )
        comment = ReportComment(
            report=locked, organisation=organisation, text=text, by=actor.user, by_label=actor.record_label
        )
        comment.full_clean()
        comment.save()
        audit_record(
            actor=actor,
            action="reporting.report.comment",
            obj=comment,
            deal_slug=locked.deal.slug,
            summary=f"{locked}: {organisation}",
            after=snapshot(comment),
        )
    return comment


def report_finalise(*, actor: Actor, report: Report, note: str = "") -> ReportTransition:
    with transaction.atomic():
        row = _transition(
            actor=actor, report=_lock(report), to=ReportStatus.FINAL, on=timezone.localdate(), note=note
        )
    report.refresh_from_db()
    return row


def report_reopen(*, actor: Actor, report: Report, note: str) -> ReportTransition:
    """Back to the draft (after the Parties' comments, or from final): the reason is required."""
    if not note.strip():
        raise ValidationError({"note": _("Zeg waarom de rapportage terug gaat naar concept.")})
    with transaction.atomic():
        row = _transition(
            actor=actor, report=_lock(report), to=ReportStatus.DRAFT, on=timezone.localdate(), note=note
        )
    report.refresh_from_db()
    return row


def report_submit(*, actor: Actor, report: Report, submitted_on: dt.date, note: str = "") -> ReportSnapshot:
    """Art. 7.3: submitted to VRO before 15 July; later is recorded as late. Freezes the report:
    the structure of both versions, never changed afterwards. Their PDFs (in Dutch, the language
    of the covenant) are rendered from those structures by the worker (`rendering.py`)."""
    with transaction.atomic():
        locked = _lock(report)
        _act_date(locked, submitted_on, "submitted_on")
        if locked.sent_on and submitted_on < locked.sent_on:
            raise ValidationError(
                {"submitted_on": _("De indiening ligt vóór het voorleggen aan de Partijen.")}
            )
        _transition(
            actor=actor,
            report=locked,
            to=ReportStatus.SUBMITTED,
            on=submitted_on,
            note=note,
            fields={"submitted_on": submitted_on},
        )
        today = timezone.localdate()
        with override("nl"):
            internal = g.gather(locked.deal, locked.year, Audience.INTERNAL, report=locked, today=today)
            public = g.gather(locked.deal, locked.year, Audience.PUBLIC, report=locked, today=today)
        frozen = ReportSnapshot(report=locked, internal=internal, public=public)
        frozen.save()
        PublicEdition.objects.create(report=locked, number=1, structure=public)
        checksums = {"internal_structure_sha256": structure_sha256(internal)}
        checksums["public_structure_sha256"] = structure_sha256(public)
        audit_record(
            actor=actor,
            action="reporting.report.frozen",
            obj=frozen,
            deal_slug=locked.deal.slug,
            summary=f"{locked}: frozen; its PDFs are being rendered",
            after=checksums,
        )
        frozen_render_later(locked)
    report.refresh_from_db()
    return frozen
