"""What the governance services share: the date checks, the audit call, the files, and the one
way a request changes state (`_transition`, through the transition engine of
`common/transitions.py` with the tables of `workflow.py`)."""

from __future__ import annotations

import datetime as dt

import yaml
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from regiodeal.audit.services import Actor, audit_record
from regiodeal.common.records import record_created
from regiodeal.common.transitions import Procedure
from regiodeal.common.transitions import transition as engine_transition
from regiodeal.deals import models as dm
from regiodeal.deals.constants import VersionOrigin
from regiodeal.deals.definition import DefinitionError
from regiodeal.deals.selectors import parties_in_office

from .. import models as gm
from ..changes import amended_text, refusal
from ..constants import MAX_UPLOAD_BYTES, RequestKind
from ..workflow import TRANSITIONS

ORIGIN = {
    RequestKind.AMENDMENT: VersionOrigin.AMENDMENT,
    RequestKind.DURATION: VersionOrigin.AMENDMENT,
    RequestKind.ACCESSION: VersionOrigin.ACCESSION,
    RequestKind.WITHDRAWAL: VersionOrigin.WITHDRAWAL,
}


def _today() -> dt.date:
    return timezone.localdate()


def _not_in_future(day: dt.date, field: str) -> None:
    if day > _today():
        raise ValidationError({field: _("Deze datum ligt in de toekomst.")})


def _audit(actor: Actor, action: str, obj, deal: dm.Deal, summary: str = "", before=None, after=None):
    audit_record(
        actor=actor, action=action, obj=obj, deal_slug=deal.slug, summary=summary, before=before, after=after
    )


def attachment_add(
    *, actor: Actor, deal: dm.Deal, file, title: str = "", meeting=None, request=None
) -> gm.Attachment:
    attachment = gm.Attachment(
        deal=deal,
        meeting=meeting,
        request=request,
        title=(title or getattr(file, "name", "") or _("bijlage"))[:200],
        file=file,
        uploaded_by=actor.user,
        uploaded_by_label=actor.record_label,
    )
    return record_created(
        attachment,
        actor=actor,
        action="governance.attachment.added",
        summary=attachment.title,
        snapshot_of=lambda a: {"title": a.title, "file": a.file.name},
    )


LETTER_SIGNATURES = {"pdf": (b"%PDF-",), "png": (b"\x89PNG\r\n\x1a\n",), "jpg": (b"\xff\xd8\xff",)}
LETTER_SIGNATURES["jpeg"] = LETTER_SIGNATURES["jpg"]


def check_letter(file, field: str) -> None:
    """A scanned letter is a PDF or an image (PNG, JPEG) of at most 20 MB, and its content must
    be what its name says."""
    name = getattr(file, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in LETTER_SIGNATURES:
        raise ValidationError(
            {field: _("Voeg de brief toe als PDF, PNG of JPEG; %(n)s is dat niet.") % {"n": name or "—"}}
        )
    if file.size > MAX_UPLOAD_BYTES:
        raise ValidationError({field: _("Het bestand is groter dan 20 MB.")})
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not head.startswith(LETTER_SIGNATURES[extension]):
        raise ValidationError(
            {
                field: _("%(n)s is geen leesbaar %(t)s-bestand. Scan de brief opnieuw als PDF, PNG of JPEG.")
                % {"n": name, "t": extension.upper()}
            }
        )


def _refused(request: gm.Request, frm: str | None, to: str, allowed: list[str]) -> str:
    return _("Dit verzoek is %(s)s; die stap kan nu niet.") % {"s": request.get_status_display() or "-"}


# The procedures (workflow.TRANSITIONS, one table per kind of request) in the one transition
# engine. Who may take a step differs per step (a Party files, VRO receives, the office records a
# letter): the callers check it with `governance.permissions`.
PROCEDURE = Procedure(
    name="request",
    row_model=gm.RequestTransition,
    subject="request",
    table=lambda request: TRANSITIONS[request.kind],
    action="governance.request.{to}",
    refused=_refused,
)


def _transition(
    *, actor: Actor, request: gm.Request, to: str, on: dt.date, note: str = ""
) -> gm.RequestTransition:
    """Take an edge of `workflow.TRANSITIONS`; call inside the transaction holding the row lock.
    The row stores the edge's reason (Dutch, translated on screen) and the note after it."""
    frm = request.status or None
    return engine_transition(
        PROCEDURE,
        actor=actor,
        obj=request,
        to=to,
        row=lambda reason: {"on": on, "reason": f"{reason}. {note}".strip() if note else reason},
        summary=f"{request}: {frm or '-'} -> {to}. {note}".strip(),
        audit_before={"status": frm},
        audit_after={"status": to, "on": on.isoformat()},
    )


def _lock(request: gm.Request) -> gm.Request:
    return gm.Request.objects.select_for_update().select_related("deal").get(pk=request.pk)


def _create_request(
    *,
    actor: Actor,
    deal: dm.Deal,
    kind: str,
    filed_on: dt.date,
    title: str,
    reasons: str,
    initial: str,
    **fields,
) -> gm.Request:
    _not_in_future(filed_on, "filed_on")
    dm.Deal.objects.select_for_update().get(pk=deal.pk)
    number = (gm.Request.objects.filter(deal=deal).aggregate(n=Max("number"))["n"] or 0) + 1
    request = gm.Request(
        deal=deal,
        number=number,
        kind=kind,
        status="",
        filed_on=filed_on,
        title=title,
        reasons=reasons,
        **fields,
    )
    request.full_clean(exclude=["status"])
    request.save()
    _transition(actor=actor, request=request, to=initial, on=filed_on)
    return request


def _completion_day(request: gm.Request) -> dt.date:
    """The day the last of what adoption needs was there: the last declaration (recorded out of
    order, the last one dated completes the set), the discussion, the acceptance."""
    days = list(request.consents.values_list("declared_on", flat=True))
    if request.discussed_in_id:
        days.append(request.discussed_in.held_on)
    if request.obligations_accepted_on:
        days.append(request.obligations_accepted_on)
    return max(days)


def _definition_refused(exc: DefinitionError | ValidationError, text: str = "") -> ValidationError:
    """A refused definition as a ValidationError: the API's message per problem, with its
    rule code, and the same problem in words for the screen (`changes.refusal`)."""
    if isinstance(exc, ValidationError):
        return exc
    content = yaml.safe_load(text) if text else {}
    return refusal(exc.problems, content if isinstance(content, dict) else {})


def _in_words(exc: ValidationError) -> str:
    """A refusal's problems as the screen shows them, without rule codes."""
    return "; ".join(
        str(e.params["message"]) if e.params and "message" in e.params else e.messages[0]
        for e in exc.error_list
    )


def _amended(request_or_changes, content: dict, name: str) -> str:
    try:
        return amended_text(content, request_or_changes, name)
    except DefinitionError as exc:
        raise _definition_refused(exc) from exc


def _check_party(
    deal: dm.Deal, organisation: dm.Organisation, on: dt.date, field: str = "filed_by"
) -> dm.Party:
    for party in parties_in_office(deal, on):
        if party.organisation_id == organisation.pk:
            return party
    raise ValidationError(
        {field: _("%(o)s is op %(d)s geen Partij van de deal.") % {"o": organisation, "d": on}}
    )
