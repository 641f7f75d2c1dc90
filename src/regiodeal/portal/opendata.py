"""Open data: each dataset is declared once, with its data dictionary (every field: name, meaning,
unit, source) and its rows, all read from portal/selectors.py. The CSV and JSON downloads, the
public API (/api/v1/public/) and its OpenAPI schema, and the data dictionary page are all made
from these declarations, so they can't drift apart.

Amounts are euros as strings with two decimals ("1250000.00"); dates are ISO 8601; lists are
JSON arrays, and in CSV the items joined by "; ". Texts are in Dutch, as the covenant is.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from regiodeal.common.downloads import CsvWriter
from regiodeal.deals import models as dm

from . import selectors as public

# The field types of the data dictionary, in the reader's language (the files keep the code).
TYPE_LABELS = {
    "string": _("tekst"),
    "code": _("code"),
    "integer": _("geheel getal"),
    "decimal": _("getal"),
    "euro": _("bedrag in euro"),
    "date": _("datum"),
    "boolean": _("ja/nee"),
    "list": _("lijst"),
    "path": _("pad"),
}


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # string, code, integer, decimal, euro, date, boolean, list, path
    meaning: str
    unit: str
    source: str
    nullable: bool = False

    @property
    def type_label(self) -> str:
        return str(TYPE_LABELS.get(self.type, self.type))


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    rows: Callable[[dm.Deal], list[dict]]
    filters: tuple[str, ...] = ()


EURO = _("euro, twee decimalen")
# A ledger figure summed over projects: without confidential money, and it says so (Art. 10;
# disclosure/public.py decides what is withheld).
EURO_EXCL = _("euro, twee decimalen, excl. vertrouwelijke projecten")
SRC_COVENANT = _("het convenant (definitiebestand, art. 4.2)")
SRC_LEDGER = _("grootboek van de regiokassier, zonder geheime gegevens (art. 10)")
SRC_PROJECTS = _("projectregister van het programmabureau")
SRC_RESULTS = _("monitoring: nulmetingen, streefwaarden en metingen (art. 7)")
SRC_IDEAS = _("ideeën van inwoners, na moderatie (Bijlage 1 §3)")
SRC_REPORTS = _("ingediende voortgangsrapportages (art. 7.2-7.3)")


def _path(name: str, **kwargs) -> str:
    with translation.override("nl"):
        return reverse(name, kwargs=kwargs)


def _d(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _n(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _project_rows(deal: dm.Deal, **filters) -> list[dict]:
    """The public projects (with a pillar, gemeente or wijk: only those, as the public list)."""
    return [
        {
            "code": p.code,
            "title": p.title,
            "description": p.description,
            "status": p.status,
            "pillars": [x.code for x in p.pillars],
            "results": [x.code for x in p.results],
            "gemeenten": p.gemeenten,
            "areas": [a.code for a in p.areas],
            "lead": p.lead,
            "participants": list(p.participants),
            "starts_on": p.starts_on,
            "ends_on": p.ends_on,
            "national_allocated": _d(p.national_allocated),
            "national_spent": _d(p.national_spent),
            "credits_rijk_regio": p.credits_rijk_regio,
            "residents_participation": p.residents_participation,
            "is_example": p.is_example,
            "page": _path("portal:project", slug=deal.slug, code=p.code),
        }
        for p in public.public_projects(deal, **filters)
    ]


def _money_line_rows(deal: dm.Deal) -> list[dict]:
    money = public.public_money(deal)
    return [
        {
            "budget_line": x.code,
            "name": x.name,
            "national_maximum": _d(x.national_maximum),
            "regional_minimum": _d(x.regional_minimum),
            "national_granted": _d(x.national_granted),
            "national_spent": _d(x.national_spent),
            "regional_pledged": _d(x.regional_pledged),
            "regional_actual": _d(x.regional_actual),
            "as_of": money.on,
        }
        for x in money.lines
    ]


def _money_party_rows(deal: dm.Deal) -> list[dict]:
    money = public.public_money(deal)
    return [
        {
            "organisation": x.code,
            "name": x.name,
            "kind": x.kind,
            "national_received": _d(x.national_received),
            "regional_pledged": _d(x.regional_pledged),
            "regional_paid": _d(x.regional_paid),
            "as_of": money.on,
        }
        for x in money.parties
    ]


def _result_rows(deal: dm.Deal) -> list[dict]:
    results = public.public_results(deal)
    rows = []
    for p in results.pillars:
        for r in p.results:
            base = {"pillar": p.code, "result": r.code, "result_title": r.name, "result_verdict": r.verdict}
            targets = r.targets or (None,)
            for t in targets:
                rows.append(
                    {
                        **base,
                        "indicator": t.indicator if t else None,
                        "indicator_name": t.indicator_name if t else None,
                        "unit": t.unit if t else None,
                        "baseline": _n(t.baseline) if t else None,
                        "baseline_on": t.baseline_on if t else None,
                        "target": _n(t.target) if t else None,
                        "target_on": t.target_on if t else None,
                        "latest": _n(t.latest) if t else None,
                        "latest_on": t.latest_on if t else None,
                        "verdict": t.verdict if t else r.verdict,
                        "as_of": results.on,
                    }
                )
    return rows


def _idea_rows(deal: dm.Deal) -> list[dict]:
    return [
        {
            "number": i.number,
            "title": i.title,
            "description": i.description,
            "area": i.area_code,
            "area_name": i.area_name,
            "status": i.status,
            "submitted_on": i.submitted_on,
            "public_reason": i.public_reason,
            "project": i.project.code if i.project else None,
            "page": _path("portal:idea", slug=deal.slug, number=i.number),
        }
        for i in public.public_ideas(deal)
    ]


def _report_rows(deal: dm.Deal) -> list[dict]:
    return [
        {
            "year": r.year,
            "submitted_on": r.submitted_on,
            "checksum": r.checksum,
            "url": r.url,
            "edition": r.edition,
            "withdrawn_on": [w.on.isoformat() for w in r.withdrawn],
        }
        for r in public.public_reports(deal)
    ]


VERDICTS = "achieved, on_schedule, at_risk, behind, no_data"

DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset(
            "projects",
            _("Projecten"),
            _(
                "Goedgekeurde, lopende, afgeronde en gestopte projecten; "
                "zonder projecten die op verzoek van een "
                "Partij geheim zijn (art. 10)."
            ),
            (
                Field("code", "code", _("projectcode"), "", SRC_PROJECTS),
                Field("title", "string", _("titel van het project"), "", SRC_PROJECTS),
                Field("description", "string", _("omschrijving"), "", SRC_PROJECTS),
                Field(
                    "status",
                    "code",
                    _(
                        "status: approved (goedgekeurd), running (in uitvoering), completed "
                        "(afgerond), stopped (gestopt)"
                    ),
                    "",
                    SRC_PROJECTS,
                ),
                Field(
                    "pillars",
                    "list",
                    _("codes van de pijlers waaraan het project bijdraagt"),
                    "",
                    SRC_PROJECTS,
                ),
                Field(
                    "results",
                    "list",
                    _("codes van de beoogde resultaten (art. 3) waaraan het bijdraagt"),
                    "",
                    SRC_PROJECTS,
                ),
                Field(
                    "gemeenten", "list", _("codes van de gemeenten waar het project loopt"), "", SRC_PROJECTS
                ),
                Field(
                    "areas",
                    "list",
                    _("codes van de gebieden (gemeente, wijk, gebied) van het project"),
                    "",
                    SRC_PROJECTS,
                ),
                Field("lead", "string", _("trekker: de organisatie die het project leidt"), "", SRC_PROJECTS),
                Field("participants", "list", _("deelnemende organisaties"), "", SRC_PROJECTS),
                Field("starts_on", "date", _("start"), _("datum"), SRC_PROJECTS, nullable=True),
                Field("ends_on", "date", _("einde"), _("datum"), SRC_PROJECTS, nullable=True),
                Field(
                    "national_allocated",
                    "euro",
                    _("rijksbijdrage toegekend aan het project"),
                    EURO,
                    SRC_LEDGER,
                ),
                Field(
                    "national_spent", "euro", _("rijksbijdrage besteed door het project"), EURO, SRC_LEDGER
                ),
                Field(
                    "credits_rijk_regio",
                    "boolean",
                    _(
                        "de communicatie van het project vermeldt dat Rijk en regio "
                        "het mede mogelijk maakten (art. 8)"
                    ),
                    "",
                    SRC_PROJECTS,
                ),
                Field(
                    "residents_participation",
                    "string",
                    _("hoe inwoners meedoen (Bijlage 1 §3)"),
                    "",
                    SRC_PROJECTS,
                ),
                Field(
                    "is_example",
                    "boolean",
                    _("voorbeeldgegevens (demo), geen echt project"),
                    "",
                    SRC_PROJECTS,
                ),
                Field("page", "path", _("adres van de projectpagina op deze site"), "", _("deze site")),
            ),
            _project_rows,
            filters=("pillar", "gemeente", "wijk"),
        ),
        Dataset(
            "money-per-line",
            _("Geld per pijler"),
            _(
                "Rijksbijdrage en regionale financiering per begrotingsregel "
                "(pijler of uitvoeringskosten), vandaag; "
                "excl. vertrouwelijke projecten (art. 10)."
            ),
            (
                Field(
                    "budget_line",
                    "code",
                    _("code van de begrotingsregel (P1, P2, P3, VAT)"),
                    "",
                    SRC_COVENANT,
                ),
                Field("name", "string", _("naam van de begrotingsregel"), "", SRC_COVENANT),
                Field(
                    "national_maximum",
                    "euro",
                    _("rijksbijdrage: maximum volgens het convenant"),
                    EURO,
                    SRC_COVENANT,
                ),
                Field(
                    "regional_minimum",
                    "euro",
                    _("regionale financiering: minimum volgens het convenant"),
                    EURO,
                    SRC_COVENANT,
                ),
                Field(
                    "national_granted",
                    "euro",
                    _("rijksbijdrage toegekend (aan projecten, en uitvoeringskosten)"),
                    EURO_EXCL,
                    SRC_LEDGER,
                ),
                Field("national_spent", "euro", _("rijksbijdrage besteed"), EURO_EXCL, SRC_LEDGER),
                Field(
                    "regional_pledged", "euro", _("regionale financiering toegezegd"), EURO_EXCL, SRC_LEDGER
                ),
                Field(
                    "regional_actual",
                    "euro",
                    _("regionale financiering gerealiseerd (besteed in geld of geleverd in natura)"),
                    EURO_EXCL,
                    SRC_LEDGER,
                ),
                Field("as_of", "date", _("stand per"), _("datum"), _("deze site")),
            ),
            _money_line_rows,
        ),
        Dataset(
            "money-per-party",
            _("Geld per gemeente en provincie"),
            _(
                "Rijksbijdrage ontvangen en regionale financiering per "
                "regionale Partij; de bijdragen van Partners "
                "samen op één regel (art. 10.2); "
                "excl. vertrouwelijke projecten (art. 10)."
            ),
            (
                Field(
                    "organisation",
                    "code",
                    _("code van de Partij, of PARTNERS voor de Partners samen"),
                    "",
                    SRC_COVENANT,
                ),
                Field("name", "string", _("naam"), "", SRC_COVENANT),
                Field("kind", "code", _("gemeente, provincie of partners"), "", SRC_COVENANT),
                Field(
                    "national_received",
                    "euro",
                    _("rijksbijdrage ontvangen (toekenningen aan projecten via deze Partij, art. 4.2)"),
                    EURO_EXCL,
                    SRC_LEDGER,
                ),
                Field("regional_pledged", "euro", _("regionale bijdrage toegezegd"), EURO_EXCL, SRC_LEDGER),
                Field(
                    "regional_paid",
                    "euro",
                    _("regionale bijdrage betaald of geleverd"),
                    EURO_EXCL,
                    SRC_LEDGER,
                ),
                Field("as_of", "date", _("stand per"), _("datum"), _("deze site")),
            ),
            _money_party_rows,
        ),
        Dataset(
            "results",
            _("Beoogde resultaten en oordelen"),
            _(
                "Per beoogd resultaat en indicator: nulmeting, "
                "streefwaarde, laatste meting en het oordeel of de "
                "Partijen op schema liggen (art. 7.2.B). Een resultaat "
                "zonder indicator staat er met één regel."
            ),
            (
                Field("pillar", "code", _("code van de pijler"), "", SRC_COVENANT),
                Field("result", "code", _("code van het beoogde resultaat (art. 3)"), "", SRC_COVENANT),
                Field("result_title", "string", _("het beoogde resultaat"), "", SRC_COVENANT),
                Field(
                    "result_verdict",
                    "code",
                    _("oordeel over het resultaat (het slechtste van zijn indicatoren): ") + VERDICTS,
                    "",
                    SRC_RESULTS,
                ),
                Field("indicator", "code", _("code van de indicator"), "", SRC_RESULTS, nullable=True),
                Field("indicator_name", "string", _("naam van de indicator"), "", SRC_RESULTS, nullable=True),
                Field("unit", "string", _("eenheid van de indicator"), "", SRC_RESULTS, nullable=True),
                Field(
                    "baseline",
                    "decimal",
                    _("nulmeting (art. 7.1)"),
                    _("eenheid van de indicator"),
                    SRC_RESULTS,
                    nullable=True,
                ),
                Field(
                    "baseline_on", "date", _("datum van de nulmeting"), _("datum"), SRC_RESULTS, nullable=True
                ),
                Field(
                    "target",
                    "decimal",
                    _("streefwaarde"),
                    _("eenheid van de indicator"),
                    SRC_RESULTS,
                    nullable=True,
                ),
                Field("target_on", "date", _("te halen op"), _("datum"), SRC_RESULTS, nullable=True),
                Field(
                    "latest",
                    "decimal",
                    _("laatste meting (regionaal)"),
                    _("eenheid van de indicator"),
                    SRC_RESULTS,
                    nullable=True,
                ),
                Field(
                    "latest_on",
                    "date",
                    _("datum van de laatste meting"),
                    _("datum"),
                    SRC_RESULTS,
                    nullable=True,
                ),
                Field("verdict", "code", _("oordeel: ") + VERDICTS, "", SRC_RESULTS),
                Field("as_of", "date", _("stand per"), _("datum"), _("deze site")),
            ),
            _result_rows,
        ),
        Dataset(
            "ideas",
            _("Ideeën van inwoners"),
            _(
                "Ideeën van inwoners met hun status. Titel en tekst "
                "verschijnen nadat het programmabureau het idee "
                "heeft gelezen; namen en contactgegevens van inwoners worden nooit gepubliceerd."
            ),
            (
                Field("number", "integer", _("nummer van het idee"), "", SRC_IDEAS),
                Field(
                    "title",
                    "string",
                    _("titel (leeg tot het programmabureau het idee heeft gelezen)"),
                    "",
                    SRC_IDEAS,
                    nullable=True,
                ),
                Field(
                    "description",
                    "string",
                    _("het idee (leeg tot het programmabureau het heeft gelezen)"),
                    "",
                    SRC_IDEAS,
                    nullable=True,
                ),
                Field("area", "code", _("code van de wijk, het gebied of de gemeente"), "", SRC_IDEAS),
                Field("area_name", "string", _("naam van de wijk, het gebied of de gemeente"), "", SRC_IDEAS),
                Field(
                    "status",
                    "code",
                    _(
                        "received (ontvangen), under_consideration (wordt bekeken), taken_up "
                        "(opgenomen in een project), not_taken_up (niet overgenomen)"
                    ),
                    "",
                    SRC_IDEAS,
                ),
                Field("submitted_on", "date", _("ingediend op"), _("datum"), SRC_IDEAS),
                Field(
                    "public_reason",
                    "string",
                    _("toelichting van het programmabureau, zoals waarom een idee niet is overgenomen"),
                    "",
                    SRC_IDEAS,
                ),
                Field(
                    "project",
                    "code",
                    _("code van het project dat het idee opnam (leeg als dat project niet openbaar is)"),
                    "",
                    SRC_IDEAS,
                    nullable=True,
                ),
                Field("page", "path", _("adres van de pagina van het idee op deze site"), "", _("deze site")),
            ),
            _idea_rows,
        ),
        Dataset(
            "reports",
            _("Ingediende voortgangsrapportages"),
            _(
                "De openbare versie (zonder geheime gegevens) van elke "
                "voortgangsrapportage die bij het ministerie "
                "is ingediend."
            ),
            (
                Field("year", "integer", _("het jaar waarover de rapportage gaat"), _("jaar"), SRC_REPORTS),
                Field(
                    "submitted_on",
                    "date",
                    _("ingediend bij het ministerie op"),
                    _("datum"),
                    SRC_REPORTS,
                    nullable=True,
                ),
                Field(
                    "checksum",
                    "string",
                    _("controlegetal (SHA-256) van de ingediende rapportage"),
                    "",
                    SRC_REPORTS,
                ),
                Field("url", "string", _("adres van de openbare PDF"), "", SRC_REPORTS),
                Field(
                    "edition",
                    "integer",
                    _("nummer van de geldende openbare editie (1: zoals ingediend)"),
                    "",
                    SRC_REPORTS,
                ),
                Field(
                    "withdrawn_on",
                    "list",
                    _(
                        "data waarop eerdere openbare edities zijn ingetrokken, omdat een gegeven erin "
                        "later vertrouwelijk werd verklaard (art. 10.1)"
                    ),
                    _("datum"),
                    SRC_REPORTS,
                ),
            ),
            _report_rows,
        ),
    )
}


def rows(dataset: Dataset, deal: dm.Deal, **filters) -> list[dict]:
    if dataset.name == "projects" and any(filters.values()):
        return _project_rows(deal, **filters)
    return dataset.rows(deal)


def _json_value(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def as_json(dataset: Dataset, data: list[dict]) -> str:
    return json.dumps(
        [{f.name: _json_value(r[f.name]) for f in dataset.fields} for r in data], ensure_ascii=False, indent=1
    )


def as_csv(dataset: Dataset, data: list[dict]) -> str:
    out = io.StringIO()
    writer = CsvWriter(out, lineterminator="\r\n")
    writer.writerow([f.name for f in dataset.fields])
    for r in data:
        cells = []
        for f in dataset.fields:
            value = r[f.name]
            if value is None:
                cells.append("")
            elif f.type == "list":
                cells.append("; ".join(value))
            elif f.type == "boolean":
                cells.append("true" if value else "false")
            else:
                cells.append(_json_value(value))
        writer.writerow(cells)
    return "\ufeff" + out.getvalue()  # BOM: spreadsheets then read the file as UTF-8
