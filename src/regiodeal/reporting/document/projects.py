"""Part A of the report (Art. 7.2.A): the projects, and how residents take part."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from regiodeal.finance.constants import ZERO
from regiodeal.projects.constants import ProjectStatus, RiskLevel, RiskStatus

from .. import data
from ..formatting import date_text
from .blocks import (
    DATE,
    MILESTONE_STATES,
    MONEY,
    NUMBER,
    Column,
    D,
    Facts,
    Heading,
    Paragraph,
    Table,
    _choice,
    _label,
    date,
    in_annex,
    verdict_label,
)


def _period(start: str | None, end: str | None) -> str:
    return f"{date_text(date(start)) if start else '?'} – {date_text(date(end)) if end else '?'}"


def section_a(b: list, s: data.ReportData, *, pdf: bool = False) -> None:
    projects = s.projects
    year = s.report.year
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
                    p.code,
                    p.title,
                    p.lead,
                    _choice(ProjectStatus, p.status),
                    D(p.money.allocated_year),
                    D(p.money.national_spent_year),
                    Decimal(sum(1 for x in p.milestones if x.state.startswith("done"))),
                    Decimal(len(p.milestones)),
                ]
                for p in projects
            ],
            footer=[
                _("Totaal"),
                "",
                "",
                "",
                sum((D(p.money.allocated_year) for p in projects), ZERO),
                sum((D(p.money.national_spent_year) for p in projects), ZERO),
                Decimal(sum(1 for p in projects for x in p.milestones if x.state.startswith("done"))),
                Decimal(sum(len(p.milestones) for p in projects)),
            ]
            if projects
            else None,
            empty=_("Nog geen projecten."),
        )
    )
    if pdf and projects:
        b.append(
            in_annex(
                s,
                _(
                    "Per project de toelichting (deelnemers, looptijd, hoe inwoners meedoen, art. 8), de "
                    "statuswijzigingen, mijlpalen, gemeten prestaties en risico's"
                ),
            )
        )
    else:
        for p in projects:
            _project(b, p)
    _participation(b, s, pdf)


def _project(b: list, p: data.Project) -> None:
    anchor = f"project-{p.code}"
    b.append(Heading(2, f"{p.code} {p.title}", anchor))
    if p.description:
        b.append(Paragraph(p.description))
    b.append(
        Facts(
            [
                (_("Status"), _choice(ProjectStatus, p.status)),
                (_("Trekker"), p.lead),
                (_("Andere deelnemers"), ", ".join(p.participants) or "–"),
                (_("Looptijd"), _period(p.starts_on, p.ends_on)),
                (_("Pijlers"), ", ".join(p.pillars) or "–"),
                (_("Beoogde resultaten"), ", ".join(p.results) or "–"),
                (_("Gebieden"), ", ".join(p.areas) or "–"),
                (_("Doelgroepen"), ", ".join(p.groups) or "–"),
                (
                    _("Hoe inwoners meedoen (Bijlage 1 §3)"),
                    p.participation or _("nog niet beschreven"),
                ),
                (
                    _("Rijk en regio genoemd in de communicatie (art. 8)"),
                    (_("ja") + (f": {p.credits_evidence}" if p.credits_evidence else ""))
                    if p.credits_rijk_regio
                    else _("nee, nog niet"),
                ),
            ]
        )
    )
    code = p.code.lower()
    if p.status_changes:
        b.append(
            Table(
                f"status-{code}",
                _("%(code)s: statuswijzigingen in het jaar") % {"code": p.code},
                [Column(_("Datum"), DATE), Column(_("Van")), Column(_("Naar")), Column(_("Reden"))],
                [
                    [
                        date(t.on),
                        _choice(ProjectStatus, t.from_status),
                        _choice(ProjectStatus, t.to),
                        t.reason,
                    ]
                    for t in p.status_changes
                ],
            )
        )
    b.append(
        Table(
            f"mijlpalen-{code}",
            _("%(code)s: mijlpalen in het jaar") % {"code": p.code},
            [
                Column(_("Mijlpaal")),
                Column(_("Gepland"), DATE),
                Column(_("Bereikt op"), DATE),
                Column(_("Stand")),
            ],
            [
                [m.title, date(m.due_on), date(m.done_on), _label(MILESTONE_STATES, m.state)]
                for m in p.milestones
            ],
            empty=_("Geen mijlpalen in dit jaar."),
        )
    )
    b.append(
        Table(
            f"prestaties-{code}",
            _("%(code)s: gemeten prestaties") % {"code": p.code},
            [
                Column(_("Indicator")),
                Column(_("Datum"), DATE),
                Column(_("Waarde"), NUMBER),
                Column(_("Eenheid")),
                Column(_("Gebied")),
            ],
            [[o.name, date(o.on), D(o.value), o.unit, o.area or "–"] for o in p.outputs],
            empty=_("Geen metingen van dit project in dit jaar."),
        )
    )
    if p.risks:
        b.append(
            Table(
                f"risicos-{code}",
                _("%(code)s: risico's") % {"code": p.code},
                [
                    Column(_("Risico")),
                    Column(_("Kans")),
                    Column(_("Impact")),
                    Column(_("Beheersmaatregel")),
                    Column(_("Status")),
                ],
                [
                    [
                        r.description,
                        _choice(RiskLevel, r.likelihood),
                        _choice(RiskLevel, r.impact),
                        r.mitigation or "–",
                        _choice(RiskStatus, r.status),
                    ]
                    for r in p.risks
                ],
            )
        )


def _participation(b: list, s: data.ReportData, pdf: bool) -> None:
    b.append(Heading(2, _("Participatie van inwoners"), "participatie"))
    part = s.participation
    if not part or not part.wijken:
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
            % {"on": date_text(date(part.on)), "norm": part.norm}
        )
    )
    internal = any(w.verdict is not None for w in part.wijken)
    if pdf:
        facts = [
            (_("Wijken"), Decimal(len(part.wijken)), NUMBER),
            (_("Bewoners gesproken"), Decimal(sum(w.residents or 0 for w in part.wijken)), NUMBER),
        ]
        if internal:
            met = sum(1 for w in part.wijken if (w.residents or 0) >= part.norm)
            facts.append((_("Wijken die de norm halen"), Decimal(met), NUMBER))
        b.append(Facts(facts))
        b.append(in_annex(s, _("De aantallen per wijk")))
        return
    columns = [Column(_("Wijk")), Column(_("Bewoners gesproken"), NUMBER)]
    if internal:
        columns += [Column(_("Gesprekken"), NUMBER), Column(_("Oordeel"))]
    rows = []
    for w in part.wijken:
        row = [w.name, None if w.residents is None else Decimal(w.residents)]
        if internal:
            row += [Decimal(w.conversations or 0), verdict_label(w.verdict) if w.verdict else "–"]
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
