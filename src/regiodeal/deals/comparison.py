"""What an amendment changes, in the covenant's own words: a structured comparison of two
definitions (the version it amends and the proposal, or two versions), not a diff of YAML text.

`compare(old, new)` gives one `Change` per changed thing — a budget line's amount, a result's
title, an added result, a removed Party, the end date — each with a label in words
(`deals.wording.path_label`), the old and the new value as typed values (Decimal, date, bool,
text) and how to show them (`fmt`: money, date, bool, number, text). Things with a code (Parties,
pillars, objectives, results, budget lines, ...) are matched by their code, so a reordering is no
change and an added or removed one is one row, not a line per field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .definition import DealDef, normalized
from .wording import in_language, item_label, party_name, path_label

# How an item of a list is recognised across versions.
IDENTITY = ("code", "term", "number")
# Keys that are identity or bookkeeping, never a change of their own.
SKIPPED = {"format", "slug"}
MONEY_KEYS = {"rijk", "regional", "total"}

CHANGED, ADDED, REMOVED = "changed", "added", "removed"


@dataclass(frozen=True)
class Change:
    path: tuple  # the place in the new definition (in the old one for a removal)
    label: str  # "Begroting, pijler 1 — rijksbijdrage"
    kind: str  # changed | added | removed
    old: Any  # None when added
    new: Any  # None when removed
    fmt: str  # money | date | bool | number | text
    lang: str = "nl"  # the language of a text value: the covenant's Dutch, or its English text

    @property
    def section(self) -> str:
        return str(self.path[0]) if self.path else ""


def _typed(definition: DealDef | dict) -> dict:
    """A definition as plain data with typed values (Decimal, date), in the documented order."""
    if isinstance(definition, dict):
        definition = DealDef.model_validate(definition)
    data = normalized(definition)  # empty optional readings left out, as stored
    return _retype(data, definition.model_dump(mode="python"))


def _retype(plain: Any, typed: Any) -> Any:
    """`plain`'s shape (normalised) with `typed`'s values (Decimal and date, not strings)."""
    if isinstance(plain, dict) and isinstance(typed, dict):
        return {k: _retype(v, typed.get(k)) for k, v in plain.items()}
    if isinstance(plain, list) and isinstance(typed, list):
        return [_retype(a, b) for a, b in zip(plain, typed, strict=False)]
    return typed if typed is not None or plain is None else plain


def _fmt(key: Any, value: Any, path: tuple) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, Decimal | int | float):
        return "money" if path and path[0] == "budget" and key in MONEY_KEYS else "number"
    return "text"


def _summary(item: dict) -> str:
    """What names an added or removed item: its title, name or text."""
    for key in ("title", "name", "definition", "text"):
        if item.get(key):
            return in_language(item, key)
    return str(item.get("code", ""))


def _identity(items: list) -> str | None:
    if items and all(isinstance(x, dict) for x in items):
        for key in IDENTITY:
            if all(key in x for x in items):
                return key
    return None


class _Differ:
    def __init__(self, old: dict, new: dict):
        self.old_root, self.new_root = old, new
        self.out: list[Change] = []

    def row(self, path: tuple, kind: str, old: Any, new: Any, root: dict, key: Any = None) -> None:
        key = key if key is not None else (path[-1] if path else None)
        if key in ("regiokassier", "addressed_to"):  # a Party, by its name
            old = party_name(self.old_root, old) if old else old
            new = party_name(self.new_root, new) if new else new
        value = new if new is not None else old
        lang = "en" if isinstance(key, str) and key.endswith("_en") else "nl"
        self.out.append(Change(path, path_label(root, path), kind, old, new, _fmt(key, value, path), lang))

    def item_row(self, path: tuple, kind: str, item: dict, root: dict) -> None:
        """An added or removed Party, result, budget line, ...: one row naming it."""
        label = item_label(root, path)
        if path and path[0] == "budget" and len(path) == 3:
            label = f"{label} ({in_language(item, 'name')})"
        text = _summary(item)
        lang = "en" if any(item.get(f"{k}_en") == text for k in ("title", "name")) else "nl"
        if path[0] == "budget" and "total" in item:
            # A budget line is its money: show what it holds.
            value, fmt = item["total"], "money"
        else:
            value, fmt = text, "text"
        self.out.append(
            Change(
                path,
                label,
                kind,
                value if kind == REMOVED else None,
                value if kind == ADDED else None,
                fmt,
                lang,
            )
        )

    def walk(self, old: Any, new: Any, old_path: tuple, new_path: tuple) -> None:
        if isinstance(old, dict) and isinstance(new, dict):
            keys = list(new) + [k for k in old if k not in new]
            for key in keys:
                if key in SKIPPED and not new_path:
                    continue
                if key not in old:
                    self.added_value(new[key], (*new_path, key))
                elif key not in new:
                    self.removed_value(old[key], (*old_path, key))
                else:
                    self.walk(old[key], new[key], (*old_path, key), (*new_path, key))
        elif isinstance(old, list) and isinstance(new, list):
            self.walk_list(old, new, old_path, new_path)
        elif old != new:
            self.row(new_path, CHANGED, old, new, self.new_root)

    def added_value(self, value: Any, path: tuple) -> None:
        if isinstance(value, dict) and _summary(value):
            self.item_row(path, ADDED, value, self.new_root)
        elif isinstance(value, dict):
            for k, x in value.items():
                self.added_value(x, (*path, k))
        elif isinstance(value, list):
            for i, x in enumerate(value):
                self.added_value(x, (*path, i))
        elif value not in (None, "", []):
            self.row(path, ADDED, None, value, self.new_root)

    def removed_value(self, value: Any, path: tuple) -> None:
        if isinstance(value, dict) and _summary(value):
            self.item_row(path, REMOVED, value, self.old_root)
        elif isinstance(value, dict):
            for k, x in value.items():
                self.removed_value(x, (*path, k))
        elif isinstance(value, list):
            for i, x in enumerate(value):
                self.removed_value(x, (*path, i))
        elif value not in (None, "", []):
            self.row(path, REMOVED, value, None, self.old_root)

    def walk_list(self, old: list, new: list, old_path: tuple, new_path: tuple) -> None:
        key = _identity(old + new)
        if key is not None:
            old_at = {x[key]: i for i, x in enumerate(old)}
            new_at = {x[key]: i for i, x in enumerate(new)}
            for i, item in enumerate(new):
                if item[key] in old_at:
                    j = old_at[item[key]]
                    self.walk(old[j], item, (*old_path, j), (*new_path, i))
                else:
                    self.item_row((*new_path, i), ADDED, item, self.new_root)
            for j, item in enumerate(old):
                if item[key] not in new_at:
                    self.item_row((*old_path, j), REMOVED, item, self.old_root)
            return
        if all(not isinstance(x, dict | list) for x in old + new):
            # A list of codes (the overleg's members): what joined, what left.
            named = new_path[:3] == ("rules", "overleg", "members")
            for i, x in enumerate(new):
                if x not in old:
                    shown = party_name(self.new_root, x) if named else x
                    self.row((*new_path, i), ADDED, None, shown, self.new_root, key=new_path[-1])
            for j, x in enumerate(old):
                if x not in new:
                    shown = party_name(self.old_root, x) if named else x
                    self.row((*old_path, j), REMOVED, shown, None, self.old_root, key=old_path[-1])
            return
        # Items without a code (a result's targets): by position.
        for i in range(max(len(old), len(new))):
            if i >= len(old):
                self.added_value(new[i], (*new_path, i))
            elif i >= len(new):
                self.removed_value(old[i], (*old_path, i))
            else:
                self.walk(old[i], new[i], (*old_path, i), (*new_path, i))


def compare(old: DealDef | dict, new: DealDef | dict) -> list[Change]:
    """Every change from `old` to `new` (parsed definitions, or their normalised content), in the
    order of the definition: the deal, its Parties, pillars and results, the budget, the rules."""
    differ = _Differ(_typed(old), _typed(new))
    differ.walk(differ.old_root, differ.new_root, (), ())
    return differ.out
