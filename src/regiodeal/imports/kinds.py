"""The four imports the upload flow knows, each as a `Kind`: who may use it, the options its form
asks for, the text that describes its columns, how to run the domain app's import (the same code
as the command line and the API), and how to show what was written. `services.py` is the one flow
for all of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django import forms
from django.db.models import Sum
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regiodeal.accounts.roles import Capability
from regiodeal.common import limits
from regiodeal.common.formatting import money
from regiodeal.common.forms import UtrechtForm
from regiodeal.common.importing import ImportRejected


@dataclass(frozen=True)
class Problem:
    row: int  # as a spreadsheet numbers it (the header is row 1); 0: the file as a whole
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


class Rejected(Exception):
    """The import refused the file: nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s)")


# --- the forms: the file, and the options an import needs -------------------------------------


class UploadForm(UtrechtForm):
    suffixes: tuple[str, ...] = (".csv", ".xlsx")  # what the import reads
    file = forms.FileField(
        label=gettext_lazy("Bestand"),
        help_text=gettext_lazy(
            "CSV (UTF-8, met puntkomma's of komma's) of Excel (.xlsx, het eerste werkblad); "
            "de eerste regel noemt de kolommen."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in self.suffixes:
            if ".json" in self.suffixes:
                raise forms.ValidationError(
                    _(
                        "Kies een .csv- of .xlsx-bestand, of een StatLine-tabel als .json; sla een ander "
                        "formaat eerst zo op."
                    )
                )
            raise forms.ValidationError(
                _("Kies een .csv- of .xlsx-bestand; sla een ander formaat eerst zo op in uw rekenblad.")
            )
        try:
            limits.check_size(upload.size)
        except limits.InputRefused as exc:
            raise forms.ValidationError(exc.message) from None
        return upload

    def options(self) -> dict[str, Any]:
        """The options as JSON, for the import to be run again at write time."""
        return {}


def _mapping(text: str, example: str) -> dict[str, str]:
    mapping = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if "=" not in line:
            raise forms.ValidationError(
                _("Regel %(n)s: schrijf kolom=code, bijvoorbeeld %(example)s.")
                % {"n": number, "example": example}
            )
        column, code = line.split("=", 1)
        mapping[column.strip()] = code.strip()
    return mapping


class LedgerForm(UploadForm):
    ledger_kind = forms.ChoiceField(
        label=gettext_lazy("Soort boekingen"),
        widget=forms.RadioSelect,
        help_text=gettext_lazy("Elke soort heeft haar eigen kolommen; zie hierboven."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from regiodeal.finance.constants import ImportKind

        self.fields["ledger_kind"].choices = ImportKind.choices

    def options(self):
        return {"ledger_kind": self.cleaned_data["ledger_kind"]}


class MeasurementsForm(UploadForm):
    suffixes = (".csv", ".xlsx", ".json")
    on = forms.DateField(
        label=gettext_lazy("Peildatum"),
        required=False,
        help_text=gettext_lazy(
            "Alleen bij de CBS-indeling en bij een StatLine-tabel zonder kolom Perioden: de tabel geldt "
            "voor één datum."
        ),
    )
    columns = forms.CharField(
        label=gettext_lazy("CBS-kolommen of StatLine-maten koppelen aan indicatoren"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=gettext_lazy(
            "Eén per regel: kolom=indicatorcode, bijvoorbeeld AantalInwoners_5=inwoners; bij een "
            "StatLine-tabel de maat, bijvoorbeeld M000352=inwoners."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext_lazy(
            "CSV (UTF-8, met puntkomma's of komma's) of Excel (.xlsx, het eerste werkblad), de eerste "
            "regel noemt de kolommen; of een CBS StatLine-tabel als .json uit de OData-API."
        )

    source = forms.CharField(
        label=gettext_lazy("Bron"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Voor de rijen die zelf geen bron noemen."),
    )

    def clean_columns(self):
        return _mapping(self.cleaned_data["columns"], "AantalInwoners_5=inwoners")

    def options(self):
        on = self.cleaned_data["on"]
        return {
            "on": on.isoformat() if on else None,
            "columns": self.cleaned_data["columns"],
            "source": self.cleaned_data["source"],
        }


class PopulationForm(UploadForm):
    on = forms.DateField(
        label=gettext_lazy("Peildatum"),
        help_text=gettext_lazy("De datum waarop de CBS-tabel de bevolking telt, bijvoorbeeld 1 januari."),
    )
    columns = forms.CharField(
        label=gettext_lazy("Kolommen koppelen aan doelgroepen"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=gettext_lazy(
            "Eén per regel: kolom=doelgroepcode, bijvoorbeeld k_15Tot25Jaar_9=jongeren. "
            "AantalInwoners_5 is altijd het totaal van de wijk."
        ),
    )
    source = forms.CharField(
        label=gettext_lazy("Bron"), max_length=300, initial="CBS Kerncijfers wijken en buurten"
    )

    def clean_columns(self):
        return _mapping(self.cleaned_data["columns"], "k_15Tot25Jaar_9=jongeren")

    def options(self):
        return {
            "on": self.cleaned_data["on"].isoformat(),
            "columns": self.cleaned_data["columns"],
            "source": self.cleaned_data["source"],
        }


# --- running each import ----------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """What an import gets: who, where, the file, its options, and the progress hooks."""

    actor: Any
    deal: Any
    path: Path
    file_name: str
    options: dict[str, Any]
    progress: Callable[[int], None]
    on_total: Callable[[int], None]


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _rejected(exc: ImportRejected) -> Rejected:
    """An import's refusal (the one `ImportRejected` of every import) as the upload keeps it."""
    return Rejected([Problem(e.row, e.column, e.message) for e in exc.errors])


def run_ledger(run: Run) -> dict[str, Any]:
    from regiodeal.finance.importing import ledger_import
    from regiodeal.finance.models import LedgerEntry

    with run.path.open("rb") as binary:
        try:
            result = ledger_import(
                actor=run.actor,
                deal=run.deal,
                kind=run.options["ledger_kind"],
                binary=binary,
                file_name=run.file_name,
                progress=run.progress,
                on_total=run.on_total,
            )
        except ImportRejected as exc:
            raise _rejected(exc) from None
    total = LedgerEntry.objects.filter(batch=result.batch).aggregate(total=Sum("amount"))["total"]
    return {"entries": result.rows, "total": str(total or Decimal("0.00")), "batch": result.batch.pk}


def _rows_import(function, run: Run, **options) -> Any:
    """Call a results/participation import (they share their arguments)."""
    try:
        return function(
            actor=run.actor,
            deal=run.deal,
            filename=run.file_name,
            content=run.path.read_bytes(),
            progress=run.progress,
            on_total=run.on_total,
            **options,
        )
    except ImportRejected as exc:
        raise _rejected(exc) from None


def run_measurements(run: Run) -> dict[str, Any]:
    from regiodeal.results.importing import measurements_import

    outcome = _rows_import(
        measurements_import,
        run,
        on=_date(run.options.get("on")),
        columns=run.options.get("columns") or {},
        source=run.options.get("source") or "",
    )
    indicators = sorted({m.indicator_id for m in outcome.measurements})
    return {"measurements": outcome.created, "skipped": outcome.skipped, "indicators": indicators}


def run_outreach(run: Run) -> dict[str, Any]:
    from regiodeal.participation.importing import outreach_import

    outcome = _rows_import(outreach_import, run)
    return {"conversations": outcome.created, "residents": outcome.residents, "wijken": outcome.wijken}


def run_population(run: Run) -> dict[str, Any]:
    from regiodeal.participation.importing import population_import

    outcome = _rows_import(
        population_import,
        run,
        on=_date(run.options["on"]),
        columns=run.options.get("columns") or {},
        source=run.options.get("source") or "CBS Kerncijfers wijken en buurten",
    )
    return {"figures": outcome.stored, "skipped": outcome.skipped}


# --- what the pages show ----------------------------------------------------------------------


def _euro(text: str) -> str:
    return money(Decimal(text))


def lines_ledger(summary, options) -> list[tuple[str, str]]:
    from regiodeal.finance.constants import ImportKind

    return [
        (_("Soort boekingen"), str(ImportKind(options["ledger_kind"]).label)),
        (_("Boekingen"), str(summary["entries"])),
        (_("Totaalbedrag"), _euro(summary["total"])),
    ]


def lines_measurements(summary, options) -> list[tuple[str, str]]:
    return [
        (_("Metingen"), str(summary["measurements"])),
        (_("Indicatoren"), str(len(summary["indicators"]))),
        (_("Rijen overgeslagen (buiten de deal of zonder cijfer)"), str(summary["skipped"])),
    ]


def lines_outreach(summary, options) -> list[tuple[str, str]]:
    return [
        (_("Vastgelegde gesprekken (rijen)"), str(summary["conversations"])),
        (_("Bewoners gesproken"), str(summary["residents"])),
        (_("Wijken"), ", ".join(summary["wijken"])),
    ]


def lines_population(summary, options) -> list[tuple[str, str]]:
    return [
        (_("Peildatum"), options["on"]),
        (_("Bevolkingscijfers (wijk en doelgroep)"), str(summary["figures"])),
        (_("Rijen overgeslagen (geen wijk van de deal)"), str(summary["skipped"])),
    ]


def links_ledger(deal, summary) -> list[tuple[str, str]]:
    return [(_("Het grootboek"), reverse("finance:ledger", kwargs={"slug": deal.slug}))]


def links_measurements(deal, summary) -> list[tuple[str, str]]:
    from regiodeal.results.models import Indicator

    indicators = Indicator.objects.filter(pk__in=summary.get("indicators", [])).order_by("code")
    return [
        (
            _("Metingen van %(name)s") % {"name": i.name},
            reverse("results:indicator", kwargs={"slug": deal.slug, "pk": i.pk}),
        )
        for i in indicators
    ] or [(_("De indicatoren"), reverse("results:indicators", kwargs={"slug": deal.slug}))]


def links_outreach(deal, summary) -> list[tuple[str, str]]:
    return [(_("De outreachgesprekken"), reverse("participation:conversations", kwargs={"slug": deal.slug}))]


def links_population(deal, summary) -> list[tuple[str, str]]:
    return [
        (
            _("Wie bereiken we? (bereik naar bevolking)"),
            reverse("participation:quality", kwargs={"slug": deal.slug}),
        )
    ]


def help_ledger() -> list[str]:
    from regiodeal.finance.constants import ImportKind
    from regiodeal.finance.importing import LAYOUTS

    lines = [
        _(
            "Eén boeking per rij. Bedragen mogen op zijn Nederlands (9.400.000,00) of als 9400000.00; "
            "datums als JJJJ-MM-DD of DD-MM-JJJJ."
        )
    ]
    for kind, layout in LAYOUTS.items():
        lines.append(
            _("%(kind)s: kolommen %(required)s; naar keuze %(optional)s.")
            % {
                "kind": str(ImportKind(kind).label).capitalize(),
                "required": ", ".join(layout.required),
                "optional": ", ".join(layout.optional),
            }
        )
    return lines


def help_measurements() -> list[str]:
    return [
        _(
            "Standaardindeling, één meting per rij: indicator, on (JJJJ-MM-DD), value, en naar keuze "
            "source, period_start, area (code van de deal of CBS-code), group, project."
        ),
        _(
            "CBS-indeling (Kerncijfers wijken en buurten): kolommen WijkenEnBuurten, Gemeentenaam_1, "
            "SoortRegio_2, Codering_3 en een kolom per cijfer. Koppel elke kolom aan een indicator en geef "
            "de peildatum; rijen buiten de gemeenten van de deal worden overgeslagen."
        ),
        _(
            "CBS StatLine-tabel (.json, zoals de OData-API van CBS haar geeft: TypedDataSet of "
            "Observations): koppel elke maat aan een indicator. De regio (RegioS of WijkenEnBuurten) blijft "
            "de CBS-code; de periode (2023JJ00 een jaar, 2023KW02 een kwartaal, 2023MM07 een maand) wordt "
            "een meting op de laatste dag ervan. Rijen zijn genummerd zoals ze in het bestand staan: de "
            "eerste is rij 1."
        ),
    ]


def help_outreach() -> list[str]:
    return [
        _(
            "Eén rij per reeks gesprekken: wijk (CBS-wijkcode op de lijst van de deal), held_on "
            "(JJJJ-MM-DD), organisation (code van een Partij of Partner), residents (aantal bewoners), "
            "form (door_to_door, meeting, street of online)."
        ),
        _(
            "Naar keuze: groups (jongeren=5; eu_arbeidsmigranten=2), themes (themacodes), themes_other, "
            "raised, input_followup, feedback, feedback_on, project. Zet geen namen of contactgegevens "
            "van bewoners in het bestand."
        ),
    ]


def help_population() -> list[str]:
    return [
        _(
            "De CBS-tabel Kerncijfers wijken en buurten: kolommen WijkenEnBuurten, SoortRegio_2 en "
            "AantalInwoners_5, en naar keuze kolommen per doelgroep. Alleen rijen van soort Wijk in de "
            "gemeenten van de deal (of op de lijst van wijken) worden gelezen; cijfers van dezelfde wijk, "
            "doelgroep en datum worden vervangen."
        )
    ]


# How to fix a problem in a column, shown beside the import's own message (in the reader's language).
DATE = gettext_lazy("Schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2026-03-15.")
PROJECT = gettext_lazy("Gebruik de code van een project uit het projectregister.")
ORGANISATION = gettext_lazy("Gebruik de code van een Partij of Partner, bijvoorbeeld SCHIEDAM.")
HINTS_LEDGER = {
    "datum": gettext_lazy("Schrijf de datum als JJJJ-MM-DD (2026-03-15) of DD-MM-JJJJ (15-03-2026)."),
    "bedrag": gettext_lazy("Schrijf het bedrag als 9.400.000,00 of 9400000.00, zonder tekst erbij."),
    "begrotingsregel": gettext_lazy(
        "Gebruik de code van een regel uit de begrotingstabel (pagina Financiën)."
    ),
    "project": PROJECT,
    "partij": ORGANISATION,
    "organisatie": ORGANISATION,
}
HINTS_MEASUREMENTS = {
    "indicator": gettext_lazy("Gebruik een code van de pagina Indicatoren."),
    "on": DATE,
    "period_start": DATE,
    "value": gettext_lazy("Schrijf een getal, met een punt of een komma voor de decimalen."),
    "area": gettext_lazy("Gebruik een gebiedscode van de deal of een CBS-code, zoals GM0606 of WK060601."),
    "project": PROJECT,
    "RegioS": gettext_lazy("Haal de tabel opnieuw uit StatLine; wijzig de regiocodes niet."),
    "WijkenEnBuurten": gettext_lazy("Haal de tabel opnieuw uit StatLine; wijzig de regiocodes niet."),
}
HINTS_OUTREACH = {
    "wijk": gettext_lazy("Gebruik een wijkcode van de lijst op de pagina Wijken en thema's."),
    "held_on": DATE,
    "feedback_on": DATE,
    "organisation": ORGANISATION,
    "residents": gettext_lazy("Schrijf een heel getal van minstens 1."),
    "themes": gettext_lazy("Gebruik themacodes van de pagina Wijken en thema's."),
    "project": PROJECT,
}
HINTS_POPULATION = {
    "WijkenEnBuurten": gettext_lazy("Een wijkcode is WK met zes cijfers, zoals WK060601."),
    "AantalInwoners_5": gettext_lazy("Schrijf een heel getal; een ontbrekend cijfer mag . of x zijn."),
}


@dataclass(frozen=True)
class Kind:
    key: str
    title: Promise
    capability: str
    form: type[UploadForm]
    run: Callable[[Run], dict[str, Any]]
    lines: Callable[[dict, dict], list[tuple[str, str]]]
    links: Callable[[Any, dict], list[tuple[str, str]]]
    help: Callable[[], list[str]]
    back_label: Promise
    back_url: str  # the page where the work is
    hints: dict[str, Promise]  # column -> how to fix a problem in it


KINDS: dict[str, Kind] = {
    k.key: k
    for k in [
        Kind(
            "ledger",
            gettext_lazy("Boekingen inlezen"),
            Capability.MANAGE_FINANCE,
            LedgerForm,
            run_ledger,
            lines_ledger,
            links_ledger,
            help_ledger,
            gettext_lazy("Terug naar het grootboek"),
            "finance:ledger",
            HINTS_LEDGER,
        ),
        # RECORD_PROGRESS for the whole deal, as the API's import: the programme office (a
        # project lead records measurements for their own projects only, one at a time).
        Kind(
            "measurements",
            gettext_lazy("Metingen inlezen"),
            Capability.RECORD_PROGRESS,
            MeasurementsForm,
            run_measurements,
            lines_measurements,
            links_measurements,
            help_measurements,
            gettext_lazy("Terug naar de indicatoren"),
            "results:indicators",
            HINTS_MEASUREMENTS,
        ),
        Kind(
            "outreach",
            gettext_lazy("Outreachgesprekken inlezen"),
            Capability.MANAGE_PARTICIPATION,
            UploadForm,
            run_outreach,
            lines_outreach,
            links_outreach,
            help_outreach,
            gettext_lazy("Terug naar de outreachgesprekken"),
            "participation:conversations",
            HINTS_OUTREACH,
        ),
        Kind(
            "population",
            gettext_lazy("Bevolkingscijfers inlezen"),
            Capability.MANAGE_PARTICIPATION,
            PopulationForm,
            run_population,
            lines_population,
            links_population,
            help_population,
            gettext_lazy("Terug naar wie we bereiken"),
            "participation:quality",
            HINTS_POPULATION,
        ),
    ]
}
