"""The money chapter: budget, money in the year and cumulatively, matching, VAT, SPUK, money
per project."""

from __future__ import annotations

from django.utils.translation import gettext as _

from regiodeal.finance.constants import ZERO

from .. import charts, data
from ..formatting import cell_text, date_text
from .blocks import (
    MONEY,
    RATIO,
    Chart,
    Column,
    D,
    Facts,
    Heading,
    Paragraph,
    Table,
    date,
    excl,
)


def section_money(b: list, s: data.ReportData) -> None:
    m = s.money
    year = s.report.year
    b.append(Heading(1, _("Financiën"), "financien"))
    b.append(
        Paragraph(
            _(
                "Rijksbijdrage en regionale financiering per pijler (art. %(article)s)%(vat)s. Toegekend: "
                "toekenningen aan projecten plus uitvoeringskosten uit de rijksbijdrage. Regionaal "
                "gerealiseerd: regionale bestedingen plus bijdragen in natura."
            )
            % {"article": m.article, "vat": _(", bedragen inclusief btw") if m.includes_vat else ""}
        )
    )
    x = excl(s)
    if x:
        b.append(
            Paragraph(
                _(
                    "Alle bedragen hieronder zijn excl. vertrouwelijke projecten: het geld van projecten "
                    "die op verzoek van een Partij geheim zijn (art. 10), telt in geen enkel bedrag mee."
                ),
                emphasis=True,
            )
        )
    bud = m.budget
    b.append(Heading(2, _("Begroting van het convenant"), "begroting"))
    b.append(
        Table(
            "begroting",
            _("Begroting: rijksbijdrage en regionale financiering per pijler"),
            [
                Column(_("Regel")),
                Column(_("Omschrijving")),
                Column(_("Rijksbijdrage (maximum)"), MONEY),
                Column(_("Regionale financiering (minimum)"), MONEY),
                Column(_("Totaal"), MONEY),
            ],
            [[x.code, x.name, D(x.national), D(x.regional), D(x.total)] for x in bud.lines],
            footer=[
                _("Totaal"),
                "",
                D(bud.totals.national),
                D(bud.totals.regional),
                D(bud.totals.total),
            ],
        )
    )
    money_cols = [
        Column(_("Regel")),
        Column(_("Gepland rijk"), MONEY),
        Column(_("Gepland regio"), MONEY),
        Column(_("Rijksbijdrage toegekend"), MONEY),
        Column(_("Rijksbijdrage besteed"), MONEY),
        Column(_("Regionaal toegezegd"), MONEY),
        Column(_("Regionaal gerealiseerd"), MONEY),
    ]

    def row(label, f):
        return [
            label,
            D(f.planned_national),
            D(f.planned_regional),
            D(f.granted),
            D(f.national_spent),
            D(f.pledged),
            D(f.regional_actual),
        ]

    b.append(Heading(2, _("Geld in %(year)s en cumulatief") % {"year": year}, "geld-jaar"))
    b.append(
        Table(
            "geld-jaar",
            _("Per regel in %(year)s") % {"year": year} + x,
            money_cols,
            [row(f"{x.code} {x.name}", x.year) for x in m.lines],
            footer=row(_("Totaal"), m.year_total),
        )
    )
    b.append(
        Table(
            "geld-cumulatief",
            _("Per regel, cumulatief tot en met %(on)s") % {"on": date_text(date(s.report.as_of))} + x,
            money_cols,
            [row(f"{x.code} {x.name}", x.cumulative) for x in m.lines],
            footer=row(_("Totaal"), m.cumulative_total),
        )
    )
    chart_table = Table(
        "grafiek-geld",
        _("Rijksbijdrage (maximum, besteed) en regionaal gerealiseerd per regel, cumulatief") + x,
        [
            Column(_("Regel")),
            Column(_("Rijksbijdrage (maximum)"), MONEY),
            Column(_("Rijksbijdrage besteed"), MONEY),
            Column(_("Regionaal gerealiseerd"), MONEY),
        ],
        [
            [
                x.name or x.code,
                D(x.national_maximum),
                D(x.cumulative.national_spent),
                D(x.cumulative.regional_actual),
            ]
            for x in m.lines
        ],
    )
    totals = [sum((r[i] or ZERO for r in chart_table.rows), ZERO) for i in (1, 2, 3)]
    sentence = _(
        "Per begrotingsregel drie staven: het maximum van de rijksbijdrage, wat daarvan besteed is en wat "
        "de regio gerealiseerd heeft. Samen: maximum %(maximum)s, besteed %(spent)s, regionaal %(regional)s."
    ) % {
        "maximum": cell_text(totals[0], MONEY),
        "spent": cell_text(totals[1], MONEY),
        "regional": cell_text(totals[2], MONEY),
    }
    b.append(Chart(charts.money_svg(chart_table), chart_table, sentence))
    mt = m.matching
    b.append(Heading(2, _("Matching, uitvoeringskosten (VAT) en SPUK"), "matching"))
    b.append(
        Facts(
            [
                (_("Vereiste verhouding regionaal : rijk (minimaal)"), D(mt.min_ratio), RATIO),
                (
                    _("Regionaal toegezegd per euro toegekend, cumulatief") + x,
                    D(mt.pledged_cumulative),
                    RATIO,
                ),
                (
                    _("Regionaal gerealiseerd per euro rijk besteed, in het jaar") + x,
                    D(mt.spent_year),
                    RATIO,
                ),
                (
                    _("Regionaal gerealiseerd per euro rijk besteed, cumulatief") + x,
                    D(mt.spent_cumulative),
                    RATIO,
                ),
                (
                    _("Uitvoeringskosten (VAT) uit de rijksbijdrage, cumulatief") + x,
                    D(m.vat.national_execution_cumulative),
                ),
            ]
        )
    )
    vat = m.vat
    b.append(
        Table(
            "vat",
            _(
                "Regionale uitvoeringskosten (VAT) per regionale Partij, naar rato van de ontvangen "
                "rijksbijdrage"
            ),
            [
                Column(_("Partij")),
                Column(_("Rijksbijdrage ontvangen"), MONEY),
                Column(_("Aandeel in VAT-begroting"), MONEY),
                Column(_("Aandeel in geboekte VAT"), MONEY),
            ],
            [[x.name, D(x.received), D(x.planned), D(x.actual)] for x in vat.shares],
            footer=[_("Totaal"), D(vat.received_total), D(vat.planned_total), D(vat.actual_total)],
            note=""
            if vat.possible
            else _("Nog geen rijksbijdrage ontvangen: er valt nog niets te verdelen."),
        )
    )
    sp = m.spuk
    if sp:
        b.append(
            Table(
                "spuk",
                _("Verantwoording specifieke uitkering (SPUK/SiSa) %(year)s") % {"year": year} + x,
                [Column(_("Onderdeel")), Column(_("In het jaar"), MONEY), Column(_("Cumulatief"), MONEY)],
                [
                    [_("Rijksbijdrage besteed"), D(sp.national_spent), D(sp.national_spent_cumulative)],
                    [_("Cofinanciering"), D(sp.cofinancing), D(sp.cofinancing_cumulative)],
                ],
                note=(
                    _("Ingediend op %(d)s.") % {"d": date_text(date(sp.submitted_on))}
                    if sp.submitted_on
                    else _("Uiterlijk %(d)s in te dienen.") % {"d": date_text(date(sp.due_on))}
                )
                + (" " + _("Dit is de eindverantwoording.") if sp.is_final else ""),
            )
        )
    else:
        b.append(
            Paragraph(
                _("Over %(year)s is nog niets geboekt: er is geen SPUK-verantwoording.") % {"year": year}
            )
        )
    b.append(
        Table(
            "geld-projecten",
            _("Rijksbijdrage per project") + x,
            [
                Column(_("Code")),
                Column(_("Project")),
                Column(_("Toegekend in het jaar"), MONEY),
                Column(_("Besteed in het jaar"), MONEY),
                Column(_("Toegekend, cumulatief"), MONEY),
                Column(_("Besteed, cumulatief"), MONEY),
            ],
            [
                [
                    x.code,
                    x.title,
                    D(x.allocated_year),
                    D(x.national_spent_year),
                    D(x.allocated_total),
                    D(x.national_spent_total),
                ]
                for x in m.by_project
            ],
            empty=_("Nog geen rijksbijdrage aan projecten."),
        )
    )
