"""Part B of the report (Art. 7.2.B): verdicts per pillar, result and indicator, with their
charts; evaluation and steering."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .. import charts, data
from ..formatting import cell_text, date_text
from .blocks import (
    DATE,
    NUMBER,
    Chart,
    Column,
    D,
    Facts,
    Heading,
    Paragraph,
    Table,
    _choice,
    date,
    verdict_label,
)


def section_b(b: list, s: data.ReportData, *, pdf: bool = False) -> None:
    r = s.results
    b.append(Heading(1, _("B. Op schema voor de beoogde resultaten"), "b-resultaten"))
    b.append(
        Paragraph(
            _(
                "Per indicator: p = (laatste meting − nulmeting) / (streefwaarde − nulmeting) tegen de "
                "verstreken tijd t. Behaald als p ≥ 1, op schema als p ≥ t, risico als p ≥ t − 0,15, "
                "anders achter; geen gegevens zonder nulmeting of meting. Een resultaat krijgt het zwakste "
                "oordeel van zijn indicatoren, een pijler dat van zijn resultaten. Peildatum: %(on)s."
            )
            % {"on": date_text(date(r.on))}
        )
    )
    b.append(
        Table(
            "oordelen",
            _("Oordeel per beoogd resultaat"),
            [
                Column(_("Pijler")),
                Column(_("Resultaat")),
                Column(_("Beoogd resultaat")),
                Column(_("Oordeel")),
                Column(_("Projecten")),
            ],
            [
                [
                    p.code,
                    res.code,
                    res.title,
                    verdict_label(res.verdict),
                    ", ".join(res.projects) or "–",
                ]
                for p in r.pillars
                for res in p.results
            ],
        )
    )
    for p in r.pillars:
        b.append(
            Heading(
                2,
                _("Pijler %(code)s. %(name)s") % {"code": p.code, "name": p.name},
                f"pijler-{p.code}",
            )
        )
        b.append(
            Paragraph(_("Oordeel over de pijler: %(v)s.") % {"v": verdict_label(p.verdict)}, emphasis=True)
        )
        for res in p.results:
            b.append(Heading(3, f"{res.code}. {res.title}", f"resultaat-{res.code}"))
            b.append(Paragraph(_("Oordeel: %(v)s.") % {"v": verdict_label(res.verdict)}, emphasis=True))
            if not res.indicators:
                b.append(Paragraph(_("Dit resultaat heeft nog geen indicator: het is niet te beoordelen.")))
            for ind in res.indicators:
                _indicator_blocks(b, res, ind, pdf)


def section_evaluation(b: list, s: data.ReportData) -> None:
    """Part of B (Art. 7.2): how the Parties evaluate and steer (Art. 7.1, Bijlage 1 §2.D)."""
    from regiodeal.evaluation.constants import DocumentKind

    e = s.evaluation or data.Evaluation()
    b.append(Heading(2, _("Evaluatie en bijsturing"), "b-evaluatie"))
    if e.documents:
        b.append(
            Table(
                "evaluatiedocumenten",
                _("Geldende documenten"),
                [Column(_("Document")), Column(_("Titel")), Column(_("Datum"))],
                [
                    [_choice(DocumentKind, d.kind).capitalize(), d.title, date_text(date(d.dated))]
                    for d in e.documents
                ],
            )
        )
    else:
        b.append(
            Paragraph(
                _(
                    "Er is nog geen evaluatieaanpak, probleemanalyse of veranderingstheorie vastgelegd "
                    "(art. 2.4, 7.1)."
                )
            )
        )
    if e.evaluations:
        for ev in e.evaluations:
            b.append(
                Paragraph(
                    _("Tussentijdse evaluatie van %(on)s: %(t)s.")
                    % {"on": date_text(date(ev.dated)), "t": ev.title},
                    emphasis=True,
                )
            )
            if ev.summary:
                b.append(Paragraph(ev.summary))
    else:
        b.append(Paragraph(_("Dit jaar is geen tussentijdse evaluatie vastgelegd.")))
    if e.adjustments:
        b.append(
            Table(
                "bijsturing",
                _("Bijsturing in het verslagjaar"),
                [
                    Column(_("Besloten op")),
                    Column(_("Wat is bijgestuurd")),
                    Column(_("Waarom")),
                    Column(_("Oordelen die aanleiding gaven")),
                ],
                [
                    [
                        date_text(date(a.decided_on)),
                        f"{a.title}: {a.change}",
                        a.reason,
                        "; ".join(f"{p.result}: {verdict_label(p.verdict)}" for p in a.prompted_by) or "–",
                    ]
                    for a in e.adjustments
                ],
            )
        )
    else:
        b.append(Paragraph(_("Dit jaar is niet bijgestuurd.")))


def _indicator_blocks(b: list, res: data.ResultItem, ind: data.IndicatorResult, pdf: bool) -> None:
    ident = f"{res.code}-{ind.code}".lower().replace("_", "-")
    latest = ind.latest
    rows = [
        [_("Nulmeting"), D(ind.baseline), date(ind.baseline_on)],
        [_("Streefwaarde"), D(ind.target_level), date(ind.target_on)],
    ]
    if latest:
        rows.append([_("Laatste meting"), D(latest.value), date(latest.on)])
    for a in ind.areas:
        rows.append([_("Laatste meting %(area)s") % {"area": a.name}, D(a.value), date(a.on)])
    facts = [
        (_("Indicator"), f"{ind.name} ({ind.unit})"),
        (_("Oordeel"), verdict_label(ind.verdict)),
    ]
    if ind.areas_total:
        facts.append((_("Gebieden op schema of behaald"), f"{ind.areas_on_schedule} / {ind.areas_total}"))
    if ind.reason == "no_baseline":
        facts.append((_("Toelichting"), _("Er is nog geen nulmeting (art. 7.1).")))
    b.append(Facts(facts))
    table = Table(
        f"indicator-{ident}",
        _("%(result)s: %(indicator)s") % {"result": res.code, "indicator": ind.name},
        [Column(_("Meting")), Column(_("Waarde"), NUMBER), Column(_("Datum"), DATE)],
        rows,
    )
    svg = charts.indicator_svg(ident, res, ind)
    if svg:
        # The PDF prints the chart with its figures in its alternative text (PDF/UA), and leaves the
        # table of the same figures to the annex; Word, Excel and the screen print the table.
        b.append(Chart(svg, table, _indicator_sentence(rows, ind), print_table=not pdf))
    else:
        b.append(table)


def _indicator_sentence(rows: list[list], ind: data.IndicatorResult) -> str:
    """What the indicator chart shows, in words: each figure of its table with its date."""
    parts = [
        _("%(what)s %(value)s op %(on)s")
        % {"what": what, "value": cell_text(value, NUMBER), "on": date_text(on)}
        for what, value, on in rows
        if value is not None and on is not None
    ]
    return _("%(figures)s (%(unit)s). Oordeel: %(verdict)s.") % {
        "figures": "; ".join(parts),
        "unit": ind.unit,
        "verdict": verdict_label(ind.verdict),
    }
