"""An audit event's summary in the reader's language (one language at a time).

The `summary` column is the line a service wrote when it recorded the event, in English and with
codes ("P1-03: running -> stopped: ..."). It is part of the hash chain, so it never changes, and
the downloads keep it as written. The page does not show it: it renders the event from its
structured data instead, at display time, in the reader's language:

    <what the record is> <identifying value>: <what happened> — <field>: <old> → <new>; ...

- what the record is: the model's verbose name (`object_type` is "app.model");
- the identifying value: the record's code, number or year in `after` (or `before`);
- what happened: the last part of `action`, through VERBS, or the label of a status when the
  action is named after one ("reporting.report.submitted");
- the changes: every field whose value differs between `before` and `after`, by its label, with
  the label of a choice instead of its code; at a creation (nothing before) only the reason, when
  the service stored one. A value that is a list or a mapping is left out (the download has it);
- or the record's own `audit_summary(event)`, when its model has one.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What happened, by the last part of the action; "Mijn werk" (work/changes.py) reads the same.
VERBS = {
    "created": gettext_lazy("aangemaakt"),
    "create": gettext_lazy("aangemaakt"),
    "added": gettext_lazy("toegevoegd"),
    "add": gettext_lazy("toegevoegd"),
    "recorded": gettext_lazy("vastgelegd"),
    "record": gettext_lazy("vastgelegd"),
    "loaded": gettext_lazy("geladen"),
    "imported": gettext_lazy("geïmporteerd"),
    "import": gettext_lazy("geïmporteerd"),
    "updated": gettext_lazy("gewijzigd"),
    "update": gettext_lazy("gewijzigd"),
    "changed": gettext_lazy("gewijzigd"),
    "edited": gettext_lazy("gewijzigd"),
    "corrected": gettext_lazy("gecorrigeerd"),
    "correct": gettext_lazy("gecorrigeerd"),
    "reversed": gettext_lazy("tegengeboekt"),
    "submitted": gettext_lazy("ingediend"),
    "adopted": gettext_lazy("vastgesteld"),
    "fulfilled": gettext_lazy("afgevinkt"),
    "done": gettext_lazy("gedaan"),
    "escalated": gettext_lazy("opgeschaald"),
    "deleted": gettext_lazy("verwijderd"),
    "delete": gettext_lazy("verwijderd"),
    "publishable": gettext_lazy("openbaar gemaakt"),
    "frozen": gettext_lazy("vastgelegd voor indiening"),
    "lessons": gettext_lazy("lessen bijgewerkt"),
    "comment": gettext_lazy("commentaar gegeven"),
    "started": gettext_lazy("geheimhouding ingegaan"),
    "until_set": gettext_lazy("geheimhoudingstermijn vastgelegd"),
    "spuk_requested": gettext_lazy("wijziging SPUK-beschikking gevraagd"),
    "consent": gettext_lazy("instemming gegeven"),
    "refuse": gettext_lazy("instemming geweigerd"),
    "transition": gettext_lazy("van status veranderd"),
    "withdrawn": gettext_lazy("ingetrokken"),
    "invited": gettext_lazy("uitgenodigd"),
    "signed": gettext_lazy("ondertekend"),
    "purged": gettext_lazy("gewist"),
    "restored": gettext_lazy("teruggezet"),
    "personal_data_read": gettext_lazy("persoonsgegevens ingezien"),
}

# Keys of before/after that are not fields of the record.
KEYS = {
    "reason": gettext_lazy("reden"),
    "note": gettext_lazy("toelichting"),
    "on": gettext_lazy("datum"),
    "version": gettext_lazy("versie"),
    "rows": gettext_lazy("rijen"),
    "file": gettext_lazy("bestand"),
    "source": gettext_lazy("bron"),
    "kind": gettext_lazy("soort"),
    "role": gettext_lazy("rol"),
    "events": gettext_lazy("gebeurtenissen"),
}
# The snapshot fields that name a record, first found wins (as on "Mijn werk"). Titles and texts
# are left out: a resident's idea or a conversation may hold personal details.
IDENTIFYING = ("code", "number", "reference", "year", "held_on", "on", "signed_on")
LONGEST = 120


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except Exception:
        return None
    return field if isinstance(field, models.Field) else None


def _value(field: models.Field | None, value: Any) -> str | None:
    """The value as a reader reads it; None when it is not shown (a list, a mapping)."""
    if isinstance(value, dict | list):
        return None
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if field is not None and field.choices:
        for code, label in field.flatchoices:
            if str(code) == str(value):
                return str(label)
    text = str(value)
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"


def _label(model, key: str) -> str | None:
    field = _field(model, key)
    if field is not None:
        return str(field.verbose_name)
    if key in KEYS:
        return str(KEYS[key])
    return None


def _what_happened(model, verb: str) -> str:
    if verb in VERBS:
        return str(VERBS[verb])
    status = _field(model, "status")
    if status is not None and status.choices:
        for code, label in status.flatchoices:
            if str(code) == verb:
                return str(label)
    return _("bijgewerkt")


def changes(model, before: dict | None, after: dict | None) -> list[str]:
    """ "label: old → new" for each shown field that differs; the reason or note at a creation."""
    before = before if isinstance(before, dict) else None
    after = after if isinstance(after, dict) else None
    out: list[str] = []
    if before is None:
        # A new record: its kind (a choice) and the reason it was given, not every field.
        for key in ("kind", "reason", "note"):
            if after and after.get(key):
                field = _field(model, key)
                if key == "kind" and (field is None or not field.choices):
                    continue
                out.append(f"{_label(model, key)}: {_value(field, after[key])}")
        return out
    for key in list(dict.fromkeys([*before, *(after or {})])):
        if key in ("id", "lock_version", "updated_at", "created_at", "sha256", "checksum"):
            continue
        old, new = before.get(key), (after or {}).get(key)
        if after is not None and old == new:
            continue
        label = _label(model, key)
        if key in ("reason", "note") and key not in before:
            if new:
                out.append(f"{label}: {_value(None, new)}")
            continue
        field = _field(model, key)
        shown_old, shown_new = _value(field, old), _value(field, new)
        if label is None or shown_old is None or shown_new is None:
            continue
        out.append(f"{label}: {shown_old} → {shown_new}" if after is not None else f"{label}: {shown_old}")
    return out


def summary_text(event) -> str:
    """The event in the reader's language (see the module's docstring). A model that knows better
    how its events read defines `audit_summary(event)` on its records (a consent says for whom the
    programme office recorded it): used when the record still exists and it answers."""
    model = _model(event.object_type)
    if model is not None and hasattr(model, "audit_summary"):
        record = model._default_manager.filter(pk=event.object_id).first()
        told = record.audit_summary(event) if record is not None else None
        if told:
            return told
    what = capfirst(str(model._meta.verbose_name)) if model is not None else event.object_type
    data = next((d for d in (event.after, event.before) if isinstance(d, dict)), {})
    name = next((str(data[k]) for k in IDENTIFYING if data.get(k) not in (None, "")), "")
    verb = event.action.rsplit(".", 1)[-1]
    line = f"{what} {name}".strip() + f": {_what_happened(model, verb)}"
    shown = changes(model, event.before, event.after)
    return f"{line} — {'; '.join(shown)}" if shown else line
