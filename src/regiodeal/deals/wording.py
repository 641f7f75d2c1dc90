"""The definition in the covenant's own words, for the people who judge it on screen (the Parties'
representatives deciding on an amendment, Art. 11): a label for every place in a definition
("Begroting, pijler 1 — rijksbijdrage" rather than `budget.lines[0].rijk`), and a problem of a
definition (`definition.Problem`) told in plain Dutch (English on /en/) naming the article and
how to put it right. The rule code stays in the log and the API; it is never part of this text.

Labels are worked out from the definition's content (a normalised definition, as stored on a
version) so that a pillar, result or Party is named as the covenant names it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from regiodeal.common import formatting

from .definition import Problem

# One label per key of the definition format (docs/definition-format.md).
FIELD_LABELS = {
    "name": gettext_lazy("naam"),
    "name_en": gettext_lazy("naam (Engels)"),
    "citation_title": gettext_lazy("citeertitel"),
    "aim": gettext_lazy("strekking van de deal"),
    "ends_on": gettext_lazy("einddatum"),
    "regiokassier": gettext_lazy("regiokassier"),
    "short_name": gettext_lazy("korte naam"),
    "kind": gettext_lazy("soort"),
    "acts_as": gettext_lazy("handelt als"),
    "signatory": gettext_lazy("ondertekenaar"),
    "function": gettext_lazy("functie"),
    "signed_on": gettext_lazy("ondertekend op"),
    "approach": gettext_lazy("aanpak"),
    "residents_will_notice": gettext_lazy("wat inwoners gaan merken"),
    "title": gettext_lazy("omschrijving"),
    "title_en": gettext_lazy("omschrijving (Engels)"),
    "deliverable": gettext_lazy("wat wordt opgeleverd"),
    "indicator": gettext_lazy("indicator"),
    "operator": gettext_lazy("minstens of hoogstens"),
    "value": gettext_lazy("streefwaarde"),
    "area_kind": gettext_lazy("per soort gebied"),
    "due_on": gettext_lazy("streefdatum"),
    "article": gettext_lazy("artikel"),
    "text": gettext_lazy("tekst in het convenant"),
    "rijk": gettext_lazy("rijksbijdrage"),
    "regional": gettext_lazy("regionale bijdrage"),
    "total": gettext_lazy("totaal"),
    "note": gettext_lazy("toelichting"),
    "includes_vat": gettext_lazy("inclusief uitvoeringskosten"),
    "pillar": gettext_lazy("pijler"),
    "unit": gettext_lazy("eenheid"),
    "better": gettext_lazy("beter is hoger of lager"),
    "description": gettext_lazy("beschrijving"),
    "cbs_code": gettext_lazy("CBS-code"),
    "within": gettext_lazy("ligt in"),
    "nplv_focus_area": gettext_lazy("focusgebied NPLV"),
    "in_deal_area": gettext_lazy("in het gebied van de deal"),
    "members": gettext_lazy("leden"),
    "meets_at_least_per_year": gettext_lazy("vergadert minstens zo vaak per jaar"),
    "organised_by": gettext_lazy("georganiseerd door"),
    "escalation_agreed_by_overleg": gettext_lazy("escalatie afgesproken door het overleg"),
    "consent": gettext_lazy("instemming"),
    "consultation_weeks": gettext_lazy("termijn van het overleg (weken)"),
    "addressed_to": gettext_lazy("gericht aan"),
    "notice_months": gettext_lazy("opzegtermijn (maanden)"),
    "requires_changed_circumstances": gettext_lazy("vraagt veranderde omstandigheden"),
    "per_year": gettext_lazy("aantal per jaar"),
    "draft_to_parties_before": gettext_lazy("concept naar de Partijen vóór"),
    "to_ministry_before": gettext_lazy("naar het ministerie vóór"),
    "baseline_due_on": gettext_lazy("nulmeting uiterlijk op"),
    "baseline_due_label": gettext_lazy("nulmeting uiterlijk (tekst)"),
    "execution_costs_max_share": gettext_lazy("uitvoeringskosten hoogstens (deel van de rijksbijdrage)"),
    "regional_match_min_ratio": gettext_lazy("regionale bijdrage minstens (deel van de rijksbijdrage)"),
    "starts": gettext_lazy("begint"),
    "counterparts_allowed": gettext_lazy("ondertekening in afzonderlijke exemplaren"),
    "term": gettext_lazy("begrip"),
    "definition": gettext_lazy("betekenis"),
    "number": gettext_lazy("nummer"),
    "code": gettext_lazy("code"),
}

# The parts of the covenant's rules, with the article the definition names for each.
RULE_LABELS = {
    "money": gettext_lazy("Spelregels geld"),
    "overleg": gettext_lazy("Rijk-Regio-overleg"),
    "amendment": gettext_lazy("Wijziging van de deal"),
    "accession": gettext_lazy("Toetreding"),
    "withdrawal": gettext_lazy("Opzegging"),
    "progress_report": gettext_lazy("Voortgangsrapportage"),
    "evaluation": gettext_lazy("Evaluatie"),
    "entry_into_force": gettext_lazy("Inwerkingtreding"),
}

_TOKEN = re.compile(r"[^.\[\]]+|\[\d+\]")


def parse_path(path: str | tuple) -> tuple:
    """`budget.lines[0].rijk` (as a Problem names it) or `pillars.0.name` (as an amendment's text
    change does) as a tuple: ("budget", "lines", 0, "rijk")."""
    if isinstance(path, tuple):
        return path
    out: list[Any] = []
    for token in _TOKEN.findall(path or ""):
        if token.startswith("["):
            out.append(int(token[1:-1]))
        elif token.isdigit():
            out.append(int(token))
        else:
            out.append(token)
    return tuple(out)


def _english() -> bool:
    return (get_language() or "nl").startswith("en")


def in_language(item: dict, key: str) -> str:
    """The item's text in the reader's language: `name_en` on /en/ when the definition has it."""
    if _english() and item.get(f"{key}_en"):
        return item[f"{key}_en"]
    return item.get(key, "")


def field_label(key: str) -> str:
    return str(FIELD_LABELS.get(key, key.replace("_", " ")))


def _get(node: Any, part: Any) -> Any:
    try:
        return node[part]
    except (KeyError, IndexError, TypeError):
        return None


def party_name(content: dict, code: str) -> str:
    for party in content.get("parties", []):
        if party.get("code") == code:
            return party.get("short_name") or party.get("name") or code
    return code


def _budget_line_label(line: dict) -> str:
    if line.get("kind") == "execution_costs":
        return _("Begroting, uitvoeringskosten (VAT)")
    if line.get("pillar"):
        return _("Begroting, pijler %(p)s") % {"p": line["pillar"]}
    return _("Begroting, %(n)s") % {"n": in_language(line, "name")}


def item_label(content: dict, path: tuple) -> str:
    """The name of the thing at `path` (a Party, a pillar, a result, a budget line, ...), without
    the field: "Pijler 1", "Resultaat 1B", "Partij Schiedam"."""
    if not path:
        return _("De deal")
    head = path[0]
    item = _get(content.get(head), path[1]) if len(path) > 1 else None
    if head == "budget":
        if len(path) >= 3 and path[1] == "lines":
            line = _get(content.get("budget", {}).get("lines"), path[2]) or {}
            return _budget_line_label(line)
        if len(path) >= 2 and path[1] == "totals":
            return _("Begroting, totaal")
        return _("Begroting")
    if head == "pillars" and isinstance(item, dict):
        if len(path) >= 4 and path[2] in ("objectives", "results", "norms"):
            child = _get(item.get(path[2]), path[3]) or {}
            if path[2] == "objectives":
                label = _("Doel %(c)s") % {"c": child.get("code", "")}
            elif path[2] == "results":
                label = _("Resultaat %(c)s") % {"c": child.get("code", "")}
                if len(path) >= 6 and path[4] == "targets":
                    label += ", " + _("streefwaarde %(n)s") % {"n": path[5] + 1}
                    return label
            else:
                return _("Pijler %(p)s, norm %(n)s") % {"p": item.get("code", ""), "n": path[3] + 1}
            return label
        return _("Pijler %(p)s") % {"p": item.get("code", "")}
    if head == "parties" and isinstance(item, dict):
        return _("Partij %(n)s") % {"n": item.get("short_name") or item.get("name", "")}
    if head == "partners" and isinstance(item, dict):
        return _("Partner %(n)s") % {"n": item.get("name", "")}
    if head == "indicators" and isinstance(item, dict):
        return _("Indicator %(n)s") % {"n": in_language(item, "name")}
    if head == "areas" and isinstance(item, dict):
        return _("Gebied %(n)s") % {"n": item.get("name", "")}
    if head == "groups" and isinstance(item, dict):
        return _("Doelgroep %(n)s") % {"n": in_language(item, "name")}
    if head == "sectors" and isinstance(item, dict):
        return _("Sector %(n)s") % {"n": in_language(item, "name")}
    if head == "glossary" and isinstance(item, dict):
        return _("Begrip %(n)s") % {"n": item.get("term", "")}
    if head == "considerations" and isinstance(item, dict):
        return _("Overweging %(n)s") % {"n": item.get("number", "")}
    if head == "rules" and len(path) > 1:
        return str(RULE_LABELS.get(path[1], path[1]))
    return _("De deal")


def _field_key(path: tuple) -> str | None:
    """The last named key of the path (a list index names no field)."""
    names = [p for p in path if isinstance(p, str)]
    if not names:
        return None
    last = names[-1]
    collections = {"lines", "objectives", "results", "targets", "norms", "parties", "partners", "indicators"}
    collections |= {"areas", "groups", "sectors", "glossary", "considerations", "pillars", "totals"}
    collections |= {"budget", "rules", *RULE_LABELS}
    if last in collections:
        return None
    return last


def path_label(content: dict, path: str | tuple) -> str:
    """The place in words: "Begroting, pijler 1 — rijksbijdrage", "Resultaat 1B — omschrijving",
    "Einddatum van de deal"."""
    path = parse_path(path)
    if len(path) == 1 and isinstance(path[0], str) and path[0] not in ("budget", "rules"):
        if path[0] == "ends_on":
            return _("Looptijd — einddatum")
        return _("De deal — %(f)s") % {"f": field_label(path[0])}
    item = item_label(content, path)
    key = _field_key(path)
    # A member of the overleg (rules.overleg.members[2]) is named by the Party it names.
    if path[:3] == ("rules", "overleg", "members") and len(path) == 4:
        members = content.get("rules", {}).get("overleg", {}).get("members", [])
        code = _get(members, path[3])
        return _("%(i)s — lid %(n)s") % {"i": item, "n": party_name(content, code) if code else path[3] + 1}
    if key is None:
        return item
    return f"{item} — {field_label(key)}"


# ---------------------------------------------------------------------------------------------
# Values as people read them


def money(value: Any) -> str:
    """The one money format (common/formatting.py, docs/presentation.md)."""
    return formatting.money(value)


def day(value: Any) -> str:
    """The one date format (common/formatting.py): 31 december 2028 / 31 December 2028."""
    return formatting.day(value)


# ---------------------------------------------------------------------------------------------
# Problems in words


def _article(content: dict, path: tuple, default: str) -> str:
    node: Any = content
    for part in path:
        node = _get(node, part)
        if isinstance(node, dict) and node.get("article") and part in ("budget", *RULE_LABELS):
            default = str(node["article"])
    return default


def problem_text(problem: Problem, content: dict, place: bool = True) -> str:
    """The problem as a sentence for the screen: where (in words), what is wrong, which article,
    and what to do. Never the rule code: that is in the log and the API. Without `place` the
    sentence leaves out where, for a form that shows it at the field (its label says where)."""
    path = parse_path(problem.path)
    where = path_label(content, path) if path else _("De deal")
    p = problem.params
    rule = problem.rule
    if rule == "regional-matches-national":
        art = _article(content, ("budget",), "4.2")
        what = _(
            "de regionale bijdrage in totaal (%(regional)s) is lager dan de rijksbijdrage in totaal "
            "(%(rijk)s); er ontbreekt %(short)s. De Regio draagt in totaal minstens evenveel bij als "
            "het Rijk (overweging 3, art. %(art)s). Verhoog de regionale bijdrage van een "
            "begrotingsregel of verlaag de rijksbijdrage."
        ) % {
            "regional": money(p["regional"]),
            "rijk": money(p["rijk"]),
            "short": money(p["short"]),
            "art": art,
        }
    elif rule == "execution-costs-cap":
        art = _article(content, ("budget",), "4.2")
        what = _(
            "%(amount)s is meer dan %(share)s%% van de rijksbijdrage (%(national)s). De uitvoeringskosten "
            "zijn hoogstens %(cap)s (art. %(art)s). Verlaag dit bedrag tot hoogstens %(cap)s."
        ) % {
            "amount": money(p["amount"]),
            "share": formatting.number(Decimal(p["share"]) * 100, 0),
            "national": money(p["national"]),
            "cap": money(p["cap"]),
            "art": art,
        }
    elif rule == "budget-adds-up" and "rijk" in p:
        what = _(
            "rijksbijdrage %(rijk)s plus regionale bijdrage %(regional)s is niet het totaal %(total)s "
            "(art. 4.2). Pas het totaal of een van de bijdragen aan."
        ) % {"rijk": money(p["rijk"]), "regional": money(p["regional"]), "total": money(p["total"])}
    elif rule == "budget-adds-up":
        what = _(
            "de begrotingsregels tellen op tot %(summed)s, niet tot het totaal %(total)s (art. 4.2). "
            "Pas het totaal of een begrotingsregel aan."
        ) % {"summed": money(p["summed"]), "total": money(p["total"])}
    elif rule == "dates-in-order" and "ends_on" in p:
        art = {"signed_on": "19", "baseline_due_on": "7.1"}.get(path[-1] if path else "", "19.2")
        what = _(
            "%(date)s valt na het einde van de deal (%(end)s) (art. %(art)s). Kies een einddatum op of "
            "na %(date)s, of vraag eerst deze datum te wijzigen."
        ) % {"date": day(p["date"]), "end": day(p["ends_on"]), "art": art}
    elif rule == "unknown-reference" and "code" in p:
        what = _(
            "%(code)s is geen Partij (meer) van de deal. Wie deze rol overneemt, besluit het "
            "Rijk-Regio-overleg (art. 12.2); leg dat besluit eerst vast."
        ) % {"code": party_name(content, p["code"])}
    elif p.get("type") in ("string_too_short", "missing"):
        what = _("is leeg. Vul deze tekst in.")
        return f"{where} {what}" if place else _("Deze tekst is leeg. Vul haar in.")
    elif p.get("type") in ("decimal_parsing", "greater_than_equal", "decimal_max_places"):
        what = _(
            "is geen bedrag in euro's. Schrijf een bedrag van nul of meer, met hoogstens twee decimalen."
        )
        return f"{where} {what}" if place else what[:1].upper() + what[1:]
    elif p.get("type") in ("date_from_datetime_parsing", "date_parsing"):
        what = _("is geen datum. Kies een datum.")
        return f"{where} {what}" if place else what[:1].upper() + what[1:]
    else:
        what = _(
            "deze waarde past niet bij de regels van het convenant (art. 11). Pas haar aan, of vraag het "
            "programmabureau om hulp."
        )
    return f"{where}: {what}" if place else what[:1].upper() + what[1:]
