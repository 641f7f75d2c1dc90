"""What a record's confidentiality takes out of a report's structure (Art. 10.1): the structure
without the record, as a corrected public edition publishes it (`editions.py`) and as a third
party reads the internal report (`for_third_party`: the selectors and the PDF's rendering).

What "holds" means, per kind of record:
- a project: its code in the projects, the money per project or a result's projects;
- a meeting: its date and title among the meetings (with its decisions and actions);
- a register item: its title and date among the register items;
- an adjustment or an evaluation document: its date and title in part B's evaluation.
Other kinds (documents) are not in the report.

Only structures in, structures out: nothing here writes.
"""

from __future__ import annotations

import copy
import datetime as dt

from regiodeal.disclosure import public as layer
from regiodeal.disclosure.selectors import exclude_confidential
from regiodeal.finance import selectors as finance

from . import gather as g


def project_removed(s: dict, record) -> bool:
    code = record.code
    found = False
    kept = [p for p in s["projects"] if p["code"] != code]
    found |= len(kept) != len(s["projects"])
    s["projects"] = kept
    m = s["money"]
    kept = [p for p in m["by_project"] if p["code"] != code]
    found |= len(kept) != len(m["by_project"])
    m["by_project"] = kept
    for pillar in s["results"]["pillars"]:
        for result in pillar["results"]:
            if code in result["projects"]:
                found = True
                result["projects"] = [c for c in result["projects"] if c != code]
    return found


def _project_money_out(s: dict, record) -> None:
    """Take the project's money out of every figure, as the edition counted it: its entries up to
    the report's date that were public when the edition was made. An edition frozen before public
    figures left confidential money out (no `excludes_confidential`) loses all money withheld
    today."""
    deal = record.deal
    year, as_of = s["report"]["year"], dt.date.fromisoformat(s["report"]["as_of"])
    entries = finance.entries_as_of(deal, as_of)
    if s["money"].get("excludes_confidential"):
        # Its entries, less any entry that was itself confidential (and so left out) back then.
        made_on = dt.date.fromisoformat(s["report"]["generated_on"])
        taken = exclude_confidential(entries.filter(project_id=record.pk), made_on)
    else:
        taken = layer.withheld_entries(entries, deal)
    g.subtract_money(s["money"], year, g.withheld_cells(taken))
    g.subtract_received(s["money"], g.withheld_received(taken))
    s["money"]["excludes_confidential"] = True


def _meeting_removed(s: dict, record) -> bool:
    gov = s["governance"]
    held_on, found = record.held_on.isoformat(), False
    kept = [m for m in gov["meetings"] if not (m["held_on"] == held_on and m["title"] == record.title)]
    found = len(kept) != len(gov["meetings"])
    gov["meetings"] = kept
    if found and not any(m["held_on"] == held_on for m in kept):
        gov["actions"] = [a for a in gov["actions"] if a["meeting_on"] != held_on]
    return found


def _register_removed(s: dict, record) -> bool:
    gov = s["governance"]
    raised = record.raised_on.isoformat()
    kept = [r for r in gov["register"] if not (r["raised_on"] == raised and r["title"] == record.title)]
    found = len(kept) != len(gov["register"])
    gov["register"] = kept
    return found


def _evaluation_removed(s: dict, record) -> bool:
    """An adjustment or an evaluation document (part B's "Evaluatie en bijsturing")."""
    e = s.get("evaluation")  # reports frozen before part B had it hold none
    if not e:
        return False
    if record._meta.label_lower == "evaluation.adjustment":
        key = (record.decided_on.isoformat(), record.title)
        kept = [a for a in e["adjustments"] if (a["decided_on"], a["title"]) != key]
        found = len(kept) != len(e["adjustments"])
        e["adjustments"] = kept
        return found
    key = (record.dated.isoformat(), record.title)
    found = False
    for part, date_key in (("documents", "dated"), ("evaluations", "dated")):
        kept = [d for d in e[part] if (d[date_key], d["title"]) != key]
        found = found or len(kept) != len(e[part])
        e[part] = kept
    return found


EVALUATION_KINDS = ("evaluation.adjustment", "evaluation.evaluationdocument")


def without_record(structure: dict, record) -> dict | None:
    """The structure minus the record, or None when the structure does not hold it."""
    s = copy.deepcopy(structure)
    label = record._meta.label_lower
    if label == "projects.project":
        if not project_removed(s, record):
            return None
        _project_money_out(s, record)
    elif label == "governance.meeting":
        if not _meeting_removed(s, record):
            return None
    elif label == "governance.registeritem":
        if not _register_removed(s, record):
            return None
    elif label in EVALUATION_KINDS:
        if not _evaluation_removed(s, record):
            return None
    else:
        return None
    return s


def for_third_party(structure: dict, deal, hidden: list) -> dict:
    """The internal report as a third party in the deal may read it (Art. 10.1,
    disclosure/access.py): without the records of `hidden` (confidentialities running today that
    the reader may not see), their money out of every figure, and without the confidentiality
    requests (they name what they protect)."""
    if not hidden:
        return structure
    s = copy.deepcopy(structure)
    removed_projects = []
    for c in hidden:
        record = c.record
        if record is None:
            continue
        label = record._meta.label_lower
        if label == "projects.project" and project_removed(s, record):
            removed_projects.append(record.pk)
        elif label == "governance.meeting":
            _meeting_removed(s, record)
        elif label == "governance.registeritem":
            _register_removed(s, record)
        elif label in EVALUATION_KINDS:
            _evaluation_removed(s, record)
    if removed_projects:
        year, as_of = s["report"]["year"], dt.date.fromisoformat(s["report"]["as_of"])
        taken = finance.entries_as_of(deal, as_of).filter(project_id__in=removed_projects)
        g.subtract_money(s["money"], year, g.withheld_cells(taken))
        g.subtract_received(s["money"], g.withheld_received(taken))
        s["money"]["excludes_confidential"] = True
    s["changes"]["requests"] = [r for r in s["changes"]["requests"] if r["kind"] != "confidentiality"]
    return s
