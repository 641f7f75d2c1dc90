"""Places: the boundaries of gemeenten and wijken (CBS wijk- en buurtkaart, PDOK) and the map of
the wijken drawn from them as SVG on the server (no JavaScript, no tiles).

- `rd_from_wgs84` / `wgs84_from_rd`: the RD New (EPSG:28992) <-> WGS84 polynomial approximation
  of Schreutelkamp & Strang van Hees (accurate to about a metre inside the Netherlands, which is
  far finer than the map needs). Boundaries are stored in RD, so a file in EPSG:4326 is converted.
- `boundaries_import`: a GeoJSON FeatureCollection in the PDOK layout, all-or-nothing; a bad
  feature is named by its index (0-based, as in the file) with how to fix it.
- `wijk_map`: the map for a list of (code, name, value) rows, or None without any boundary for
  them (the page then shows only its table, which is always the accessible source).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from regiodeal.audit.services import Actor, audit_record, snapshot
from regiodeal.common.importing import ImportRejected, RowError

from .models import Boundary

# --- RD New <-> WGS84 ---------------------------------------------------------------------------

X0, Y0 = 155000.0, 463000.0  # Amersfoort, the origin of RD
PHI0, LAM0 = 52.15517440, 5.38720621

_K = [(0, 1, 3235.65389), (2, 0, -32.58297), (0, 2, -0.24750), (2, 1, -0.84978), (0, 3, -0.06550),
      (2, 2, -0.01709), (1, 0, -0.00738), (4, 0, 0.00530), (2, 3, -0.00039), (4, 1, 0.00033),
      (1, 1, -0.00012)]  # fmt: skip
_L = [(1, 0, 5260.52916), (1, 1, 105.94684), (1, 2, 2.45656), (3, 0, -0.81885), (1, 3, 0.05594),
      (3, 1, -0.05607), (0, 1, 0.01199), (3, 2, -0.00256), (1, 4, 0.00128), (0, 2, 0.00022),
      (2, 0, -0.00022), (5, 0, 0.00026)]  # fmt: skip
_R = [(0, 1, 190094.945), (1, 1, -11832.228), (2, 1, -114.221), (0, 3, -32.391), (1, 0, -0.705),
      (3, 1, -2.340), (1, 3, -0.608), (0, 2, -0.008), (2, 3, 0.148)]  # fmt: skip
_S = [(1, 0, 309056.544), (0, 2, 3638.893), (2, 0, 73.077), (1, 2, -157.984), (3, 0, 59.788),
      (0, 1, 0.433), (2, 2, -6.439), (1, 1, -0.032), (0, 4, 0.092), (1, 4, -0.054)]  # fmt: skip


def wgs84_from_rd(x: float, y: float) -> tuple[float, float]:
    """(lat, lon) in degrees for RD (x, y) in metres."""
    dx, dy = (x - X0) * 1e-5, (y - Y0) * 1e-5
    lat = PHI0 + sum(k * dx**p * dy**q for p, q, k in _K) / 3600
    lon = LAM0 + sum(k * dx**p * dy**q for p, q, k in _L) / 3600
    return lat, lon


def rd_from_wgs84(lat: float, lon: float) -> tuple[float, float]:
    """RD (x, y) in metres for (lat, lon) in degrees."""
    dphi, dlam = 0.36 * (lat - PHI0), 0.36 * (lon - LAM0)
    x = X0 + sum(r * dphi**p * dlam**q for p, q, r in _R)
    y = Y0 + sum(s * dphi**p * dlam**q for p, q, s in _S)
    return x, y


# --- import ------------------------------------------------------------------------------------

GM = re.compile(r"^GM\d{4}$")
WK = re.compile(r"^WK\d{6}$")
SIMPLIFY_METRES = 5  # points closer than this to the last kept one are dropped


@dataclass
class BoundaryOutcome:
    filename: str
    projection: str
    stored: int = 0
    codes: list[str] = field(default_factory=list)


def _projection(doc: dict) -> str:
    name = str(((doc.get("crs") or {}).get("properties") or {}).get("name", ""))
    if "28992" in name:
        return "EPSG:28992"
    if not name or "4326" in name or "CRS84" in name:
        return "EPSG:4326"  # RFC 7946: without a crs member, GeoJSON is lon/lat
    return name


def _ring(raw, to_rd) -> list[list[int]] | None:
    if not isinstance(raw, list) or len(raw) < 4:
        return None
    out: list[list[int]] = []
    for pt in raw:
        if not (isinstance(pt, list) and len(pt) >= 2 and all(isinstance(v, int | float) for v in pt[:2])):
            return None
        x, y = to_rd(float(pt[0]), float(pt[1]))
        if not (0 <= x <= 300_000 and 289_000 <= y <= 629_000):
            return None
        p = [round(x), round(y)]
        if not out or math.dist(out[-1], p) >= SIMPLIFY_METRES:
            out.append(p)
    if out[0] != out[-1]:
        out.append(out[0])
    return out if len(out) >= 4 else None


def _geometry(geom, to_rd) -> dict | None:
    if not isinstance(geom, dict):
        return None
    kind, coords = geom.get("type"), geom.get("coordinates")
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else None
    if not isinstance(polygons, list) or not polygons:
        return None
    out = []
    for poly in polygons:
        if not isinstance(poly, list) or not poly:
            return None
        rings = [_ring(r, to_rd) for r in poly]
        if any(r is None for r in rings):
            return None
        out.append(rings)
    return {"type": "MultiPolygon", "coordinates": out}


def boundaries_import(*, actor: Actor, filename: str, content: bytes) -> BoundaryOutcome:
    """Boundaries from a GeoJSON FeatureCollection in the layout of the CBS wijk- en buurtkaart,
    all-or-nothing. Every gemeente and wijk in the file is kept (the file is national data; a
    map draws only the codes it is asked for). A feature with `wijkcode` is a wijk, else one with
    `gemeentecode` a gemeente."""
    try:
        doc = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportRejected(
            filename, [RowError(0, "", _("Dit is geen GeoJSON-bestand: %(e)s") % {"e": exc})]
        ) from exc
    if (
        not isinstance(doc, dict)
        or doc.get("type") != "FeatureCollection"
        or not isinstance(doc.get("features"), list)
    ):
        raise ImportRejected(
            filename, [RowError(0, "", _("Verwacht een GeoJSON FeatureCollection met een lijst 'features'."))]
        )
    projection = _projection(doc)
    if projection == "EPSG:28992":

        def to_rd(a, b):
            return a, b
    elif projection == "EPSG:4326":

        def to_rd(a, b):
            return rd_from_wgs84(b, a)  # GeoJSON order: lon, lat
    else:
        raise ImportRejected(
            filename,
            [
                RowError(
                    0,
                    "crs",
                    _("Projectie %(p)s wordt niet ondersteund: gebruik EPSG:28992 of EPSG:4326.")
                    % {"p": projection},
                )
            ],
        )
    errors: list[RowError] = []
    rows: dict[str, dict] = {}
    for index, feature in enumerate(doc["features"]):
        where = _("feature %(i)s") % {"i": index}
        props = (feature or {}).get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            errors.append(RowError(0, where, _("Het feature heeft geen 'properties'.")))
            continue
        wk, gm = str(props.get("wijkcode") or "").strip(), str(props.get("gemeentecode") or "").strip()
        if wk:
            code, name, kind = wk, props.get("wijknaam"), Boundary.Kind.WIJK
            if not WK.match(code):
                errors.append(
                    RowError(
                        0,
                        where,
                        _("wijkcode '%(c)s': schrijf WK en zes cijfers, bijvoorbeeld WK060601.")
                        % {"c": code},
                    )
                )
                continue
        elif gm:
            code, name, kind = gm, props.get("gemeentenaam"), Boundary.Kind.GEMEENTE
        else:
            errors.append(
                RowError(0, where, _("Geef 'wijkcode' (een wijk) of 'gemeentecode' (een gemeente)."))
            )
            continue
        if not GM.match(gm):
            errors.append(
                RowError(
                    0,
                    where,
                    _("gemeentecode '%(c)s': schrijf GM en vier cijfers, bijvoorbeeld GM0606.") % {"c": gm},
                )
            )
            continue
        if not str(name or "").strip():
            errors.append(
                RowError(0, where, _("%(c)s heeft geen naam ('wijknaam' of 'gemeentenaam').") % {"c": code})
            )
            continue
        year = str(props.get("jaarstatcode") or props.get("jaar") or "")[:4]
        if not year.isdigit():
            errors.append(
                RowError(
                    0,
                    where,
                    _("%(c)s: 'jaarstatcode' moet met het jaar beginnen, bijvoorbeeld 2024%(c)s.")
                    % {"c": code},
                )
            )
            continue
        geometry = _geometry(feature.get("geometry"), to_rd)
        if geometry is None:
            errors.append(
                RowError(
                    0,
                    where,
                    _(
                        "%(c)s: de geometrie moet een Polygon of MultiPolygon zijn met gesloten ringen van "
                        "minstens vier punten in %(p)s, binnen Nederland."
                    )
                    % {"c": code, "p": projection},
                )
            )
            continue
        if code in rows:
            errors.append(RowError(0, where, _("%(c)s staat twee keer in het bestand.") % {"c": code}))
            continue
        rows[code] = {
            "name": str(name).strip(),
            "kind": kind,
            "gemeente_code": gm,
            "year": int(year),
            "geometry": geometry,
        }
    if not rows and not errors:
        errors.append(RowError(0, "", _("Het bestand heeft geen features.")))
    if errors:
        raise ImportRejected(filename, errors)
    outcome = BoundaryOutcome(filename=filename, projection=projection)
    with transaction.atomic():
        for code, values in rows.items():
            obj, _created = Boundary.objects.update_or_create(code=code, defaults=values)
            obj.full_clean()
            audit_record(
                actor=actor,
                action="participation.boundary.loaded",
                obj=obj,
                summary=f"{code} {values['name']} {values['year']} ({filename}, {projection})",
                after={k: v for k, v in snapshot(obj).items() if k != "geometry"},
            )
            outcome.codes.append(code)
        outcome.stored = len(rows)
    return outcome


# --- the map -----------------------------------------------------------------------------------

# ColorBrewer "Blues" (sequential, colour-blind safe), light to dark; at most 5 classes.
PALETTE = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]
NO_DATA = "#ffffff"
OUTLINE = "#1f1f1f"  # contrast with white far above 3:1
VIEW_WIDTH = 1000


@dataclass(frozen=True)
class MapClass:
    label: str
    fill: str


@dataclass(frozen=True)
class MapArea:
    code: str
    title: str
    d: str
    fill: str


@dataclass(frozen=True)
class WijkMap:
    view_box: str
    areas: list[MapArea]
    legend: list[MapClass]
    outlines: list[str]  # gemeente boundaries drawn over the wijken (paths' d)
    outline: str = OUTLINE


def _polygons(geometry: dict) -> list:
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]


def _d(geometry: dict, fx, fy) -> str:
    parts = []
    for poly in _polygons(geometry):
        for ring in poly:
            pts = " ".join(f"{fx(x):.1f},{fy(y):.1f}" for x, y in ring[:-1])
            parts.append(f"M{pts}Z")
    return "".join(parts)


def class_of(value, breaks: list) -> int:
    """Index of the class of `value`: the first break it is below, else the last class."""
    for i, b in enumerate(breaks):
        if value < b:
            return i
    return len(breaks)


def wijk_map(
    rows: Iterable[tuple[str, str, int | Decimal | None, str]],
    *,
    breaks: list,
    labels: list[str],
    no_data_label: str,
) -> WijkMap | None:
    """The map for `rows` of (code, name, value or None, shown value): `breaks` are the upper
    bounds of all but the last class (at most 4, so at most 5 classes), `labels` one per class.
    None when no row has a boundary: the page shows its table alone."""
    if len(labels) != len(breaks) + 1 or len(labels) > len(PALETTE):
        raise ValueError("one label per class, at most five classes")
    rows = list(rows)
    found = {b.code: b for b in Boundary.objects.filter(code__in=[r[0] for r in rows])}
    if not found:
        return None
    gemeenten = Boundary.objects.filter(
        kind=Boundary.Kind.GEMEENTE, code__in={b.gemeente_code for b in found.values()}
    )
    xs, ys = [], []
    for b in found.values():
        for poly in _polygons(b.geometry):
            for x, y in poly[0]:
                xs.append(x)
                ys.append(y)
    minx, maxx, miny, maxy = min(xs), max(xs), min(ys), max(ys)
    scale = VIEW_WIDTH / max(maxx - minx, 1)
    height = max((maxy - miny) * scale, 1)
    pad = 4

    def fx(x):
        return (x - minx) * scale + pad

    def fy(y):
        return (maxy - y) * scale + pad  # SVG's y runs down

    palette = PALETTE[len(PALETTE) - len(labels) :]  # the darkest ones: each apart from white
    areas = []
    for code, name, value, shown in rows:
        b = found.get(code)
        if b is None:
            continue
        fill = NO_DATA if value is None else palette[class_of(value, breaks)]
        areas.append(MapArea(code=code, title=f"{name}: {shown}", d=_d(b.geometry, fx, fy), fill=fill))
    legend = [MapClass(label, fill) for label, fill in zip(labels, palette, strict=True)]
    if any(r[2] is None for r in rows if r[0] in found):
        legend.append(MapClass(no_data_label, NO_DATA))
    return WijkMap(
        view_box=f"0 0 {VIEW_WIDTH + 2 * pad} {height + 2 * pad:.0f}",
        areas=areas,
        legend=legend,
        outlines=[_d(g.geometry, fx, fy) for g in gemeenten],
    )


def norm_map(rows: Iterable[tuple[str, str, int | None, str]], *, norm: int) -> WijkMap | None:
    """Residents spoken per wijk against the norm of Art. 2.1: three classes (below half the norm,
    below the norm, norm met)."""
    half = max(norm // 2, 1)
    return wijk_map(
        rows,
        breaks=[half, norm],
        labels=[
            _("minder dan %(n)s") % {"n": half},
            _("%(a)s tot %(b)s") % {"a": half, "b": norm},
            _("%(n)s of meer (norm gehaald)") % {"n": norm},
        ],
        no_data_label=_("niet getoond of geen gegevens"),
    )


@dataclass(frozen=True)
class WijkValue:
    code: str  # CBS wijk code
    name: str
    value: Decimal
    on: dt.date


@dataclass(frozen=True)
class IndicatorPerWijk:
    code: str
    name: str
    name_en: str
    unit: str
    unit_en: str
    rows: list[WijkValue]
    map: WijkMap | None  # None without boundaries: the table alone


def values_per_wijk(measurements) -> IndicatorPerWijk | None:
    """The latest of `measurements` (one indicator's, already filtered to what the reader may
    see) in each wijk (CBS code WK…), as a table and a map: at most five classes of about equal
    size, bounded by the values themselves. None when there is no value per wijk."""
    from regiodeal.common.formatting import number

    latest = {}
    for m in (
        measurements.filter(area_code__startswith="WK")
        .select_related("indicator")
        .order_by("area_code", "-on", "-pk")
    ):
        latest.setdefault(m.area_code, m)
    if not latest:
        return None
    indicator = next(iter(latest.values())).indicator
    rows = sorted(
        (WijkValue(c, m.area_name or c, m.value, m.on) for c, m in latest.items()), key=lambda r: r.name
    )
    values = sorted({r.value for r in rows})
    classes = min(5, len(values))
    breaks = [values[(len(values) * i) // classes] for i in range(1, classes)]
    bounds = [values[0], *breaks, values[-1]]
    labels = [
        (_("vanaf %(a)s") % {"a": number(bounds[i])})
        if i == classes - 1
        else (_("%(a)s tot %(b)s") % {"a": number(bounds[i]), "b": number(bounds[i + 1])})
        for i in range(classes)
    ]
    drawn = wijk_map(
        [(r.code, r.name, r.value, number(r.value)) for r in rows],
        breaks=breaks,
        labels=labels,
        no_data_label="",
    )
    return IndicatorPerWijk(
        indicator.code, indicator.name, indicator.name_en, indicator.unit, indicator.unit_en, rows, drawn
    )
