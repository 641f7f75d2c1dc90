"""The regiokassier's yearly account of the specific grant (Art. 5) as the rows of the SiSa
bijlage: per year T and per indicator of that year's layout, its number, label, kind of audit
(aard controle) and value, taken from the yearly account (`selectors.spuk_years`).

The layout changes from year to year, so it is data, kept in one place: `data/sisa.toml` (its
header says how next year's change is made). This module reads it, checks it once, and picks the
layout of each year.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .selectors import SpukYear

TEMPLATE_PATH = Path(__file__).parent / "data" / "sisa.toml"

# The figures of the yearly account a SiSa indicator can show (SpukYear's fields).
FIGURES = {
    "national_spent",
    "national_spent_cumulative",
    "cofinancing",
    "cofinancing_cumulative",
    "is_final",
}
AUDIT_KINDS = {
    "R": _("R (rechtmatigheid)"),
    "D1": _("D1 (getrouwheid, dossier bij de verstrekker)"),
    "D2": _("D2 (getrouwheid, accountant van de ontvanger)"),
    "nvt": _("n.v.t."),
}


@dataclass(frozen=True)
class Indicator:
    number: str
    label_nl: str
    label_en: str
    audit: str
    figure: str

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "nl").startswith("en") else self.label_nl


@dataclass(frozen=True)
class Template:
    first_year: int
    provider: str
    code: str
    regulation: str
    legal_basis: str
    recipient_nl: str
    recipient_en: str
    indicators: tuple[Indicator, ...]

    @property
    def recipient(self) -> str:
        return self.recipient_en if (get_language() or "nl").startswith("en") else self.recipient_nl

    def number(self, indicator: Indicator) -> str:
        return f"{self.code or '…'}/{indicator.number}"


@dataclass(frozen=True)
class Row:
    """One cell of the SiSa bijlage: a year's indicator and its value (Decimal euros or yes/no)."""

    year: int
    template: Template
    indicator: Indicator
    value: Decimal | bool

    @property
    def number(self) -> str:
        return self.template.number(self.indicator)

    @property
    def audit_label(self):
        return AUDIT_KINDS[self.indicator.audit]


class TemplateError(ValueError):
    pass


def parse_template(text: str) -> tuple[Template, ...]:
    """The layouts of a sisa.toml, oldest first; TemplateError names what is wrong and where."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"sisa.toml: {exc}") from exc
    templates = []
    for i, raw in enumerate(data.get("sjabloon", []), start=1):
        where = f"sisa.toml: sjabloon {i}"
        for key in (
            "vanaf",
            "verstrekker",
            "uitkeringscode",
            "regeling",
            "grondslag",
            "ontvanger",
            "ontvanger_en",
        ):
            if key not in raw:
                raise TemplateError(f"{where}: '{key}' is missing.")
        indicators = []
        for j, ind in enumerate(raw.get("indicator", []), start=1):
            for key in ("nummer", "nl", "en", "aard_controle", "figuur"):
                if not str(ind.get(key, "")).strip():
                    raise TemplateError(f"{where}, indicator {j}: '{key}' is missing.")
            if ind["figuur"] not in FIGURES:
                raise TemplateError(
                    f"{where}, indicator {j}: figuur {ind['figuur']!r} is not one of {sorted(FIGURES)}."
                )
            if ind["aard_controle"] not in AUDIT_KINDS:
                raise TemplateError(
                    f"{where}, indicator {j}: aard_controle {ind['aard_controle']!r} is not one of "
                    f"{sorted(AUDIT_KINDS)}."
                )
            indicators.append(
                Indicator(str(ind["nummer"]), ind["nl"], ind["en"], ind["aard_controle"], ind["figuur"])
            )
        if not indicators:
            raise TemplateError(f"{where}: no indicator.")
        if len({x.number for x in indicators}) != len(indicators):
            raise TemplateError(f"{where}: an indicator number occurs twice.")
        templates.append(
            Template(
                first_year=int(raw["vanaf"]),
                provider=raw["verstrekker"],
                code=str(raw["uitkeringscode"]).strip(),
                regulation=raw["regeling"],
                legal_basis=raw["grondslag"],
                recipient_nl=raw["ontvanger"],
                recipient_en=raw["ontvanger_en"],
                indicators=tuple(indicators),
            )
        )
    if not templates:
        raise TemplateError("sisa.toml: no [[sjabloon]].")
    years = [t.first_year for t in templates]
    if years != sorted(set(years)):
        raise TemplateError("sisa.toml: the sjablonen must be in order of 'vanaf', each year once.")
    return tuple(templates)


@cache
def templates() -> tuple[Template, ...]:
    return parse_template(TEMPLATE_PATH.read_text(encoding="utf-8"))


def template_for(year: int) -> Template:
    """The layout of year T: the last one whose first year is not after T (else the first)."""
    chosen = templates()[0]
    for t in templates():
        if t.first_year <= year:
            chosen = t
    return chosen


def sisa_rows(years: list[SpukYear]) -> list[Row]:
    """Every cell of the SiSa bijlage for every year of the account, in the bijlage's order."""
    rows = []
    for y in years:
        t = template_for(y.year)
        for indicator in t.indicators:
            rows.append(Row(y.year, t, indicator, getattr(y, indicator.figure)))
    return rows
