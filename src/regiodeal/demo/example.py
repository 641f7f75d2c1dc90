"""An example portfolio for a deal, so a newcomer sees a living platform.

Everything is written through the apps' own services, so every rule and the audit trail apply as
they would to real data, and everything is marked as example data: projects have `is_example`,
ledger entries carry the source document "VOORBEELD-...", measurements the source
"Voorbeeldgegevens (regiodeal demo)", meetings the title "... (voorbeeld)". It refuses to run on a
deal that holds real projects or ledger entries: example data never mixes into real data.

The figures are drawn from a seeded random generator: the same seed gives the same portfolio.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from regiodeal.audit.services import Actor
from regiodeal.deals import models as dm
from regiodeal.deals.selectors import version_in_force

EXAMPLE_SOURCE = "Voorbeeldgegevens (regiodeal demo)"
CENTS = Decimal("0.01")


class RealDataPresent(Exception):
    """The deal already holds real data; example data would mix into it."""


@dataclass
class DemoOutcome:
    projects: int = 0
    ledger_entries: int = 0
    measurements: int = 0
    meetings: int = 0
    reports: int = 0
    notes: list[str] = field(default_factory=list)


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


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENTS, rounding=ROUND_HALF_UP)


def demo_portfolio_create(
    *, deal: dm.Deal, actor: Actor | None = None, seed: int = 2025, today: dt.date | None = None
) -> DemoOutcome:
    from regiodeal.finance.models import LedgerEntry
    from regiodeal.projects.models import Project

    actor = actor or Actor(label="regiodeal demo", source="cli")
    today = today or timezone.localdate()
    if (
        Project.objects.filter(deal=deal, is_example=False).exists()
        or LedgerEntry.objects.filter(deal=deal).exclude(source_document__startswith="VOORBEELD-").exists()
    ):
        raise RealDataPresent(
            f"Deal {deal.slug} holds real projects or ledger entries: example data never mixes into real "
            "data. Run the demo on its own database, e.g. REGIODEAL_DATA_DIR=./demo-data regiodeal demo "
            f"--deal {deal.slug}."
        )
    outcome = DemoOutcome()
    if Project.objects.filter(deal=deal, is_example=True).exists():
        outcome.notes.append("the example portfolio is already there: nothing changed")
        return outcome
    rng = random.Random(seed)
    with transaction.atomic():
        version = version_in_force(deal)
        start = _signatures(deal, version, actor, today, outcome)
        projects = _projects(deal, version, actor, start, outcome)
        _money_flows(deal, version, actor, projects, rng, start, today, outcome)
        _results(deal, actor, rng, start, today, outcome)
        _governance(deal, version, actor, start, today, outcome)
        _reports(deal, actor, start, today, outcome)
    return outcome


def _signatures(deal, version, actor, today, outcome) -> dt.date:
    """All Parties signed in the example: the deal is in force (Art. 19)."""
    from regiodeal.governance.services import signature_record

    signed = set(deal.signatures.values_list("organisation_id", flat=True))
    first = dt.date(2025, 1, 6)
    for i, party in enumerate(version.parties.select_related("organisation")):
        if party.organisation_id not in signed:
            signature_record(
                actor=actor,
                deal=deal,
                organisation=party.organisation,
                signed_on=min(first + dt.timedelta(days=i), today),
            )
    return dt.date(2025, 1, 16)


def _projects(deal, version, actor, start, outcome):
    from regiodeal.projects.services import milestone_add, project_create, project_transition, risk_add

    pillars = {p.code: p for p in version.pillars.all()}
    results = {r.code: r for r in version.results.all()}
    objectives_of = {}
    for o in version.objectives.select_related("pillar"):
        objectives_of.setdefault(o.pillar.code, []).append(o)
    areas = {a.code: a for a in version.areas.all()}
    groups = {g.code: g for g in version.groups.all()}
    sectors = {s.code: s for s in version.sectors.all()}
    orgs = {o.code: o for o in deal.organisations.all()}
    made = []
    for i, (
        code,
        title,
        pillar,
        result_codes,
        lead,
        area_codes,
        group_codes,
        sector_codes,
        status,
        share,
    ) in enumerate(PROJECTS):
        starts = start + dt.timedelta(days=30 * (i % 6))
        project = project_create(
            actor=actor,
            deal=deal,
            code=code,
            title=title,
            lead=orgs[lead],
            description=f"Voorbeeldproject in pijler {pillar}: {title.lower()}. Geen echte gegevens.",
            starts_on=starts,
            ends_on=dt.date(2028, 6, 30),
            residents_participation=(
                "Bewoners denken mee in wijkgesprekken en beslissen mee over de inrichting (voorbeeld)."
            ),
            credits_rijk_regio=status in ("running", "completed"),
            credits_evidence="Projectpagina en bouwbord vermelden Rijk en regio (voorbeeld)"
            if status in ("running", "completed")
            else "",
            is_example=True,
            pillars=[pillars[pillar]],
            objectives=objectives_of[pillar][:2],
            results=[results[c] for c in result_codes],
            areas=[areas[c] for c in area_codes if c in areas],
            groups=[groups[c] for c in group_codes if c in groups],
            sectors=[sectors[c] for c in sector_codes if c in sectors],
            participants=[orgs[c] for c in ("ALBEDA", "TNO") if c in orgs][: 1 + i % 2],
        )
        for step in STATUS_PATH[status]:
            project_transition(actor=actor, project=project, to_status=step, reason=REASONS[step])
        milestone_add(
            actor=actor,
            project=project,
            title="Plan van aanpak vastgesteld (voorbeeld)",
            due_on=starts + dt.timedelta(days=60),
        )
        milestone_add(
            actor=actor,
            project=project,
            title="Tussenevaluatie met bewoners (voorbeeld)",
            due_on=starts + dt.timedelta(days=400),
        )
        if i % 3 == 0:
            risk_add(
                actor=actor,
                project=project,
                description="Vertraging bij het vinden van een locatie (voorbeeld)",
                likelihood="medium",
                impact="medium",
                mitigation="Tweede locatie achter de hand (voorbeeld)",
            )
        made.append((project, pillar, lead, status, share))
        outcome.projects += 1
    return made


def _money_flows(deal, version, actor, projects, rng, start, today, outcome):
    """National allocations within the line maxima, regional money that matches them, spending up
    to today, execution costs within 3% (Art. 4.2)."""
    from regiodeal.finance.services import entry_record, programme_budget_set
    from regiodeal.finance.validation import EntryDraft

    lines = {b.pillar.code: b for b in version.budget_lines.select_related("pillar") if b.pillar}
    vat = next(b for b in version.budget_lines.all() if b.kind == "execution_costs")
    n = 0

    def book(**kw):
        nonlocal n
        n += 1
        entry_record(actor=actor, deal=deal, draft=EntryDraft(source_document=f"VOORBEELD-{n:04d}", **kw))

    elapsed = min(max((today - start).days / (dt.date(2028, 12, 31) - start).days, 0), 1)
    for project, pillar, lead, status, share in projects:
        if status in ("idea", "proposed"):
            continue
        line = lines[pillar]
        granted = _money(line.rijk * share * Decimal("0.6"))
        booked = start + dt.timedelta(days=45)
        book(
            kind="national_allocation",
            booked_on=booked,
            amount=granted,
            budget_line=line.code,
            project=project.code,
            organisation=lead,
            description=f"Toekenning rijksbijdrage {project.code} (voorbeeld)",
        )
        book(
            kind="regional_contribution",
            booked_on=booked,
            amount=_money(granted * Decimal("1.05")),
            budget_line=line.code,
            project=project.code,
            organisation=lead,
            contribution_status="pledged",
            sector="public",
            form="cash",
            description=f"Cofinanciering {lead} (voorbeeld)",
        )
        partner = rng.choice(["ALBEDA", "HAVENBEDRIJF", "TNO", "ZADKINE"])
        book(
            kind="regional_contribution",
            booked_on=booked,
            amount=_money(granted * Decimal("0.35")),
            budget_line=line.code,
            project=project.code,
            organisation=partner,
            contribution_status="paid",
            sector="private",
            form="in_kind",
            valuation_basis="Uren tegen uurtarief 85 euro (voorbeeld)",
            description=f"Inzet van {partner} in natura (voorbeeld)",
        )
        progress = Decimal(str(round(elapsed * rng.uniform(0.6, 1.1), 2)))
        if status == "stopped":
            progress = Decimal("0.2")
        spent = min(_money(granted * progress), granted)
        for k, part in enumerate((Decimal("0.4"), Decimal("0.6"))):
            day = min(start + dt.timedelta(days=120 + 200 * k), today)
            book(
                kind="spending",
                booked_on=day,
                amount=_money(spent * part),
                budget_line=line.code,
                project=project.code,
                funding="national",
                description=f"Besteding {project.code} (voorbeeld)",
            )
            book(
                kind="spending",
                booked_on=day,
                amount=_money(spent * part * Decimal("0.9")),
                budget_line=line.code,
                project=project.code,
                funding="regional",
                description=f"Besteding regionaal {project.code} (voorbeeld)",
            )
    for year in range(start.year, min(today.year, 2028) + 1):
        for funding in ("national", "regional"):
            book(
                kind="execution_costs",
                booked_on=min(dt.date(year, 11, 1), today),
                amount=_money(vat.rijk / 4 * Decimal("0.8")),
                budget_line=vat.code,
                funding=funding,
                description=f"Programmabureau {year}, {funding} (voorbeeld)",
            )
        book(
            kind="regional_contribution",
            booked_on=min(dt.date(year, 2, 1), today),
            amount=_money(vat.regional / 4),
            budget_line=vat.code,
            organisation="ROTTERDAM",
            contribution_status="pledged",
            sector="public",
            form="cash",
            description=f"Bijdrage uitvoeringskosten {year} (voorbeeld)",
        )
    for year in range(2025, 2029):
        for line in [*lines.values(), vat]:
            programme_budget_set(
                actor=actor,
                deal=deal,
                year=year,
                budget_line=line.code,
                national=_money(line.rijk / 4),
                regional=_money(line.regional / 4),
                note="Uitvoeringsprogramma (voorbeeld)",
            )
    outcome.ledger_entries = n
    from regiodeal.finance.services import spuk_account_submit

    for year in range(start.year, today.year):
        submitted = dt.date(year + 1, 7, 1)
        if submitted <= today:
            spuk_account_submit(actor=actor, deal=deal, year=year, submitted_on=submitted)


def _results(deal, actor, rng, start, today, outcome):
    """Baselines for the covenant's targets and measurements since, per wijk for the outreach norm."""
    from regiodeal.results.models import ResultIndicator
    from regiodeal.results.services import measurement_record, result_indicator_update, results_setup

    results_setup(actor=actor, deal=deal)
    baseline_on = dt.date(2025, 3, 31)
    baselines = {
        "ontmoetingsplekken": Decimal("0"),
        "jongeren_steunnetwerk": Decimal("48.0"),
        "bewoners_gesproken_per_wijk": Decimal("0"),
    }
    links = ResultIndicator.objects.filter(deal=deal).select_related("indicator")
    for link in links:
        code = link.indicator.code
        if code in baselines and link.baseline_value is None:
            result_indicator_update(
                actor=actor,
                link=link,
                expected_version=None,
                baseline_value=baselines[code],
                baseline_on=baseline_on,
                baseline_source=EXAMPLE_SOURCE,
            )
    count = 0
    by_code = {link.indicator.code: link.indicator for link in links}
    quarters = [d for d in (dt.date(y, m, 28) for y in (2025, 2026) for m in (6, 9, 12)) if d <= today]
    if "ontmoetingsplekken" in by_code:
        for i, day in enumerate(quarters):
            measurement_record(
                actor=actor,
                deal=deal,
                indicator=by_code["ontmoetingsplekken"],
                value=Decimal(min(1 + i // 2, 3)),
                on=day,
                source=EXAMPLE_SOURCE,
            )
            count += 1
    if "jongeren_steunnetwerk" in by_code:
        for i, day in enumerate(quarters[1::2]):
            measurement_record(
                actor=actor,
                deal=deal,
                indicator=by_code["jongeren_steunnetwerk"],
                value=Decimal("48.0") + Decimal(str(round(rng.uniform(1.5, 3.0) * (i + 1), 1))),
                on=day,
                source=EXAMPLE_SOURCE,
            )
            count += 1
    count += _catalogue_indicators(deal, actor, rng, baseline_on, quarters)
    if "bewoners_gesproken_per_wijk" in by_code:
        for code, name in EXAMPLE_WIJKEN:
            spoken = 0
            for day in quarters:
                spoken += rng.randint(2, 9)
                measurement_record(
                    actor=actor,
                    deal=deal,
                    indicator=by_code["bewoners_gesproken_per_wijk"],
                    value=Decimal(spoken),
                    on=day,
                    source=EXAMPLE_SOURCE,
                    area_code=code,
                    area_name=name,
                )
                count += 1
    outcome.measurements = count


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


def _catalogue_indicators(deal, actor, rng, baseline_on, quarters) -> int:
    from regiodeal.results.models import Indicator
    from regiodeal.results.services import measurement_record, result_indicator_create

    version = version_in_force(deal)
    results = {r.code: r for r in version.results.all()}
    count = 0
    for result_code, code, baseline, target, step in CATALOGUE_LINKS:
        indicator = Indicator.objects.filter(deal=None, code=code).first()
        if indicator is None or result_code not in results:
            continue
        result_indicator_create(
            actor=actor,
            deal=deal,
            result=results[result_code],
            indicator=indicator,
            target_kind="absolute",
            target_value=target,
            target_on=dt.date(2028, 12, 31),
            baseline_value=baseline,
            baseline_on=baseline_on,
            baseline_source=EXAMPLE_SOURCE,
        )
        value = baseline
        for day in quarters[1::2]:
            value += step * Decimal(str(round(rng.uniform(0.5, 1.6), 2)))
            measurement_record(
                actor=actor,
                deal=deal,
                indicator=indicator,
                value=value.quantize(Decimal("0.1")),
                on=day,
                source=EXAMPLE_SOURCE,
            )
            count += 1
    return count


def _reports(deal, actor, start, today, outcome):
    """The yearly progress report on every full year so far, sent and submitted in time (Art. 7.3)."""
    from regiodeal.reporting.services import report_finalise, report_generate, report_send, report_submit

    for year in range(start.year, today.year):
        sent_on, submitted_on = dt.date(year + 1, 6, 1), dt.date(year + 1, 7, 1)
        if submitted_on > today:
            continue
        report = report_generate(
            actor=actor,
            deal=deal,
            year=year,
            lessons="Samenwerken met bewoners kost tijd en levert veel op (voorbeeld).",
        )
        report_send(
            actor=actor, report=report, sent_on=sent_on, note="Per e-mail aan de Partijen (voorbeeld)"
        )
        report_finalise(actor=actor, report=report, note="Verwerkt: geen opmerkingen (voorbeeld)")
        report_submit(
            actor=actor, report=report, submitted_on=submitted_on, note="Ingediend bij VRO (voorbeeld)"
        )
        outcome.reports += 1


def _governance(deal, version, actor, start, today, outcome):
    from regiodeal.governance.services import action_add, decision_add, meeting_create, register_item_create

    members = list(version.rules.overleg_members.all())
    orgs = {o.code: o for o in deal.organisations.all()}
    for year in range(start.year, today.year + 1):
        held = dt.date(year, 10, 14)
        if held > today:
            continue
        meeting = meeting_create(
            actor=actor,
            deal=deal,
            held_on=held,
            attendees=members,
            title=f"Rijk-Regio-overleg {year} (voorbeeld)",
            location="Schiedam",
            agenda="1. Voortgang\n2. Knelpunten en risico's\n3. Uitvoeringsprogramma",
            minutes="Voorbeeldverslag: de Partijen bespreken de voortgangsrapportage.",
        )
        decision_add(
            actor=actor,
            meeting=meeting,
            text=f"Het uitvoeringsprogramma {year + 1} wordt vastgesteld (voorbeeld).",
        )
        action_add(
            actor=actor,
            meeting=meeting,
            description="Werk de nulmeting jongeren bij (voorbeeld)",
            owner=orgs["SCHIEDAM"],
            due_on=held + dt.timedelta(days=90),
        )
        outcome.meetings += 1
    from regiodeal.governance.selectors import obligations
    from regiodeal.governance.services import obligation_fulfil

    evidence = {
        "beginsituatie": "Nulmeting en evaluatieaanpak vastgesteld (voorbeeld)",
        "uitvoeringsprogramma": "Uitvoeringsprogramma vastgesteld in het overleg (voorbeeld)",
        "voortgang-concept": "Concept per e-mail aan de Partijen (voorbeeld)",
        "voortgang-vro": "Ingediend bij VRO (voorbeeld)",
        "spuk-verantwoording": "SiSa-verantwoording ingediend (voorbeeld)",
    }
    for o in obligations(deal, today):
        prefix = next((p for p in evidence if o.key.startswith(p)), None)
        if o.manual and prefix and o.due_on <= today and o.done_on is None:
            obligation_fulfil(
                actor=actor, deal=deal, key=o.key, done_on=min(o.due_on, today), evidence=evidence[prefix]
            )
    register_item_create(
        actor=actor,
        deal=deal,
        kind="risk",
        title="Krapte op de bouwmarkt (voorbeeld)",
        description="Aanbestedingen van de wijkhubs lopen vertraging op (voorbeeld).",
        raised_by=orgs["SCHIEDAM"],
        raised_on=min(dt.date(2025, 9, 1), today),
        mitigation="Gefaseerd aanbesteden (voorbeeld)",
    )
