"""The example portfolio of `regiodeal demo`: the values, made from the deal's version by a seeded
random generator (the same seed and day give the same portfolio).

Twelve projects over the three pillars in every status, money that keeps the covenant's rules
(allocations within the lines, regional money matching national money, spending up to today,
execution costs within 3%: Art. 4.2), baselines and measurements of the covenant's targets and
of six catalogue indicators, the outreach counts per example wijk, a Rijk-Regio-overleg a year
(Art. 6.2), the SPUK accounts (Art. 5) and the yearly progress report (Art. 7.3). Everything is
marked as example data: projects have `is_example`, ledger entries carry the source document
"VOORBEELD-...", measurements the source "Voorbeeldgegevens (regiodeal demo)", meetings the
title "... (voorbeeld)". `portfolio.demo_portfolio_create` writes them through the services.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from regiodeal.demo import values as v
from regiodeal.demo.values import money

EXAMPLE_SOURCE = "Voorbeeldgegevens (regiodeal demo)"
# The Parties sign one a day from 6 January 2025; the deal is in force from 16 January (Art. 19).
FIRST_SIGNATURE = dt.date(2025, 1, 6)
IN_FORCE = dt.date(2025, 1, 16)

# (code, title, pillar, results, lead, areas, groups, sectors, status, share of the pillar's money)
PROJECTS = [
    (
        "WW-101",
        "Ontmoetingsplek De Loods in Schiedam-Oost",
        "1",
        ["1A"],
        "SCHIEDAM",
        ["SCHIEDAM_OOST"],
        ["inwoners_kwetsbare_wijken"],
        [],
        "running",
        Decimal("0.22"),
    ),
    (
        "WW-102",
        "Buurtkamer Westwijk met bewoners",
        "1",
        ["1A", "1B"],
        "VLAARDINGEN",
        ["VLAARDINGEN_WESTWIJK"],
        ["inwoners_kwetsbare_wijken"],
        [],
        "running",
        Decimal("0.18"),
    ),
    (
        "WW-103",
        "Outreachend werken: dertig gesprekken per wijk",
        "1",
        ["1B"],
        "MAASSLUIS",
        ["MAASSLUIS"],
        ["inwoners_kwetsbare_wijken", "eu_arbeidsmigranten"],
        [],
        "running",
        Decimal("0.15"),
    ),
    (
        "WW-104",
        "Steunnetwerken voor jongeren in Nieuwland",
        "1",
        ["1C"],
        "SCHIEDAM",
        ["SCHIEDAM_NIEUWLAND"],
        ["jongeren"],
        [],
        "approved",
        Decimal("0.25"),
    ),
    (
        "WW-105",
        "Goed verhuurderschap Mathenesse",
        "1",
        ["1D"],
        "ROTTERDAM",
        ["ROTTERDAM_MATHENESSE"],
        ["eu_arbeidsmigranten"],
        [],
        "proposed",
        Decimal("0.10"),
    ),
    (
        "WW-201",
        "Regionaal ecosysteem werkgevers en onderwijs",
        "2",
        ["2A", "2B"],
        "PZH",
        ["MAASSLUIS", "SCHIEDAM", "VLAARDINGEN"],
        ["werklozen"],
        ["maritiem_haven", "techniek"],
        "running",
        Decimal("0.30"),
    ),
    (
        "WW-202",
        "Hybride vakopleiding zorg en techniek",
        "2",
        ["2C", "2D"],
        "VLAARDINGEN",
        ["VLAARDINGEN"],
        ["jongeren", "werklozen"],
        ["zorg", "techniek"],
        "running",
        Decimal("0.35"),
    ),
    (
        "WW-203",
        "Doorlopende leerlijn po-vo-mbo in de haven",
        "2",
        ["2E"],
        "ROTTERDAM",
        ["ROTTERDAM_MATHENESSE"],
        ["jongeren"],
        ["maritiem_haven"],
        "approved",
        Decimal("0.20"),
    ),
    (
        "WW-301",
        "Loket verduurzaming voor huiseigenaren en VvE's",
        "3",
        ["3C"],
        "MAASSLUIS",
        ["MAASSLUIS"],
        ["inwoners_kwetsbare_wijken"],
        ["groen"],
        "running",
        Decimal("0.35"),
    ),
    (
        "WW-302",
        "Wijkhub als proeftuin voor verduurzaming",
        "3",
        ["3D"],
        "SCHIEDAM",
        ["SCHIEDAM_NIEUWLAND"],
        [],
        ["techniek"],
        "running",
        Decimal("0.30"),
    ),
    (
        "WW-303",
        "Circulaire campus: pilot circulair bouwen",
        "3",
        ["3E", "3F"],
        "PZH",
        ["VLAARDINGEN"],
        [],
        ["techniek", "groen"],
        "completed",
        Decimal("0.25"),
    ),
    (
        "WW-304",
        "Maritieme duurzame technieken (experiment)",
        "3",
        ["3B"],
        "ROTTERDAM",
        ["ROTTERDAM_MATHENESSE"],
        [],
        ["maritiem_haven"],
        "stopped",
        Decimal("0.05"),
    ),
]

STATUS_PATH = {
    "idea": [],
    "proposed": ["proposed"],
    "approved": ["proposed", "approved"],
    "running": ["proposed", "approved", "running"],
    "completed": ["proposed", "approved", "running", "completed"],
    "stopped": ["proposed", "approved", "running", "stopped"],
}
REASONS = {
    "proposed": "Uitgewerkt tot voorstel (voorbeeld)",
    "approved": "Opgenomen in het uitvoeringsprogramma (voorbeeld)",
    "running": "Uitvoering gestart (voorbeeld)",
    "completed": "Opgeleverd (voorbeeld)",
    "stopped": "Gestopt na tussenevaluatie: bijsturing (voorbeeld)",
}

# Example wijken (CBS-style codes) per gemeente, for the outreach figures. Not the NPLV areas' real
# codes, which are not confirmed (shared/data/README.md): these are example data only.
EXAMPLE_WIJKEN = [
    ("WK055601", "Voorbeeldwijk Maassluis 1"),
    ("WK055602", "Voorbeeldwijk Maassluis 2"),
    ("WK060601", "Voorbeeldwijk Schiedam 1"),
    ("WK060602", "Voorbeeldwijk Schiedam 2"),
    ("WK062201", "Voorbeeldwijk Vlaardingen 1"),
    ("WK059901", "Voorbeeldwijk Rotterdam-Mathenesse"),
]


# (result, CBS indicator, baseline, target, yearly change): brede-welvaart indicators as the
# programme office might link them. Example figures, not CBS data.
CATALOGUE_LINKS = [
    ("2B", "bw_werkloosheid", Decimal("6.8"), Decimal("5.5"), Decimal("-0.35")),
    ("2D", "bw_startkwalificatie", Decimal("71.0"), Decimal("75.0"), Decimal("0.6")),
    ("2E", "bw_hoogopgeleiden", Decimal("24.0"), Decimal("27.0"), Decimal("0.3")),
    ("3C", "bw_zonne_energie", Decimal("180"), Decimal("300"), Decimal("22")),
    ("3A", "bw_broeikasgas", Decimal("9.1"), Decimal("8.0"), Decimal("-0.05")),
    ("1D", "bw_vaak_onveilig", Decimal("31.0"), Decimal("26.0"), Decimal("-1.6")),
]


@dataclass(frozen=True)
class DealFacts:
    """What the generator needs to know of a deal's version, by code."""

    parties: list[str]
    organisations: set[str]
    pillar_lines: list[tuple[str, str, Decimal, Decimal]]  # pillar, line, national, regional
    vat: tuple[str, Decimal, Decimal]  # the execution costs' line
    objectives: dict[str, list[str]]  # by pillar, in the covenant's order
    results: set[str]
    areas: set[str]
    groups: set[str]
    sectors: set[str]
    targets: set[str]  # the programme indicators (`results_setup` makes and links them)
    catalogue: set[str]  # the CBS catalogue's indicators

    @classmethod
    def read(cls, deal, version) -> DealFacts:
        from regiodeal.results.catalogue import read_catalogue

        lines = list(version.budget_lines.select_related("pillar"))
        vat = next(b for b in lines if b.kind == "execution_costs")
        objectives: dict[str, list[str]] = {}
        for o in version.objectives.select_related("pillar"):
            objectives.setdefault(o.pillar.code, []).append(o.code)
        return cls(
            parties=[p.organisation.code for p in version.parties.select_related("organisation")],
            organisations=set(deal.organisations.values_list("code", flat=True)),
            pillar_lines=[(b.pillar.code, b.code, b.rijk, b.regional) for b in lines if b.pillar],
            vat=(vat.code, vat.rijk, vat.regional),
            objectives=objectives,
            results=set(version.results.values_list("code", flat=True)),
            areas=set(version.areas.values_list("code", flat=True)),
            groups=set(version.groups.values_list("code", flat=True)),
            sectors=set(version.sectors.values_list("code", flat=True)),
            targets=set(version.indicators.values_list("code", flat=True)),
            catalogue={row["code"] for row in read_catalogue()},
        )


def signatures(parties: list[str], today: dt.date, first: dt.date = FIRST_SIGNATURE) -> list[v.Signature]:
    """Every Party signs, one a day from `first` (never after today): the deal is in force."""
    return [v.Signature(code, min(first + dt.timedelta(days=i), today)) for i, code in enumerate(parties)]


def example_portfolio(facts: DealFacts, *, seed: int = 2025, today: dt.date) -> v.Portfolio:
    rng = random.Random(seed)
    start = IN_FORCE
    out = v.Portfolio(signatures=signatures(facts.parties, today))
    out.projects = _projects(facts, start)
    _money_flows(out, facts, rng, start, today)
    _results(out, facts, rng, today)
    _governance(out, facts, start, today)
    _reports(out, start, today)
    return out


def _projects(facts: DealFacts, start: dt.date) -> list[v.Project]:
    made = []
    for i, (code, title, pillar, results, lead, areas, groups, sectors, status, _share) in enumerate(
        PROJECTS
    ):
        starts = start + dt.timedelta(days=30 * (i % 6))
        credits = status in ("running", "completed")
        made.append(
            v.Project(
                code=code,
                title=title,
                lead=lead,
                description=f"Voorbeeldproject in pijler {pillar}: {title.lower()}. Geen echte gegevens.",
                pillars=[pillar],
                status=status,
                starts_on=starts,
                ends_on=dt.date(2028, 6, 30),
                residents_participation=(
                    "Bewoners denken mee in wijkgesprekken en beslissen mee over de inrichting (voorbeeld)."
                ),
                credits_rijk_regio=credits,
                credits_evidence="Projectpagina en bouwbord vermelden Rijk en regio (voorbeeld)"
                if credits
                else "",
                objectives=facts.objectives[pillar][:2],
                results=list(results),
                areas=[c for c in areas if c in facts.areas],
                groups=[c for c in groups if c in facts.groups],
                sectors=[c for c in sectors if c in facts.sectors],
                participants=[c for c in ("ALBEDA", "TNO") if c in facts.organisations][: 1 + i % 2],
                path=[v.Step(step, starts, REASONS[step]) for step in STATUS_PATH[status]],
                milestones=[
                    v.Milestone("Plan van aanpak vastgesteld (voorbeeld)", starts + dt.timedelta(days=60)),
                    v.Milestone("Tussenevaluatie met bewoners (voorbeeld)", starts + dt.timedelta(days=400)),
                ],
                risks=[
                    v.Risk(
                        description="Vertraging bij het vinden van een locatie (voorbeeld)",
                        likelihood="medium",
                        impact="medium",
                        mitigation="Tweede locatie achter de hand (voorbeeld)",
                    )
                ]
                if i % 3 == 0
                else [],
                created_on=start,
            )
        )
    return made


def _money_flows(out: v.Portfolio, facts: DealFacts, rng, start: dt.date, today: dt.date) -> None:
    """National allocations within the line maxima, regional money that matches them, spending up
    to today, execution costs within 3% (Art. 4.2); the yearly programme; the SPUK accounts of
    the years past (Art. 5)."""
    lines = {pillar: (code, rijk, regional) for pillar, code, rijk, regional in facts.pillar_lines}
    vat_code, vat_rijk, vat_regional = facts.vat

    def book(**kw):
        # Money granted is national, money pledged or paid regional, as the ledger records it.
        kw.setdefault("funding", v.FIXED_FUNDING.get(kw["kind"], ""))
        out.entries.append(v.Entry(source_document=f"VOORBEELD-{len(out.entries) + 1:04d}", **kw))

    elapsed = min(max((today - start).days / (dt.date(2028, 12, 31) - start).days, 0), 1)
    for i, project in enumerate(out.projects):
        pillar, lead, status, share = PROJECTS[i][2], project.lead, project.status, PROJECTS[i][9]
        if status in ("idea", "proposed"):
            continue
        line, rijk, _regional = lines[pillar]
        granted = money(rijk * share * Decimal("0.6"))
        booked = start + dt.timedelta(days=45)
        on_project = {"budget_line": line, "project": project.code}
        book(
            kind="national_allocation",
            booked_on=booked,
            amount=granted,
            organisation=lead,
            description=f"Toekenning rijksbijdrage {project.code} (voorbeeld)",
            **on_project,
        )
        book(
            kind="regional_contribution",
            booked_on=booked,
            amount=money(granted * Decimal("1.05")),
            organisation=lead,
            contribution_status="pledged",
            sector="public",
            form="cash",
            description=f"Cofinanciering {lead} (voorbeeld)",
            **on_project,
        )
        partner = rng.choice(["ALBEDA", "HAVENBEDRIJF", "TNO", "ZADKINE"])
        book(
            kind="regional_contribution",
            booked_on=booked,
            amount=money(granted * Decimal("0.35")),
            organisation=partner,
            contribution_status="paid",
            sector="private",
            form="in_kind",
            valuation_basis="Uren tegen uurtarief 85 euro (voorbeeld)",
            description=f"Inzet van {partner} in natura (voorbeeld)",
            **on_project,
        )
        progress = Decimal(str(round(elapsed * rng.uniform(0.6, 1.1), 2)))
        if status == "stopped":
            progress = Decimal("0.2")
        spent = min(money(granted * progress), granted)
        for k, part in enumerate((Decimal("0.4"), Decimal("0.6"))):
            day = min(start + dt.timedelta(days=120 + 200 * k), today)
            book(
                kind="spending",
                booked_on=day,
                amount=money(spent * part),
                funding="national",
                description=f"Besteding {project.code} (voorbeeld)",
                **on_project,
            )
            book(
                kind="spending",
                booked_on=day,
                amount=money(spent * part * Decimal("0.9")),
                funding="regional",
                description=f"Besteding regionaal {project.code} (voorbeeld)",
                **on_project,
            )
    for year in range(start.year, min(today.year, 2028) + 1):
        for funding in ("national", "regional"):
            book(
                kind="execution_costs",
                booked_on=min(dt.date(year, 11, 1), today),
                amount=money(vat_rijk / 4 * Decimal("0.8")),
                budget_line=vat_code,
                funding=funding,
                description=f"Programmabureau {year}, {funding} (voorbeeld)",
            )
        book(
            kind="regional_contribution",
            booked_on=min(dt.date(year, 2, 1), today),
            amount=money(vat_regional / 4),
            budget_line=vat_code,
            organisation="ROTTERDAM",
            contribution_status="pledged",
            sector="public",
            form="cash",
            description=f"Bijdrage uitvoeringskosten {year} (voorbeeld)",
        )
    for year in range(2025, 2029):
        for _pillar, code, rijk, regional in [*lines_in_order(facts), (None, *facts.vat)]:
            out.budgets.append(
                v.Budget(year, code, money(rijk / 4), money(regional / 4), "Uitvoeringsprogramma (voorbeeld)")
            )
    out.spuk_years = [
        (year, dt.date(year + 1, 7, 1))
        for year in range(start.year, today.year)
        if dt.date(year + 1, 7, 1) <= today
    ]


def lines_in_order(facts: DealFacts):
    """The pillars' lines, one per pillar (the last of a pillar wins, as a dict by pillar would)."""
    return list(
        {
            pillar: (pillar, code, rijk, regional) for pillar, code, rijk, regional in facts.pillar_lines
        }.values()
    )


def _results(out: v.Portfolio, facts: DealFacts, rng, today: dt.date) -> None:
    """Baselines for the covenant's targets and measurements since, per wijk for the outreach norm."""
    baseline_on = dt.date(2025, 3, 31)
    baselines = {
        "ontmoetingsplekken": Decimal("0"),
        "jongeren_steunnetwerk": Decimal("48.0"),
        "bewoners_gesproken_per_wijk": Decimal("0"),
    }
    out.baselines = [
        v.Baseline(code, value, baseline_on, EXAMPLE_SOURCE)
        for code, value in baselines.items()
        if code in facts.targets
    ]
    measure = out.measurements.append
    quarters = [d for d in (dt.date(y, m, 28) for y in (2025, 2026) for m in (6, 9, 12)) if d <= today]
    if "ontmoetingsplekken" in facts.targets:
        for i, day in enumerate(quarters):
            measure(v.Measurement("ontmoetingsplekken", Decimal(min(1 + i // 2, 3)), day, EXAMPLE_SOURCE))
    if "jongeren_steunnetwerk" in facts.targets:
        for i, day in enumerate(quarters[1::2]):
            value = Decimal("48.0") + Decimal(str(round(rng.uniform(1.5, 3.0) * (i + 1), 1)))
            measure(v.Measurement("jongeren_steunnetwerk", value, day, EXAMPLE_SOURCE))
    for result_code, code, baseline, target, step in CATALOGUE_LINKS:
        if code not in facts.catalogue or result_code not in facts.results:
            continue
        out.links.append(
            v.IndicatorLink(
                result=result_code,
                indicator=code,
                target_value=target,
                target_on=dt.date(2028, 12, 31),
                baseline_value=baseline,
                baseline_on=baseline_on,
                source=EXAMPLE_SOURCE,
            )
        )
        value = baseline
        for day in quarters[1::2]:
            value += step * Decimal(str(round(rng.uniform(0.5, 1.6), 2)))
            measure(v.Measurement(code, value.quantize(Decimal("0.1")), day, EXAMPLE_SOURCE))
    if "bewoners_gesproken_per_wijk" in facts.targets:
        for code, name in EXAMPLE_WIJKEN:
            spoken = 0
            for day in quarters:
                spoken += rng.randint(2, 9)
                measure(
                    v.Measurement(
                        "bewoners_gesproken_per_wijk",
                        Decimal(spoken),
                        day,
                        EXAMPLE_SOURCE,
                        area_code=code,
                        area_name=name,
                    )
                )


OBLIGATION_EVIDENCE = {
    "beginsituatie": "Nulmeting en evaluatieaanpak vastgesteld (voorbeeld)",
    "uitvoeringsprogramma": "Uitvoeringsprogramma vastgesteld in het overleg (voorbeeld)",
    "voortgang-concept": "Concept per e-mail aan de Partijen (voorbeeld)",
    "voortgang-vro": "Ingediend bij VRO (voorbeeld)",
    "spuk-verantwoording": "SiSa-verantwoording ingediend (voorbeeld)",
}


def _governance(out: v.Portfolio, facts: DealFacts, start: dt.date, today: dt.date) -> None:
    """The Rijk-Regio-overleg each October (Art. 6.2), the duties of the obligations calendar
    done with evidence, and one risk on the register."""
    for year in range(start.year, today.year + 1):
        held = dt.date(year, 10, 14)
        if held > today:
            continue
        out.meetings.append(
            v.Meeting(
                held_on=held,
                title=f"Rijk-Regio-overleg {year} (voorbeeld)",
                location="Schiedam",
                agenda="1. Voortgang\n2. Knelpunten en risico's\n3. Uitvoeringsprogramma",
                minutes="Voorbeeldverslag: de Partijen bespreken de voortgangsrapportage.",
                decisions=[f"Het uitvoeringsprogramma {year + 1} wordt vastgesteld (voorbeeld)."],
                actions=[
                    v.Action(
                        "Werk de nulmeting jongeren bij (voorbeeld)", "SCHIEDAM", held + dt.timedelta(days=90)
                    )
                ],
            )
        )
    out.evidence = dict(OBLIGATION_EVIDENCE)
    out.register.append(
        v.RegisterItem(
            kind="risk",
            title="Krapte op de bouwmarkt (voorbeeld)",
            description="Aanbestedingen van de wijkhubs lopen vertraging op (voorbeeld).",
            raised_by="SCHIEDAM",
            raised_on=min(dt.date(2025, 9, 1), today),
            mitigation="Gefaseerd aanbesteden (voorbeeld)",
        )
    )


def _reports(out: v.Portfolio, start: dt.date, today: dt.date) -> None:
    """The yearly progress report on every full year so far, sent and submitted in time (Art. 7.3)."""
    for year in range(start.year, today.year):
        sent_on, submitted_on = dt.date(year + 1, 6, 1), dt.date(year + 1, 7, 1)
        if submitted_on > today:
            continue
        out.reports.append(
            v.Report(
                year=year,
                lessons="Samenwerken met bewoners kost tijd en levert veel op (voorbeeld).",
                sent_on=sent_on,
                sent_note="Per e-mail aan de Partijen (voorbeeld)",
                final_note="Verwerkt: geen opmerkingen (voorbeeld)",
                submitted_on=submitted_on,
                submitted_note="Ingediend bij VRO (voorbeeld)",
            )
        )
