"""The one transition engine: every state machine of the platform (a project's lifecycle, a
residents' initiative, a resident's idea, the progress report of Art. 7, the governance procedures
of Art. 10-13) changes state through `transition(...)`.

Each procedure keeps only what is its own, in a `Procedure`: its transitions table (in its
`workflow.py`, each edge with its reason), the row model that stores every step (a concrete
`TransitionRow`), the capability a person needs to take a step, its own guards (a reason required,
a project to name) and the words of its refusal. The engine does the rest, the same way for all:

1. a person (an actor with a user) needs the procedure's capability in the object's deal
   (`accounts.permissions.can`), else `TransitionForbidden` (a `PermissionDenied`: 403);
   the command line and the worker act as the system;
2. the edge must be in the table, else `TransitionRefused` (a `ValidationError`, so forms and the
   API show it at the field the procedure names);
3. the procedure's guards run; a guard's `ValidationError` becomes a `TransitionRefused`;
4. the object's status is saved, the step is stored as a row (who, when, from, to, and the
   procedure's own fields), and one audit event records it.

Both errors are a `TransitionError`, the one type to catch for "this step was not taken". Call
`transition` inside `transaction.atomic()` with the object locked (`lock(obj)`), so two people
cannot take two steps from the same state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext


class TransitionError(Exception):
    """A step of a procedure was not taken: refused by its table or a guard, or not allowed."""


class TransitionRefused(TransitionError, ValidationError):
    """The table has no such edge, or one of the procedure's guards refused it."""


class TransitionForbidden(TransitionError, PermissionDenied):
    """The acting person lacks the capability the procedure asks for."""


class TransitionRow(models.Model):
    """Every step of a procedure, as a row: who, when, from, to. A concrete row adds the foreign
    key to its object and the procedure's own fields (the reason, the date of the act, ...), and
    may narrow `from_status`/`to_status` to its status choices."""

    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by_label = models.CharField(max_length=200)

    class Meta:
        abstract = True


Table = Mapping[tuple[str | None, str], Any]
Guard = Callable[[models.Model, str, Mapping[str, Any]], None]


@dataclass(frozen=True)
class Procedure:
    """What one state machine keeps of its own; see the module's docstring."""

    name: str
    row_model: type[TransitionRow]
    subject: str  # the row's foreign key to the object, e.g. "project"
    table: Table | Callable[[models.Model], Table]  # one table, or the table of this object (its kind)
    action: str  # the audit action; "{to}" is replaced by the new status
    # The procedure's words when the table has no edge: (object, from, to, allowed) -> the
    # message or dict of messages of the ValidationError.
    refused: Callable[[models.Model, str | None, str, list[str]], Any]
    capability: str | None = None  # None: the callers check who may (governance's steps differ per role)
    guards: tuple[Guard, ...] = ()
    bump_lock: bool = False  # raise `lock_version` (common.locking) with the status

    def table_of(self, obj: models.Model) -> Table:
        return self.table(obj) if callable(self.table) else self.table


def refused_naming_the_allowed(message: Any, statuses: type[models.TextChoices]) -> Callable:
    """A procedure's `refused` that names the status now, the one asked for and those allowed from
    here, by their labels. `message` (translatable) holds %(current)s, %(to)s and %(allowed)s."""

    def label(status: str | None) -> str:
        return str(statuses(status).label) if status in statuses.values else repr(status)

    def refused(obj: models.Model, frm: str | None, to: str, allowed: list[str]) -> dict:
        words = {
            "current": label(frm),
            "to": label(to),
            "allowed": ", ".join(label(s) for s in allowed) or gettext("geen"),
        }
        return {"to_status": [str(message) % words]}

    return refused


def reason_required(obj: models.Model, to: str, context: Mapping[str, Any]) -> None:
    """A guard: the person gives the reason of the step (`context["reason"]`)."""
    if not (context.get("reason") or "").strip():
        raise ValidationError({"reason": [gettext("Geef de reden van deze statuswijziging.")]})


def lock(obj: models.Model) -> models.Model:
    """The object again, its row locked until the end of the transaction."""
    return type(obj).objects.select_for_update().select_related("deal").get(pk=obj.pk)


def transition(
    procedure: Procedure,
    *,
    actor,
    obj: models.Model,
    to: str,
    context: Mapping[str, Any] | None = None,
    row: Mapping[str, Any] | Callable[[Any], Mapping[str, Any]] | None = None,
    fields: Mapping[str, Any] | None = None,
    summary: str | None = None,
    audit_before: Any = None,
    audit_after: Any = None,
) -> TransitionRow:
    """Take the edge from `obj.status` to `to` of `procedure`; return the stored row.

    `context` is handed to the guards (what the person filled in); `row` holds the row's own
    fields, or is a function of the edge that returns them; `fields` are set on the object with
    its status. The audit event holds a snapshot of the object before and after unless the
    procedure gives its own `audit_before`/`audit_after` (what the audit page renders)."""
    from regiodeal.accounts.permissions import can
    from regiodeal.audit.services import audit_record, snapshot

    deal = obj.deal
    if (
        procedure.capability
        and actor.user is not None
        and not can(actor.user, procedure.capability, deal, obj)
    ):
        raise TransitionForbidden(f"{procedure.capability} is not allowed here for this account.")
    frm = obj.status or None
    table = procedure.table_of(obj)
    if (frm, to) not in table:
        allowed = [t for (f, t) in table if f == frm]
        raise TransitionRefused(procedure.refused(obj, frm, to, allowed))
    edge = table[(frm, to)]
    for guard in procedure.guards:
        try:
            guard(obj, to, context or {})
        except TransitionRefused:
            raise
        except ValidationError as exc:
            raise TransitionRefused(exc) from exc

    with transaction.atomic():
        before = snapshot(obj) if audit_before is None else audit_before
        row_fields = dict(row(edge) if callable(row) else (row or {}))
        obj.status = to
        update = ["status"]
        for name, value in (fields or {}).items():
            setattr(obj, name, value)
            update.append(name)
        if procedure.bump_lock:
            obj.lock_version += 1
            update.append("lock_version")
        update += _auto_now(obj, update)
        obj.save(update_fields=update)
        # The row after the status: those who hear the row (notifications) see the new state.
        step = procedure.row_model.objects.create(
            **{procedure.subject: obj},
            from_status=frm or "",
            to_status=to,
            by=actor.user,
            by_label=actor.record_label,
            **row_fields,
        )
        audit_record(
            actor=actor,
            action=procedure.action.format(to=to),
            obj=obj,
            deal_slug=deal.slug,
            summary=f"{obj}: {frm or '-'} -> {to}" if summary is None else summary,
            before=before,
            after=snapshot(obj) if audit_after is None else audit_after,
        )
    return step


def _auto_now(obj: models.Model, update: Iterable[str]) -> list[str]:
    """The object's "changed at" fields, which a save with `update_fields` fills only when named."""
    return [
        f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False) and f.name not in update
    ]
