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

Every problem is reported with its row (as in a spreadsheet: the header is row 1) and column,
and nothing is written unless every row is good.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regiodeal.audit.services import Actor
from regiodeal.common import limits
from regiodeal.deals import models as dm

from .models import Measurement
from .services import deal_places, indicators_usable_in, measurement_record

STANDARD = "standard"
CBS = "cbs"
CBS_REQUIRED = ["WijkenEnBuurten", "Gemeentenaam_1", "SoortRegio_2", "Codering_3"]
CBS_MISSING = {"", ".", "x", "?", "-"}
STANDARD_REQUIRED = ["indicator", "on", "value"]
STANDARD_OPTIONAL = ["source", "period_start", "area", "group", "project"]
DEFAULT_CBS_SOURCE = "CBS Kerncijfers wijken en buurten"


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = _("rij %(row)s") % {"row": self.row} if self.row else _("bestand")
        if self.column:
            where += _(", kolom %(column)s") % {"column": self.column}
        return f"{where}: {self.message}"


class ImportRejected(Exception):
    def __init__(self, filename: str, errors: list[RowError]):
        self.filename = filename
        self.errors = errors
        super().__init__(f"{filename}: {len(errors)} problem(s); nothing was imported")


@dataclass
class ImportOutcome:
    filename: str
    layout: str
    created: int = 0
    skipped: int = 0
    measurements: list[Measurement] = field(default_factory=list)


def read_table(filename: str, content: bytes) -> list[list[str | object]]:
    """Rows of cells from a .csv (UTF-8, comma or semicolon) or .xlsx (the first sheet), read
    through the limits of `common/limits.py` (size, rows, cells, NUL, an .xlsx bomb)."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ImportRejected(filename, [RowError(0, "", _("Alleen .csv of .xlsx."))])
    try:
        return [
            ["" if c is None else c for c in cells]
            for _number, cells in limits.table_rows(io.BytesIO(content), filename)
        ]
    except limits.InputRefused as exc:
        raise ImportRejected(filename, [RowError(exc.row, exc.column, exc.message)]) from None


def detect_layout(header: list[str]) -> str:
    return CBS if all(c in header for c in CBS_REQUIRED) else STANDARD


def parse_decimal(cell) -> Decimal:
    if isinstance(cell, bool):
        raise ValueError(_("geen getal"))
    if isinstance(cell, int):
        return Decimal(cell)
    if isinstance(cell, float):
        return Decimal(repr(cell))  # the shortest text that reads back as this float
    text = str(cell).strip().replace("\u00a0", "").replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(_("'%(text)s' is geen getal") % {"text": cell}) from exc
    if not value.is_finite():
        raise ValueError(_("'%(text)s' is geen getal") % {"text": cell})
    return value


def parse_date(cell) -> dt.date:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    try:
        return dt.date.fromisoformat(str(cell).strip())
    except ValueError as exc:
        raise ValueError(_("'%(text)s' is geen datum (JJJJ-MM-DD)") % {"text": cell}) from exc


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
    done = 1  # the header
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
    if progress and len(table) > done:
        progress(len(table) - done)
    return outcome


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
