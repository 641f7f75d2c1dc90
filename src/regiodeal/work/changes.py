"""The latest changes in a deal, in words: "Project WW-003 gewijzigd, door Anna de Vries".

An audit event holds an action code (`project.updated`), the kind of record (`projects.project`)
and a snapshot of it. On the home page it reads as the kind of record in the reader's language
(the model's verbose name), the record's own number or code from the snapshot, and what happened
(the last part of the action, or the record's new status). The person is the account's full name
(else its user name); a change made on the server's command line reads as such, not as
`cli:root@host`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from regiodeal.audit.display import VERBS  # one table of what happened, with the audit page
from regiodeal.common.formatting import actor

# The snapshot fields that name a record, first found wins. Titles and texts are left out: a
# resident's idea or a conversation may hold personal details.
NAMING_FIELDS = ("code", "number", "year", "held_on", "on", "signed_on")


@dataclass(frozen=True)
class Change:
    text: str
    who: str
    at: object  # datetime
    url: str = ""


def person(event) -> str:
    """Who made the change, as every page names them (regiodeal.common.formatting.actor)."""
    user = event.actor if event.actor_id else None
    return actor("cli:" if event.source == "cli" and user is None else event.actor_label, user)


def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _snapshot(event) -> dict:
    for snap in (event.after, event.before):
        if isinstance(snap, dict):
            return snap
    return {}


def _status_label(model, value: str) -> str | None:
    try:
        field = model._meta.get_field("status")
    except Exception:
        return None
    return dict(field.choices or []).get(value)


def describe(event) -> str:
    model = _model(event.object_type)
    what = capfirst(str(model._meta.verbose_name)) if model else event.object_type
    snap = _snapshot(event)
    name = next((str(snap[f]) for f in NAMING_FIELDS if snap.get(f) not in (None, "")), "")
    verb_code = event.action.rsplit(".", 1)[-1]
    status = _status_label(model, verb_code) if model else None
    if status is not None:
        happened = _("nu %(status)s") % {"status": status}
    elif verb_code == "transition" and model and snap.get("status"):
        happened = _("nu %(status)s") % {"status": _status_label(model, snap["status"]) or snap["status"]}
    else:
        happened = str(VERBS.get(verb_code, _("bijgewerkt")))
    subject = f"{what} {name}" if name else what
    return _("%(subject)s: %(happened)s") % {"subject": subject, "happened": happened}


def _try(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def link(event, deal, may_read_audit: bool) -> str:
    """The record's own page where there is one every deal member may read, else (for who may
    read it) the record's events in the audit trail."""
    snap = _snapshot(event)
    slug = deal.slug
    if event.object_type == "projects.project" and snap.get("code"):
        return _try("projects:detail", slug=slug, code=snap["code"])
    if event.object_type == "reporting.report" and snap.get("year"):
        return _try("reporting:detail", slug=slug, year=snap["year"])
    if event.object_type == "governance.request" and snap.get("number"):
        return _try("governance:request", slug=slug, number=snap["number"])
    if event.object_type == "governance.meeting" and event.object_id.isdigit():
        return _try("governance:meeting", slug=slug, pk=int(event.object_id))
    if may_read_audit:
        from urllib.parse import urlencode

        query = urlencode({"object_type": event.object_type, "object_id": event.object_id})
        url = _try("audit:trail", slug=slug)
        return f"{url}?{query}" if url else ""
    return ""


def changes(events, deal, may_read_audit: bool) -> list[Change]:
    return [Change(describe(e), person(e), e.at, link(e, deal, may_read_audit)) for e in events]
