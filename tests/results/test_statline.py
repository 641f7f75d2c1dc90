"""CBS StatLine import: tables in the layout of CBS's OData API, v3
TypedDataSet and v4 Observations, read by the one measurements import (results/importing.py)
and its command; the files are under tests/results/data/."""

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from regiodeal.results.importing import ImportRejected, measurements_import, statline_period
from regiodeal.results.models import Measurement
from regiodeal.results.services import indicator_create

from .conftest import ACTOR

pytestmark = pytest.mark.usefixtures("measurable")
DATA = Path(__file__).parent / "data"


@pytest.fixture
def inwoners(waterwegregio):
    return indicator_create(
        actor=ACTOR, deal=waterwegregio, code="inwoners", name="Inwoners", unit="aantal", better="higher"
    )


def run(deal, name, **kwargs):
    return measurements_import(
        actor=ACTOR, deal=deal, filename=name, content=(DATA / name).read_bytes(), **kwargs
    )


def stored():
    return sorted(
        (m.indicator.code, m.area_code, m.area_kind, m.period_start, m.on, m.value)
        for m in Measurement.objects.select_related("indicator")
    )


def test_a_v3_typed_data_set_keeps_the_region_codes_and_turns_periods_into_dates(waterwegregio, inwoners):
    outcome = run(waterwegregio, "statline-v3-70072NED.json", columns={"TotaleBevolking_1": "inwoners"})
    assert outcome.layout == "statline"
    assert outcome.skipped == 3  # the country, an empty figure, Amsterdam
    assert stored() == [
        ("inwoners", "MAASSLUIS", "gemeente", dt.date(2022, 1, 1), dt.date(2022, 12, 31), D("33593")),
        ("inwoners", "MAASSLUIS", "gemeente", dt.date(2023, 1, 1), dt.date(2023, 12, 31), D("33878")),
        # the province is an area of the deal's definition (PZH, CBS code PV28): kept
        ("inwoners", "PZH", "provincie", dt.date(2023, 1, 1), dt.date(2023, 12, 31), D("3804906")),
        ("inwoners", "SCHIEDAM", "gemeente", dt.date(2024, 4, 1), dt.date(2024, 6, 30), D("80124")),
        ("inwoners", "VLAARDINGEN", "gemeente", dt.date(2025, 3, 1), dt.date(2025, 3, 31), D("75923")),
    ]
    assert {m.source for m in Measurement.objects.all()} == {"CBS StatLine 70072NED"}
    assert {m.imported_from for m in Measurement.objects.all()} == {"statline-v3-70072NED.json"}


def test_v4_observations_map_each_measure_and_leave_the_others(waterwegregio, inwoners):
    outcome = run(
        waterwegregio,
        "statline-v4-85618NED.json",
        columns={"M000352": "inwoners", "M001796": "bw_problematische_schulden"},
    )
    assert outcome.created == 5 and outcome.skipped == 4  # NL00, a null Value, M000100 (not mapped), GM0363
    year = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert stored() == [
        ("bw_problematische_schulden", "MAASSLUIS", "gemeente", *year, D("7.4")),
        ("bw_problematische_schulden", "WK060601", "wijk", *year, D("9.9")),
        ("inwoners", "BU05560101", "buurt", *year, D("1215")),
        ("inwoners", "MAASSLUIS", "gemeente", *year, D("33878")),
        ("inwoners", "WK055601", "wijk", *year, D("5120")),
    ]
    assert Measurement.objects.filter(indicator__code="inwoners", area_code="WK055601").get().source == (
        "CBS StatLine 85618NED"
    )


def test_a_file_with_bad_rows_names_every_row_and_how_to_fix_it_and_stores_nothing(waterwegregio, inwoners):
    with pytest.raises(ImportRejected) as caught:
        run(waterwegregio, "statline-v3-bad-rows.json", columns={"TotaleBevolking_1": "inwoners"})
    errors = caught.value.errors
    assert [(e.row, e.column) for e in errors] == [
        (2, "RegioS"),
        (3, "Perioden"),
        (4, "TotaleBevolking_1"),
        (5, "Perioden"),
        (6, ""),
    ]
    text = [e.message for e in errors]
    assert "'Schiedam' is geen CBS-regiocode" in text[0] and "GM0606" in text[0]
    assert "'2023X000' is geen jaar (2023JJ00), kwartaal (2023KW02) of maand (2023MM07)" in text[1]
    assert "'veel' is geen getal" in text[2] and "null" in text[2]
    assert "2030JJ00 loopt tot 2030-12-31" in text[3]
    assert "ook in rij 1" in text[4]
    assert Measurement.objects.count() == 0  # row 7 was good, but all or nothing


def test_a_measure_not_in_the_table_or_an_unknown_indicator_is_named(waterwegregio, inwoners):
    with pytest.raises(ImportRejected) as caught:
        run(waterwegregio, "statline-v4-85618NED.json", columns={"M999999": "inwoners", "M000352": "nergens"})
    assert [(e.row, e.column) for e in caught.value.errors] == [(0, "M000352"), (0, "M999999")]
    assert "M000100, M000352, M001796" in caught.value.errors[1].message
    with pytest.raises(ImportRejected) as caught:
        run(waterwegregio, "statline-v4-85618NED.json")
    assert "Geen maat gekoppeld" in caught.value.errors[0].message


def test_a_kerncijfers_table_without_perioden_takes_the_date_given_and_only_then(waterwegregio, inwoners):
    with pytest.raises(ImportRejected) as caught:
        run(waterwegregio, "statline-v3-85039NED-kerncijfers.json", columns={"AantalInwoners_5": "inwoners"})
    assert "geen kolom Perioden" in caught.value.errors[0].message
    with pytest.raises(ImportRejected) as caught:
        run(
            waterwegregio,
            "statline-v3-70072NED.json",
            columns={"TotaleBevolking_1": "inwoners"},
            on=dt.date(2024, 1, 1),
        )
    assert "laat de peildatum leeg" in caught.value.errors[0].message
    outcome = run(
        waterwegregio,
        "statline-v3-85039NED-kerncijfers.json",
        columns={"AantalInwoners_5": "inwoners"},
        on=dt.date(2021, 1, 1),
    )
    assert outcome.created == 3 and outcome.skipped == 1
    assert {(m.area_code, m.on, m.period_start) for m in Measurement.objects.all()} == {
        ("MAASSLUIS", dt.date(2021, 1, 1), None),
        ("WK055601", dt.date(2021, 1, 1), None),
        ("BU05560101", dt.date(2021, 1, 1), None),
    }


def test_what_is_not_a_statline_file_is_refused_as_a_whole(waterwegregio):
    with pytest.raises(ImportRejected) as caught:
        measurements_import(actor=ACTOR, deal=waterwegregio, filename="x.json", content=b'{"rows": []}')
    assert caught.value.errors[0].row == 0 and "geen StatLine-bestand" in caught.value.errors[0].message


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2023JJ00", dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        ("2024KW01", dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        ("2024KW04", dt.date(2024, 10, 1), dt.date(2024, 12, 31)),
        ("2024MM02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ],
)
def test_statline_periods_become_their_first_and_last_day(code, start, end):
    assert statline_period(code) == (start, end)


@pytest.mark.parametrize("code", ["2023KW05", "2023MM13", "2023JJ01", "2023X000", "2023"])
def test_other_periods_are_refused(code):
    with pytest.raises(ValueError, match="geen jaar"):
        statline_period(code)


def test_the_command_imports_a_statline_file_and_prints_bad_rows(waterwegregio, inwoners, capsys):
    call_command(
        "import-measurements",
        str(DATA / "statline-v4-85618NED.json"),
        "--deal",
        "waterwegregio",
        "--column",
        "M000352=inwoners",
    )
    assert "3 measurements imported (statline layout)" in capsys.readouterr().out
    with pytest.raises(CommandError) as caught:
        call_command(
            "import-measurements",
            str(DATA / "statline-v3-bad-rows.json"),
            "--deal",
            "waterwegregio",
            "--column",
            "TotaleBevolking_1=inwoners",
        )
    assert caught.value.returncode == 2
    err = capsys.readouterr().err
    assert "statline-v3-bad-rows.json:2: RegioS:" in err and "statline-v3-bad-rows.json:5: Perioden:" in err


def test_the_command_says_clearly_when_cbs_cannot_be_reached(waterwegregio, settings):
    # A closed port on this machine: "no network" without waiting for a time-out.
    settings.REGIODEAL_CBS_ODATA_URL = "http://127.0.0.1:9/ODataApi/odata"
    with pytest.raises(CommandError) as caught:
        call_command(
            "import-measurements", "--table", "85039NED", "--deal", "waterwegregio", "--timeout", "5"
        )
    assert caught.value.returncode == 2
    message = str(caught.value)
    assert message.startswith("CBS StatLine cannot be reached")
    assert "85039NED/TypedDataSet?$format=json" in message and "import-measurements FILE.json" in message
    assert Measurement.objects.count() == 0


def test_the_command_wants_a_file_or_a_table_and_a_proper_identifier(waterwegregio):
    with pytest.raises(CommandError, match="either FILE or --table"):
        call_command("import-measurements", "--deal", "waterwegregio")
    with pytest.raises(CommandError, match="not a StatLine table identifier"):
        call_command("import-measurements", "--table", "../etc", "--deal", "waterwegregio")


def test_the_api_takes_a_statline_file_and_names_its_bad_rows(client, role_users, waterwegregio, inwoners):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(role_users["programme_office"])
    url = "/api/v1/deals/waterwegregio/monitoring/measurements/import/"
    bad = SimpleUploadedFile("bad.json", (DATA / "statline-v3-bad-rows.json").read_bytes())
    response = client.post(url, {"file": bad, "columns": "TotaleBevolking_1=inwoners"})
    assert response.status_code == 400
    assert [(e["row"], e["column"]) for e in response.json()["errors"]][:2] == [
        (2, "RegioS"),
        (3, "Perioden"),
    ]
    good = SimpleUploadedFile("85618NED.json", (DATA / "statline-v4-85618NED.json").read_bytes())
    response = client.post(url, {"file": good, "columns": "M000352=inwoners"})
    assert response.status_code == 201
    assert response.json() == {"file": "85618NED.json", "layout": "statline", "created": 3, "skipped": 6}


def test_the_upload_counts_a_statline_files_rows_to_choose_the_background(tmp_path):
    from regiodeal.imports.services import count_rows

    assert count_rows(DATA / "statline-v4-85618NED.json") == 9
    assert count_rows(DATA / "statline-v3-70072NED.json") == 8
