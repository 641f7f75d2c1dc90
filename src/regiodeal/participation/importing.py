"""Importing outreach records and population figures from CSV or Excel (.xlsx), all-or-nothing.

**Outreach** (`regiodeal import-outreach FILE --deal SLUG`, `POST .../participation/conversations/
import/`): one batch of conversations per row. Columns: `wijk` (CBS wijk code on the deal's list),
`held_on` (YYYY-MM-DD), `organisation` (code of a Party or Partner), `residents`, `form`
(`door_to_door`, `meeting`, `street`, `online`, or the Dutch label); optional `groups`
(`jongeren=5, eu_arbeidsmigranten=2`), `themes` (theme codes; both lists separated by `,` or
`;`, whichever is not the file's delimiter), `themes_other`,
`raised`, `input_followup`, `feedback`, `feedback_on`, `project` (project code). Free text is
checked for personal data like on the screen. A row equal to a stored record or an earlier row
(same wijk, date, organisation, residents and form) is refused, so importing a file twice does
not count residents twice.

**Population** (`regiodeal import-population FILE --deal SLUG --on DATE`): the CBS layout of
*Kerncijfers wijken en buurten* (`WijkenEnBuurten`, `SoortRegio_2`, figure columns). Only rows of
kind Wijk in the deal's gemeenten (or on its outreach list) are read. `AantalInwoners_5` is the
wijk's total; other figure columns are mapped to a group with
`columns={"k_15Tot25Jaar_9": "jongeren"}`. Figures for the same wijk, group and date are replaced.

Every problem is reported with its row (the header is row 1) and column; nothing is written unless
every row is good. The file is read by the one reader of every import (`common/importing.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from regiodeal.audit.services import Actor, audit_record, snapshot
from regiodeal.common.importing import ImportRejected, RowError, parse_date, parse_decimal, read_table
from regiodeal.deals import models as dm
from regiodeal.deals.selectors import version_in_force
from regiodeal.results.importing import CBS_MISSING

from .constants import OutreachForm
from .models import Conversation, PopulationFigure, Theme, Wijk
from .services import conversation_errors, conversation_record, outreach_norm_sync

__all__ = ["ImportRejected", "RowError", "outreach_import", "population_import"]

REQUIRED = ["wijk", "held_on", "organisation", "residents", "form"]
OPTIONAL = [
    "groups",
    "themes",
    "themes_other",
    "raised",
    "input_followup",
    "feedback",
    "feedback_on",
    "project",
]
CBS_TOTAL = "AantalInwoners_5"


@dataclass
class OutreachOutcome:
    filename: str
    created: int = 0
    residents: int = 0
    wijken: list[str] = field(default_factory=list)


def _whole(cell, *, minimum: int) -> int:
    value = parse_decimal(cell)
    if value != value.to_integral() or value < minimum:
        raise ValueError(
            _("'%(text)s' is geen geheel getal van minstens %(min)s") % {"text": cell, "min": minimum}
        )
    return int(value)


def _form(cell) -> str:
    text = str(cell).strip()
    for value, label in OutreachForm.choices:
        if text.lower() in (value, str(label).lower()):
            return value
    raise ValueError(
        _("'%(text)s' is geen vorm; kies %(forms)s") % {"text": text, "forms": ", ".join(OutreachForm.values)}
    )


def _groups(cell) -> dict[str, int]:
    groups: dict[str, int] = {}
    for part in str(cell).replace(",", ";").split(";"):
        if not part.strip():
            continue
        if "=" not in part:
            raise ValueError(
                _("schrijf groep=aantal, bijvoorbeeld jongeren=5; '%(part)s' is dat niet")
                % {"part": part.strip()}
            )
        code, count = part.split("=", 1)
        groups[code.strip()] = _whole(count, minimum=1)
    return groups


def outreach_import(
    *,
    actor: Actor,
    deal: dm.Deal,
    filename: str,
    content: bytes,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> OutreachOutcome:
    """Validate every row, then store all conversations in one transaction (and recount the
    norm of each wijk touched), or none."""
    table = read_table(filename, content)
    if not table or not any(str(c).strip() for c in table[0]):
        raise ImportRejected(filename, [RowError(1, "", _("Het bestand heeft geen kopregel."))])
    header = [str(c).strip() for c in table[0]]
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c and c not in REQUIRED + OPTIONAL]
    errors: list[RowError] = []
    if missing:
        errors.append(RowError(1, ", ".join(missing), _("Deze kolommen ontbreken.")))
    if unknown:
        errors.append(
            RowError(
                1,
                ", ".join(unknown),
                _("Onbekende kolommen; gebruik %(cols)s.") % {"cols": ", ".join(REQUIRED + OPTIONAL)},
            )
        )
    if errors:
        raise ImportRejected(filename, errors)
    from regiodeal.projects.models import Project

    wijken = {w.code: w for w in Wijk.objects.filter(deal=deal)}
    organisations = {o.code: o for o in dm.Organisation.objects.filter(deal=deal)}
    themes = {t.code: t for t in Theme.objects.filter(deal=deal)}
    projects = {p.code: p for p in Project.objects.filter(deal=deal)}
    group_codes = set(version_in_force(deal).groups.values_list("code", flat=True))
    existing = set(
        Conversation.objects.filter(deal=deal).values_list(
            "wijk__code", "held_on", "organisation__code", "residents", "form"
        )
    )
    rows = []
    seen: dict[tuple, int] = {}
    body = table[1:]
    if on_total:
        on_total(len(body))
    for number, raw in enumerate(body, start=2):
        cells = {name: raw[i] if i < len(raw) else "" for i, name in enumerate(header)}
        if not any(str(v).strip() for v in cells.values()):
            continue
        before = len(errors)
        values: dict = {}

        def lookup(column, table_, what, row=number, cells=cells):
            code = str(cells.get(column, "")).strip()
            if not code:
                return None
            if code not in table_:
                errors.append(
                    RowError(row, column, _("Onbekende %(what)s '%(code)s'.") % {"what": what, "code": code})
                )
                return None
            return table_[code]

        values["wijk"] = lookup("wijk", wijken, _("wijk (niet op de lijst van de deal)"))
        if values["wijk"] is None and not str(cells["wijk"]).strip():
            errors.append(RowError(number, "wijk", _("Geef de wijkcode.")))
        values["organisation"] = lookup("organisation", organisations, _("organisatie"))
        if values["organisation"] is None and not str(cells["organisation"]).strip():
            errors.append(
                RowError(number, "organisation", _("Geef de organisatie die de gesprekken voerde."))
            )
        values["project"] = lookup("project", projects, _("project"))
        for name in ("held_on", "feedback_on"):
            text = cells.get(name, "")
            if name == "feedback_on" and not str(text).strip():
                values[name] = None
                continue
            try:
                values[name] = parse_date(text)
            except ValueError as exc:
                errors.append(RowError(number, name, str(exc)))
                values[name] = None
        try:
            values["residents"] = _whole(cells["residents"], minimum=1)
        except ValueError as exc:
            errors.append(RowError(number, "residents", str(exc)))
            values["residents"] = None
        try:
            values["form"] = _form(cells["form"])
        except ValueError as exc:
            errors.append(RowError(number, "form", str(exc)))
        groups: dict[str, int] = {}
        try:
            groups = _groups(cells.get("groups", ""))
        except ValueError as exc:
            errors.append(RowError(number, "groups", str(exc)))
        row_themes = []
        for code in [
            c.strip() for c in str(cells.get("themes", "")).replace(",", ";").split(";") if c.strip()
        ]:
            if code in themes:
                row_themes.append(themes[code])
            else:
                errors.append(RowError(number, "themes", _("Onbekend thema '%(code)s'.") % {"code": code}))
        for name in ("themes_other", "raised", "input_followup", "feedback"):
            values[name] = str(cells.get(name, "") or "").strip()
        for name, messages in conversation_errors(
            deal=deal, values=values, groups=groups, themes=row_themes, group_codes=group_codes
        ).items():
            errors.append(RowError(number, name, "; ".join(messages)))
        if len(errors) == before:
            key = (
                values["wijk"].code,
                values["held_on"],
                values["organisation"].code,
                values["residents"],
                values["form"],
            )
            if key in existing:
                errors.append(
                    RowError(
                        number,
                        "",
                        _(
                            "Deze gesprekken zijn al vastgelegd "
                            "(zelfde wijk, datum, organisatie, aantal en vorm)."
                        ),
                    )
                )
            elif key in seen:
                errors.append(
                    RowError(
                        number, "", _("Dezelfde gesprekken staan ook in rij %(row)s.") % {"row": seen[key]}
                    )
                )
            else:
                seen[key] = number
                rows.append((number, values, groups, row_themes))
    if errors:
        raise ImportRejected(filename, sorted(errors, key=lambda e: (e.row, e.column)))
    outcome = OutreachOutcome(filename=filename)
    touched: dict[int, Wijk] = {}
    done = 1  # the header; `progress` is told the rows of the file as they are written
    with transaction.atomic():
        for number, values, groups, row_themes in rows:
            if progress and number > done:
                progress(number - done)
                done = number
            try:
                conversation_record(
                    actor=actor,
                    deal=deal,
                    groups=groups,
                    themes=row_themes,
                    imported_from=filename,
                    sync=False,
                    group_codes=group_codes,
                    **values,
                )
            except ValidationError as exc:
                transaction.set_rollback(True)
                raise ImportRejected(
                    filename,
                    [RowError(number, name, "; ".join(msgs)) for name, msgs in exc.message_dict.items()],
                ) from exc
            touched[values["wijk"].pk] = values["wijk"]
            outcome.created += 1
            outcome.residents += values["residents"]
        for wijk in touched.values():
            outreach_norm_sync(actor=actor, deal=deal, wijk=wijk)
    outcome.wijken = sorted(w.code for w in touched.values())
    if progress and len(table) > done:
        progress(len(table) - done)
    return outcome


@dataclass
class PopulationOutcome:
    filename: str
    stored: int = 0
    skipped: int = 0


def population_import(
    *,
    actor: Actor,
    deal: dm.Deal,
    filename: str,
    content: bytes,
    on: dt.date,
    columns: dict[str, str] | None = None,
    source: str = "CBS Kerncijfers wijken en buurten",
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> PopulationOutcome:
    """Population per wijk (total and per group) from a CBS table, all-or-nothing. `progress` is
    told how many more rows of the file are done as they are written (`on_total`: how many)."""
    table = read_table(filename, content)
    if on_total:
        on_total(max(len(table) - 1, 0))
    if not table:
        raise ImportRejected(filename, [RowError(1, "", _("Het bestand heeft geen kopregel."))])
    header = [str(c).strip() for c in table[0]]
    errors: list[RowError] = []
    for column in ("WijkenEnBuurten", "SoortRegio_2", CBS_TOTAL):
        if column not in header:
            errors.append(RowError(1, column, _("Deze kolom van de CBS-tabel ontbreekt.")))
    groups = set(version_in_force(deal).groups.values_list("code", flat=True))
    mapping = {CBS_TOTAL: ""}
    for column, group in (columns or {}).items():
        if column not in header:
            errors.append(RowError(1, column, _("Deze kolom staat niet in het bestand.")))
        elif group not in groups:
            errors.append(
                RowError(1, column, _("'%(code)s' is geen doelgroep van deze deal.") % {"code": group})
            )
        else:
            mapping[column] = group
    if errors:
        raise ImportRejected(filename, errors)
    # Wijken of the gemeenten in the deal's area, and any wijk on the outreach list (Rotterdam is
    # outside the area as a whole, but a wijk of it may be on the list).
    municipalities = {
        a.cbs_code[2:]
        for a in version_in_force(deal).areas.all()
        if a.cbs_code.startswith("GM") and a.in_deal_area
    }
    listed = set(Wijk.objects.filter(deal=deal).values_list("code", flat=True))
    index = {name: i for i, name in enumerate(header)}
    figures: list[tuple[int, str, str, int]] = []
    outcome = PopulationOutcome(filename=filename)
    for number, raw in enumerate(table[1:], start=2):

        def cell(name, raw=raw):
            i = index[name]
            return raw[i] if i < len(raw) else ""

        code = str(cell("WijkenEnBuurten")).strip()
        kind = str(cell("SoortRegio_2")).strip().lower()
        if not code and not kind:
            continue
        if kind != "wijk":
            outcome.skipped += 1
            continue
        if not (code.startswith("WK") and len(code) == 8 and code[2:].isdigit()):
            errors.append(
                RowError(
                    number,
                    "WijkenEnBuurten",
                    _("'%(code)s' is geen wijkcode (WK en zes cijfers).") % {"code": code},
                )
            )
            continue
        if code[2:6] not in municipalities and code not in listed:
            outcome.skipped += 1
            continue
        for column, group in mapping.items():
            text = cell(column)
            if str(text).strip() in CBS_MISSING:
                continue
            try:
                figures.append((number, code, group, _whole(text, minimum=0)))
            except ValueError as exc:
                errors.append(RowError(number, column, str(exc)))
    if errors:
        raise ImportRejected(filename, sorted(errors, key=lambda e: (e.row, e.column)))
    with transaction.atomic():
        PopulationFigure.objects.filter(
            deal=deal, on=on, wijk_code__in={f[1] for f in figures}, group_code__in=set(mapping.values())
        ).delete()
        done = 1  # the header
        for number, code, group, residents in figures:
            if progress and number > done:
                progress(number - done)
                done = number
            figure = PopulationFigure.objects.create(
                deal=deal,
                wijk_code=code,
                group_code=group,
                on=on,
                residents=residents,
                source=source,
                imported_from=filename,
            )
            audit_record(
                actor=actor,
                action="participation.population.loaded",
                obj=figure,
                deal_slug=deal.slug,
                summary=f"{code} {group or 'total'} {on.isoformat()}: {residents}",
                after=snapshot(figure),
            )
        outcome.stored = len(figures)
    if progress and len(table) > done:
        progress(len(table) - done)
    return outcome
