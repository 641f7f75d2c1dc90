"""Importing measurements: all-or-nothing, every error with its row and column; the standard
layout in CSV and Excel, and the CBS "Kerncijfers wijken en buurten" layout."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from regiodeal.results.importing import ImportRejected, measurements_import
from regiodeal.results.models import Measurement

from .conftest import ACTOR

pytestmark = pytest.mark.usefixtures("measurable")


def run(deal, text: str | bytes, name="m.csv", **kwargs):
    content = text.encode() if isinstance(text, str) else text
    return measurements_import(actor=ACTOR, deal=deal, filename=name, content=content, **kwargs)


def test_a_standard_csv_is_imported_with_areas_groups_and_periods(waterwegregio):
    outcome = run(
        waterwegregio,
        "indicator,on,value,source,period_start,area,group\n"
        "jongeren_steunnetwerk,2025-12-31,44.5,GGD monitor,2025-01-01,,\n"
        'jongeren_steunnetwerk,2025-12-31,"38,5",GGD monitor,,SCHIEDAM,\n'
        "jongeren_steunnetwerk,2025-12-31,36,GGD monitor,,,jongeren\n",
    )
    assert outcome.created == 3
    rows = Measurement.objects.order_by("area_code", "group_code")
    assert [(m.area_code, m.group_code, m.value) for m in rows] == [
        ("", "", D("44.5")),
        ("", "jongeren", D("36")),
        ("SCHIEDAM", "", D("38.5")),
    ]
    assert rows[0].period_start == dt.date(2025, 1, 1)
    assert rows[2].area_kind == "gemeente"


def test_one_bad_row_rejects_the_whole_file_naming_each_row_and_column(waterwegregio):
    with pytest.raises(ImportRejected) as caught:
        run(
            waterwegregio,
            "indicator,on,value,source,area,group\n"
            "jongeren_steunnetwerk,2025-12-31,44,GGD,,\n"
            "onbekend,31-12-2025,veel,GGD,Atlantis,ouderen\n"
            "jongeren_steunnetwerk,2025-12-31,44,,,\n",
        )
    assert [(e.row, e.column) for e in caught.value.errors] == [
        (3, "area"),
        (3, "group"),
        (3, "indicator"),
        (3, "on"),
        (3, "value"),
        (4, "source"),
    ]
    assert "Atlantis" in str(caught.value.errors[0])
    assert Measurement.objects.count() == 0


def test_a_measurement_already_stored_or_twice_in_the_file_is_refused(waterwegregio):
    line = "ontmoetingsplekken,2025-06-01,1,telling\n"
    run(waterwegregio, "indicator,on,value,source\n" + line)
    with pytest.raises(ImportRejected) as caught:
        run(waterwegregio, "indicator,on,value,source\n" + line + line)
    messages = sorted(str(e) for e in caught.value.errors)
    assert any("al vastgelegd" in m for m in messages)
    assert any("ook in rij 2" in m for m in messages)
    assert Measurement.objects.count() == 1


def test_unknown_columns_are_named(waterwegregio):
    with pytest.raises(ImportRejected) as caught:
        run(waterwegregio, "indicator,datum,value\nontmoetingsplekken,2025-06-01,1\n")
    assert [(e.row, e.column) for e in caught.value.errors] == [(1, "datum"), (1, "on")]


def test_an_excel_file_in_the_standard_layout(waterwegregio):
    wb = Workbook()
    ws = wb.active
    ws.append(["indicator", "on", "value", "source"])
    ws.append(["ontmoetingsplekken", dt.date(2025, 6, 1), 2, "telling"])
    ws.append(["jongeren_steunnetwerk", dt.datetime(2025, 6, 1), 41.3, "GGD"])
    buffer = io.BytesIO()
    wb.save(buffer)
    outcome = run(waterwegregio, buffer.getvalue(), name="metingen.xlsx")
    assert outcome.created == 2
    assert Measurement.objects.get(indicator__code="jongeren_steunnetwerk").value == D("41.3")


CBS = (
    "ID;WijkenEnBuurten;Gemeentenaam_1;SoortRegio_2;Codering_3;AantalInwoners_5;HuishoudensMetEenLaagInkomen_78\n"
    "0;NL00      ;Nederland                               ;Land      ;NL00      ;17942942;8.0\n"
    "1;GM0556    ;Maassluis                               ;Gemeente  ;GM0556    ;33700;7.1\n"
    "2;WK055601  ;Maassluis                               ;Wijk      ;WK055601  ;5120;.\n"
    "3;BU05560101;Maassluis                               ;Buurt     ;BU05560101;1200;9.4\n"
    "4;GM0363    ;Amsterdam                               ;Gemeente  ;GM0363    ;931298;10.2\n"
)


def test_the_cbs_layout_maps_columns_to_indicators_and_keeps_only_the_deal_area(waterwegregio):
    from regiodeal.results.services import indicator_create

    indicator_create(
        actor=ACTOR, deal=waterwegregio, code="inwoners", name="Inwoners", unit="aantal", better="higher"
    )
    outcome = run(
        waterwegregio,
        CBS,
        name="85984NED.csv",
        on=dt.date(2024, 1, 1),
        columns={
            "AantalInwoners_5": "inwoners",
            "HuishoudensMetEenLaagInkomen_78": "bw_problematische_schulden",
        },
    )
    assert outcome.layout == "cbs"
    assert outcome.skipped == 2  # the national row and Amsterdam
    got = sorted((m.indicator.code, m.area_code, m.area_kind, m.value) for m in Measurement.objects.all())
    assert got == [
        ("bw_problematische_schulden", "BU05560101", "buurt", D("9.4")),
        ("bw_problematische_schulden", "MAASSLUIS", "gemeente", D("7.1")),  # GM0556 is the deal's Maassluis
        ("inwoners", "BU05560101", "buurt", D("1200")),
        ("inwoners", "MAASSLUIS", "gemeente", D("33700")),
        ("inwoners", "WK055601", "wijk", D("5120")),
    ]
    assert {m.source for m in Measurement.objects.all()} == {"CBS Kerncijfers wijken en buurten"}


def test_the_cbs_layout_needs_a_date_and_known_columns(waterwegregio):
    with pytest.raises(ImportRejected) as caught:
        run(waterwegregio, CBS, columns={"AantalInwoners_5": "bw_werkloosheid"})
    assert "peildatum" in caught.value.errors[0].message
    with pytest.raises(ImportRejected) as caught:
        run(waterwegregio, CBS, on=dt.date(2024, 1, 1), columns={"Bestaatniet_9": "bw_werkloosheid"})
    assert [(e.row, e.column) for e in caught.value.errors] == [(1, "Bestaatniet_9")]


def test_a_bad_cbs_figure_is_reported_with_its_row_and_column(waterwegregio):
    bad = CBS.replace("33700", "veel")
    with pytest.raises(ImportRejected) as caught:
        run(waterwegregio, bad, on=dt.date(2024, 1, 1), columns={"AantalInwoners_5": "bw_werkloosheid"})
    assert [(e.row, e.column) for e in caught.value.errors] == [(3, "AantalInwoners_5")]
    assert Measurement.objects.count() == 0


def test_the_import_command_prints_every_problem_and_exits_2(waterwegregio, tmp_path, capsys):
    path = tmp_path / "m.csv"
    path.write_text("indicator,on,value,source\nontmoetingsplekken,2025-06-01,x,telling\n")
    with pytest.raises(CommandError) as caught:
        call_command("import-measurements", str(path), "--deal", "waterwegregio")
    assert caught.value.returncode == 2
    assert f"{path}:2: value:" in capsys.readouterr().err
    path.write_text("indicator,on,value,source\nontmoetingsplekken,2025-06-01,2,telling\n")
    call_command("import-measurements", str(path), "--deal", "waterwegregio")
    assert "1 measurements imported" in capsys.readouterr().out
    assert Measurement.objects.get().value == 2
