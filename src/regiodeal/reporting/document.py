"""The report's layout, once for every format: a list of blocks (headings, paragraphs, facts,
tables, charts) built from the structure of `gather.py`, in the active language.

The PDF and the screen render the blocks with one template (`reporting/_blocks.html`), Word
turns them into headings, paragraphs and tables, and the Excel annex takes every table (a chart's
figures included) as a sheet. So every format holds the same figures, by construction.

Cell values are typed: Decimal for money and numbers, date for dates, str otherwise; the text
renderers (PDF, Word, HTML) show them in the one format of common/formatting.py
(docs/presentation.md), and the Excel annex keeps numbers and dates as such.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from regiodeal.finance.constants import ZERO
from regiodeal.projects.constants import ProjectStatus, RiskLevel, RiskStatus
from regiodeal.results.constants import VERDICT_LABELS

from . import charts
from .constants import Audience, ReportStatus
from .formatting import cell_text, date_text

TEXT, MONEY, NUMBER, DATE, RATIO = "text", "money", "number", "date", "ratio"


@dataclass
class Column:
    label: str
    kind: str = TEXT

    @property
    def numeric(self) -> bool:
        return self.kind in (MONEY, NUMBER, RATIO)


@dataclass
class Heading:
    level: int  # 1: a chapter (in the table of contents), 2: a section, 3: a subsection
    text: str
    anchor: str
    type: str = "heading"


@dataclass
class Paragraph:
    text: str
    emphasis: bool = False
    type: str = "paragraph"


@dataclass
class Facts:
    """(label, value) or (label, value, kind); an amount without a kind is money."""

    items: list[tuple]
    type: str = "facts"

    def __post_init__(self):
        self.items = [
            item if len(item) == 3 else (*item, MONEY if isinstance(item[1], Decimal) else TEXT)
            for item in self.items
        ]


@dataclass
class Table:
    id: str
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    footer: list[Any] | None = None
    note: str = ""
    empty: str = ""
    type: str = "table"

    @property
    def wide(self) -> bool:
        """Too wide for a portrait A4 page: the PDF sets it on a landscape page (docs/reporting.md)."""
        return len(self.columns) >= 8 or sum(c.numeric for c in self.columns) >= 5

    def rows_with_columns(self):
        for row in self.rows:
            yield list(zip(row, self.columns, strict=True))

    def footer_with_columns(self):
        return list(zip(self.footer or [], self.columns, strict=True))


@dataclass
class Chart:
    svg: str
    table: Table  # the same figures, for screen readers, Word and Excel
    description: str = ""  # one sentence of what the chart shows, from the structure
    type: str = "chart"

    @property
    def alt(self) -> str:
        """The alternative text of the figure in the PDF and the Word file: title and sentence."""
        return f"{self.table.title}. {self.description}".strip()


@dataclass
class Document:
    title: str
    subtitle: str
    facts: list[tuple[str, Any]]
    blocks: list = field(default_factory=list)

    @property
    def toc(self) -> list[Heading]:
        return [b for b in self.blocks if b.type == "heading" and b.level <= 2]

    @property
    def tables(self) -> list[Table]:
        out = []
        for b in self.blocks:
            if b.type == "table":
                out.append(b)
            elif b.type == "chart":
                out.append(b.table)
        return out


def D(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def date(value) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def verdict_label(code: str) -> str:
    from regiodeal.results.verdict import Verdict

    return str(VERDICT_LABELS[Verdict(code)])


def _choice(choices, code: str) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return code


MILESTONE_STATES = {
    "done": lambda: _("bereikt"),
    "done_late": lambda: _("bereikt, later dan gepland"),
    "overdue": lambda: _("niet bereikt, over tijd"),
    "planned": lambda: _("gepland"),
}
TRENDS = {
    "narrowing": lambda: _("kleiner"),
    "widening": lambda: _("groter"),
    "unchanged": lambda: _("gelijk"),
    "single": lambda: _("één meting, nog geen trend"),
}
REGISTER_KINDS = {"bottleneck": lambda: _("knelpunt"), "risk": lambda: _("risico")}
ORIGINS = {
    "definition": lambda: _("vastgesteld convenant"),
    "amendment": lambda: _("wijziging (art. 11)"),
    "accession": lambda: _("toetreding (art. 13)"),
    "withdrawal": lambda: _("opzegging (art. 12)"),
}


def _label(table: dict, code: str | None) -> str:
    if code is None:
        return "–"
    return table[code]() if code in table else code


def _request_label(kind: str, status: str) -> tuple[str, str]:
    from regiodeal.governance.constants import RequestKind, RequestStatus

    return _choice(RequestKind, kind), _choice(RequestStatus, status)


# ---------------------------------------------------------------------------------------------


def build(structure: dict) -> Document:
    """The document for a structure (internal or public), in the active language."""
    deal, report = structure["deal"], structure["report"]
    year = report["year"]
    public = report["audience"] == Audience.PUBLIC
    status = report["status"]
    subtitle = deal["name"]
    facts: list[tuple[str, Any]] = [
        (_("Verslagjaar"), str(year)),
        (_("Stand per"), date(report["as_of"])),
        (_("Status"), _choice(ReportStatus, status)),
        (_("Versie"), _("openbare versie") if public else _("interne versie")),
        (_("Openbare editie"), str(report["edition"]) if report.get("edition") else None),
        (_("Voorgelegd aan de Partijen op"), date(report["sent_on"])),
        (_("Ingediend bij VRO op"), date(report["submitted_on"])),
        (_("Versie van de deal"), f"{deal['version']} ({deal['version_checksum'][:12]})"),
        (_("Opgesteld op"), date(report["generated_on"])),
    ]
    doc = Document(
        title=_("Voortgangsrapportage %(year)s") % {"year": year},
        subtitle=subtitle,
        facts=[(k, v) for k, v in facts if v is not None],
    )
    b = doc.blocks
    b.append(Heading(1, _("Inleiding"), "inleiding"))
    b.append(
        Paragraph(
            _(
                "De Regio stelt eenmaal per jaar een voortgangsrapportage op met (A) de voortgang van de "
                "initiatieven en projecten en (B) in hoeverre Partijen op schema liggen om de beoogde "
                "resultaten te behalen (art. %(article)s). Het concept gaat vóór 15 juni naar de Partijen "
                "en de rapportage vóór 15 juli naar VRO (art. 7.3)."
            )
            % {"article": deal["report_article"]}
        )
    )
    b.append(Paragraph(deal["aim"]))
    if public:
        b.append(
            Paragraph(
                _(
                    "Dit is de openbare versie. Informatie is in beginsel openbaar (art. 10); wat een Partij "
                    "vertrouwelijk liet houden en persoonsgegevens zijn weggelaten."
                ),
                emphasis=True,
            )
        )
        for w in report.get("withdrawn", []):
            b.append(
                Paragraph(
                    _(
                        "Openbare editie %(n)s is op %(d)s ingetrokken: een gegeven erin is daarna op "
                        "verzoek van een Partij vertrouwelijk verklaard (art. 10.1). Deze editie is gemaakt "
                        "uit de bij de indiening vastgelegde gegevens, zonder dat gegeven."
                    )
                    % {"n": w["edition"], "d": date_text(date(w["on"]))},
                    emphasis=True,
                )
            )
    _summary(b, structure)
    _section_a(b, structure)
    _section_b(b, structure)
    _section_evaluation(b, structure)
    _section_money(b, structure)
    _section_distribution(b, structure)
    _section_governance(b, structure, public)
    b.append(Heading(1, _("Geleerde lessen"), "lessen"))
    lessons = structure["lessons"].strip()
    if lessons:
        b.extend(Paragraph(p.strip()) for p in lessons.split("\n\n") if p.strip())
    else:
        b.append(Paragraph(_("Het programmabureau heeft nog geen lessen beschreven.")))
    _section_changes(b, structure)
    return doc


def excl(s: dict) -> str:
    """ " (excl. vertrouwelijke projecten)" after a public money figure that leaves confidential
    money out (every public one made since issue 16; disclosure/public.py), else nothing."""
    if s["money"].get("excludes_confidential"):
        from regiodeal.disclosure.public import EXCLUSION_NOTE

        return f" ({EXCLUSION_NOTE})"
    return ""


def _summary(b: list, s: dict) -> None:
    r, m = s["results"], s["money"]
    x = excl(s)
    b.append(Heading(1, _("Samenvatting"), "samenvatting"))
    counts = ", ".join(f"{verdict_label(v)}: {n}" for v, n in r["counts"].items())
    b.append(
        Facts(
            [
                (_("Oordeel over de deal (het zwakste van de pijlers)"), verdict_label(r["verdict"])),
                (_("Pijlers per oordeel"), counts or "–"),
                (_("Projecten in dit verslag"), str(len(s["projects"]))),
                (_("Rijksbijdrage toegekend in het jaar") + x, D(m["year_total"]["granted"])),
                (_("Rijksbijdrage besteed in het jaar") + x, D(m["year_total"]["national_spent"])),
                (
                    _("Regionale financiering gerealiseerd in het jaar") + x,
                    D(m["year_total"]["regional_actual"]),
                ),
                (_("Matchingsratio cumulatief (besteed)") + x, D(m["matching"]["spent_cumulative"]), RATIO),
            ]
        )
    )


# --- A ----------------------------------------------------------------------------------------


def _period(start: str | None, end: str | None) -> str:
    return f"{date_text(date(start)) if start else '?'} – {date_text(date(end)) if end else '?'}"


def _section_a(b: list, s: dict) -> None:
    projects = s["projects"]
    year = s["report"]["year"]
    b.append(Heading(1, _("A. Voortgang van de initiatieven en projecten"), "a-projecten"))
    b.append(
        Table(
            "projecten",
            _("Projecten: status, geld en mijlpalen"),
            [
                Column(_("Code")),
                Column(_("Project")),
                Column(_("Trekker")),
                Column(_("Status")),
                Column(_("Rijk toegekend %(year)s") % {"year": year}, MONEY),
                Column(_("Rijk besteed %(year)s") % {"year": year}, MONEY),
                Column(_("Mijlpalen bereikt"), NUMBER),
                Column(_("Mijlpalen in %(year)s") % {"year": year}, NUMBER),
            ],
            [
                [
                    p["code"],
                    p["title"],
                    p["lead"],
                    _choice(ProjectStatus, p["status"]),
                    D(p["money"]["allocated_year"]),
                    D(p["money"]["national_spent_year"]),
                    Decimal(sum(1 for x in p["milestones"] if x["state"].startswith("done"))),
                    Decimal(len(p["milestones"])),
                ]
                for p in projects
            ],
            footer=[
                _("Totaal"),
                "",
                "",
                "",
                sum((D(p["money"]["allocated_year"]) for p in projects), ZERO),
                sum((D(p["money"]["national_spent_year"]) for p in projects), ZERO),
                Decimal(sum(1 for p in projects for x in p["milestones"] if x["state"].startswith("done"))),
                Decimal(sum(len(p["milestones"]) for p in projects)),
            ]
            if projects
            else None,
            empty=_("Nog geen projecten."),
        )
    )
    for p in projects:
        anchor = f"project-{p['code']}"
        b.append(Heading(2, f"{p['code']} {p['title']}", anchor))
        if p["description"]:
            b.append(Paragraph(p["description"]))
        b.append(
            Facts(
                [
                    (_("Status"), _choice(ProjectStatus, p["status"])),
                    (_("Trekker"), p["lead"]),
                    (_("Andere deelnemers"), ", ".join(p["participants"]) or "–"),
                    (_("Looptijd"), _period(p["starts_on"], p["ends_on"])),
                    (_("Pijlers"), ", ".join(p["pillars"]) or "–"),
                    (_("Beoogde resultaten"), ", ".join(p["results"]) or "–"),
                    (_("Gebieden"), ", ".join(p["areas"]) or "–"),
                    (_("Doelgroepen"), ", ".join(p["groups"]) or "–"),
                    (
                        _("Hoe inwoners meedoen (Bijlage 1 §3)"),
                        p["participation"] or _("nog niet beschreven"),
                    ),
                    (
                        _("Rijk en regio genoemd in de communicatie (art. 8)"),
                        (_("ja") + (f": {p['credits_evidence']}" if p["credits_evidence"] else ""))
                        if p["credits_rijk_regio"]
                        else _("nee, nog niet"),
                    ),
                ]
            )
        )
        code = p["code"].lower()
        if p["status_changes"]:
            b.append(
                Table(
                    f"status-{code}",
                    _("%(code)s: statuswijzigingen in het jaar") % {"code": p["code"]},
                    [Column(_("Datum"), DATE), Column(_("Van")), Column(_("Naar")), Column(_("Reden"))],
                    [
                        [
                            date(t["on"]),
                            _choice(ProjectStatus, t["from"]),
                            _choice(ProjectStatus, t["to"]),
                            t["reason"],
                        ]
                        for t in p["status_changes"]
                    ],
                )
            )
        b.append(
            Table(
                f"mijlpalen-{code}",
                _("%(code)s: mijlpalen in het jaar") % {"code": p["code"]},
                [
                    Column(_("Mijlpaal")),
                    Column(_("Gepland"), DATE),
                    Column(_("Bereikt op"), DATE),
                    Column(_("Stand")),
                ],
                [
                    [m["title"], date(m["due_on"]), date(m["done_on"]), _label(MILESTONE_STATES, m["state"])]
                    for m in p["milestones"]
                ],
                empty=_("Geen mijlpalen in dit jaar."),
            )
        )
        b.append(
            Table(
                f"prestaties-{code}",
                _("%(code)s: gemeten prestaties") % {"code": p["code"]},
                [
                    Column(_("Indicator")),
                    Column(_("Datum"), DATE),
                    Column(_("Waarde"), NUMBER),
                    Column(_("Eenheid")),
                    Column(_("Gebied")),
                ],
                [
                    [o["name"], date(o["on"]), D(o["value"]), o["unit"], o["area"] or "–"]
                    for o in p["outputs"]
                ],
                empty=_("Geen metingen van dit project in dit jaar."),
            )
        )
        if p["risks"]:
            b.append(
                Table(
                    f"risicos-{code}",
                    _("%(code)s: risico's") % {"code": p["code"]},
                    [
                        Column(_("Risico")),
                        Column(_("Kans")),
                        Column(_("Impact")),
                        Column(_("Beheersmaatregel")),
                        Column(_("Status")),
                    ],
                    [
                        [
                            r["description"],
                            _choice(RiskLevel, r["likelihood"]),
                            _choice(RiskLevel, r["impact"]),
                            r["mitigation"] or "–",
                            _choice(RiskStatus, r["status"]),
                        ]
                        for r in p["risks"]
                    ],
                )
            )
    b.append(Heading(2, _("Participatie van inwoners"), "participatie"))
    part = s.get("participation")
    if not part or not part["wijken"]:
        b.append(
            Paragraph(
                _(
                    "Per project staat hierboven hoe inwoners meedoen; er zijn nog geen gesprekken met "
                    "inwoners vastgelegd."
                )
            )
        )
        return
    b.append(
        Paragraph(
            _(
                "Bewoners gesproken per wijk tot en met %(on)s, tegen de norm van minimaal %(norm)s per "
                "wijk (art. 2.1)."
            )
            % {"on": date_text(date(part["on"])), "norm": part["norm"]}
        )
    )
    internal = any(w["verdict"] is not None for w in part["wijken"])
    columns = [Column(_("Wijk")), Column(_("Bewoners gesproken"), NUMBER)]
    if internal:
        columns += [Column(_("Gesprekken"), NUMBER), Column(_("Oordeel"))]
    rows = []
    for w in part["wijken"]:
        row = [w["name"], None if w["residents"] is None else Decimal(w["residents"])]
        if internal:
            row += [Decimal(w["conversations"] or 0), verdict_label(w["verdict"]) if w["verdict"] else "–"]
        rows.append(row)
    b.append(
        Table(
            "participatie",
            _("Bewoners gesproken per wijk"),
            columns,
            rows,
            note="" if internal else _("Kleine aantallen zijn weggelaten, zodat geen inwoner herkenbaar is."),
        )
    )


# --- B ----------------------------------------------------------------------------------------


def _section_b(b: list, s: dict) -> None:
    r = s["results"]
    b.append(Heading(1, _("B. Op schema voor de beoogde resultaten"), "b-resultaten"))
    b.append(
        Paragraph(
            _(
                "Per indicator: p = (laatste meting − nulmeting) / (streefwaarde − nulmeting) tegen de "
                "verstreken tijd t. Behaald als p ≥ 1, op schema als p ≥ t, risico als p ≥ t − 0,15, "
                "anders achter; geen gegevens zonder nulmeting of meting. Een resultaat krijgt het zwakste "
                "oordeel van zijn indicatoren, een pijler dat van zijn resultaten. Peildatum: %(on)s."
            )
            % {"on": date_text(date(r["on"]))}
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
                    p["code"],
                    res["code"],
                    res["title"],
                    verdict_label(res["verdict"]),
                    ", ".join(res["projects"]) or "–",
                ]
                for p in r["pillars"]
                for res in p["results"]
            ],
        )
    )
    for p in r["pillars"]:
        b.append(
            Heading(
                2,
                _("Pijler %(code)s. %(name)s") % {"code": p["code"], "name": p["name"]},
                f"pijler-{p['code']}",
            )
        )
        b.append(
            Paragraph(_("Oordeel over de pijler: %(v)s.") % {"v": verdict_label(p["verdict"])}, emphasis=True)
        )
        for res in p["results"]:
            b.append(Heading(3, f"{res['code']}. {res['title']}", f"resultaat-{res['code']}"))
            b.append(Paragraph(_("Oordeel: %(v)s.") % {"v": verdict_label(res["verdict"])}, emphasis=True))
            if not res["indicators"]:
                b.append(Paragraph(_("Dit resultaat heeft nog geen indicator: het is niet te beoordelen.")))
            for ind in res["indicators"]:
                _indicator_blocks(b, res, ind)


def _section_evaluation(b: list, s: dict) -> None:
    """Part of B (Art. 7.2): how the Parties evaluate and steer (Art. 7.1, Bijlage 1 §2.D)."""
    from regiodeal.evaluation.constants import DocumentKind

    e = s.get("evaluation") or {"documents": [], "evaluations": [], "adjustments": []}
    b.append(Heading(2, _("Evaluatie en bijsturing"), "b-evaluatie"))
    if e["documents"]:
        b.append(
            Table(
                "evaluatiedocumenten",
                _("Geldende documenten"),
                [Column(_("Document")), Column(_("Titel")), Column(_("Datum"))],
                [
                    [_choice(DocumentKind, d["kind"]).capitalize(), d["title"], date_text(date(d["dated"]))]
                    for d in e["documents"]
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
    if e["evaluations"]:
        for ev in e["evaluations"]:
            b.append(
                Paragraph(
                    _("Tussentijdse evaluatie van %(on)s: %(t)s.")
                    % {"on": date_text(date(ev["dated"])), "t": ev["title"]},
                    emphasis=True,
                )
            )
            if ev["summary"]:
                b.append(Paragraph(ev["summary"]))
    else:
        b.append(Paragraph(_("Dit jaar is geen tussentijdse evaluatie vastgelegd.")))
    if e["adjustments"]:
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
                        date_text(date(a["decided_on"])),
                        f"{a['title']}: {a['change']}",
                        a["reason"],
                        "; ".join(f"{p['result']}: {verdict_label(p['verdict'])}" for p in a["prompted_by"])
                        or "–",
                    ]
                    for a in e["adjustments"]
                ],
            )
        )
    else:
        b.append(Paragraph(_("Dit jaar is niet bijgestuurd.")))


def _indicator_blocks(b: list, res: dict, ind: dict) -> None:
    ident = f"{res['code']}-{ind['code']}".lower().replace("_", "-")
    latest = ind["latest"]
    rows = [
        [_("Nulmeting"), D(ind["baseline"]), date(ind["baseline_on"])],
        [_("Streefwaarde"), D(ind["target_level"]), date(ind["target_on"])],
    ]
    if latest:
        rows.append([_("Laatste meting"), D(latest["value"]), date(latest["on"])])
    for a in ind["areas"]:
        rows.append([_("Laatste meting %(area)s") % {"area": a["name"]}, D(a["value"]), date(a["on"])])
    facts = [
        (_("Indicator"), f"{ind['name']} ({ind['unit']})"),
        (_("Oordeel"), verdict_label(ind["verdict"])),
    ]
    if ind["areas_total"]:
        facts.append(
            (_("Gebieden op schema of behaald"), f"{ind['areas_on_schedule']} / {ind['areas_total']}")
        )
    if ind["reason"] == "no_baseline":
        facts.append((_("Toelichting"), _("Er is nog geen nulmeting (art. 7.1).")))
    b.append(Facts(facts))
    table = Table(
        f"indicator-{ident}",
        _("%(result)s: %(indicator)s") % {"result": res["code"], "indicator": ind["name"]},
        [Column(_("Meting")), Column(_("Waarde"), NUMBER), Column(_("Datum"), DATE)],
        rows,
    )
    svg = charts.indicator_svg(ident, res, ind)
    if svg:
        b.append(Chart(svg, table, _indicator_sentence(rows, ind)))
    else:
        b.append(table)


def _indicator_sentence(rows: list[list], ind: dict) -> str:
    """What the indicator chart shows, in words: each figure of its table with its date."""
    parts = [
        _("%(what)s %(value)s op %(on)s")
        % {"what": what, "value": cell_text(value, NUMBER), "on": date_text(on)}
        for what, value, on in rows
        if value is not None and on is not None
    ]
    return _("%(figures)s (%(unit)s). Oordeel: %(verdict)s.") % {
        "figures": "; ".join(parts),
        "unit": ind["unit"],
        "verdict": verdict_label(ind["verdict"]),
    }


# --- money ------------------------------------------------------------------------------------


def _section_money(b: list, s: dict) -> None:
    m = s["money"]
    year = s["report"]["year"]
    b.append(Heading(1, _("Financiën"), "financien"))
    b.append(
        Paragraph(
            _(
                "Rijksbijdrage en regionale financiering per pijler (art. %(article)s)%(vat)s. Toegekend: "
                "toekenningen aan projecten plus uitvoeringskosten uit de rijksbijdrage. Regionaal "
                "gerealiseerd: regionale bestedingen plus bijdragen in natura."
            )
            % {"article": m["article"], "vat": _(", bedragen inclusief btw") if m["includes_vat"] else ""}
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
    bud = m["budget"]
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
            [[x["code"], x["name"], D(x["national"]), D(x["regional"]), D(x["total"])] for x in bud["lines"]],
            footer=[
                _("Totaal"),
                "",
                D(bud["totals"]["national"]),
                D(bud["totals"]["regional"]),
                D(bud["totals"]["total"]),
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
            D(f["planned_national"]),
            D(f["planned_regional"]),
            D(f["granted"]),
            D(f["national_spent"]),
            D(f["pledged"]),
            D(f["regional_actual"]),
        ]

    b.append(Heading(2, _("Geld in %(year)s en cumulatief") % {"year": year}, "geld-jaar"))
    b.append(
        Table(
            "geld-jaar",
            _("Per regel in %(year)s") % {"year": year} + x,
            money_cols,
            [row(f"{x['code']} {x['name']}", x["year"]) for x in m["lines"]],
            footer=row(_("Totaal"), m["year_total"]),
        )
    )
    b.append(
        Table(
            "geld-cumulatief",
            _("Per regel, cumulatief tot en met %(on)s") % {"on": date_text(date(s["report"]["as_of"]))} + x,
            money_cols,
            [row(f"{x['code']} {x['name']}", x["cumulative"]) for x in m["lines"]],
            footer=row(_("Totaal"), m["cumulative_total"]),
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
                x["name"] or x["code"],
                D(x["national_maximum"]),
                D(x["cumulative"]["national_spent"]),
                D(x["cumulative"]["regional_actual"]),
            ]
            for x in m["lines"]
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
    mt = m["matching"]
    b.append(Heading(2, _("Matching, uitvoeringskosten (VAT) en SPUK"), "matching"))
    b.append(
        Facts(
            [
                (_("Vereiste verhouding regionaal : rijk (minimaal)"), D(mt["min_ratio"]), RATIO),
                (
                    _("Regionaal toegezegd per euro toegekend, cumulatief") + x,
                    D(mt["pledged_cumulative"]),
                    RATIO,
                ),
                (
                    _("Regionaal gerealiseerd per euro rijk besteed, in het jaar") + x,
                    D(mt["spent_year"]),
                    RATIO,
                ),
                (
                    _("Regionaal gerealiseerd per euro rijk besteed, cumulatief") + x,
                    D(mt["spent_cumulative"]),
                    RATIO,
                ),
                (
                    _("Uitvoeringskosten (VAT) uit de rijksbijdrage, cumulatief") + x,
                    D(m["vat"]["national_execution_cumulative"]),
                ),
            ]
        )
    )
    vat = m["vat"]
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
            [[x["name"], D(x["received"]), D(x["planned"]), D(x["actual"])] for x in vat["shares"]],
            footer=[_("Totaal"), D(vat["received_total"]), D(vat["planned_total"]), D(vat["actual_total"])],
            note=""
            if vat["possible"]
            else _("Nog geen rijksbijdrage ontvangen: er valt nog niets te verdelen."),
        )
    )
    sp = m["spuk"]
    if sp:
        b.append(
            Table(
                "spuk",
                _("Verantwoording specifieke uitkering (SPUK/SiSa) %(year)s") % {"year": year} + x,
                [Column(_("Onderdeel")), Column(_("In het jaar"), MONEY), Column(_("Cumulatief"), MONEY)],
                [
                    [_("Rijksbijdrage besteed"), D(sp["national_spent"]), D(sp["national_spent_cumulative"])],
                    [_("Cofinanciering"), D(sp["cofinancing"]), D(sp["cofinancing_cumulative"])],
                ],
                note=(
                    _("Ingediend op %(d)s.") % {"d": date_text(date(sp["submitted_on"]))}
                    if sp["submitted_on"]
                    else _("Uiterlijk %(d)s in te dienen.") % {"d": date_text(date(sp["due_on"]))}
                )
                + (" " + _("Dit is de eindverantwoording.") if sp["is_final"] else ""),
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
                    x["code"],
                    x["title"],
                    D(x["allocated_year"]),
                    D(x["national_spent_year"]),
                    D(x["allocated_total"]),
                    D(x["national_spent_total"]),
                ]
                for x in m["by_project"]
            ],
            empty=_("Nog geen rijksbijdrage aan projecten."),
        )
    )


# --- distribution, governance, changes --------------------------------------------------------


def _section_distribution(b: list, s: dict) -> None:
    b.append(Heading(1, _("Verdelingseffecten"), "verdeling"))
    b.append(
        Paragraph(
            _(
                "Wie hebben de lusten en lasten (Bijlage 1 §4)? Per indicator met een uitsplitsing: "
                "het verschil van elke groep en elk gebied met de regio, en of dat verschil kleiner of "
                "groter wordt."
            )
        )
    )
    if not s["distribution"]:
        b.append(Paragraph(_("Nog geen metingen per groep of gebied.")))
    for d in s["distribution"]:
        b.append(
            Table(
                f"verdeling-{d['indicator']}".lower().replace("_", "-"),
                f"{d['name']} ({d['unit']})",
                [
                    Column(_("Groep of gebied")),
                    Column(_("Laatste meting"), DATE),
                    Column(_("Waarde"), NUMBER),
                    Column(_("Regio"), NUMBER),
                    Column(_("Verschil"), NUMBER),
                    Column(_("Verschil eerste meting"), NUMBER),
                    Column(_("Verschil wordt")),
                    Column(_("Achterstand")),
                ],
                [
                    [
                        x["name"],
                        date(x["latest_on"]),
                        D(x["latest_value"]),
                        D(x["latest_regional"]),
                        D(x["latest_gap"]),
                        D(x["first_gap"]),
                        _label(TRENDS, x["trend"]),
                        _("ja") if x["lags_behind"] else _("nee"),
                    ]
                    for x in d["parts"]
                ],
            )
        )


def _section_governance(b: list, s: dict, public: bool) -> None:
    g = s["governance"]
    year = s["report"]["year"]
    b.append(Heading(1, _("Risico's, escalaties en besluiten van het Rijk-Regio-overleg"), "overleg"))
    b.append(
        Table(
            "register",
            _("Knelpunten en risico's (art. 6.2, 6.5)"),
            [
                Column(_("Soort")),
                Column(_("Titel")),
                Column(_("Ingebracht door")),
                Column(_("Op"), DATE),
                Column(_("Status")),
                Column(_("Escalatieniveau")),
                Column(_("Aanpak")),
            ],
            [
                [
                    _label(REGISTER_KINDS, x["kind"]),
                    x["title"],
                    x["raised_by"],
                    date(x["raised_on"]),
                    _("open") if x["status"] == "open" else _("afgesloten"),
                    x["level"] or "–",
                    x["mitigation"] or "–",
                ]
                for x in g["register"]
            ],
            empty=_("Geen knelpunten of risico's in dit jaar."),
        )
    )
    escalations = [(x, e) for x in g["register"] for e in x["escalations"]]
    if escalations:
        cols = [
            Column(_("Punt")),
            Column(_("Datum"), DATE),
            Column(_("Van")),
            Column(_("Naar")),
            Column(_("Reden")),
        ]
        if not public:
            cols.append(Column(_("Door")))
        b.append(
            Table(
                "escalaties",
                _("Escalaties"),
                cols,
                [
                    [x["title"], date(e["on"]), e["from"] or "–", e["to"], e["reason"]]
                    + ([] if public else [e.get("by", "")])
                    for x, e in escalations
                ],
            )
        )
    b.append(
        Table(
            "vergaderingen",
            _("Vergaderingen van het Rijk-Regio-overleg in %(year)s") % {"year": year},
            [
                Column(_("Datum"), DATE),
                Column(_("Vergadering")),
                Column(_("Aanwezig")),
                Column(_("Besluiten"), NUMBER),
            ],
            [
                [
                    date(x["held_on"]),
                    x["title"],
                    ", ".join(x["attendees"]) or "–",
                    Decimal(len(x["decisions"])),
                ]
                for x in g["meetings"]
            ],
            empty=_("Geen vergaderingen in dit jaar."),
        )
    )
    b.append(
        Table(
            "besluiten",
            _("Besluiten van het overleg"),
            [Column(_("Vergadering"), DATE), Column(_("Nummer"), NUMBER), Column(_("Besluit"))],
            [
                [date(x["held_on"]), Decimal(d["number"]), d["text"]]
                for x in g["meetings"]
                for d in x["decisions"]
            ],
            empty=_("Geen besluiten in dit jaar."),
        )
    )
    cols = [
        Column(_("Vergadering"), DATE),
        Column(_("Actie")),
        Column(_("Eigenaar")),
        Column(_("Uiterlijk"), DATE),
        Column(_("Gedaan op"), DATE),
    ]
    if not public:
        cols.insert(3, Column(_("Wie precies")))
    b.append(
        Table(
            "acties",
            _("Acties uit het overleg"),
            cols,
            [
                [date(a["meeting_on"]), a["description"], a["owner"]]
                + ([] if public else [a.get("owner_person") or "–"])
                + [date(a["due_on"]), date(a["done_on"])]
                for a in g["actions"]
            ],
            empty=_("Geen acties in dit jaar."),
        )
    )
    risks = [(p, r) for p in s["projects"] for r in p["risks"] if r["status"] != "closed"]
    b.append(
        Table(
            "projectrisicos",
            _("Open risico's van projecten"),
            [
                Column(_("Project")),
                Column(_("Risico")),
                Column(_("Kans")),
                Column(_("Impact")),
                Column(_("Status")),
            ],
            [
                [
                    p["code"],
                    r["description"],
                    _choice(RiskLevel, r["likelihood"]),
                    _choice(RiskLevel, r["impact"]),
                    _choice(RiskStatus, r["status"]),
                ]
                for p, r in risks
            ],
            empty=_("Geen open projectrisico's."),
        )
    )


def _section_changes(b: list, s: dict) -> None:
    c = s["changes"]
    year = s["report"]["year"]
    b.append(Heading(1, _("Wijzigingen van de deal in %(year)s") % {"year": year}, "wijzigingen"))
    b.append(
        Table(
            "versies",
            _("Nieuwe versies van de deal (art. 11-13, 19.2)"),
            [
                Column(_("Versie"), NUMBER),
                Column(_("Herkomst")),
                Column(_("Geldt vanaf"), DATE),
                Column(_("Eindigt op"), DATE),
                Column(_("Controlegetal")),
            ],
            [
                [
                    Decimal(v["number"]),
                    _label(ORIGINS, v["origin"]),
                    date(v["effective_from"]),
                    date(v["ends_on"]),
                    v["checksum"][:12],
                ]
                for v in c["versions"]
            ],
            empty=_("Geen nieuwe versie van de deal in dit jaar."),
        )
    )
    rows = []
    for r in c["requests"]:
        kind, status = _request_label(r["kind"], r["status"])
        rows.append(
            [
                Decimal(r["number"]),
                kind,
                r["title"],
                r["filed_by"] or "–",
                date(r["filed_on"]),
                status,
                date(r["decided_on"]),
            ]
        )
    b.append(
        Table(
            "verzoeken",
            _("Verzoeken (wijziging, looptijd, toetreding, opzegging)"),
            [
                Column(_("Nummer"), NUMBER),
                Column(_("Soort")),
                Column(_("Titel")),
                Column(_("Ingediend door")),
                Column(_("Ingediend op"), DATE),
                Column(_("Status")),
                Column(_("Besloten op"), DATE),
            ],
            rows,
            empty=_("Geen verzoeken in dit jaar."),
        )
    )
