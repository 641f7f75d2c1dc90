"""The finance tables, built once and shown twice: as HTML on the screens and as an .xlsx
download (`exports.py`), so the download always holds exactly what the screen shows."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from regiodeal.common.findings import Finding
from regiodeal.common.formatting import day

from .models import LedgerEntry
from .selectors import Figures, Overview, SpukGrant, SpukYear, VatSplit
from .sisa import sisa_rows, templates

MONEY, RATIO, SHARE, TEXT, INT, DATE, BOOL = "money", "ratio", "share", "text", "int", "date", "bool"
VALUE = "value"  # a SiSa cell: money (Decimal) or yes/no (bool), as the row's indicator holds


@dataclass
class Column:
    label: Any
    kind: str = TEXT

    @property
    def numeric(self) -> bool:
        return self.kind in (MONEY, RATIO, SHARE, INT, VALUE)


@dataclass
class Table:
    id: str
    title: Any
    columns: list[Column]
    rows: Iterable[list[Any]]
    footer: list[Any] | None = None
    note: Any = ""

    def rows_with_columns(self) -> Iterator[list[tuple[Any, Column]]]:
        for row in self.rows:
            yield list(zip(row, self.columns, strict=True))

    def footer_rows(self) -> list[list[tuple[Any, Column]]]:
        """The footer as the one row of its part of the table (no row without a footer)."""
        return [list(zip(self.footer, self.columns, strict=True))] if self.footer else []


def _figures_row(f: Figures, label: str) -> list[Any]:
    return [
        label,
        f.planned_national,
        f.planned_regional,
        f.granted,
        f.pledged,
        f.national_spent,
        f.regional_actual,
        f.pledge_ratio,
        f.spending_ratio,
    ]


FIGURE_COLUMNS = [
    Column(_("Gepland rijk"), MONEY),
    Column(_("Gepland regio"), MONEY),
    Column(_("Toegekend rijk"), MONEY),
    Column(_("Toegezegd regio"), MONEY),
    Column(_("Besteed rijk"), MONEY),
    Column(_("Besteed regio"), MONEY),
    Column(_("Matching toezeggingen"), RATIO),
    Column(_("Matching besteding"), RATIO),
]


def overview_table(ov: Overview) -> Table:
    columns = [
        Column(_("Programmalijn")),
        Column(_("Maximum rijk (convenant)"), MONEY),
        Column(_("Minimum regio (convenant)"), MONEY),
        *FIGURE_COLUMNS,
    ]

    def row(f: Figures, label: str) -> list[Any]:
        values = _figures_row(f, label)
        return [values[0], f.maximum, f.minimum, *values[1:]]

    return Table(
        id="overview",
        title=_("Financiën per programmalijn, alle jaren"),
        columns=columns,
        rows=[row(f, f"{f.code} {f.name}") for f in ov.lines],
        footer=row(ov.total, str(_("Totaal"))),
        note=_(
            "Maximum en minimum volgens de versie van het convenant die op %(date)s geldt (versie "
            "%(version)s). Matching: regionale euro's per euro van het Rijk; besteed regio omvat bijdragen "
            "in natura die zijn geleverd."
        )
        % {"date": day(ov.on), "version": ov.version.number},
    )


def years_table(ov: Overview) -> Table:
    rows = []
    for year in ov.years:
        for f in ov.by_year[year]:
            rows.append([year, *_figures_row(f, f"{f.code} {f.name}")])
        rows.append([year, *_figures_row(ov.year_totals[year], str(_("totaal")))])
    return Table(
        id="years",
        title=_("Per jaar: uitvoeringsprogramma tegenover werkelijkheid"),
        columns=[Column(_("Jaar"), TEXT), Column(_("Programmalijn")), *FIGURE_COLUMNS],
        rows=rows,
    )


def vat_table(split: VatSplit) -> Table:
    return Table(
        id="vat-split",
        title=_("Verdeling van de uitvoeringskosten (VAT) over de regionale Partijen"),
        columns=[
            Column(_("Partij")),
            Column(_("Ontvangen rijksbijdrage"), MONEY),
            Column(_("Aandeel"), SHARE),
            Column(_("Aandeel in begrote regionale VAT"), MONEY),
            Column(_("Aandeel in geboekte regionale uitvoeringskosten"), MONEY),
        ],
        rows=[[s.name, s.received, s.weight, s.planned, s.actual] for s in split.shares],
        footer=[
            str(_("Totaal")),
            split.received_total,
            1 if split.possible else None,
            split.planned_total if split.possible else None,
            split.actual_total if split.possible else None,
        ],
        note=_(
            "Art. %(article)s: naar rato van de ontvangen rijksbijdrage per regionale Partij, in centen; "
            "resterende centen gaan naar de grootste resten, bij gelijke rest naar de Partij die het eerst "
            "in het convenant staat."
        )
        % {"article": split.article},
    )


def vat_payments_table(split: VatSplit) -> Table:
    """Art. 4.2: per regional Party, its share of the regional execution costs booked, what it
    paid to the regiokassier, and the difference (negative: short)."""
    return Table(
        id="vat-payments",
        title=_("Betaalde uitvoeringskosten per regionale Partij"),
        columns=[
            Column(_("Partij")),
            Column(_("Aandeel in geboekte regionale uitvoeringskosten"), MONEY),
            Column(_("Betaald aan de regiokassier"), MONEY),
            Column(_("Verschil"), MONEY),
        ],
        rows=[[s.name, s.actual, s.paid, s.difference] for s in split.shares],
        footer=[
            str(_("Totaal")),
            split.actual_total if split.possible else None,
            split.paid_total,
            (split.paid_total - split.actual_total) if split.possible else None,
        ],
        note=_(
            "Art. %(article)s: de regionale Partijen maken hun bijdrage in de uitvoeringskosten over aan de "
            "regiokassier. Een negatief verschil is nog te betalen."
        )
        % {"article": split.article},
    )


def spuk_decisions_table(grant: SpukGrant) -> Table:
    return Table(
        id="spuk-decisions",
        title=_("Beschikkingen specifieke uitkering (SPUK)"),
        columns=[
            Column(_("Datum beschikking"), DATE),
            Column(_("Kenmerk")),
            Column(_("Verleend bedrag"), MONEY),
            Column(_("Bestand")),
        ],
        rows=[[d.decided_on, d.reference, d.amount, d.filename] for d in grant.decisions],
        footer=[str(_("Totaal")), "", grant.decided, ""],
        note=_("Art. 5: de beschikking van VRO aan de regiokassier."),
    )


def spuk_payments_table(grant: SpukGrant) -> Table:
    return Table(
        id="spuk-payments",
        title=_("Ontvangsten van VRO"),
        columns=[
            Column(_("Datum ontvangst"), DATE),
            Column(_("Beschikking")),
            Column(_("Kenmerk")),
            Column(_("Bedrag"), MONEY),
        ],
        rows=[[p.received_on, p.decision.reference, p.reference, p.amount] for p in grant.payments],
        footer=[str(_("Totaal")), "", "", grant.received],
        note=_("Art. 5: wat de regiokassier onder de beschikking van VRO ontving."),
    )


def findings_table(findings: list[Finding]) -> Table:
    return Table(
        id="findings",
        title=_("Bevindingen over het geld"),
        columns=[
            Column(_("Ernst")),
            Column(_("Regel")),
            Column(_("Artikel")),
            Column(_("Over")),
            Column(_("Bevinding")),
        ],
        rows=[
            [
                _("fout") if f.severity == "error" else _("waarschuwing"),
                f.rule,
                f.article,
                f.subject,
                f.message,
            ]
            for f in findings
        ],
    )


def spuk_table(years: list[SpukYear]) -> Table:
    return Table(
        id="spuk",
        title=_("Verantwoording specifieke uitkering (SiSa) per jaar"),
        columns=[
            Column(_("Jaar"), TEXT),
            Column(_("Besteding rijksbijdrage in het jaar"), MONEY),
            Column(_("Besteding rijksbijdrage cumulatief"), MONEY),
            Column(_("Cofinanciering in het jaar"), MONEY),
            Column(_("Cofinanciering cumulatief"), MONEY),
            Column(_("Eindverantwoording"), BOOL),
            Column(_("Uiterlijk in te dienen"), DATE),
            Column(_("Ingediend op"), DATE),
        ],
        rows=[
            [
                y.year,
                y.national_spent,
                y.national_spent_cumulative,
                y.cofinancing,
                y.cofinancing_cumulative,
                y.is_final,
                y.due_on,
                y.submitted.submitted_on if y.submitted else None,
            ]
            for y in years
        ],
        note=_(
            "Art. 5: de regiokassier verantwoordt de specifieke uitkering elk jaar uiterlijk 15 juli van het "
            "jaar daarna."
        ),
    )


def sisa_table(years: list[SpukYear]) -> Table:
    """Art. 5: the yearly account as the rows of the SiSa bijlage, in the layout of each year
    (`sisa.py`, `data/sisa.toml`)."""
    rows = sisa_rows(years)
    used = {r.template for r in rows} or {templates()[-1]}
    notes = []
    for t in sorted(used, key=lambda t: t.first_year):
        notes.append(
            _(
                "Vanaf %(year)s: verstrekker %(provider)s, %(regulation)s (%(basis)s), ontvanger "
                "%(recipient)s, uitkeringscode %(code)s."
            )
            % {
                "year": t.first_year,
                "provider": t.provider,
                "regulation": t.regulation,
                "basis": t.legal_basis,
                "recipient": t.recipient,
                "code": t.code or "…",
            }
        )
        if not t.code:
            notes.append(
                _(
                    "De uitkeringscode van dit sjabloon is nog niet ingevuld: neem haar over uit de "
                    "SiSa-bijlage van het jaar en zet haar in finance/data/sisa.toml."
                )
            )
    return Table(
        id="sisa",
        title=_("SiSa-bijlage: regels voor de jaarrekening van de regiokassier"),
        columns=[
            Column(_("Jaar (T)"), TEXT),
            Column(_("Indicatornummer")),
            Column(_("Indicator")),
            Column(_("Aard controle")),
            Column(_("Waarde"), VALUE),
        ],
        rows=[[r.year, r.number, r.indicator.label, r.audit_label, r.value] for r in rows],
        note=" ".join(str(n) for n in notes),
    )


def ledger_table(entries: Iterable[LedgerEntry]) -> Table:
    def rows() -> Iterator[list[Any]]:
        for e in entries:
            yield [
                e.pk,
                e.booked_on,
                e.get_kind_display(),
                e.budget_line,
                e.get_funding_display(),
                e.amount,
                e.project.code if e.project_id else "",
                e.organisation.code if e.organisation_id else "",
                e.get_contribution_status_display(),
                e.get_sector_display(),
                e.get_form_display(),
                e.valuation_basis,
                e.description,
                e.source_document,
                e.reverses_id or "",
            ]

    return Table(
        id="ledger",
        title=_("Grootboek"),
        columns=[
            Column(_("Nr."), INT),
            Column(_("Datum"), DATE),
            Column(_("Soort")),
            Column(_("Regel")),
            Column(_("Ten laste van")),
            Column(_("Bedrag"), MONEY),
            Column(_("Project")),
            Column(_("Partij of Partner")),
            Column(_("Status")),
            Column(_("Publiek/privaat")),
            Column(_("Vorm")),
            Column(_("Waarderingsgrondslag")),
            Column(_("Omschrijving")),
            Column(_("Brondocument")),
            Column(_("Corrigeert nr."), INT),
        ],
        rows=rows(),
    )
