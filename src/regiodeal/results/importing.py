"""Importing measurements from CSV or Excel (.xlsx), all-or-nothing.

Two layouts:

- **standard**: one measurement per row, columns `indicator`, `on` (YYYY-MM-DD), `value`, and
  optionally `source`, `period_start`, `area` (a deal area code or a CBS code), `group` (a
  target-group code), `project` (a project code).
- **cbs**: the column layout of the CBS tables "Kerncijfers wijken en buurten" (85984NED and its
  yearly successors): `WijkenEnBuurten` (GM0556, WK055601, BU05560101, padded with spaces),
  `Gemeentenaam_1`, `SoortRegio_2` (Gemeente, Wijk, Buurt, Land), `Codering_3`, then one column
  per figure (`AantalInwoners_5`, ...). Each figure column is mapped to an indicator
  (`columns={"AantalInwoners_5": "code"}`; a column named like an indicator code maps itself).
  A CBS table holds one year: the date is given (`on`). Rows outside the deal's gemeenten and the
  national row are skipped; CBS's symbols for a missing figure (`.`, `x`, `?`, `-`, empty) are
  skipped too.

- **statline**: a CBS StatLine table as its OData API gives it (a `.json` file, or fetched by
  its identifier with `statline_fetch`): v3 `TypedDataSet` (`{"value": [{"ID": 0, "RegioS" or
  "WijkenEnBuurten": "GM0556    ", "Perioden": "2023JJ00", "<Measure>": 12.3, ...}]}`, one key per
  measure) or v4 `Observations` (`{"value": [{"Id": 0, "Measure": "M001234", "Value": 12.3,
  "Perioden": "2023JJ00", "WijkenEnBuurten": "WK055601"}]}`, one row per measure). Each measure
  is mapped to an indicator (`columns={"TotaleBevolking_1": "code"}`; a measure named like an
  indicator code maps itself); measures not mapped are left alone. Region codes are kept (padding
  stripped); rows outside the deal's gemeenten and areas (the country, provinces, other
  gemeenten) are skipped, and so are empty figures (`null`, CBS's symbols). `Perioden` gives the
  date: a year `2023JJ00`, a quarter `2023KW02` or a month `2023MM07` becomes a measurement on
  the period's last day (`on`) with `period_start` its first day. A table without `Perioden`
  (Kerncijfers wijken en buurten) needs the date given (`on`); a table with it refuses one.
  Rows are numbered as they stand in `value`: the first is row 1.

Every problem is reported with its row (as in a spreadsheet: the header is row 1) and column,
and nothing is written unless every row is good; the file is read, and refused, by the one reader
of every import (`common/importing.py`: `read_table`, `RowError`, `ImportRejected`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regiodeal.audit.services import Actor
from regiodeal.common import limits
from regiodeal.common.importing import ImportRejected, RowError, parse_date, parse_decimal, read_table
from regiodeal.deals import models as dm

from .models import Measurement
from .services import deal_places, indicators_usable_in, measurement_record

STANDARD = "standard"
CBS = "cbs"
STATLINE = "statline"
CBS_REQUIRED = ["WijkenEnBuurten", "Gemeentenaam_1", "SoortRegio_2", "Codering_3"]
CBS_MISSING = {"", ".", "x", "?", "-"}
STANDARD_REQUIRED = ["indicator", "on", "value"]
STANDARD_OPTIONAL = ["source", "period_start", "area", "group", "project"]
DEFAULT_CBS_SOURCE = "CBS Kerncijfers wijken en buurten"


@dataclass
class ImportOutcome:
    filename: str
    layout: str
    created: int = 0
    skipped: int = 0
    measurements: list[Measurement] = field(default_factory=list)


def detect_layout(header: list[str]) -> str:
    return CBS if all(c in header for c in CBS_REQUIRED) else STANDARD


def measurements_import(
    *,
    actor: Actor,
    deal: dm.Deal,
    filename: str,
    content: bytes,
    on: dt.date | None = None,
    columns: dict[str, str] | None = None,
    source: str = "",
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> ImportOutcome:
    """Validate every row, then store all measurements in one transaction, or none. `progress`
    is told how many more rows of the file are done as they are written (`on_total`: how many)."""
    if PurePath(filename).suffix.lower() == ".json":
        return _statline_import(
            actor=actor,
            deal=deal,
            filename=filename,
            content=content,
            on=on,
            columns=columns or {},
            source=source,
            progress=progress,
            on_total=on_total,
        )
    table = read_table(filename, content)
    if on_total:
        on_total(max(len(table) - 1, 0))
    if not table or not any(str(c).strip() for c in table[0]):
        raise ImportRejected(filename, [RowError(1, "", _("Het bestand heeft geen kopregel."))])
    header = [str(c).strip() for c in table[0]]
    layout = detect_layout(header)
    indicators = {i.code: i for i in indicators_usable_in(deal)}
    places = deal_places(deal)
    errors: list[RowError] = []
    if layout == CBS:
        rows, skipped = _cbs_rows(deal, header, table, indicators, places, on, columns or {}, source, errors)
    else:
        rows, skipped = _standard_rows(deal, header, table, indicators, places, source, errors)
    _check_duplicates(deal, rows, errors)
    if errors:
        raise ImportRejected(filename, sorted(errors, key=lambda e: (e.row, e.column)))
    outcome = ImportOutcome(filename=filename, layout=layout, skipped=skipped)
    _write(actor, deal, filename, places, rows, outcome, progress, first=1, last=len(table))
    return outcome


def _write(actor, deal, filename, places, rows, outcome, progress, *, first: int, last: int) -> None:
    """Store the checked rows in one transaction, or none; `progress` counts rows `first`..`last`."""
    done = first
    with transaction.atomic():
        for number, fields in rows:
            if progress and number > done:
                progress(number - done)
                done = number
            try:
                outcome.measurements.append(
                    measurement_record(
                        actor=actor, deal=deal, places=places, imported_from=filename, **fields
                    )
                )
            except ValidationError as exc:  # a rule checked only at write time: still all-or-nothing
                transaction.set_rollback(True)
                raise ImportRejected(
                    filename,
                    [
                        RowError(number, name, "; ".join(messages))
                        for name, messages in exc.message_dict.items()
                    ],
                ) from exc
        outcome.created = len(outcome.measurements)
    if progress and last > done:
        progress(last - done)


def _check_duplicates(deal, rows, errors) -> None:
    keys: dict[tuple, int] = {}
    for number, f in rows:
        key = (f["indicator"].pk, f["on"], f.get("area_code", ""), f.get("group_code", ""))
        if key in keys:
            errors.append(
                RowError(number, "", _("Dezelfde meting staat ook in rij %(row)s.") % {"row": keys[key]})
            )
        keys.setdefault(key, number)
    if not rows:
        return
    existing = set(
        Measurement.objects.filter(
            deal=deal, indicator__in={f["indicator"].pk for _n, f in rows}, on__in={f["on"] for _n, f in rows}
        ).values_list("indicator_id", "on", "area_code", "group_code")
    )
    for key, number in keys.items():
        if key in existing:
            errors.append(
                RowError(
                    number,
                    "",
                    _("Deze meting is al vastgelegd (zelfde indicator, datum, gebied en doelgroep)."),
                )
            )


def _standard_rows(deal, header, table, indicators, places, source, errors):
    missing = [c for c in STANDARD_REQUIRED if c not in header]
    unknown = [c for c in header if c and c not in STANDARD_REQUIRED + STANDARD_OPTIONAL]
    if missing or unknown:
        if missing:
            errors.append(RowError(1, ", ".join(missing), _("Deze kolommen ontbreken.")))
        if unknown:
            errors.append(
                RowError(
                    1,
                    ", ".join(unknown),
                    _("Onbekende kolommen; gebruik %(cols)s, of de CBS-indeling.")
                    % {"cols": ", ".join(STANDARD_REQUIRED + STANDARD_OPTIONAL)},
                )
            )
        return [], 0
    from regiodeal.projects.models import Project

    projects = {p.code: p for p in Project.objects.filter(deal=deal)} if "project" in header else {}
    today = timezone.localdate()
    rows = []
    for number, raw in enumerate(table[1:], start=2):
        cells = {name: raw[i] if i < len(raw) else "" for i, name in enumerate(header)}
        if not any(str(v).strip() for v in cells.values()):
            continue
        fields: dict = {}
        row_errors = len(errors)
        code = str(cells["indicator"]).strip()
        if code not in indicators:
            errors.append(
                RowError(number, "indicator", _("Onbekende indicator '%(code)s'.") % {"code": code})
            )
        else:
            fields["indicator"] = indicators[code]
        for name, target in (("on", "on"), ("period_start", "period_start")):
            text = (
                str(cells.get(name, "")).strip() if not isinstance(cells.get(name), dt.date) else cells[name]
            )
            if name == "period_start" and not text:
                continue
            try:
                fields[target] = parse_date(text)
            except ValueError as exc:
                errors.append(RowError(number, name, str(exc)))
        if "on" in fields and fields["on"] > today:
            errors.append(RowError(number, "on", _("Een meting kan niet in de toekomst liggen.")))
        try:
            fields["value"] = parse_decimal(cells["value"])
        except ValueError as exc:
            errors.append(RowError(number, "value", str(exc)))
        fields["source"] = str(cells.get("source", "")).strip() or source
        if not fields["source"]:
            errors.append(RowError(number, "source", _("Geef de bron van de meting.")))
        try:
            fields["area_code"] = places.area(str(cells.get("area", "")))[0]
        except ValueError as exc:
            errors.append(RowError(number, "area", str(exc)))
        try:
            fields["group_code"] = places.group(str(cells.get("group", "")))
        except ValueError as exc:
            errors.append(RowError(number, "group", str(exc)))
        project_code = str(cells.get("project", "")).strip()
        if project_code:
            if project_code not in projects:
                errors.append(
                    RowError(number, "project", _("Onbekend project '%(code)s'.") % {"code": project_code})
                )
            else:
                fields["project"] = projects[project_code]
        if len(errors) == row_errors:
            rows.append((number, fields))
    return rows, 0


def _cbs_rows(deal, header, table, indicators, places, on, columns, source, errors):
    if on is None:
        errors.append(RowError(0, "", _("Een CBS-tabel geldt voor één jaar: geef de peildatum op.")))
        return [], 0
    mapping: dict[str, str] = {}
    for column, code in columns.items():
        if column not in header:
            errors.append(RowError(1, column, _("Deze kolom staat niet in het bestand.")))
        elif code not in indicators:
            errors.append(RowError(1, column, _("Onbekende indicator '%(code)s'.") % {"code": code}))
        else:
            mapping[column] = code
    for column in header:
        if column not in mapping and column in indicators:
            mapping[column] = column
    if not mapping and not errors:
        errors.append(
            RowError(
                1,
                "",
                _("Geen kolom gekoppeld aan een indicator: koppel een CBS-kolom aan een indicatorcode."),
            )
        )
    if errors:
        return [], 0
    municipalities = {c[2:] for c, (_code, _name, kind) in places.areas.items() if c.startswith("GM")}
    index = {name: i for i, name in enumerate(header)}
    rows, skipped = [], 0
    for number, raw in enumerate(table[1:], start=2):

        def cell(name, raw=raw):
            i = index[name]
            return raw[i] if i < len(raw) else ""

        code = str(cell("WijkenEnBuurten")).strip() or str(cell("Codering_3")).strip()
        kind = str(cell("SoortRegio_2")).strip().lower()
        if not code and not kind:
            continue
        if kind == "land" or code.startswith("NL"):
            skipped += 1
            continue
        if kind not in ("gemeente", "wijk", "buurt"):
            errors.append(
                RowError(
                    number, "SoortRegio_2", _("'%(kind)s' is geen Gemeente, Wijk of Buurt.") % {"kind": kind}
                )
            )
            continue
        expected = {"gemeente": "GM", "wijk": "WK", "buurt": "BU"}[kind]
        if not code.startswith(expected):
            errors.append(
                RowError(
                    number,
                    "WijkenEnBuurten",
                    _("'%(code)s' past niet bij soort %(kind)s.") % {"code": code, "kind": kind},
                )
            )
            continue
        if code[2:6] not in municipalities:
            skipped += 1
            continue
        gemeente = str(cell("Gemeentenaam_1")).strip()
        area_code, area_name, _kind = places.area(code)
        name = area_name or f"{kind} {code} ({gemeente})"
        for column, indicator_code in mapping.items():
            text = cell(column)
            if str(text).strip() in CBS_MISSING:
                continue
            try:
                value = parse_decimal(text)
            except ValueError as exc:
                errors.append(RowError(number, column, str(exc)))
                continue
            rows.append(
                (
                    number,
                    {
                        "indicator": indicators[indicator_code],
                        "on": on,
                        "value": value,
                        "source": source or DEFAULT_CBS_SOURCE,
                        "area_code": area_code,
                        "area_name": name,
                    },
                )
            )
    return rows, skipped


# --- CBS StatLine (OData v3 TypedDataSet and v4 Observations) ----------------------------------

STATLINE_REGION_KEYS = ("WijkenEnBuurten", "RegioS")
STATLINE_V4_KEYS = {"Id", "Measure", "Value", "ValueAttribute", "StringValue"}
STATLINE_ID_KEYS = {"ID", "Id"}
STATLINE_TABLE = re.compile(r"^[0-9]{5}[A-Za-z]{3}$")
STATLINE_PERIOD = re.compile(r"^(\d{4})(JJ|KW|MM)(\d{2})$")
STATLINE_REGION = re.compile(r"^[A-Z]{2}[0-9]{2,8}$")
DEFAULT_STATLINE_URL = "https://opendata.cbs.nl/ODataApi/odata"


def statline_period(code: str) -> tuple[dt.date, dt.date]:
    """(first day, last day) of a StatLine period: `2023JJ00` a year, `2023KW02` a quarter,
    `2023MM07` a month. ValueError saying which periods are read, for anything else."""
    match = STATLINE_PERIOD.match(code)
    if match:
        year, kind, number = int(match[1]), match[2], int(match[3])
        if kind == "JJ" and number == 0:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if kind == "KW" and 1 <= number <= 4:
            last_month = number * 3
            return (
                dt.date(year, last_month - 2, 1),
                dt.date(year, last_month, calendar.monthrange(year, last_month)[1]),
            )
        if kind == "MM" and 1 <= number <= 12:
            return dt.date(year, number, 1), dt.date(year, number, calendar.monthrange(year, number)[1])
    raise ValueError(
        _(
            "'%(code)s' is geen jaar (2023JJ00), kwartaal (2023KW02) of maand (2023MM07); kies in "
            "StatLine alleen zulke perioden, of laat deze rij weg."
        )
        % {"code": code}
    )


def _statline_records(filename: str, content: bytes) -> tuple[list, str]:
    """The records of `value` and the table's identifier (from the OData context, if any)."""
    try:
        limits.check_size(len(content))
    except limits.InputRefused as exc:
        raise ImportRejected(filename, [RowError(0, "", exc.message)]) from None
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        data = None
    records = data.get("value") if isinstance(data, dict) else None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ImportRejected(
            filename,
            [
                RowError(
                    0,
                    "",
                    _(
                        "Dit is geen StatLine-bestand: verwacht JSON zoals de OData-API van CBS het geeft, "
                        '{"value": [...]}, uit TypedDataSet (v3) of Observations (v4).'
                    ),
                )
            ],
        )
    maximum = limits.limit("REGIODEAL_IMPORT_MAX_ROWS")
    if len(records) > maximum:
        raise ImportRejected(
            filename,
            [
                RowError(
                    0,
                    "",
                    _(
                        "Het bestand heeft %(n)s rijen, meer dan de %(max)s die de import aanneemt; "
                        "splits het."
                    )
                    % {"n": len(records), "max": maximum},
                )
            ],
        )
    context = str(data.get("odata.metadata") or data.get("@odata.context") or "")
    found = re.search(r"/([0-9]{5}[A-Za-z]{3})/", context)
    return records, found[1] if found else ""


def _statline_import(
    *, actor, deal, filename, content, on, columns, source, progress, on_total
) -> ImportOutcome:
    records, table_id = _statline_records(filename, content)
    if on_total:
        on_total(len(records))
    errors: list[RowError] = []
    indicators = {i.code: i for i in indicators_usable_in(deal)}
    places = deal_places(deal)
    rows, skipped = _statline_rows(deal, records, indicators, places, on, columns, source, table_id, errors)
    _check_duplicates(deal, rows, errors)
    if errors:
        raise ImportRejected(filename, sorted(errors, key=lambda e: (e.row, e.column)))
    outcome = ImportOutcome(filename=filename, layout=STATLINE, skipped=skipped)
    _write(actor, deal, filename, places, rows, outcome, progress, first=0, last=len(records))
    return outcome


def _statline_rows(deal, records, indicators, places, on, columns, source, table_id, errors):
    if not records:
        errors.append(RowError(0, "", _("Het bestand heeft geen rijen (de lijst value is leeg).")))
        return [], 0
    first = records[0]
    v4 = "Measure" in first and "Value" in first
    region_key = next((k for k in STATLINE_REGION_KEYS if k in first), None)
    if region_key is None:
        errors.append(
            RowError(
                0,
                "",
                _(
                    "Het bestand heeft geen regio's (RegioS of WijkenEnBuurten): dit platform leest "
                    "cijfers per gemeente, wijk of buurt."
                ),
            )
        )
        return [], 0
    has_period = "Perioden" in first
    if has_period and on is not None:
        errors.append(
            RowError(
                0,
                "",
                _("Deze tabel geeft de periode in de kolom Perioden: laat de peildatum leeg."),
            )
        )
    if not has_period and on is None:
        errors.append(
            RowError(
                0,
                "",
                _("Deze tabel heeft geen kolom Perioden: geef de peildatum op waarop de cijfers gelden."),
            )
        )
    if v4:
        measures = sorted({str(r.get("Measure", "")) for r in records} - {""})
    else:
        skip = STATLINE_ID_KEYS | {region_key, "Perioden"}
        measures = [k for k in first if k not in skip]
    mapping: dict[str, str] = {}
    for measure, code in columns.items():
        if measure not in measures:
            errors.append(
                RowError(
                    0,
                    measure,
                    _("Deze maat staat niet in het bestand; de maten zijn: %(measures)s.")
                    % {"measures": ", ".join(measures[:30]) or "—"},
                )
            )
        elif code not in indicators:
            errors.append(RowError(0, measure, _("Onbekende indicator '%(code)s'.") % {"code": code}))
        else:
            mapping[measure] = code
    for measure in measures:
        if measure not in mapping and measure in indicators:
            mapping[measure] = measure
    if not mapping and not errors:
        errors.append(
            RowError(
                0,
                "",
                _(
                    "Geen maat gekoppeld aan een indicator: koppel een maat van de tabel aan een "
                    "indicatorcode (maat=code). De maten zijn: %(measures)s."
                )
                % {"measures": ", ".join(measures[:30]) or "—"},
            )
        )
    if errors:
        return [], 0
    municipalities = {c[2:] for c in places.areas if c.startswith("GM")}
    today = timezone.localdate()
    source = source or (f"CBS StatLine {table_id}" if table_id else "CBS StatLine")
    rows, skipped = [], 0
    for number, record in enumerate(records, start=1):
        before = len(errors)
        region = record.get(region_key)
        code = region.strip() if isinstance(region, str) else ""
        if not STATLINE_REGION.match(code):
            errors.append(
                RowError(
                    number,
                    region_key,
                    _(
                        "'%(code)s' is geen CBS-regiocode; een regio is bijvoorbeeld GM0606, WK060601 "
                        "of BU06060101."
                    )
                    % {"code": region if region is not None else ""},
                )
            )
            continue
        prefix = code[:2]
        in_deal = code in places.areas or (prefix in ("GM", "WK", "BU") and code[2:6] in municipalities)
        cells = (
            [(str(record.get("Measure", "")), record.get("Value"), "Value")]
            if v4
            else [(m, record.get(m), m) for m in mapping]
        )
        cells = [(m, v, column) for m, v, column in cells if m in mapping]
        if not in_deal or not cells:
            skipped += 1
            continue
        if has_period:
            period = record.get("Perioden")
            try:
                start, end = statline_period(period.strip() if isinstance(period, str) else "")
            except ValueError as exc:
                errors.append(RowError(number, "Perioden", str(exc)))
                continue
            if end > today:
                errors.append(
                    RowError(
                        number,
                        "Perioden",
                        _(
                            "De periode %(period)s loopt tot %(end)s en is nog niet voorbij; een meting kan "
                            "niet in de toekomst liggen. Laat deze periode weg."
                        )
                        % {"period": period.strip(), "end": end.isoformat()},
                    )
                )
                continue
        else:
            start, end = None, on
        area_code, area_name, _kind = places.area(code)
        written = False
        for measure, value, column in cells:
            if value is None or (isinstance(value, str) and value.strip() in CBS_MISSING):
                continue
            try:
                parsed = parse_decimal(value)
            except ValueError as exc:
                errors.append(
                    RowError(
                        number,
                        column,
                        _("%(problem)s: schrijf een getal, of null voor een ontbrekend cijfer.")
                        % {"problem": exc},
                    )
                )
                continue
            rows.append(
                (
                    number,
                    {
                        "indicator": indicators[mapping[measure]],
                        "on": end,
                        "period_start": start,
                        "value": parsed,
                        "source": source,
                        "area_code": area_code,
                        "area_name": area_name,
                    },
                )
            )
            written = True
        if not written and len(errors) == before:
            skipped += 1
    return rows, skipped


class StatLineUnavailable(Exception):
    """CBS's OData API could not be reached or did not give the table; the message says why."""


def statline_url(table: str) -> str:
    base = getattr(settings, "REGIODEAL_CBS_ODATA_URL", DEFAULT_STATLINE_URL).rstrip("/")
    return f"{base}/{table}/TypedDataSet?$format=json"


def statline_fetch(table: str, *, timeout: float = 30) -> bytes:
    """The table's v3 TypedDataSet from CBS's OData API, every page of it (`odata.nextLink`), as
    one JSON document in the layout `measurements_import` reads. StatLineUnavailable when there
    is no network, CBS does not answer in `timeout` seconds, or the table does not exist."""
    if not STATLINE_TABLE.match(table):
        raise StatLineUnavailable(f"{table!r} is not a StatLine table identifier (like 85039NED).")
    url, records, size, context = statline_url(table), [], 0, ""
    maximum = limits.limit("REGIODEAL_UPLOAD_MAX_BYTES")
    while url:
        if not url.startswith(("https://", "http://")):  # never file: or another scheme
            raise StatLineUnavailable(f"CBS StatLine gave an address that is not http(s): {url!r}.")
        request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                body = response.read(maximum + 1 - size)
        except urllib.error.HTTPError as exc:
            raise StatLineUnavailable(
                f"CBS StatLine answered {exc.code} for table {table}: check the identifier on "
                "opendata.cbs.nl."
            ) from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StatLineUnavailable(
                f"CBS StatLine cannot be reached ({reason}). Without network: download "
                f"{statline_url(table)} on a machine that has it, and import that file "
                "(regiodeal import-measurements FILE.json --deal SLUG)."
            ) from exc
        size += len(body)
        if size > maximum:
            raise StatLineUnavailable(
                f"Table {table} is larger than the {limits.megabytes(maximum)} MB an import takes; "
                "download a selection of it (regions, periods) and import that file."
            )
        try:
            page = json.loads(body)
        except ValueError as exc:
            raise StatLineUnavailable(f"CBS StatLine gave no JSON for table {table}.") from exc
        context = context or page.get("odata.metadata", "")
        records.extend(page.get("value", []))
        url = page.get("odata.nextLink", "")
    return json.dumps({"odata.metadata": context, "value": records}).encode()
