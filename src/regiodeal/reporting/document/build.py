"""The whole document: cover facts, introduction, summary, the chapters in order, lessons."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .. import data
from ..constants import Audience, ReportStatus
from ..formatting import date_text
from .blocks import (
    RATIO,
    D,
    Document,
    Facts,
    Heading,
    Paragraph,
    _choice,
    date,
    excl,
    verdict_label,
)
from .money import section_money
from .overleg import section_changes, section_distribution, section_governance
from .projects import section_a
from .results import section_b, section_evaluation


def build(structure: data.ReportData | dict, *, pdf: bool = False) -> Document:
    """The document for a report (internal or public; typed, or a structure in its JSON form,
    gathered now or frozen earlier), in the active language.

    `pdf`: the PDF's edition, which leaves the bulky tables (per project, per wijk, per group and
    area) to the Excel annex and the Word version, with a sentence and a link where they would
    be, so the worker lays it out in seconds (docs/reporting.md, "The PDF and the annex")."""
    structure = data.report_data(structure)
    deal, report = structure.deal, structure.report
    year = report.year
    public = report.audience == Audience.PUBLIC
    status = report.status
    subtitle = deal.name
    facts: list[tuple[str, Any]] = [
        (_("Verslagjaar"), str(year)),
        (_("Stand per"), date(report.as_of)),
        (_("Status"), _choice(ReportStatus, status)),
        (_("Versie"), _("openbare versie") if public else _("interne versie")),
        (_("Openbare editie"), str(report.edition) if report.edition else None),
        (_("Voorgelegd aan de Partijen op"), date(report.sent_on)),
        (_("Ingediend bij VRO op"), date(report.submitted_on)),
        (_("Versie van de deal"), f"{deal.version} ({deal.version_checksum[:12]})"),
        (_("Opgesteld op"), date(report.generated_on)),
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
            % {"article": deal.report_article}
        )
    )
    b.append(Paragraph(deal.aim))
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
        for w in report.withdrawn:
            b.append(
                Paragraph(
                    _(
                        "Openbare editie %(n)s is op %(d)s ingetrokken: een gegeven erin is daarna op "
                        "verzoek van een Partij vertrouwelijk verklaard (art. 10.1). Deze editie is gemaakt "
                        "uit de bij de indiening vastgelegde gegevens, zonder dat gegeven."
                    )
                    % {"n": w.edition, "d": date_text(date(w.on))},
                    emphasis=True,
                )
            )
    _summary(b, structure)
    section_a(b, structure, pdf=pdf)
    section_b(b, structure, pdf=pdf)
    section_evaluation(b, structure)
    section_money(b, structure)
    section_distribution(b, structure, pdf=pdf)
    section_governance(b, structure, public, pdf=pdf)
    b.append(Heading(1, _("Geleerde lessen"), "lessen"))
    lessons = structure.lessons.strip()
    if lessons:
        b.extend(Paragraph(p.strip()) for p in lessons.split("\n\n") if p.strip())
    else:
        b.append(Paragraph(_("Het programmabureau heeft nog geen lessen beschreven.")))
    section_changes(b, structure)
    return doc


def _summary(b: list, s: data.ReportData) -> None:
    r, m = s.results, s.money
    x = excl(s)
    b.append(Heading(1, _("Samenvatting"), "samenvatting"))
    counts = ", ".join(f"{verdict_label(v)}: {n}" for v, n in r.counts.items())
    b.append(
        Facts(
            [
                (_("Oordeel over de deal (het zwakste van de pijlers)"), verdict_label(r.verdict)),
                (_("Pijlers per oordeel"), counts or "–"),
                (_("Projecten in dit verslag"), str(len(s.projects))),
                (_("Rijksbijdrage toegekend in het jaar") + x, D(m.year_total.granted)),
                (_("Rijksbijdrage besteed in het jaar") + x, D(m.year_total.national_spent)),
                (
                    _("Regionale financiering gerealiseerd in het jaar") + x,
                    D(m.year_total.regional_actual),
                ),
                (_("Matchingsratio cumulatief (besteed)") + x, D(m.matching.spent_cumulative), RATIO),
            ]
        )
    )
