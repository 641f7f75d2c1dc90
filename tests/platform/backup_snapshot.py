"""Every table of a database by natural keys, for the backup round trips: a row is its own values
with each foreign key replaced by the referenced row (recursively), never by an id, so two
databases compare equal only when the same rows hang on the same records. Also who holds which
role and who did each audited action.

    DJANGO_SETTINGS_MODULE=regiodeal.conf.settings python -m tests.platform.backup_snapshot

prints the snapshot of the database the settings choose as JSON (used for a database made by
`regiodeal setup` and `regiodeal restore` in another process).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal


def _plain(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    if isinstance(value, bytes | memoryview | bytearray):
        return "sha256:" + hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, default=str)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def natural_snapshot(using: str = "default") -> dict:
    from regiodeal.common.backup import backed_up_models

    models = backed_up_models()
    tables: dict = {}  # model -> {pk: raw row}
    for model in models:
        names = [f.attname for f in model._meta.concrete_fields]
        rows = model._base_manager.using(using).values_list(*names)
        at = names.index(model._meta.pk.attname)
        tables[model] = {row[at]: dict(zip(names, row, strict=True)) for row in rows}

    memo: dict = {}

    def natural(model, pk):
        if pk is None:
            return None
        key = (model, pk)
        if key not in memo:
            memo[key] = "..."  # a cycle shows as this, the same on both sides
            row = tables[model][pk]
            out = []
            for f in model._meta.concrete_fields:
                if f.primary_key and not f.is_relation:
                    continue
                value = row[f.attname]
                if f.is_relation:
                    value = natural(f.related_model, value)
                out.append((f.name, _plain(value) if not f.is_relation else value))
            memo[key] = out
        return memo[key]

    snapshot = {}
    for model in models:
        rows = [natural(model, pk) for pk in tables[model]]
        snapshot[model._meta.label_lower] = sorted(json.dumps(r, sort_keys=True, default=str) for r in rows)
    return snapshot


def people_snapshot(using: str = "default") -> dict:
    """Who holds which role (by username), and who did each audited action, in order."""
    from regiodeal.accounts.models import Membership
    from regiodeal.audit.models import AuditEvent

    roles = sorted(
        [m.user.username, m.role, m.deal and m.deal.slug, m.organisation and m.organisation.code]
        for m in Membership.objects.using(using).select_related("user", "deal", "organisation")
    )
    actions = [
        [e.action, e.object_type, e.object_id, e.actor.username if e.actor else None, e.actor_label]
        for e in AuditEvent.objects.using(using).select_related("actor").order_by("pk")
    ]
    return {"roles": roles, "actions": actions}


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps({"tables": natural_snapshot(), "people": people_snapshot()}))
