"""What a procedure changes in a deal, as structured data applied to a version's normalised
content. Kept structured (not as a finished YAML file) so that it can be applied again to
whichever version is in force when the request is adopted, without losing a change adopted in
between.

    {"budget": {"P1": {"rijk": "8000000", "regional": "8000000"}, ...},  # Art. 4.3, 11
     "ends_on": "2029-12-31",                                           # Art. 19.2
     "text": [{"path": "pillars.0.approach", "value": "..."}],          # other text
     "add_party": {"code": ..., "name": ..., ..., "overleg": true},     # Art. 13
     "remove_party": "CODE",                                            # Art. 12
     "roles": {"regiokassier": "CODE", "vro": "CODE"}}                  # Art. 12.2
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from regiodeal.deals.definition import Problem, read_definition
from regiodeal.deals.services import definition_text_of
from regiodeal.deals.wording import in_language, path_label, problem_text

logger = logging.getLogger(__name__)

TEXT_KEYS = ("name", "citation_title", "aim", "approach", "residents_will_notice", "title", "note")


def _amount(value: Decimal) -> str:
    text = format(value.quantize(Decimal("0.01")), "f")
    return text[:-3] if text.endswith(".00") else text


def money(value: Any, where: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({where: _("Geen bedrag: %(v)s") % {"v": value}}) from exc
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(
            {where: _("Een bedrag in euro's, niet negatief, met hoogstens twee decimalen.")}
        )
    return amount


def text_fields(content: dict) -> list[tuple[str, str, str]]:
    """(path, label, current text) of every text an amendment may change, labelled in words:
    "Pijler 1 — wat inwoners gaan merken", "Doel 1A: <its title>"."""
    out = [(k, path_label(content, (k,)), content[k]) for k in ("name", "citation_title", "aim")]
    for pi, p in enumerate(content["pillars"]):
        for key in ("name", "approach", "residents_will_notice"):
            out.append((f"pillars.{pi}.{key}", path_label(content, ("pillars", pi, key)), p[key]))
        for oi, o in enumerate(p["objectives"]):
            label = _("Doel %(c)s: %(t)s") % {"c": o["code"], "t": in_language(o, "title")}
            out.append((f"pillars.{pi}.objectives.{oi}.title", label, o["title"]))
        for ri, r in enumerate(p["results"]):
            label = _("Resultaat %(c)s: %(t)s") % {"c": r["code"], "t": in_language(r, "title")}
            out.append((f"pillars.{pi}.results.{ri}.title", label, r["title"]))
    out.append(("budget.note", path_label(content, ("budget", "note")), content["budget"].get("note", "")))
    return out


def _set_text(content: dict, path: str, value: str) -> None:
    parts = path.split(".")
    if parts[-1] not in TEXT_KEYS:
        raise ValidationError(
            {"text": _("%(p)s is geen tekst die een wijziging kan aanpassen.") % {"p": path}}
        )
    node: Any = content
    try:
        for part in parts[:-1]:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if not isinstance(node.get(parts[-1]), str):
            raise KeyError(path)
    except (KeyError, IndexError, ValueError, AttributeError) as exc:
        raise ValidationError({"text": _("%(p)s bestaat niet in de deal.") % {"p": path}}) from exc
    node[parts[-1]] = value


def apply_changes(content: dict, changes: dict) -> dict:
    """The content with `changes` applied; the input is left alone."""
    c = copy.deepcopy(content)
    unknown = set(changes) - {"budget", "ends_on", "text", "add_party", "remove_party", "roles"}
    if unknown:
        raise ValidationError(
            {"changes": _("Onbekende wijziging: %(k)s") % {"k": ", ".join(sorted(unknown))}}
        )
    if changes.get("budget"):
        lines = {line["code"]: line for line in c["budget"]["lines"]}
        for code, amounts in changes["budget"].items():
            if code not in lines:
                raise ValidationError({"budget": _("Begrotingsregel %(c)s bestaat niet.") % {"c": code}})
            rijk = money(amounts["rijk"], f"budget.{code}.rijk")
            regional = money(amounts["regional"], f"budget.{code}.regional")
            lines[code].update(rijk=_amount(rijk), regional=_amount(regional), total=_amount(rijk + regional))
        for column in ("rijk", "regional", "total"):
            c["budget"]["totals"][column] = _amount(
                sum((Decimal(x[column]) for x in c["budget"]["lines"]), Decimal(0))
            )
    if changes.get("ends_on"):
        c["ends_on"] = dt.date.fromisoformat(str(changes["ends_on"])).isoformat()
    for edit in changes.get("text", []):
        _set_text(c, edit["path"], edit["value"])
    if changes.get("add_party"):
        new = dict(changes["add_party"])
        joins_overleg = new.pop("overleg", True)
        new.setdefault("signed_on", None)
        c["parties"].append(new)
        if joins_overleg:
            c["rules"]["overleg"]["members"].append(new["code"])
    roles = changes.get("roles") or {}
    if roles.get("regiokassier"):
        c["regiokassier"] = roles["regiokassier"]
    if roles.get("vro"):
        # VRO's roles: it receives requests to amend (Art. 11.2) and to accede (Art. 13.2).
        for procedure in ("amendment", "accession"):
            c["rules"][procedure]["addressed_to"] = roles["vro"]
    if changes.get("remove_party"):
        code = changes["remove_party"]
        if code not in {p["code"] for p in c["parties"]}:
            raise ValidationError({"party": _("%(c)s is geen Partij (meer).") % {"c": code}})
        c["parties"] = [p for p in c["parties"] if p["code"] != code]
        c["rules"]["overleg"]["members"] = [x for x in c["rules"]["overleg"]["members"] if x != code]
    return c


def refusal(problems: list[Problem], content: dict) -> ValidationError:
    """The problems of an amended definition as one ValidationError. Each message is the
    problem as the API and the log have always had it (path, message, rule code); its
    `params["message"]` is the same problem in words for the screen (`common.forms.screen_message`),
    naming the field and the article and saying how to fix it; `params["at_field"]` the same
    without naming the field, for a form that shows it at the field; `params["path"]` says where."""
    logger.info("amended definition refused: %s", "; ".join(str(p) for p in problems))
    errors = []
    for p in problems:
        technical = f"{p.path}: {p.message} [{p.rule}]" if p.path else f"{p.message} [{p.rule}]"
        errors.append(
            ValidationError(
                technical.replace("%", "%%"),
                code=p.rule,
                params={
                    "message": problem_text(p, content),
                    "at_field": problem_text(p, content, place=False),
                    "path": p.path,
                    "rule": p.rule,
                },
            )
        )
    return ValidationError(errors)


def amended_text(content: dict, changes: dict, name: str) -> str:
    """The amended definition, checked like any definition file: an amendment that breaks the
    covenant's rules (money Art. 4.2, dates Art. 19, ...) is refused with the same messages."""
    amended = apply_changes(content, changes)
    text = definition_text_of(amended)
    _deal, problems = read_definition(text, name)
    if problems:
        raise refusal(problems, amended)
    return text
