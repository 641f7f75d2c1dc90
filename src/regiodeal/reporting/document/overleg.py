"""Distribution effects, the Rijk-Regio-overleg (register, escalations, meetings, decisions,
actions, project risks) and the changes to the deal."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from regiodeal.projects.constants import RiskLevel, RiskStatus

from .. import data
from .blocks import (
    DATE,
    NUMBER,
    ORIGINS,
    REGISTER_KINDS,
    TRENDS,
    Column,
    D,
    Heading,
    Paragraph,
    Table,
    _choice,
    _label,
    _request_label,
    date,
    in_annex,
)


def section_distribution(b: list, s: data.ReportData, *, pdf: bool = False) -> None:
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
    if not s.distribution:
        b.append(Paragraph(_("Nog geen metingen per groep of gebied.")))
    if pdf and s.distribution:
        _distribution_summary(b, s)
        return
    for d in s.distribution:
        b.append(
            Table(
                f"verdeling-{d.indicator}".lower().replace("_", "-"),
                f"{d.name} ({d.unit})",
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
                        x.name,
                        date(x.latest_on),
                        D(x.latest_value),
                        D(x.latest_regional),
                        D(x.latest_gap),
                        D(x.first_gap),
                        _label(TRENDS, x.trend),
                        _("ja") if x.lags_behind else _("nee"),
                    ]
                    for x in d.parts
                ],
            )
        )


def _distribution_summary(b: list, s: data.ReportData) -> None:
    """One row per indicator: how many groups and areas, how many lag behind, and whether their
    gaps narrow or widen; the figures per group and area are in the annex."""
    rows = []
    for d in s.distribution:
        trends = [x.trend for x in d.parts]
        rows.append(
            [
                f"{d.name} ({d.unit})",
                Decimal(sum(1 for x in d.parts if x.kind == "group")),
                Decimal(sum(1 for x in d.parts if x.kind == "area")),
                Decimal(sum(1 for x in d.parts if x.lags_behind)),
                Decimal(trends.count("narrowing")),
                Decimal(trends.count("widening")),
            ]
        )
    b.append(
        Table(
            "verdeling",
            _("Verdelingseffecten per indicator"),
            [
                Column(_("Indicator")),
                Column(_("Groepen"), NUMBER),
                Column(_("Gebieden"), NUMBER),
                Column(_("Met achterstand"), NUMBER),
                Column(_("Verschil wordt kleiner"), NUMBER),
                Column(_("Verschil wordt groter"), NUMBER),
            ],
            rows,
        )
    )
    b.append(in_annex(s, _("De cijfers per groep en per gebied (wijk)")))


def section_governance(b: list, s: data.ReportData, public: bool, *, pdf: bool = False) -> None:
    g = s.governance
    year = s.report.year
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
                    _label(REGISTER_KINDS, x.kind),
                    x.title,
                    x.raised_by,
                    date(x.raised_on),
                    _("open") if x.status == "open" else _("afgesloten"),
                    x.level or "–",
                    x.mitigation or "–",
                ]
                for x in g.register
            ],
            empty=_("Geen knelpunten of risico's in dit jaar."),
        )
    )
    escalations = [(x, e) for x in g.register for e in x.escalations]
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
                    [x.title, date(e.on), e.from_level or "–", e.to, e.reason]
                    + ([] if public else [(e.by or "")])
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
                    date(x.held_on),
                    x.title,
                    ", ".join(x.attendees) or "–",
                    Decimal(len(x.decisions)),
                ]
                for x in g.meetings
            ],
            empty=_("Geen vergaderingen in dit jaar."),
        )
    )
    b.append(
        Table(
            "besluiten",
            _("Besluiten van het overleg"),
            [Column(_("Vergadering"), DATE), Column(_("Nummer"), NUMBER), Column(_("Besluit"))],
            [[date(x.held_on), Decimal(d.number), d.text] for x in g.meetings for d in x.decisions],
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
                [date(a.meeting_on), a.description, a.owner]
                + ([] if public else [a.owner_person or "–"])
                + [date(a.due_on), date(a.done_on)]
                for a in g.actions
            ],
            empty=_("Geen acties in dit jaar."),
        )
    )
    risks = [(p, r) for p in s.projects for r in p.risks if r.status != "closed"]
    if pdf and risks:
        b.append(Heading(2, _("Open risico's van projecten"), "projectrisicos"))
        b.append(
            Paragraph(
                _("%(n)s open risico's bij %(p)s projecten.")
                % {"n": len(risks), "p": len({p.code for p, _r in risks})}
            )
        )
        b.append(in_annex(s, _("De open risico's per project")))
        return
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
                    p.code,
                    r.description,
                    _choice(RiskLevel, r.likelihood),
                    _choice(RiskLevel, r.impact),
                    _choice(RiskStatus, r.status),
                ]
                for p, r in risks
            ],
            empty=_("Geen open projectrisico's."),
        )
    )


def section_changes(b: list, s: data.ReportData) -> None:
    c = s.changes
    year = s.report.year
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
                    Decimal(v.number),
                    _label(ORIGINS, v.origin),
                    date(v.effective_from),
                    date(v.ends_on),
                    v.checksum[:12],
                ]
                for v in c.versions
            ],
            empty=_("Geen nieuwe versie van de deal in dit jaar."),
        )
    )
    rows = []
    for r in c.requests:
        kind, status = _request_label(r.kind, r.status)
        rows.append(
            [
                Decimal(r.number),
                kind,
                r.title,
                r.filed_by or "–",
                date(r.filed_on),
                status,
                date(r.decided_on),
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
