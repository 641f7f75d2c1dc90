"""The one reader of every import (common/importing.py) and the one skeleton of the import
commands (deals/commands.py): every command refuses a bad argument the same way, with exit 2."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from regiodeal.common.importing import ImportRejected, RowError, parse_date, parse_decimal, read_table
from regiodeal.finance.importing import ImportFailed


def test_a_csv_and_its_empty_cells_are_read_as_rows():
    rows = read_table("m.csv", b"indicator;on;value\nbewoners;;5\n")
    assert rows == [["indicator", "on", "value"], ["bewoners", "", "5"]]


def test_a_file_that_is_neither_csv_nor_xlsx_is_refused_as_a_whole():
    with pytest.raises(ImportRejected) as refused:
        read_table("m.txt", b"a;b\n")
    assert refused.value.errors == [RowError(0, "", "Alleen .csv of .xlsx.")]
    assert str(refused.value) == "m.txt: 1 problem(s); nothing was imported"


def test_a_nul_byte_is_refused_at_its_row():
    with pytest.raises(ImportRejected) as refused:
        read_table("m.csv", b"indicator;on\nbewo\x00ners;2026-01-31\n")
    (error,) = refused.value.errors
    assert error.row == 2 and "NUL" in error.message


def test_a_problem_names_its_row_and_column_and_keeps_its_rule_for_the_api():
    error = RowError(3, "bedrag", "geen bedrag", rule="finance.amount")
    assert str(error) == "rij 3, kolom bedrag: geen bedrag"
    assert str(RowError(0, "", "leeg")) == "bestand: leeg"
    assert error.as_dict() == {
        "row": 3,
        "column": "bedrag",
        "rule": "finance.amount",
        "message": "geen bedrag",
    }


def test_the_ledger_refusal_is_the_one_refusal_with_its_own_summary():
    failed = ImportFailed("t.csv", [RowError(2, "datum", "geen datum", rule="finance.date")])
    assert isinstance(failed, ImportRejected) and failed.problems == failed.errors
    assert str(failed) == "t.csv: 1 problems"
    assert failed.lines() == ["t.csv:2: datum: geen datum [finance.date]"]


def test_cells_are_read_as_numbers_and_dates_never_through_float():
    assert parse_decimal("12,5") == Decimal("12.5")
    assert parse_decimal(0.1) == Decimal("0.1")
    assert parse_date("2026-03-15") == parse_date(dt.datetime(2026, 3, 15, 9, 0)) == dt.date(2026, 3, 15)
    with pytest.raises(ValueError, match="geen getal"):
        parse_decimal("twaalf")
    with pytest.raises(ValueError, match="JJJJ-MM-DD"):
        parse_date("15-03-2026")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("command", "extra"),
    [
        ("import", ["allocations"]),
        ("import-measurements", []),
        ("import-outreach", []),
        ("import-population", ["--on", "2026-01-01"]),
    ],
)
def test_every_import_command_refuses_a_missing_file_and_an_unknown_deal_alike(
    command, extra, waterwegregio, tmp_path
):
    missing = tmp_path / "nergens.csv"
    args = [command, *extra[:1]] if command == "import" else [command]
    options = extra[1:] if command == "import" else extra
    with pytest.raises(CommandError, match=r"nergens\.csv: no such file") as info:
        call_command(*args, str(missing), "--deal", "waterwegregio", *options)
    assert info.value.returncode == 2
    present = tmp_path / "x.csv"
    present.write_text("a;b\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"--deal twente: no such deal \(loaded: waterwegregio\)\."):
        call_command(*args, str(present), "--deal", "twente", *options)


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["import-measurements", "import-population"])
def test_a_bad_date_or_column_mapping_is_refused_with_how_to_write_it(command, waterwegregio, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a;b\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"--on '15-01-2026': use YYYY-MM-DD\."):
        call_command(command, str(path), "--deal", "waterwegregio", "--on", "15-01-2026")
    with pytest.raises(CommandError, match=r"--column 'AantalInwoners_5': use CBSCOLUMN="):
        call_command(
            command,
            str(path),
            "--deal",
            "waterwegregio",
            "--on",
            "2026-01-15",
            "--column",
            "AantalInwoners_5",
        )
