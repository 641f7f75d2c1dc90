"""The deals of the national portfolio (`bench/portfolio.py`): the bundled Waterwegregio as loaded,
and generated deals, each a `regiodeal/1` definition derived from the Waterwegregio's.

A generated definition keeps the Waterwegregio's pillars, objectives, intended results, programme
indicators with their targets, groups, sectors and rules (the covenant model every Regio Deal of
this tranche shares), and gets its own slug, name, Parties (VRO and one to four other ministries;
two to six gemeenten and usually the provincie), Partners, areas, budget table, dates and
signatures. It goes through `read_definition` and `deals.services.deal_load` like any file given to
`regiodeal deal load`, so it passes the covenant's definition checks (budget adds up, regional
money matches national money per line, execution costs at most 3%, dates in order, ...).

The names are made up (a region "Hoogwaard", a gemeente "Berdijk"), and so are the CBS codes of
the generated gemeenten: GM5001 and up, a range no real gemeente uses, so nothing here can be
mistaken for CBS data. The provinces are the real twelve, with their CBS codes. Every generated
aim says that the deal is generated for the benchmark.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field
from decimal import Decimal

WATERWEGREGIO = "waterwegregio"
# The bundled deal's signatures (the covenant text has none): the dates the demo uses.
WATERWEGREGIO_SIGNED = dt.date(2025, 1, 6)

REGION_HEADS = ["Noord", "Zuid", "Oost", "West", "Midden", "Hoog", "Laag", "Groot", "Nieuw", "Boven", "Neder"]
REGION_TAILS = [
    "veen",
    "waard",
    "land",
    "mark",
    "dal",
    "kust",
    "heide",
    "zand",
    "delta",
    "vallei",
    "polder",
    "gouw",
    "wold",
    "hout",
]
PLACE_HEADS = [
    "Aal",
    "Ber",
    "Dor",
    "Eem",
    "Gor",
    "Har",
    "Hel",
    "Kam",
    "Lee",
    "Mar",
    "Ooster",
    "Rijn",
    "Stad",
    "Ter",
    "Val",
    "Wes",
    "Zand",
    "Brug",
    "Dijk",
    "Kerk",
    "Mol",
    "Wind",
    "Vos",
    "Beek",
    "Hof",
    "Wouw",
    "Lin",
    "Sloot",
    "Heem",
    "Ruw",
]
PLACE_TAILS = [
    "dam",
    "dijk",
    "hoven",
    "horst",
    "loo",
    "veen",
    "wijk",
    "broek",
    "berg",
    "meer",
    "rade",
    "schoten",
    "drecht",
    "huizen",
    "stein",
    "haven",
    "mond",
    "werf",
    "hem",
    "dorp",
]
WIJK_NAMES = [
    "Centrum",
    "Noord",
    "Zuid",
    "Oost",
    "West",
    "Oude Dorp",
    "Nieuwland",
    "De Hoven",
    "Het Veld",
    "Molenwijk",
    "Bloemenbuurt",
    "Vogelwijk",
    "Schildersbuurt",
    "Havenkwartier",
    "Stationsgebied",
    "De Akkers",
    "Kerkbuurt",
    "Dichtersbuurt",
    "Rivierenwijk",
    "Boswijk",
    "Park",
    "De Weide",
    "Hoogkamp",
    "Zuiderpolder",
]
PROVINCES = [
    ("PGR", "Groningen", "PV20"),
    ("PFR", "Fryslân", "PV21"),
    ("PDR", "Drenthe", "PV22"),
    ("POV", "Overijssel", "PV23"),
    ("PFL", "Flevoland", "PV24"),
    ("PGE", "Gelderland", "PV25"),
    ("PUT", "Utrecht", "PV26"),
    ("PNH", "Noord-Holland", "PV27"),
    ("PZH", "Zuid-Holland", "PV28"),
    ("PZE", "Zeeland", "PV29"),
    ("PNB", "Noord-Brabant", "PV30"),
    ("PLI", "Limburg", "PV31"),
]
# Ministries besides VRO that sign some deals (code, name, function of the signatory).
MINISTRIES = [
    ("BZK", "De Minister van Binnenlandse Zaken en Koninkrijksrelaties", "Minister van BZK"),
    ("OCW", "De Minister van Onderwijs, Cultuur en Wetenschap", "Minister van OCW"),
    ("SZW", "De Minister van Sociale Zaken en Werkgelegenheid", "Minister van SZW"),
    ("IENW", "De Minister van Infrastructuur en Waterstaat", "Minister van IenW"),
    ("LVVN", "De Minister van Landbouw, Visserij, Voedselzekerheid en Natuur", "Minister van LVVN"),
    ("EZ", "De Minister van Economische Zaken", "Minister van EZ"),
]
SURNAMES = [
    "de Vries",
    "Jansen",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
]
PARTNER_KINDS = [
    ("ROC", "ROC {region}"),
    ("HS", "Hogeschool {region}"),
    ("WS", "Waterschap {region}"),
    ("GGD", "GGD {region}"),
    ("WSP", "Werkgeversservicepunt {region}"),
    ("BIB", "Bibliotheek {region}"),
    ("ZORG", "Zorggroep {region}"),
    ("WOON", "Woonstichting {place}"),
    ("OV", "Ondernemersvereniging {place}"),
    ("WELZ", "Stichting Welzijn {place}"),
]
GENERATED_NOTE = (
    "Gegenereerd voor de prestatiemeting van regiodeal (bench/portfolio.py); geen echte afspraken."
)
# Pillar shares of the national money in the Waterwegregio budget table (P1, P2, P3).
PILLAR_SHARES = {"1": Decimal("8.4"), "2": Decimal("6.7"), "3": Decimal("2.07")}


@dataclass
class WijkPlan:
    code: str  # CBS wijk code, WK + the gemeente's four digits + two
    name: str
    gemeente: str  # area code of the gemeente
    within: str = ""  # area code of a gebied of the deal, if the wijk lies in one


@dataclass
class DealShape:
    """What the data generator needs to know about a deal beyond its loaded version."""

    slug: str
    prefix: str  # project codes: PREFIX-001
    region: str
    starts_on: dt.date  # entry into force: the day after the last signature
    ends_on: dt.date
    rijk_total: Decimal
    wijken: list[WijkPlan] = field(default_factory=list)
    text: str = ""  # the definition file (empty for the bundled deal, which setup loads)


def _ascii_code(name: str) -> str:
    table = str.maketrans({"â": "a", "ê": "e", "ë": "e", "ï": "i", "ô": "o", "û": "u", "é": "e"})
    return re.sub(r"[^A-Z0-9]", "", name.translate(table).upper())


def _money(value: int) -> str:
    return f"{value}.00"


def _replace_everywhere(value, old: str, new: str):
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, list):
        return [_replace_everywhere(v, old, new) for v in value]
    if isinstance(value, dict):
        return {k: _replace_everywhere(v, old, new) for k, v in value.items()}
    return value


def wijken_for(rng: random.Random, areas: list[dict]) -> list[WijkPlan]:
    """Wijken for the outreach list: several in each gemeente of the deal area (some of them in a
    gebied of that gemeente), one or two in a gebied of a gemeente outside the deal area (the
    Waterwegregio's Rotterdam-Mathenesse). `areas` are the definition's areas as dicts."""
    by_code = {a["code"]: a for a in areas}
    gebieden_in: dict[str, list[str]] = {}
    for a in areas:
        if a["kind"] == "gebied" and a["within"] in by_code and a["in_deal_area"]:
            gebieden_in.setdefault(a["within"], []).append(a["code"])
    out: list[WijkPlan] = []
    for a in areas:
        if a["kind"] != "gemeente" or not a["cbs_code"].startswith("GM"):
            continue
        digits = a["cbs_code"][2:]
        gebieden = gebieden_in.get(a["code"], [])
        if a["in_deal_area"]:
            count = rng.randint(4, 10)
        elif gebieden:
            count = rng.randint(1, 2)
        else:
            continue
        names = rng.sample(WIJK_NAMES, count)
        for i, suffix in enumerate(names):
            within = ""
            if gebieden and (not a["in_deal_area"] or rng.random() < 0.35):
                within = rng.choice(gebieden)
            out.append(WijkPlan(f"WK{digits}{51 + i:02d}", f"{a['name']} {suffix}", a["code"], within))
    return out


def bundled_shape(rng: random.Random, version) -> DealShape:
    """The Waterwegregio as `regiodeal setup` loads it; signed (by the generator) from 6 January
    2025, one Party a day, so in force from 16 January 2025 (as in `regiodeal demo`)."""
    areas = [
        {
            "code": a.code,
            "name": a.name,
            "kind": a.kind,
            "cbs_code": a.cbs_code,
            "within": a.within.code if a.within else "",
            "in_deal_area": a.in_deal_area,
        }
        for a in version.areas.select_related("within").order_by("position")
    ]
    parties = version.parties.count()
    rijk = sum((b.rijk for b in version.budget_lines.all()), Decimal("0"))
    return DealShape(
        slug=version.deal.slug,
        prefix="WW",
        region="Waterwegregio",
        starts_on=WATERWEGREGIO_SIGNED + dt.timedelta(days=parties),
        ends_on=version.ends_on,
        rijk_total=rijk,
        wijken=wijken_for(rng, areas),
    )


def region_names(rng: random.Random, count: int) -> list[str]:
    pairs = [h + t for h in REGION_HEADS for t in REGION_TAILS]
    return rng.sample(pairs, count)


def place_names(rng: random.Random, count: int) -> list[str]:
    names = [h + t for h in PLACE_HEADS for t in PLACE_TAILS if h.lower() != t]
    return [n[0] + n[1:].lower() for n in rng.sample(names, count)]


def generated_shapes(rng: random.Random, base_content: dict, count: int) -> list[DealShape]:
    """`count` generated deals: their definition texts and shapes. Deterministic for the rng."""
    from regiodeal.deals.definition import dump_definition

    regions = region_names(rng, count)
    places = iter(place_names(rng, count * 6))
    shapes = []
    for index, region in enumerate(regions):
        shapes.append(_generated(rng, base_content, index, region, places, dump_definition))
    return shapes


def _generated(rng, base: dict, index: int, region: str, places, to_text) -> DealShape:
    slug = _ascii_code(region).lower()
    prefix = _ascii_code(region)[:3] + f"{index:02d}"
    # Tranches from 2021 to 2025, three to five years each: some deals have ended by the portfolio's
    # date, most are running.
    start_year = rng.choice([2021, 2022, 2022, 2023, 2023, 2024, 2024, 2025])
    years = rng.choice([3, 4, 4, 5])
    ends_on = dt.date(start_year + years, 12, 31)
    first_signature = dt.date(start_year, rng.randint(1, 9), rng.randint(1, 28))

    # Parties: VRO and one to four more ministries; the gemeenten and (mostly) the provincie.
    province_code, province_name, province_cbs = rng.choice(PROVINCES)
    gemeenten = [next(places) for _ in range(rng.randint(2, 6))]
    gm_base = 5001 + index * 6
    with_province = rng.random() < 0.75
    ministries = rng.sample(MINISTRIES, rng.randint(1, 4))

    def signatory(function: str) -> dict:
        return {"name": f"{rng.choice('ABCDEFGHJKLMNPRSTW')}. {rng.choice(SURNAMES)}", "function": function}

    parties = [
        {
            "code": "VRO",
            "name": "De Minister van Volkshuisvesting en Ruimtelijke Ordening",
            "name_en": "The Minister of Housing and Spatial Planning",
            "short_name": "VRO",
            "kind": "rijk",
            "acts_as": "bestuursorgaan en vertegenwoordiger van de Staat der Nederlanden",
            "signatory": signatory("Minister van Volkshuisvesting en Ruimtelijke Ordening"),
        }
    ]
    for code, name, function in ministries:
        parties.append(
            {
                "code": code,
                "name": name,
                "name_en": "",
                "short_name": code,
                "kind": "rijk",
                "acts_as": "bestuursorgaan en vertegenwoordiger van de Staat der Nederlanden",
                "signatory": signatory(function),
            }
        )
    for place in gemeenten:
        parties.append(
            {
                "code": _ascii_code(place),
                "name": f"Het college van burgemeester en wethouders van de gemeente {place}",
                "name_en": f"The Municipal Executive of the municipality of {place}",
                "short_name": f"gemeente {place}",
                "kind": "regio",
                "acts_as": "bestuursorgaan",
                "signatory": signatory(rng.choice(["burgemeester", "wethouder"])),
            }
        )
    if with_province:
        parties.append(
            {
                "code": province_code,
                "name": f"Gedeputeerde Staten van de provincie {province_name}",
                "name_en": f"The Provincial Executive of the province of {province_name}",
                "short_name": "Provincie",
                "kind": "regio",
                "acts_as": "bestuursorgaan",
                "signatory": signatory("gedeputeerde"),
            }
        )
    signed = first_signature
    for party in parties:
        party["signed_on"] = signed.isoformat()
        signed += dt.timedelta(days=rng.randint(0, 4))
    last_signature = max(dt.date.fromisoformat(p["signed_on"]) for p in parties)

    partner_kinds = rng.sample(PARTNER_KINDS, rng.randint(4, len(PARTNER_KINDS)))
    partners = []
    for code, template in partner_kinds:
        place = rng.choice(gemeenten)
        partners.append(
            {
                "code": f"{code}_{_ascii_code(place) if '{place}' in template else 'REGIO'}",
                "name": template.format(region=region, place=place),
            }
        )

    # Areas: the provincie (outside the deal area: the region is only part of it), the gemeenten,
    # and one to three gebieden (focus areas) within them.
    areas = [
        {
            "code": province_code,
            "name": province_name,
            "kind": "provincie",
            "cbs_code": province_cbs,
            "within": "",
            "nplv_focus_area": False,
            "in_deal_area": False,
            "note": f"Het gebied van de deal is alleen de regio {region}.",
        }
    ]
    for i, place in enumerate(gemeenten):
        areas.append(
            {
                "code": _ascii_code(place),
                "name": place,
                "kind": "gemeente",
                "cbs_code": f"GM{gm_base + i}",
                "within": province_code,
                "nplv_focus_area": False,
                "in_deal_area": True,
                "note": "",
            }
        )
    for place in rng.sample(gemeenten, rng.randint(1, min(3, len(gemeenten)))):
        area_name = f"{place} {rng.choice(['Noord', 'Oost', 'Zuid', 'West', 'Centrum', 'Haven'])}"
        areas.append(
            {
                "code": _ascii_code(area_name),
                "name": area_name,
                "kind": "gebied",
                "cbs_code": "",
                "within": _ascii_code(place),
                "nplv_focus_area": rng.random() < 0.3,
                "in_deal_area": True,
                "note": "Focusgebied van de deal (gegenereerd).",
            }
        )

    # Budget (Art. 4.2): national EUR 7.5-30 million; execution costs 2-3% of it; regional money
    # 1.0-1.4 times the national money on each line, all in whole thousands.
    rijk_total = rng.randrange(75, 301) * 100_000
    vat_rijk = int(rijk_total * rng.uniform(0.02, 0.03)) // 1000 * 1000
    weights = {code: float(share) * rng.uniform(0.7, 1.3) for code, share in PILLAR_SHARES.items()}
    weight_sum = sum(weights.values())
    pillar_money = rijk_total - vat_rijk
    rijk_lines: dict[str, int] = {}
    left = pillar_money
    for i, (code, weight) in enumerate(weights.items()):
        amount = left if i == len(weights) - 1 else int(pillar_money * weight / weight_sum) // 1000 * 1000
        rijk_lines[code] = amount
        left -= amount
    lines = []
    for base_line in base["budget"]["lines"]:
        code, pillar = base_line["code"], base_line["pillar"]
        rijk = rijk_lines[pillar] if base_line["kind"] == "pillar" else vat_rijk
        regional = int(rijk * rng.uniform(1.0, 1.4)) // 1000 * 1000
        regional = max(regional, rijk)
        lines.append(
            {
                **base_line,
                "rijk": _money(rijk),
                "regional": _money(regional),
                "total": _money(rijk + regional),
            }
        )
    totals = {
        column: _money(sum(int(Decimal(line[column])) for line in lines))
        for column in ("rijk", "regional", "total")
    }

    content = _replace_everywhere(base, "Waterwegregio", region)
    content.update(
        slug=slug,
        name=f"Regio Deal {region}",
        citation_title=f"Regio Deal {region}",
        aim=f"{content['aim']} {GENERATED_NOTE}",
        ends_on=ends_on.isoformat(),
        regiokassier=_ascii_code(gemeenten[0]),
        parties=parties,
        partners=partners,
        areas=areas,
    )
    content["budget"] = {
        **content["budget"],
        "note": f"Bedragen gegenereerd voor de prestatiemeting. {GENERATED_NOTE}",
        "lines": lines,
        "totals": totals,
    }
    rules = content["rules"]
    rules["overleg"] = {**rules["overleg"], "members": [p["code"] for p in parties]}
    baseline_due = min(last_signature + dt.timedelta(days=150), ends_on)
    rules["evaluation"] = {
        **rules["evaluation"],
        "baseline_due_on": baseline_due.isoformat(),
        "baseline_due_label": "vijf maanden na de inwerkingtreding",
    }
    place_list = ", ".join(gemeenten[:-1]) + f" en {gemeenten[-1]}"
    glossary = [
        g for g in content["glossary"] if g["term"] not in (region, "NPLV") and "circulair" not in g["term"]
    ]
    glossary.append({"term": region, "definition": f"het gebied van de gemeenten {place_list}"})
    content["glossary"] = glossary

    text = f"# {GENERATED_NOTE}\n" + to_text(content)
    return DealShape(
        slug=slug,
        prefix=prefix,
        region=region,
        starts_on=last_signature + dt.timedelta(days=1),
        ends_on=ends_on,
        rijk_total=Decimal(rijk_total),
        wijken=wijken_for(rng, areas),
        text=text,
    )
