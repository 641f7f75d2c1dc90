"""Correcting a reading, not the covenant (`regiodeal deal correct FILE`, /beheer/deals/).

The definition file holds the covenant's agreed content (Parties, amounts, dates, codes, texts)
and some readings that are ours: an indicator's name, unit, direction and description; where a
number of the covenant is placed (an intended result's target or a norm of a pillar's approach)
and how it is read (`kind`, `area_kind`); what a result delivers (`deliverable`). A correction may
change only those readings. Anything else is an amendment: Art. 11, with the consent of all
Parties (the governance app).

`agreed_content` strips the readings from normalised content; two contents with the same agreed
content differ only in readings. `reading_changes` says each difference in words, for the
screen, the command and the audit trail.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

INDICATOR_READINGS = ("name", "name_en", "unit", "unit_en", "better", "description")
NUMBER_AGREED = ("indicator", "operator", "value", "due_on", "article", "text")


def number_key(target: dict[str, Any]) -> str:
    """A number of the covenant by its agreed fields (not by where it is placed)."""
    agreed = {k: target.get(k) for k in NUMBER_AGREED}
    if agreed["value"] is not None:
        agreed["value"] = format(Decimal(str(agreed["value"])).normalize(), "f")
    return json.dumps(agreed, sort_keys=True, ensure_ascii=False)


def agreed_content(content: dict[str, Any]) -> dict[str, Any]:
    """The content without its readings: what only an amendment (Art. 11) may change."""
    c = copy.deepcopy(content)
    for indicator in c.get("indicators", []):
        for field in INDICATOR_READINGS:
            indicator.pop(field, None)
    numbers = []
    for pillar in c.get("pillars", []):
        numbers += [number_key(n) for n in pillar.pop("norms", None) or []]
        for result in pillar.get("results", []):
            result.pop("deliverable", None)
            numbers += [number_key(t) for t in result.pop("targets", None) or []]
    c["numbers"] = sorted(numbers)
    return c


def _places(content: dict[str, Any]) -> dict[str, tuple[str, str, dict]]:
    """number key -> (kind of place, code, the number): ("result", "1B", ...) or ("pillar", "1", ...)."""
    out = {}
    for pillar in content.get("pillars", []):
        for n in pillar.get("norms", None) or []:
            out[number_key(n)] = ("pillar", pillar["code"], n)
        for result in pillar.get("results", []):
            for t in result.get("targets", None) or []:
                out[number_key(t)] = ("result", result["code"], t)
    return out


def _place_label(place: tuple[str, str, dict]) -> str:
    kind, code, _n = place
    if kind == "pillar":
        return _("de aanpak van pijler %(code)s (art. 2)") % {"code": code}
    return _("beoogd resultaat %(code)s") % {"code": code}


def _short(text: str, length: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def reading_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Each difference of readings between two contents, in words (the reader's language)."""
    changes: list[str] = []
    field_labels = {
        "name": _("naam"),
        "name_en": _("naam (Engels)"),
        "unit": _("eenheid"),
        "unit_en": _("eenheid (Engels)"),
        "better": _("richting"),
        "description": _("omschrijving"),
    }
    old_ind = {i["code"]: i for i in old.get("indicators", [])}
    for ind in new.get("indicators", []):
        before = old_ind.get(ind["code"])
        if before is None:
            continue
        for field in INDICATOR_READINGS:
            if (before.get(field) or "") != (ind.get(field) or ""):
                changes.append(
                    _("Indicator %(code)s, %(field)s: was “%(old)s”, wordt “%(new)s”.")
                    % {
                        "code": ind["code"],
                        "field": field_labels[field],
                        "old": _short(before.get(field) or ""),
                        "new": _short(ind.get(field) or ""),
                    }
                )
    old_places, new_places = _places(old), _places(new)
    kinds = {
        "absolute": _("absoluut niveau"),
        "relative": _("verandering (%)"),
        "per_area": _("norm per gebied"),
    }
    for key, place in new_places.items():
        before = old_places.get(key)
        if before is None:
            continue
        number = place[2]
        what = _("“%(text)s” (art. %(article)s)") % {
            "text": _short(number.get("text", ""), 70),
            "article": number.get("article", ""),
        }
        if before[:2] != place[:2]:
            changes.append(
                _("%(what)s: hoort niet bij %(old)s maar bij %(new)s.")
                % {"what": what, "old": _place_label(before), "new": _place_label(place)}
            )
        for field in ("kind", "area_kind"):
            if (before[2].get(field) or "") != (number.get(field) or ""):
                old_v, new_v = before[2].get(field) or "", number.get(field) or ""
                changes.append(
                    _("%(what)s: gelezen als %(new)s in plaats van %(old)s.")
                    % {
                        "what": what,
                        "old": kinds.get(old_v, old_v) or "—",
                        "new": kinds.get(new_v, new_v) or "—",
                    }
                )
    old_results = {r["code"]: r for p in old.get("pillars", []) for r in p.get("results", [])}
    for pillar in new.get("pillars", []):
        for result in pillar.get("results", []):
            before = old_results.get(result["code"], {})
            if (before.get("deliverable") or "") != (result.get("deliverable") or ""):
                changes.append(
                    _(
                        "Beoogd resultaat %(code)s wordt beoordeeld op zijn oplevering: “%(new)s” "
                        "(was: “%(old)s”)."
                    )
                    % {
                        "code": result["code"],
                        "new": result.get("deliverable") or "—",
                        "old": before.get("deliverable") or "—",
                    }
                )
    return changes
