"""The national portfolio of the benchmarks, deal by deal (`bench/portfolio.py` explains what and
why): the generator of example values sized by a scale, written in bulk (`bulk.py`).

`build(...)` loads the deals through the deals service, then for each deal writes, in one
transaction: the results links (services), projects with their links, history, milestones and
risks (bulk), the outreach list, conversations and co-creation (bulk) with the measurements the
participation service would derive from them, the ledger and the yearly programme (bulk), and
the measurements of the deal's indicators (bulk). After the commit it records through the
services what is small and has rules of its own: the SPUK accounts, the overleg's meetings and
decisions, the fulfilled obligations, and one audit event saying what was generated.

Every figure comes from `random.Random(f"{seed}:{slug}:{part}")`, so a deal's data depends on the
seed, the deal and its quotas only, never on the order of generation or on the database.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from regiodeal.audit.services import Actor, audit_record
from regiodeal.deals import models as dm
from regiodeal.deals.selectors import version_in_force
from regiodeal.demo import values as v
from regiodeal.demo.bulk import BulkRows, Writer, loading_pragmas
from regiodeal.demo.deals import (
    WATERWEGREGIO,
    WATERWEGREGIO_SIGNED,
    DealShape,
    bundled_shape,
    generated_shapes,
)
from regiodeal.demo.values import (
    apportion,
    at,
    day_in,
    euros,
    even_days,
    next_month,
    quantize,
    split_positive,
)
from regiodeal.finance.models import ImportBatch, LedgerEntry
from regiodeal.participation.constants import NORM_INDICATOR
from regiodeal.participation.models import (
    CoCreation,
    Conversation,
    ConversationGroup,
    PopulationFigure,
    Theme,
    Wijk,
)
from regiodeal.participation.services import NORM_SOURCE
from regiodeal.projects.models import Milestone, Project, ProjectTransition
from regiodeal.results.models import Indicator, Measurement, ResultIndicator
from regiodeal.results.verdict import target_level

LABEL = "bench/portfolio.py"
SOURCE_CBS = "CBS Regionale Monitor Brede Welvaart (gegenereerd: bench/portfolio.py)"
SOURCE_PROGRAMME = "Monitor van het programmabureau (gegenereerd: bench/portfolio.py)"


# Seconds per phase of the last `build`, for the command's report (portfolio.py prints them).
TIMINGS: dict[str, float] = {}
COMMIT = "commit (PostgreSQL checks the deferred foreign keys here)"
PHASES = [
    "deals: definitions through deal_load",
    "results links and baselines (services)",
    "bulk rows",
    "of which writing (COPY/INSERT)",
    "of which ledger rules (EntryValidator)",
    COMMIT,
    "services after each deal: SPUK, meetings, obligations",
    "VACUUM (ANALYZE) (PostgreSQL)",
]


@contextlib.contextmanager
def timed(name: str):
    started = time.perf_counter()
    try:
        yield
    finally:
        TIMINGS[name] = TIMINGS.get(name, 0.0) + time.perf_counter() - started


class PortfolioRefused(Exception):
    """The database is not empty: the portfolio is only written into a fresh one."""


@dataclass(frozen=True)
class Quota:
    projects: int
    ledger: int
    measurements: int
    outreach: int


# ---------------------------------------------------------------------------------------------
# Texts


PROJECT_TITLES = {
    "1": [
        "Ontmoetingsplek {area}",
        "Buurtkamer {area} met bewoners",
        "Outreachend werken in {area}",
        "Steunnetwerken voor jongeren in {area}",
        "Goed verhuurderschap {area}",
        "Wijkteam en straatcoaches {area}",
        "Bewonersinitiatieven {area}",
        "Veilig thuis in {area}",
    ],
    "2": [
        "Leerwerkroute {sector} in {area}",
        "Regionale stagepool {sector}",
        "Doorlopende leerlijn {sector}",
        "Van uitkering naar werk in {area}",
        "Praktijkleren {sector} met werkgevers",
        "Skillspaspoort {area}",
    ],
    "3": [
        "Verduurzamingsloket {area}",
        "Wijkhub {area} als proeftuin",
        "Circulair bouwen: pilot {area}",
        "Bedrijventerrein {area} verduurzamen",
        "Zon op daken in {area}",
        "Kennisplatform circulaire economie {area}",
    ],
}
MILESTONES = [
    "Plan van aanpak vastgesteld",
    "Partners aan tafel",
    "Eerste activiteit met bewoners",
    "Tussenevaluatie",
    "Aanbesteding gegund",
    "Oplevering",
    "Eindevaluatie",
]
RISKS = [
    "Vertraging bij het vinden van een locatie",
    "Te weinig deelnemers uit de doelgroep",
    "Krapte op de arbeidsmarkt voor begeleiders",
    "Kostenstijging bij de aanbesteding",
    "Partner trekt zich terug",
]
RAISED = [
    "Zorgen over veiligheid in de avond en verlichting in het park.",
    "Behoefte aan een plek om elkaar te ontmoeten.",
    "Jongeren missen activiteiten in de buurt.",
    "Overlast van verkeer en geparkeerde bestelbussen.",
    "Vragen over energiekosten en isolatie van de woning.",
    "Wens voor meer groen en speelruimte.",
    "Moeite met het vinden van werk of een stage.",
]
FOLLOWUP = [
    "Meegenomen in het wijkplan.",
    "Doorgegeven aan het projectteam.",
    "Besproken met de woningcorporatie.",
    "Opgepakt in een bewonersinitiatief.",
]
THEMES = [
    ("veiligheid", "Veiligheid"),
    ("wonen", "Wonen"),
    ("jongeren", "Jongeren"),
    ("werk", "Werk en inkomen"),
    ("groen", "Groen en openbare ruimte"),
    ("ontmoeting", "Ontmoeting"),
]
PARTICIPATION = "Bewoners denken mee in wijkgesprekken en beslissen mee over de inrichting."
SUPPLIERS = ["adviesbureau", "aannemer", "welzijnsorganisatie", "opleider", "installateur", "drukkerij"]

# Catalogue indicators a deal measures per pillar, with a plausible baseline range and decimals.
CATALOGUE_BY_PILLAR = {
    "1": [
        "bw_sociaal_contact",
        "bw_vertrouwen_anderen",
        "bw_vrijwilligerswerk",
        "bw_vaak_onveilig",
        "bw_ondervonden_delicten",
        "bw_geregistreerde_misdrijven",
        "bw_tevredenheid_woonomgeving",
        "bw_sociale_cohesie",
        "bw_tevredenheid_leven",
        "bw_ervaren_gezondheid",
        "bw_overgewicht",
        "bw_problematische_schulden",
        "bw_vertrouwen_instituties",
    ],
    "2": [
        "bw_nettoarbeidsparticipatie",
        "bw_werkloosheid",
        "bw_hoogopgeleiden",
        "bw_startkwalificatie",
        "bw_besteedbaar_inkomen",
        "bw_schuld_huishouden",
        "bw_afstand_ov",
        "bw_levensverwachting",
    ],
    "3": [
        "bw_broeikasgas",
        "bw_zonne_energie",
        "bw_fijnstof",
        "bw_tevredenheid_woning",
        "bw_natuur_per_inwoner",
        "bw_afstand_groen",
        "bw_natuur_bos",
        "bw_vermogen",
        "bw_zwemwater",
    ],
}
RANGES = {
    "bw_tevredenheid_leven": (80, 90, 1),
    "bw_besteedbaar_inkomen": (30000, 45000, 0),
    "bw_problematische_schulden": (1.5, 5, 1),
    "bw_overgewicht": (45, 60, 1),
    "bw_ervaren_gezondheid": (70, 82, 1),
    "bw_levensverwachting": (79, 83, 1),
    "bw_nettoarbeidsparticipatie": (62, 72, 1),
    "bw_werkloosheid": (2.5, 7, 1),
    "bw_hoogopgeleiden": (20, 45, 1),
    "bw_startkwalificatie": (68, 82, 1),
    "bw_afstand_ov": (0.5, 3, 2),
    "bw_tevredenheid_woning": (80, 90, 1),
    "bw_tevredenheid_woonomgeving": (75, 90, 1),
    "bw_sociaal_contact": (75, 88, 1),
    "bw_vertrouwen_anderen": (50, 65, 1),
    "bw_vertrouwen_instituties": (45, 62, 1),
    "bw_vrijwilligerswerk": (40, 55, 1),
    "bw_vaak_onveilig": (15, 32, 1),
    "bw_ondervonden_delicten": (12, 25, 1),
    "bw_geregistreerde_misdrijven": (30, 70, 1),
    "bw_natuur_per_inwoner": (5, 40, 1),
    "bw_afstand_groen": (0.3, 1.5, 2),
    "bw_fijnstof": (10, 25, 1),
    "bw_broeikasgas": (6, 12, 2),
    "bw_zwemwater": (2.5, 3.5, 2),
    "bw_schuld_huishouden": (40000, 70000, 0),
    "bw_vermogen": (50000, 120000, 0),
    "bw_zonne_energie": (150, 450, 0),
    "bw_natuur_bos": (5, 25, 1),
    "bw_sociale_cohesie": (5.5, 6.8, 2),
    "jongeren_steunnetwerk": (35, 55, 1),
}


# ---------------------------------------------------------------------------------------------
# The whole portfolio


def ensure_empty() -> None:
    others = dm.Deal.objects.exclude(slug=WATERWEGREGIO).order_by("slug").values_list("slug", flat=True)
    if others:
        raise PortfolioRefused(
            f"the database already holds deals other than the bundled one ({', '.join(others[:5])}"
            f"{', ...' if len(others) > 5 else ''}): the portfolio is written into an empty database only. "
            "Point REGIODEAL_DATA_DIR at a new folder, or DATABASE_URL at a new database."
        )
    for model, what in (
        (Project, "projects"),
        (LedgerEntry, "ledger entries"),
        (Measurement, "measurements"),
        (Conversation, "outreach records"),
    ):
        if model.objects.exists():
            raise PortfolioRefused(
                f"the database already holds {what} (the demo portfolio, or real data): the portfolio is "
                "written into an empty database only."
            )


def build(
    *,
    scale_counts: dict[str, int],
    deals: int,
    seed: int,
    as_of: dt.date,
    writer_mode: str = "fast",
    progress: bool = True,
    validate: bool = True,
) -> dict[str, int]:
    """Load the deals and write their data; returns the counts of what is in the database."""
    ensure_empty()
    TIMINGS.clear()
    with portal_signals_paused():
        with timed("deals: definitions through deal_load"):
            loaded, shapes = _load_deals(deals, seed, as_of)
        _write_data(loaded, shapes, scale_counts, seed, as_of, writer_mode, progress, validate)
    with timed("VACUUM (ANALYZE) (PostgreSQL)"):
        _analyze_loaded()
    return counts()


def _load_deals(deals: int, seed: int, as_of: dt.date) -> tuple[dict[str, dm.Deal], list[DealShape]]:
    """The bundled deal as setup loads it, and `deals - 1` generated definitions through
    `read_definition` and `deal_load`."""
    from regiodeal.deals.definition import normalized, read_definition
    from regiodeal.deals.services import (
        bundled_definition_path,
        deal_load,
        deal_load_bundled,
        definition_read_file,
    )

    actor = Actor(label=LABEL, source="cli")
    deal_load_bundled(actor=actor)
    bundled = dm.Deal.objects.get(slug=WATERWEGREGIO)
    base_def, _text = definition_read_file(bundled_definition_path())
    rng = random.Random(f"{seed}:deals")
    shapes = [bundled_shape(rng, version_in_force(bundled, as_of))]
    shapes += generated_shapes(rng, normalized(base_def), deals - 1)
    loaded = {WATERWEGREGIO: bundled}
    for shape in shapes[1:]:
        deal_def, problems = read_definition(shape.text, f"{shape.slug}.yaml")
        if problems:
            raise AssertionError(
                f"generated definition {shape.slug} is refused:\n" + "\n".join(map(str, problems))
            )
        loaded[shape.slug] = deal_load(
            deal_def=deal_def, source_text=shape.text, source_name=f"{shape.slug}.yaml", actor=actor
        ).deal
    return loaded, shapes


def _write_data(loaded, shapes, scale_counts, seed, as_of, writer_mode, progress, validate) -> None:
    actor = Actor(label=LABEL, source="cli")
    # Quotas: projects by the size of the deal; rows that accumulate over time by size x months.
    months = [max((min(as_of, s.ends_on) - s.starts_on).days / 30.4, 1.0) for s in shapes]
    size = [float(s.rijk_total) for s in shapes]
    grow = [a * b for a, b in zip(size, months, strict=True)]
    quotas = [
        Quota(*q)
        for q in zip(
            apportion(scale_counts["projects"], size),
            apportion(scale_counts["ledger_entries"], grow),
            apportion(scale_counts["measurements"], grow),
            apportion(scale_counts["outreach"], grow),
            strict=True,
        )
    ]
    total_rows = sum(q.projects + q.ledger + q.measurements + q.outreach for q in quotas)
    bar = _progress_bar(total_rows, progress)
    writer = Writer(writer_mode)
    with loading_pragmas():
        for shape, quota in zip(shapes, quotas, strict=True):
            deal = loaded[shape.slug]
            if shape.slug == WATERWEGREGIO:
                _sign_bundled(deal, actor, as_of)
            builder = DealBuilder(
                deal=deal, shape=shape, quota=quota, seed=seed, as_of=as_of, writer=writer, actor=actor
            )
            bar.set_postfix_str(shape.slug)
            with transaction.atomic():
                builder.write(bar.update, validate=validate)
                with timed("bulk rows"):
                    writer.finish()
                committing = time.perf_counter()
            TIMINGS[COMMIT] = TIMINGS.get(COMMIT, 0.0) + time.perf_counter() - committing
            with timed("services after each deal: SPUK, meetings, obligations"):
                builder.after_commit()
    bar.close()
    TIMINGS["of which writing (COPY/INSERT)"] = writer.seconds


@contextlib.contextmanager
def portal_signals_paused():
    """The data version's receivers (common/dataversion.py) write a new generation token to the
    cache on every save: thousands of cache writes while the services record the small things.
    Paused while generating; each deal ends with one `bump_generation()` instead."""
    from regiodeal.common.dataversion import connect_receivers, disconnect_receivers

    disconnect_receivers()
    try:
        yield
    finally:
        connect_receivers()


def _progress_bar(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="rows", unit_scale=True, disable=not enabled, smoothing=0.05)


def _sign_bundled(deal: dm.Deal, actor: Actor, as_of: dt.date) -> None:
    """The Waterwegregio's Parties sign as in `regiodeal demo` (`example.signatures`), through the
    governance service: the deal is in force from 16 January 2025."""
    from regiodeal.demo.example import signatures
    from regiodeal.demo.writers import write_signatures

    first = deal.versions.order_by("number").first()
    parties = [p.organisation.code for p in first.parties.select_related("organisation").order_by("position")]
    write_signatures(deal=deal, actor=actor, signatures=signatures(parties, as_of, WATERWEGREGIO_SIGNED))


def _analyze_loaded() -> None:
    """PostgreSQL: statistics and the visibility map for the loaded tables, as autovacuum would
    provide them soon after a real load (the benchmarks should not time the first reader setting
    hint bits). SQLite keeps no statistics unless asked (no ANALYZE), so nothing there."""
    from django.db import connection

    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def counts() -> dict[str, int]:
    from regiodeal.audit.models import AuditEvent

    return {
        "deals": dm.Deal.objects.count(),
        "projects": Project.objects.count(),
        "ledger_entries": LedgerEntry.objects.count(),
        "measurements": Measurement.objects.count(),
        "outreach": Conversation.objects.count(),
        "project_transitions": ProjectTransition.objects.count(),
        "milestones": Milestone.objects.count(),
        "wijken": Wijk.objects.count(),
        "outreach_groups": ConversationGroup.objects.count(),
        "cocreations": CoCreation.objects.count(),
        "result_links": ResultIndicator.objects.count(),
        "audit_events": AuditEvent.objects.count(),
    }


# A ledger entry by what a reader sees of it (the digest's, and the writers' test's, columns).
LEDGER_KEYS = (
    "kind",
    "booked_on",
    "amount",
    "budget_line",
    "funding",
    "project__code",
    "organisation__code",
    "contribution_status",
    "form",
    "source_document",
)


def digest() -> str:
    """SHA-256 over the generated rows by their natural keys (codes, dates, amounts), not ids or
    load timestamps: the same seed gives the same digest on SQLite and PostgreSQL."""
    h = hashlib.sha256()
    queries = [
        Project.objects.order_by("deal__slug", "code").values_list(
            "deal__slug", "code", "title", "status", "lead__code", "starts_on", "ends_on", "lock_version"
        ),
        LedgerEntry.objects.order_by("deal__slug", "source_document", "booked_on", "id").values_list(
            "deal__slug", *LEDGER_KEYS
        ),
        Measurement.objects.order_by(
            "deal__slug", "indicator__code", "on", "area_code", "group_code"
        ).values_list("deal__slug", "indicator__code", "on", "value", "area_code", "group_code"),
        Conversation.objects.order_by("deal__slug", "id").values_list(
            "deal__slug", "wijk__code", "held_on", "residents", "organisation__code", "feedback_on"
        ),
    ]
    for query in queries:
        for row in query.iterator(chunk_size=10_000):
            h.update(repr(tuple(str(x) for x in row)).encode())
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------
# One deal


class DealBuilder:
    def __init__(
        self,
        *,
        deal: dm.Deal,
        shape: DealShape,
        quota: Quota,
        seed: int,
        as_of: dt.date,
        writer: Writer,
        actor: Actor,
    ):
        self.deal, self.shape, self.quota, self.seed = deal, shape, quota, seed
        self.as_of, self.w, self.actor = as_of, writer, actor
        self.version = version_in_force(deal, as_of)
        self.rows = BulkRows(writer, deal, self.version, label=LABEL)
        self.start = shape.starts_on
        self.end = min(as_of, shape.ends_on)  # the last day with data
        self.span = max((self.end - self.start).days, 1)
        self.progress = min(max((as_of - self.start).days / max((shape.ends_on - self.start).days, 1), 0), 1)
        version = self.version
        self.orgs = {o.code: o.pk for o in deal.organisations.all()}
        parties = list(version.parties.select_related("organisation").order_by("position"))
        self.regional = [p.organisation.code for p in parties if p.kind == "regio"]
        self.partners = [p.organisation.code for p in version.partners.select_related("organisation")]
        self.objectives: dict[str, list[str]] = defaultdict(list)
        for o in version.objectives.select_related("pillar").order_by("position"):
            self.objectives[o.pillar.code].append(o.code)
        self.results: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for r in version.results.select_related("pillar").order_by("pillar__position", "position"):
            self.results[r.pillar.code].append((r.code, r.pk))
        self.areas = {a.code: a for a in version.areas.select_related("within").order_by("position")}
        self.groups = {g.code: g.pk for g in version.groups.order_by("position")}
        self.sectors = {s.code: s.pk for s in version.sectors.order_by("position")}
        self.lines = list(version.budget_lines.select_related("pillar").order_by("position"))
        self.rules = version.rules
        self.counts: Counter[str] = Counter()
        self.project_rows: list[dict] = []

    def rng(self, part: str) -> random.Random:
        return random.Random(f"{self.seed}:{self.shape.slug}:{part}")

    def add(self, model, row: dict) -> int:
        return self.rows.add(model, row)

    def write(self, tick: Callable[[int], object], *, validate: bool) -> None:
        with timed("results links and baselines (services)"):
            self.results_links()
        with timed("bulk rows"):
            self._write_rows(tick, validate)

    def _write_rows(self, tick: Callable[[int], object], validate: bool) -> None:
        self.projects()
        tick(self.counts["projects"])
        self.participation()
        tick(self.counts["outreach"])
        self.ledger(validate=validate)
        tick(self.counts["ledger"])
        self.measurements()
        tick(self.counts["measurements"])

    # -- results links (services) --------------------------------------------------------------

    def results_links(self) -> None:
        """`results_setup` (the catalogue, the programme indicators, the covenant's targets as
        links) and their baselines through the results services; then none, one or two catalogue
        indicators per intended result, each with a baseline and a target in the right direction,
        checked by `ResultIndicator.full_clean` as `result_indicator_create` does and written in
        one `bulk_create` (the service's cost is an audit event per link)."""
        from regiodeal.results.services import result_indicator_update, results_setup

        rng = self.rng("links")
        results_setup(actor=self.actor, deal=self.deal, on=self.as_of)
        self.rows.read_indicators()
        self.baseline_on = min(self.start + dt.timedelta(days=30), self.end - dt.timedelta(days=1))
        self.target_on = self.shape.ends_on
        self.measured: list[dict] = []  # indicator, baseline, target level, decimals, better, breakdown
        for link in ResultIndicator.objects.filter(deal=self.deal).select_related("indicator"):
            code = link.indicator.code
            if code == NORM_INDICATOR:
                baseline = Decimal("0")
                self.norm_indicator = code
            elif code == "ontmoetingsplekken":
                baseline = Decimal("0")
                self.measured.append(
                    {
                        "code": code,
                        "baseline": 0.0,
                        "target": float(link.target_value),
                        "places": 0,
                        "kind": "count",
                        "pace": rng.choice([0.6, 1.0, 1.3]),
                    }
                )
            else:
                low, high, places = RANGES.get(code, (40, 60, 1))
                baseline = quantize(rng.uniform(low, high), places)
                level = float(target_level(link.target_kind, baseline, link.target_value))
                self.measured.append(self._series_spec(rng, link.indicator, baseline, level, places))
            result_indicator_update(
                actor=self.actor,
                link=link,
                expected_version=link.lock_version,
                baseline_value=baseline,
                baseline_on=self.baseline_on,
                baseline_source=SOURCE_PROGRAMME,
            )
        catalogue = {i.code: i for i in Indicator.objects.filter(deal=None)}
        links: list[ResultIndicator] = []
        versions_results = {r.pk: r for r in self.version.results.select_related("version")}
        for pillar, results in self.results.items():
            pool = [c for c in CATALOGUE_BY_PILLAR.get(pillar, []) if c in catalogue]
            rng.shuffle(pool)
            for _code, result_id in results:
                for _ in range(rng.choice([0, 1, 1, 1, 2])):
                    if not pool:
                        break
                    indicator = catalogue[pool.pop()]
                    low, high, places = RANGES.get(indicator.code, (40, 60, 1))
                    baseline = quantize(rng.uniform(low, high), places)
                    change = rng.uniform(0.05, 0.2) * (-1 if indicator.lower_is_better else 1)
                    target = quantize(float(baseline) * (1 + change), places)
                    if target == baseline:
                        target += Decimal(1).scaleb(-places) * (-1 if indicator.lower_is_better else 1)
                    link = ResultIndicator(
                        deal=self.deal,
                        result=versions_results[result_id],
                        indicator=indicator,
                        target_kind="absolute",
                        target_value=target,
                        target_on=self.target_on,
                        baseline_value=baseline,
                        baseline_on=self.baseline_on,
                        baseline_source=SOURCE_CBS,
                    )
                    # The rules result_indicator_create applies (direction, dates, deal), without
                    # full_clean's lookups of every foreign key and unique constraint.
                    link.clean_fields(exclude=["deal", "result", "indicator", "result_target"])
                    link.clean()
                    links.append(link)
                    self.measured.append(self._series_spec(rng, indicator, baseline, float(target), places))
        ResultIndicator.objects.bulk_create(links)

    @staticmethod
    def _series_spec(rng, indicator, baseline: Decimal, target: float, places: int) -> dict:
        # The pace sets the verdict mix: 0.5 behind, 0.9 at risk or on schedule, 1.1 on schedule,
        # 1.6 achieved for the deals far enough along.
        return {
            "code": indicator.code,
            "baseline": float(baseline),
            "target": target,
            "places": places,
            "kind": "level",
            "pace": rng.choice([0.5, 0.9, 1.1, 1.1, 1.6]),
        }

    # -- projects ------------------------------------------------------------------------------

    def projects(self) -> None:
        rng = self.rng("projects")
        f = self.progress
        statuses = ["idea", "proposed", "approved", "running", "completed", "stopped"]
        weights = [
            0.5 + 5 * (1 - f),
            0.5 + 8 * (1 - f),
            1 + 12 * (1 - f),
            55 * (1 - f) + 10 * f * (f < 1),
            1 + 70 * f * f,
            6,
        ]
        pillar_codes = [b.pillar.code for b in self.lines if b.pillar_id]
        pillar_weights = [float(b.rijk) for b in self.lines if b.pillar_id]
        lead_weights = [
            3.0 if self.areas.get(c) and self.areas[c].kind == "gemeente" else 1.0 for c in self.regional
        ]
        gemeenten = [a for a in self.areas.values() if a.kind == "gemeente" and a.in_deal_area]
        if not gemeenten:
            gemeenten = [a for a in self.areas.values() if a.kind == "gemeente"]
        gebieden_in = defaultdict(list)
        for a in self.areas.values():
            if a.kind == "gebied" and a.within_id:
                gebieden_in[a.within.code].append(a)
        self.public_projects: list[dict] = []
        for i in range(self.quota.projects):
            status = rng.choices(statuses, weights)[0]
            pillar = rng.choices(pillar_codes, pillar_weights)[0]
            lead = rng.choices(self.regional, lead_weights)[0]
            lead_area = self.areas.get(lead)
            if lead_area is not None and lead_area.kind == "gemeente":
                area_list = [lead_area]
                if gebieden_in.get(lead) and rng.random() < 0.4:
                    area_list = [rng.choice(gebieden_in[lead])]
            else:
                area_list = rng.sample(gemeenten, min(len(gemeenten), rng.randint(1, 3)))
            area = area_list[0]
            sector_codes = list(self.sectors)
            sectors = rng.sample(sector_codes, rng.randint(0, 2)) if pillar != "1" and sector_codes else []
            title = rng.choice(PROJECT_TITLES.get(pillar, PROJECT_TITLES["1"])).format(
                area=area.name, sector=(sectors[0] if sectors else "techniek").replace("_", "/")
            )
            dates = self._project_dates(rng, status)
            status, path = dates["status"], dates["path"]
            code = f"{self.shape.prefix}-{i + 1:03d}"
            public = status in ("approved", "running", "completed", "stopped")
            credits = status in ("running", "completed") and rng.random() < 0.8
            project = v.Project(
                code=code,
                title=title,
                lead=lead,
                description=f"{title}: een project in pijler {pillar} van de {self.shape.region}. "
                "Gegenereerd voor de prestatiemeting (bench/portfolio.py).",
                pillars=[pillar],
                status=status,
                starts_on=dates["starts_on"],
                ends_on=dates["ends_on"],
                residents_participation=PARTICIPATION if rng.random() < 0.9 else "",
                credits_rijk_regio=credits,
                credits_evidence="Projectpagina en bouwbord vermelden Rijk en regio" if credits else "",
                path=[v.Step(to, day, f"Status {to} (gegenereerd)") for to, day in path],
                created_on=dates["created_on"],
            )
            # The draws in the order the generator has always made them (same seed, same rows).
            project.objectives = rng.sample(
                self.objectives[pillar], min(len(self.objectives[pillar]), rng.randint(1, 2))
            )
            project.results = [
                c
                for c, _r in rng.sample(
                    self.results[pillar], min(len(self.results[pillar]), rng.randint(1, 3))
                )
            ]
            project.areas = [a.code for a in area_list]
            project.groups = rng.sample(list(self.groups), rng.randint(0, 2))
            project.sectors = sectors
            project.participants = [
                c for c in rng.sample(self.partners + self.regional, rng.randint(0, 3)) if c != lead
            ]
            project.milestones = self._milestones(rng, dates, public)
            if rng.random() < 0.35:
                project.risks.append(
                    v.Risk(
                        description=rng.choice(RISKS),
                        likelihood=rng.choice(["low", "medium", "high"]),
                        impact=rng.choice(["low", "medium", "high"]),
                        mitigation="Maatregel afgesproken in het projectteam",
                        status=rng.choice(["open", "open", "mitigated", "closed"]),
                    )
                )
            project_id = self.rows.project(project)
            self.counts["projects"] += 1
            record = {
                "id": project_id,
                "code": code,
                "status": status,
                "pillar": pillar,
                "lead": lead,
                "area": area,
                "path": path,
                **dates,
            }
            self.project_rows.append(record)
            if public:
                self.public_projects.append(record)

    def _project_dates(self, rng, status: str) -> dict:
        """Dates that follow the lifecycle: created, proposed, approved, started, ended, none
        after the last day with data, none after the deal's end."""
        start, end, deal_end = self.start, self.end, self.shape.ends_on
        span = self.span

        def clamp(day: dt.date) -> dt.date:
            return min(day, end)

        if status in ("idea", "proposed"):
            created = start + dt.timedelta(days=rng.randint(int(span * 0.3), span))
        else:
            created = start + dt.timedelta(days=rng.randint(0, int(span * 0.7)))
        proposed = clamp(created + dt.timedelta(days=rng.randint(7, 45)))
        approved = clamp(proposed + dt.timedelta(days=rng.randint(14, 90)))
        starts = min(approved + dt.timedelta(days=rng.randint(0, 60)), deal_end)
        ends = min(starts + dt.timedelta(days=rng.randint(365, 3 * 365)), deal_end)
        if status == "completed":
            if (end - starts).days < 120:
                status = "running" if end < deal_end else "stopped"
            else:
                ends = min(ends, starts + dt.timedelta(days=rng.randint(120, (end - starts).days)))
        if status == "running":
            starts = clamp(starts)
            if ends <= end:
                ends = min(end + dt.timedelta(days=rng.randint(30, 400)), deal_end)
            if ends <= end:  # the deal itself has ended: the work is done
                status, ends = "completed", end
        path: list[tuple[str, dt.date]] = []
        out = {"created_on": created, "starts_on": starts, "ends_on": ends, "approved_on": approved}
        if status == "idea":
            out.update(starts_on=None, ends_on=None)
        elif status == "proposed":
            path = [("proposed", proposed)]
            out.update(starts_on=None, ends_on=None)
        elif status == "approved":
            path = [("proposed", proposed), ("approved", approved)]
        elif status in ("running", "completed"):
            path = [("proposed", proposed), ("approved", approved), ("running", starts)]
            if status == "completed":
                path.append(("completed", ends))
        elif status == "stopped":
            starts = clamp(starts)
            if rng.random() < 0.2 or (end - starts).days < 30:
                stopped = clamp(approved + dt.timedelta(days=rng.randint(10, 60)))
                path = [("proposed", proposed), ("approved", approved), ("stopped", stopped)]
                out.update(starts_on=starts, ends_on=max(stopped, starts))
            else:
                stopped = starts + dt.timedelta(days=rng.randint(30, (end - starts).days))
                path = [
                    ("proposed", proposed),
                    ("approved", approved),
                    ("running", starts),
                    ("stopped", stopped),
                ]
                out.update(starts_on=starts, ends_on=stopped)
        out["status"], out["path"] = status, path
        return out

    def _milestones(self, rng, dates: dict, public: bool) -> list[v.Milestone]:
        first = dates["starts_on"] or dates["approved_on"]
        out = []
        for k, title in enumerate(rng.sample(MILESTONES, rng.randint(2, 4) if public else rng.randint(0, 1))):
            due = first + dt.timedelta(days=60 + 200 * k + rng.randint(0, 60))
            done = None
            if due <= self.end and rng.random() < 0.85:
                done = min(due + dt.timedelta(days=rng.randint(-20, 30)), self.end)
            out.append(v.Milestone(title, due, done))
        return out

    # -- participation (bulk), and the measurements the participation service derives ------------

    def participation(self) -> None:
        rng = self.rng("participation")
        deal_id = self.deal.pk
        self.wijken = []
        for plan in self.shape.wijken:
            listed = min(self.start + dt.timedelta(days=rng.randint(0, 120)), self.end)
            wijk_id = self.add(
                Wijk,
                {
                    "deal_id": deal_id,
                    "code": plan.code,
                    "name": plan.name,
                    "gemeente": plan.gemeente,
                    "within": plan.within,
                    "listed_on": listed,
                },
            )
            self.wijken.append(
                {"id": wijk_id, "plan": plan, "listed_on": listed, "weight": rng.lognormvariate(0, 0.6)}
            )
            total = rng.randint(1500, 12000)
            on = dt.date(self.start.year, 1, 1)
            self.add(
                PopulationFigure,
                {
                    "deal_id": deal_id,
                    "wijk_code": plan.code,
                    "group_code": "",
                    "on": on,
                    "residents": total,
                    "source": "CBS Kerncijfers wijken en buurten (gegenereerd)",
                },
            )
            for group in self.groups:
                self.add(
                    PopulationFigure,
                    {
                        "deal_id": deal_id,
                        "wijk_code": plan.code,
                        "group_code": group,
                        "on": on,
                        "residents": int(total * rng.uniform(0.03, 0.3)),
                        "source": "CBS Kerncijfers wijken en buurten (gegenereerd)",
                    },
                )
        themes = [
            self.add(Theme, {"deal_id": deal_id, "code": code, "name": name, "active": True})
            for code, name in THEMES
        ]
        pillar1 = [p for p in self.public_projects if p["pillar"] == "1"]
        weights = [w["weight"] for w in self.wijken]
        feedback_cutoff = self.end - dt.timedelta(weeks=8)
        self.spoken: dict[int, Counter] = defaultdict(Counter)
        for _ in range(self.quota.outreach if self.wijken else 0):
            wijk = rng.choices(self.wijken, weights)[0]
            held = day_in(rng, wijk["listed_on"], self.end)
            gemeente = wijk["plan"].gemeente
            if gemeente in self.orgs and gemeente in self.regional and rng.random() < 0.75:
                organisation = gemeente
            else:
                organisation = rng.choice(self.partners or self.regional)
            residents = max(1, min(60, int(rng.lognormvariate(1.9, 0.6))))
            feedback_on = None
            if rng.random() < (0.97 if held <= feedback_cutoff else 0.4):
                feedback_on = min(held + dt.timedelta(days=rng.randint(7, 50)), self.end)
            project = rng.choice(pillar1)["id"] if pillar1 and rng.random() < 0.3 else None
            recorded = min(held + dt.timedelta(days=rng.randint(0, 5)), self.end)
            conversation_id = self.add(
                Conversation,
                {
                    "deal_id": deal_id,
                    "wijk_id": wijk["id"],
                    "held_on": held,
                    "organisation_id": self.orgs[organisation],
                    "residents": residents,
                    "form": rng.choice(["door_to_door", "meeting", "street", "online"]),
                    "themes_other": "",
                    "raised": rng.choice(RAISED),
                    "input_followup": rng.choice(FOLLOWUP) if feedback_on else "",
                    "feedback": "Teruggekoppeld in de wijkkrant en op de bewonersavond."
                    if feedback_on
                    else "",
                    "feedback_on": feedback_on,
                    "project_id": project,
                    "text_publishable": rng.random() < 0.5,
                    "imported_from": "",
                    "recorded_by_label": LABEL,
                    "created_at": at(recorded, 16),
                    "updated_at": at(feedback_on or recorded, 16),
                    "lock_version": 2 if feedback_on else 1,
                },
            )
            self.counts["outreach"] += 1
            self.spoken[wijk["id"]][held] += residents
            for group in self.groups:
                if rng.random() < 0.35:
                    self.add(
                        ConversationGroup,
                        {
                            "conversation_id": conversation_id,
                            "group_code": group,
                            "residents": rng.randint(1, residents),
                        },
                    )
            for theme_id in rng.sample(themes, rng.randint(1, 2)):
                self.add(
                    Conversation.themes.through, {"conversation_id": conversation_id, "theme_id": theme_id}
                )
        for project in self.public_projects:
            if rng.random() < 0.5:
                first = project["starts_on"] or project["approved_on"]
                held = day_in(rng, min(first, self.end), self.end)
                wijken = [w for w in self.wijken if w["plan"].gemeente == project["area"].code]
                self.add(
                    CoCreation,
                    {
                        "deal_id": deal_id,
                        "project_id": project["id"],
                        "rung": rng.choice(["inform", "consult", "advise", "coproduce", "decide"]),
                        "stage": rng.choice(["explore", "design", "execute", "evaluate"]),
                        "wijk_id": rng.choice(wijken)["id"] if wijken else None,
                        "held_on": held,
                        "residents": rng.randint(5, 80),
                        "description": "Bewoners dachten mee over het ontwerp (gegenereerd).",
                        "recorded_by_label": LABEL,
                        "created_at": at(held, 17),
                        "updated_at": at(held, 17),
                    },
                )

    # -- the ledger ------------------------------------------------------------------------------

    def ledger(self, *, validate: bool) -> None:
        """Money that keeps the covenant's rules (the money checks of `regiodeal check` find
        nothing wrong): allocations within each line's national maximum, regional pledges at
        least matching them, national spending within each project's allocation and never ahead
        of it, regional money spent at least matching national money spent, execution costs
        within 3% of the national money granted, nothing after the deal's end."""
        rng = self.rng("ledger")
        self.entries: list[dict] = []
        f = self.progress
        money = [p for p in self.public_projects]
        by_line: dict[str, list[dict]] = defaultdict(list)
        line_of_pillar = {b.pillar.code: b for b in self.lines if b.pillar_id}
        vat = next((b for b in self.lines if b.kind == "execution_costs"), None)
        for p in money:
            by_line[line_of_pillar[p["pillar"]].code].append(p)
        allocated_total = 0
        for line in self.lines:
            projects = by_line.get(line.code, [])
            if not projects:
                continue
            share = min(0.97, 0.45 + 0.55 * f) * rng.uniform(0.92, 1.0)
            budget = int(int(line.rijk * 100) * share)
            for p, amount in zip(
                projects, apportion(budget, [rng.lognormvariate(0, 0.5) for _ in projects]), strict=True
            ):
                p["allocated"] = amount
                allocated_total += amount
        plans = [self._project_money(rng, p) for p in money if p.get("allocated")]
        # The quota: first what each project needs (tranches, pledges, payments) and the VAT
        # pledge, then the execution costs (monthly, national and regional), the rest spending.
        # Without a project that spends, the execution costs take the rest.
        needed = sum(len(plan["fixed"]) + len(plan["tranches"]) for plan in plans) + (vat is not None)
        flexible = max(self.quota.ledger - needed, 0)
        months = self._month_days() or [self.end]
        spenders = sum(plan["spend_weight"] for plan in plans)
        if vat is None:
            n_exec = 0
        elif spenders:
            n_exec = min(2 * len(months), flexible // 10)
        else:
            n_exec = flexible
        vat_entries = (
            self._execution_costs(rng, vat, months, n_exec, allocated_total) if vat is not None else []
        )
        shares = apportion(flexible - n_exec, [plan["spend_weight"] for plan in plans])
        for plan, n in zip(plans, shares, strict=True):
            self._spending(rng, plan, n)
        self._write_entries(rng, plans, vat_entries, validate)
        self._programme()

    def _month_days(self) -> list[dt.date]:
        days, day = [], dt.date(self.start.year, self.start.month, 25)
        if day < self.start:
            day = next_month(day)
        while day <= self.end:
            days.append(day)
            day = next_month(day)
        return days

    def _project_money(self, rng, p: dict) -> dict:
        """A project's allocation tranches, regional pledges and payments, and how much it spends."""
        status, allocated = p["status"], p["allocated"]
        starts = min(p["starts_on"] or p["approved_on"], self.end)
        last = min(self.end, p["ends_on"] or self.end)
        if status == "approved":
            g = rng.uniform(0, 0.08)
        elif status == "running":
            total_days = max((p["ends_on"] - starts).days, 1)
            g = min(max((last - starts).days / total_days * rng.uniform(0.75, 1.1), 0.02), 0.98)
        elif status == "completed":
            g = rng.uniform(0.92, 1.0)
        else:
            g = rng.uniform(0.1, 0.6)
        window = (p["starts_on"] or p["approved_on"]) <= self.end  # started by the last day with data
        national = int(allocated * g) if window else 0
        lead = p["lead"]
        fixed: list[dict] = []
        # Pledges: the lead in cash (public), partners in cash or in kind (private).
        pledged = math.ceil(allocated * rng.uniform(1.0, 1.25))
        contributors = [(lead, "public", "cash")]
        for code in rng.sample(self.partners, min(len(self.partners), rng.randint(0, 2))):
            contributors.append((code, "private", rng.choice(["cash", "in_kind"])))
        in_kind_delivered = 0
        pledge_parts = split_positive(pledged, len(contributors), rng) if len(contributors) > 1 else [pledged]
        pledge_day = p["approved_on"]
        for (org, sector, form), amount in zip(contributors, pledge_parts, strict=False):
            basis = "Uren tegen uurtarief 85 euro" if form == "in_kind" else ""
            fixed.append(
                self._entry(
                    "regional_contribution",
                    pledge_day,
                    amount,
                    p,
                    org,
                    "regional",
                    status="pledged",
                    sector=sector,
                    form=form,
                    basis=basis,
                    description=f"Toezegging {org}",
                )
            )
            paid = int(amount * min(1.0, g * rng.uniform(0.9, 1.2))) if window and national else 0
            for part in split_positive(paid, rng.randint(1, 2), rng):
                day = day_in(rng, starts, last)
                fixed.append(
                    self._entry(
                        "regional_contribution",
                        day,
                        part,
                        p,
                        org,
                        "regional",
                        status="paid",
                        sector=sector,
                        form=form,
                        basis=basis,
                        description=f"Betaling {org}" if form == "cash" else f"Geleverd in natura door {org}",
                    )
                )
                if form == "in_kind":
                    in_kind_delivered += part
        regional = max(math.ceil(national * rng.uniform(1.0, 1.2)) - in_kind_delivered, 0)
        return {
            "project": p,
            "tranches": split_positive(allocated, rng.randint(1, 3), rng),
            "fixed": fixed,
            "national": national,
            "regional": regional,
            "window": (starts, last),
            "spend_weight": float(national + regional) if national + regional else 0.0,
            "spending": [],
        }

    def _spending(self, rng, plan: dict, n: int) -> None:
        """`n` spending entries for a project: national and regional invoices between its start
        and its last day with data; none when the quota leaves none."""
        national, regional = plan["national"], plan["regional"]
        if n <= 0 or national + regional == 0:
            national = regional = n_national = n_regional = 0
        elif national == 0 or n == 1:
            # One entry cannot carry both sides: it is regional money (never less than national).
            national, n_national, n_regional = 0, 0, n
            regional = max(regional, 100 * n)
        elif regional == 0:
            n_national, n_regional = n, 0
        else:
            n_national = min(max(round(n * national / (national + regional)), 1), n - 1)
            n_regional = n - n_national
        first, last = plan["window"]
        p = plan["project"]
        for funding, total, count in (("national", national, n_national), ("regional", regional, n_regional)):
            for amount in split_positive(total, count, rng):
                day = day_in(rng, first, last)
                plan["spending"].append(
                    self._entry(
                        "spending",
                        day,
                        amount,
                        p,
                        "",
                        funding,
                        description=f"Factuur {rng.choice(SUPPLIERS)} {p['code']}",
                    )
                )
        plan["national"], plan["regional"] = national, regional

    def _execution_costs(self, rng, vat, months: list[dt.date], n: int, allocated_total: int) -> list[dict]:
        """The regiokassier's pledge for the execution costs at the start, and `n` entries of the
        programme office's costs on the VAT line: national within 3% of the national money
        granted (Art. 4.2), regional at least as much."""
        national = int(
            min(int(vat.rijk * 100) * self.progress * rng.uniform(0.85, 0.98), 0.029 * allocated_total)
        )
        regional = max(
            math.ceil(national * rng.uniform(1.0, 1.3)),
            int(int(vat.regional * 100) * self.progress * rng.uniform(0.4, 0.8)),
            n,
        )
        kassier = self.version.regiokassier.code
        out = [
            self._entry(
                "regional_contribution",
                self.start,
                int(vat.regional * 100),
                None,
                kassier,
                "regional",
                status="pledged",
                sector="public",
                form="cash",
                line=vat.code,
                description="Bijdrage uitvoeringskosten (VAT)",
            )
        ]
        n_national = min(n // 2, national)
        for funding, total, count in (
            ("national", national if n_national else 0, n_national),
            ("regional", regional, n - n_national),
        ):
            for i, amount in enumerate(split_positive(total, count, rng)):
                day = months[i * len(months) // count]
                out.append(
                    self._entry(
                        "execution_costs",
                        day,
                        amount,
                        None,
                        "",
                        funding,
                        line=vat.code,
                        description=f"Programmabureau {day.month:02d}-{day.year}",
                    )
                )
        return out

    def _entry(
        self,
        kind,
        day,
        cents,
        project,
        org,
        funding,
        *,
        status="",
        sector="",
        form="",
        basis="",
        line=None,
        description="",
    ) -> dict:
        if line is None:
            line = next(b.code for b in self.lines if b.pillar_id and b.pillar.code == project["pillar"])
        return {
            "kind": kind,
            "booked_on": day,
            "cents": cents,
            "budget_line": line,
            "funding": funding,
            "project": project,
            "organisation": org,
            "contribution_status": status,
            "sector": sector,
            "form": form,
            "valuation_basis": basis,
            "description": description,
        }

    def _write_entries(self, rng, plans: list[dict], vat_entries: list[dict], validate: bool) -> None:
        """Allocation tranches are dated so that national money allocated to a project is never
        behind what it has spent (Art. 4.2, 5), then every entry is written in date order."""
        entries: list[dict] = list(vat_entries)
        for plan in plans:
            p = plan["project"]
            spent_national = sorted(
                (e["booked_on"], e["cents"]) for e in plan["spending"] if e["funding"] == "national"
            )
            tranche_days = []
            before, cumulative, k = 0, 0, 0
            planned = [p["approved_on"] + dt.timedelta(days=365 * i) for i in range(len(plan["tranches"]))]
            for i, amount in enumerate(plan["tranches"]):
                day = planned[i]
                # The day national spending would overtake the tranches booked so far.
                while k < len(spent_national) and cumulative + spent_national[k][1] <= before:
                    cumulative += spent_national[k][1]
                    k += 1
                if k < len(spent_national):
                    day = min(day, spent_national[k][0])
                day = max(min(day, self.end), tranche_days[-1] if tranche_days else p["approved_on"])
                tranche_days.append(day)
                before += amount
            for day, amount in zip(tranche_days, plan["tranches"], strict=True):
                entries.append(
                    self._entry(
                        "national_allocation",
                        day,
                        amount,
                        p,
                        p["lead"],
                        "national",
                        description=f"Toekenning rijksbijdrage {p['code']}",
                    )
                )
            entries += plan["fixed"]
            entries += plan["spending"]
        entries.sort(key=lambda e: (e["booked_on"], e["kind"], e["project"]["code"] if e["project"] else ""))
        batches: dict[int, int] = {}
        per_year = Counter(e["booked_on"].year for e in entries if e["kind"] == "spending")
        for year, rows in sorted(per_year.items()):
            recorded = min(dt.date(year + 1, 1, 20), self.as_of)
            batches[year] = self.add(
                ImportBatch,
                {
                    "deal_id": self.deal.pk,
                    "kind": "spending",
                    "file_name": f"bestedingen-{self.shape.slug}-{year}.csv",
                    "sha256": hashlib.sha256(f"{self.seed}:{self.shape.slug}:{year}".encode()).hexdigest(),
                    "rows": rows,
                    "recorded_at": at(recorded, 8),
                    "recorded_by_label": LABEL,
                },
            )
        validator = None
        if validate:
            from regiodeal.finance.validation import EntryValidator

            self.w.flush()  # the validator reads the deal's projects from the database
            validator = EntryValidator(self.deal)
        for n, e in enumerate(entries, start=1):
            project = e["project"]
            entry = v.Entry(
                kind=e["kind"],
                booked_on=e["booked_on"],
                amount=euros(e["cents"]),
                budget_line=e["budget_line"],
                source_document=f"{self.shape.prefix}/{e['booked_on'].year}/{n:06d}",
                funding=e["funding"],
                project=project["code"] if project else "",
                organisation=e["organisation"],
                contribution_status=e["contribution_status"],
                sector=e["sector"],
                form=e["form"],
                valuation_basis=e["valuation_basis"],
                description=e["description"],
            )
            if validator is not None:
                started = time.perf_counter()
                self._validate(validator, entry)
                TIMINGS["of which ledger rules (EntryValidator)"] = (
                    TIMINGS.get("of which ledger rules (EntryValidator)", 0.0) + time.perf_counter() - started
                )
            spending = e["kind"] == "spending"
            year_end = min(dt.date(e["booked_on"].year + 1, 1, 20), self.as_of)
            self.rows.entry(
                entry,
                recorded_on=year_end if spending else min(e["booked_on"] + dt.timedelta(days=3), self.as_of),
                batch_id=batches.get(e["booked_on"].year) if spending else None,
            )
            self.counts["ledger"] += 1

    @staticmethod
    def _validate(validator, entry: v.Entry) -> None:
        """The rules `finance.services.entry_record` and the import apply to every entry."""
        _resolved, problems = validator.check(entry.draft())
        if problems:
            raise AssertionError(f"generated entry {entry.source_document} breaks a ledger rule: {problems}")

    def _programme(self) -> None:
        """Bijlage 1 B: the yearly uitvoeringsprogramma spreads each line over the deal's years."""
        years = list(range(self.start.year, self.shape.ends_on.year + 1))
        for line in self.lines:
            national = apportion(int(line.rijk * 100), [1.0] * len(years))
            regional = apportion(int(line.regional * 100), [1.0] * len(years))
            for year, n, r in zip(years, national, regional, strict=True):
                self.rows.budget(
                    v.Budget(year, line.code, euros(n), euros(r), "Uitvoeringsprogramma (gegenereerd)"),
                    updated_on=min(dt.date(year, 1, 1), self.as_of),
                )

    # -- measurements ------------------------------------------------------------------------------

    def measurements(self) -> None:
        """First what the participation service derives from the conversations (residents spoken
        per wijk, cumulative per conversation date, with a zero on the day the wijk was listed),
        then the deal's indicators per region, wijk and group up to the quota, at evenly spread
        dates after the baseline."""
        rng = self.rng("measurements")
        derived = 0
        for wijk in self.wijken:
            spoken = self.spoken.get(wijk["id"], Counter())
            total = 0
            for day in sorted(set(spoken) | {wijk["listed_on"]}):
                total += spoken.get(day, 0)
                self._measurement(
                    self.norm_indicator,
                    Decimal(total),
                    day,
                    NORM_SOURCE,
                    wijk["plan"].code,
                    wijk["plan"].name,
                    "wijk",
                    "",
                )
                derived += 1
        series = []
        for spec in self.measured:
            series.append((spec, "", "", 0.0, 1.0))
        groups = list(self.groups)
        for spec in self.measured:
            if spec["kind"] == "level":
                for group in groups:
                    worse = rng.uniform(0.03, 0.15)
                    series.append((spec, "", group, worse, rng.uniform(0.6, 1.2)))
        for spec in self.measured:
            if spec["kind"] == "level":
                for wijk in self.wijken:
                    series.append((spec, wijk["plan"], "", rng.gauss(0, 0.08), rng.uniform(0.6, 1.4)))
        remaining = max(self.quota.measurements - derived, 0)
        counts = apportion(remaining, [1.0] * len(series)) if series else []
        target_span = max((self.target_on - self.baseline_on).days, 1)
        for (spec, wijk, group, offset, pace_factor), n in zip(series, counts, strict=True):
            if n == 0:
                continue
            baseline, target, places = spec["baseline"], spec["target"], spec["places"]
            # A group lags behind the region (worse by some percent); a wijk lies above or below it.
            worse = offset if target < baseline else -offset
            shift = worse if group else offset
            pace = spec["pace"] * pace_factor
            for day in even_days(self.baseline_on, self.end, n):
                elapsed = (day - self.baseline_on).days / target_span
                if spec["kind"] == "count":
                    value = Decimal(min(int(target), int(pace * elapsed * target + 0.5)))
                else:
                    level = baseline + (target - baseline) * min(pace * elapsed, 1.3)
                    level = level * (1 + shift) + rng.uniform(-0.03, 0.03) * abs(target - baseline)
                    value = quantize(max(level, 0.0), places)
                self._measurement(
                    spec["code"],
                    value,
                    day,
                    SOURCE_CBS if spec["kind"] == "level" else SOURCE_PROGRAMME,
                    wijk.code if wijk else "",
                    wijk.name if wijk else "",
                    "wijk" if wijk else "",
                    group,
                )

    def _measurement(self, indicator, value, day, source, area_code, area_name, area_kind, group) -> None:
        self.rows.measurement(
            v.Measurement(indicator, value, day, source, area_code, area_name, area_kind, group),
            recorded_on=min(day + dt.timedelta(days=2), self.as_of),
            imported_from="" if source == NORM_SOURCE else LABEL,
        )
        self.counts["measurements"] += 1

    # -- after the commit: small things through the services ------------------------------------

    def after_commit(self) -> None:
        """SPUK accounts for the years past (Art. 5) and the overleg once a year with a decision
        (Art. 6.2), through the services; the manual duties of the obligations calendar ticked off
        with evidence; one audit event that says what was generated in bulk for this deal; a new
        generation for the public cache."""
        from regiodeal.finance.selectors import spuk_years
        from regiodeal.finance.services import spuk_account_submit
        from regiodeal.governance import models as gm
        from regiodeal.governance.selectors import obligations
        from regiodeal.governance.services import decision_add, meeting_create

        rng = self.rng("governance")
        for y in spuk_years(self.deal, on=self.as_of):
            submitted = dt.date(y.year + 1, 7, 1)
            if submitted <= self.as_of and y.submitted is None:
                spuk_account_submit(actor=self.actor, deal=self.deal, year=y.year, submitted_on=submitted)
        members = list(self.rules.overleg_members.all())
        for year in range(self.start.year, self.end.year + 1):
            held = max(dt.date(year, 10, rng.randint(1, 28)), self.start + dt.timedelta(days=7))
            if held > min(dt.date(year, 12, 31), self.end):
                continue
            meeting = meeting_create(
                actor=self.actor,
                deal=self.deal,
                held_on=held,
                attendees=members,
                title=f"Rijk-Regio-overleg {year}",
                location=self.shape.region,
                agenda="1. Voortgang\n2. Knelpunten en risico's\n3. Uitvoeringsprogramma",
                minutes="De Partijen bespreken de voortgang (gegenereerd).",
            )
            decision_add(
                actor=self.actor,
                meeting=meeting,
                text=f"Het uitvoeringsprogramma {year + 1} wordt vastgesteld.",
            )
        # The manual duties due by now, ticked off with evidence on their due date. As
        # `obligation_fulfil` would, but from one computation of the calendar: the service
        # recomputes it for every duty (0.1-0.2 s each, most of the time of a small portfolio).
        fulfilled = []
        for o in obligations(self.deal, self.as_of):
            if o.manual and o.done_on is None and o.due_on <= self.as_of:
                row = gm.ObligationFulfilment(
                    deal=self.deal,
                    key=o.key,
                    done_on=o.due_on,
                    evidence="Vastgesteld in het Rijk-Regio-overleg (gegenereerd)",
                    recorded_by_label=LABEL,
                )
                row.full_clean()
                fulfilled.append(row)
        gm.ObligationFulfilment.objects.bulk_create(fulfilled)
        self.counts["obligations_fulfilled"] = len(fulfilled)
        audit_record(
            actor=self.actor,
            action="bench.portfolio.generated",
            obj=self.deal,
            deal_slug=self.deal.slug,
            summary=f"generated in bulk by {LABEL}: {dict(self.counts)}",
            after={"seed": self.seed, "as_of": self.as_of.isoformat(), **self.counts},
        )
        # The ledger was written in bulk: its money totals are rebuilt from it (finance/totals.py).
        from regiodeal.finance.totals import rebuild

        self.w.flush()
        rebuild([self.deal.pk])
        from regiodeal.common.dataversion import bump_generation

        bump_generation()
