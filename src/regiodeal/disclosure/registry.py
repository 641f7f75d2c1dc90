"""Which kinds of record a Party can ask to keep confidential (Art. 10: a document, a project,
a figure), and how to find the deal of one. Apps are named by model label so that disclosure
imports no domain app; a kind whose app is not installed is left out."""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

# model label -> (label for people, path from the record to its deal id)
DISCLOSABLE: dict[str, tuple] = {
    "projects.project": (_("project"), "deal_id"),
    "governance.attachment": (_("document"), "deal_id"),
    "governance.registeritem": (_("knelpunt of risico"), "deal_id"),
    "governance.meeting": (_("vergadering"), "deal_id"),
}


def register(label: str, name, deal_path: str) -> None:
    """For other apps (finance figures, results measurements): `register("results.measurement",
    _("meting"), "indicator__deal_id")`."""
    DISCLOSABLE[label] = (name, deal_path)


def disclosable_models() -> list[tuple[str, str, type[models.Model]]]:
    out = []
    for label, (name, _path) in DISCLOSABLE.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        out.append((label, str(name), model))
    return out


def deal_of(record: models.Model) -> int | None:
    label = record._meta.label_lower
    if label not in DISCLOSABLE:
        raise LookupError(f"{label} cannot be made confidential (see disclosure/registry.py)")
    value = record
    for part in DISCLOSABLE[label][1].split("__"):
        value = getattr(value, part)
        if value is None:
            return None
    return value


def record_get(label: str, object_id: int, *, deal=None) -> models.Model:
    """The record of a kind in the registry; LookupError for another kind, DoesNotExist if gone.
    Given a deal, a record of another deal is DoesNotExist too: the answer to a request must not
    tell whether an id exists elsewhere."""
    if label not in DISCLOSABLE:
        raise LookupError(label)
    in_deal = {} if deal is None else {DISCLOSABLE[label][1]: deal.pk}
    return apps.get_model(label).objects.get(pk=object_id, **in_deal)
