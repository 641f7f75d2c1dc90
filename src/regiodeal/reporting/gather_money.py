"""Gathering the money of the yearly report (Art. 7.2; the budget of Art. 3): per budget line in
the year and cumulatively, totals, matching, the VAT split (Art. 4.2), the SPUK account and the
money per project, in the JSON form of `gather.py`; and, for the public version and the corrected
public editions (`editions.py`), taking the money `disclosure.public` withholds out of a fresh or
a frozen money section."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from regiodeal.deals.selectors import budget_totals
from regiodeal.disclosure import public as layer
from regiodeal.finance import selectors as finance
from regiodeal.finance.amounts import ratio

from .values import day, money, number

# --- money ------------------------------------------------------------------------------------


def _figures(f) -> dict[str, str | None]:
    return {
        "planned_national": money(f.planned_national),
        "planned_regional": money(f.planned_regional),
        "allocated": money(f.allocated),
        "granted": money(f.granted),
        "pledged": money(f.pledged),
        "paid": money(f.paid),
        "in_kind_delivered": money(f.in_kind_delivered),
        "national_spent": money(f.national_spent),
        "national_execution": money(f.national_execution),
        "regional_actual": money(f.regional_actual),
        "pledge_ratio": money(f.pledge_ratio),
        "spending_ratio": money(f.spending_ratio),
    }


def money_section(deal, year: int, on: dt.date, version, shown_projects: set[int], public_on=None) -> dict:
    """The money of the year and cumulatively; for the public (`public_on`: the day whose
    confidentialities count) without the money `disclosure.public` withholds."""
    ov = finance.overview(deal, on)
    rules = version.rules
    pillar_of = {b.code: (b.pillar.code if b.pillar else None) for b in version.budget_lines.all()}
    year_lines = {f.code: f for f in ov.by_year.get(year, [])}
    lines = []
    for f in ov.lines:
        y = year_lines.get(f.code) or finance.Figures(code=f.code, name=f.name)
        lines.append(
            {
                "code": f.code,
                "name": f.name,
                "pillar": pillar_of.get(f.code),
                "national_maximum": money(f.maximum),
                "regional_minimum": money(f.minimum),
                "year": _figures(y),
                "cumulative": _figures(f),
            }
        )
    year_total = ov.year_totals.get(year) or finance.Figures(code="")
    budget = list(version.budget_lines.all())
    totals = budget_totals(budget)
    split = finance.vat_split(deal, on)
    spuk = finance.spuk_year(deal, year)
    before = dt.date(year - 1, 12, 31)
    spent_before = {pm.project_id: pm for pm in finance.national_by_project(deal, before)}
    zero = Decimal("0.00")
    by_project = []
    for pm in finance.national_by_project(deal, on):
        if pm.project_id not in shown_projects:
            continue
        earlier = spent_before.get(pm.project_id)
        by_project.append(
            {
                "code": pm.code,
                "title": pm.title,
                "allocated_year": money(pm.allocated - (earlier.allocated if earlier else zero)),
                "allocated_total": money(pm.allocated),
                "national_spent_year": money(
                    pm.national_spent - (earlier.national_spent if earlier else zero)
                ),
                "national_spent_total": money(pm.national_spent),
            }
        )
    out = {
        "article": rules.money_article,
        "includes_vat": rules.includes_vat,
        "budget": {
            "lines": [
                {
                    "code": b.code,
                    "name": b.name,
                    "kind": b.kind,
                    "pillar": b.pillar.code if b.pillar else None,
                    "national": money(b.rijk),
                    "regional": money(b.regional),
                    "total": money(b.total),
                }
                for b in budget
            ],
            "totals": {
                "national": money(totals["rijk"]),
                "regional": money(totals["regional"]),
                "total": money(totals["total"]),
            },
        },
        "lines": lines,
        "year_total": _figures(year_total),
        "cumulative_total": _figures(ov.total),
        "matching": {
            "min_ratio": money(rules.regional_match_min_ratio),
            "pledged_cumulative": money(ov.total.pledge_ratio),
            "spent_year": money(year_total.spending_ratio),
            "spent_cumulative": money(ov.total.spending_ratio),
        },
        "vat": {
            "article": split.article,
            "max_share": number(rules.execution_costs_max_share),
            "possible": split.possible,
            "planned_total": money(split.planned_total),
            "actual_total": money(split.actual_total),
            "received_total": money(split.received_total),
            "national_execution_cumulative": money(ov.total.national_execution),
            "shares": [
                {
                    "code": s.code,
                    "name": s.name,
                    "received": money(s.received),
                    "weight": number(s.weight),
                    "planned": money(s.planned),
                    "actual": money(s.actual),
                }
                for s in split.shares
            ],
        },
        "spuk": (
            {
                "year": spuk.year,
                "national_spent": money(spuk.national_spent),
                "national_spent_cumulative": money(spuk.national_spent_cumulative),
                "cofinancing": money(spuk.cofinancing),
                "cofinancing_cumulative": money(spuk.cofinancing_cumulative),
                "is_final": spuk.is_final,
                "due_on": day(spuk.due_on),
                "submitted_on": day(spuk.submitted.submitted_on) if spuk.submitted else None,
            }
            if spuk is not None
            else None
        ),
        "by_project": by_project,
    }
    if public_on is not None:
        withheld = layer.withheld_entries(finance.entries_as_of(deal, on), deal, public_on)
        subtract_money(out, year, withheld_cells(withheld))
        subtract_received(out, withheld_received(withheld))
        out["excludes_confidential"] = True
    return out


# --- public money: what the layer withholds, taken out of the figures -------------------------

AMOUNTS = (
    "allocated",
    "granted",
    "pledged",
    "paid",
    "in_kind_delivered",
    "national_spent",
    "national_execution",
    "regional_actual",
)


def withheld_cells(entries) -> dict[tuple[str, int], finance.Figures]:
    """The money of `entries` (ledger entries a public figure leaves out) per budget line and
    year, folded as finance folds the books."""
    from django.db.models.functions import ExtractYear

    from regiodeal.finance.amounts import from_cents

    rows = (
        entries.annotate(year=ExtractYear("booked_on"))
        .values_list("budget_line", "year", "kind", "funding", "contribution_status", "form")
        .annotate(cents=finance._cents())
        .order_by()
    )
    cells: dict[tuple[str, int], finance.Figures] = {}
    for code, year, kind, funding, status, form, cents in rows:
        cell = cells.setdefault((code, year), finance.Figures(code=code))
        finance._fold(cell, kind, funding, status, form, from_cents(cents))
    return cells


def withheld_received(entries) -> dict[str, Decimal]:
    """National money received per organisation code (the VAT split's weights, Art. 4.2) in
    `entries`."""
    from regiodeal.finance.amounts import from_cents
    from regiodeal.finance.constants import EntryKind

    rows = (
        entries.filter(kind=EntryKind.NATIONAL_ALLOCATION, organisation__isnull=False)
        .values_list("organisation__code")
        .annotate(cents=finance._cents())
        .order_by()
    )
    return {code: from_cents(cents) for code, cents in rows if cents}


def subtract_received(m: dict, received: dict[str, Decimal]) -> bool:
    """Take withheld national money out of the VAT split's "received" per Party. The shares
    themselves are weighed by all money received, so they would give the withheld amount away:
    the public version leaves the weights and shares out (the totals of the execution costs are
    not project money and stay)."""
    if not received:
        return False
    vat = m["vat"]
    for share in vat["shares"]:
        taken = received.get(share["code"], Decimal("0"))
        share["received"] = money(Decimal(share["received"]) - taken)
        share["weight"] = share["planned"] = share["actual"] = None
    vat["received_total"] = money(sum((Decimal(x["received"]) for x in vat["shares"]), Decimal("0")))
    return True


def _minus(figures: dict, cells: list) -> None:
    for name in AMOUNTS:
        if figures.get(name) is None:
            continue
        taken = sum((getattr(c, name) for c in cells), Decimal("0"))
        figures[name] = money(Decimal(figures[name]) - taken)
    figures["pledge_ratio"] = money(ratio(Decimal(figures["pledged"]), Decimal(figures["granted"])))
    figures["spending_ratio"] = money(
        ratio(Decimal(figures["regional_actual"]), Decimal(figures["national_spent"]))
    )


def subtract_money(m: dict, year: int, cells: dict[tuple[str, int], finance.Figures]) -> bool:
    """Take the money of `cells` out of a report's money section (a fresh or a frozen one): per
    line in the year and cumulatively, the totals, the ratios and the SPUK account. True when
    anything was taken out."""
    cells = {k: c for k, c in cells.items() if k[1] <= year and any(getattr(c, n) for n in AMOUNTS)}
    if not cells:
        return False
    in_year = [c for (_code, y), c in cells.items() if y == year]
    for line in m["lines"]:
        _minus(line["year"], [c for (code, y), c in cells.items() if code == line["code"] and y == year])
        _minus(line["cumulative"], [c for (code, _y), c in cells.items() if code == line["code"]])
    _minus(m["year_total"], in_year)
    _minus(m["cumulative_total"], list(cells.values()))
    m["matching"]["pledged_cumulative"] = m["cumulative_total"]["pledge_ratio"]
    m["matching"]["spent_year"] = m["year_total"]["spending_ratio"]
    m["matching"]["spent_cumulative"] = m["cumulative_total"]["spending_ratio"]
    m["vat"]["national_execution_cumulative"] = m["cumulative_total"]["national_execution"]
    spuk = m.get("spuk")
    if spuk:
        for key, name, chosen in (
            ("national_spent", "national_spent", in_year),
            ("national_spent_cumulative", "national_spent", list(cells.values())),
            ("cofinancing", "regional_actual", in_year),
            ("cofinancing_cumulative", "regional_actual", list(cells.values())),
        ):
            taken = sum((getattr(c, name) for c in chosen), Decimal("0"))
            spuk[key] = money(Decimal(spuk[key]) - taken)
    return True
