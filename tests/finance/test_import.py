"""Import from CSV and .xlsx: every row validated, every problem named by row and column,
nothing written when any row fails."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from regiodeal.audit.models import AuditEvent
from regiodeal.common.importing import RowError
from regiodeal.finance.importing import ImportFailed, ledger_import
from regiodeal.finance.models import ImportBatch, LedgerEntry

from .conftest import ACTOR

ALLOCATIONS = (
    "datum;bedrag;begrotingsregel;project;partij;brondocument;omschrijving\n"
    "2026-02-01;€ 125.000,00;P1;WW-001;SCHIEDAM;besluit 2026-01;Ontmoetingsplek\n"
    "15-03-2026;1.000,-;P2;WW-002;VLAARDINGEN;besluit 2026-02;\n"
)


def run_import(deal, kind, content, name="bestand.csv"):
    binary = io.BytesIO(content.encode("utf-8") if isinstance(content, str) else content)
    return ledger_import(actor=ACTOR, deal=deal, kind=kind, binary=binary, file_name=name)


def test_it_imports_allocations_in_dutch_notation_with_semicolons(waterwegregio, projects):
    result = run_import(waterwegregio, "allocations", ALLOCATIONS)
    assert result.rows == 2
    entries = list(LedgerEntry.objects.order_by("booked_on"))
    assert [(e.kind, e.booked_on, e.amount, e.budget_line, e.organisation.code) for e in entries] == [
        ("national_allocation", dt.date(2026, 2, 1), Decimal("125000.00"), "P1", "SCHIEDAM"),
        ("national_allocation", dt.date(2026, 3, 15), Decimal("1000.00"), "P2", "VLAARDINGEN"),
    ]
    assert {e.batch_id for e in entries} == {result.batch.pk}
    assert ImportBatch.objects.get().rows == 2
    event = AuditEvent.objects.get(action="finance.import")
    assert event.after["rows"] == 2


def test_it_imports_contributions_in_international_notation_with_commas(waterwegregio, projects):
    content = (
        "Datum,Bedrag,Begrotingsregel,Organisatie,Status,Sector,Vorm,Waarderingsgrondslag,Brondocument\n"
        '2026-02-01,"1,250,000.50",P1,ROTTERDAM,toegezegd,publiek,geld,,brief 12\n'
        "2026-02-02,2400.00,P2,TNO,geleverd,privaat,natura,24 uur à 100,urenstaat\n"
    )
    assert run_import(waterwegregio, "contributions", content).rows == 2
    first, second = LedgerEntry.objects.order_by("booked_on")
    assert (first.amount, first.contribution_status, first.sector, first.form) == (
        Decimal("1250000.50"),
        "pledged",
        "public",
        "cash",
    )
    assert (second.contribution_status, second.sector, second.form, second.valuation_basis) == (
        "paid",
        "private",
        "in_kind",
        "24 uur à 100",
    )


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_it_imports_spending_from_xlsx_and_books_the_vat_line_as_execution_costs(waterwegregio, projects):
    content = xlsx(
        [
            ["datum", "bedrag", "begrotingsregel", "ten_laste_van", "project", "brondocument"],
            [dt.datetime(2026, 4, 1), 1234.56, "P1", "rijk", "WW-001", "factuur 1"],
            ["02-04-2026", "99,95", "VAT", "regio", None, "factuur 2"],
            [None, None, None, None, None, None],
        ]
    )
    assert run_import(waterwegregio, "spending", content, name="uitgaven.xlsx").rows == 2
    spending, costs = LedgerEntry.objects.order_by("booked_on")
    assert (spending.kind, spending.amount, spending.funding) == ("spending", Decimal("1234.56"), "national")
    assert (costs.kind, costs.amount, costs.funding) == ("execution_costs", Decimal("99.95"), "regional")


def test_a_file_with_one_bad_row_writes_nothing_and_names_the_row_and_column(waterwegregio, projects):
    content = ALLOCATIONS + "2026-04-01;12,345;P1;WW-001;SCHIEDAM;besluit 2026-03;\n"
    with pytest.raises(ImportFailed) as info:
        run_import(waterwegregio, "allocations", content, name="toekenningen.csv")
    [problem] = info.value.problems
    assert (problem.row, problem.column, problem.rule) == (4, "bedrag", "import.amount")
    assert "dubbelzinnig" in problem.message
    assert info.value.lines()[0].startswith("toekenningen.csv:4: bedrag: '12,345' is dubbelzinnig")
    assert not LedgerEntry.objects.exists()
    assert not ImportBatch.objects.exists()
    assert not AuditEvent.objects.filter(action="finance.import").exists()


def test_it_reports_every_problem_of_every_row(waterwegregio, projects):
    content = (
        "datum;bedrag;begrotingsregel;project;partij;brondocument\n"
        "2026-02-30;1.000;P1;WW-003;SCHIEDAM;b\n"
        "2026-02-01;100;P7;WW-404;TNO;\n"
        "2026-02-01;100;P1;WW-001;SCHIEDAM;b\n"
        "2026-02-01;100;VAT;WW-001;SCHIEDAM;b;extra\n"
    )
    with pytest.raises(ImportFailed) as info:
        run_import(waterwegregio, "allocations", content)
    assert [(p.row, p.column, p.rule) for p in info.value.problems] == [
        (2, "datum", "import.date"),
        (2, "bedrag", "import.amount"),
        (2, "project", "finance.unknown-project"),
        (3, "brondocument", "finance.source-document"),
        (3, "begrotingsregel", "finance.unknown-budget-line"),
        (3, "project", "finance.unknown-project"),
        (3, "partij", "finance.allocation-party"),
        (5, "", "import.extra-cells"),
    ]
    assert not LedgerEntry.objects.exists()


def test_a_bad_row_after_many_good_ones_still_writes_nothing(waterwegregio, projects, monkeypatch):
    monkeypatch.setattr("regiodeal.finance.importing.CHUNK", 10)  # good rows go to the database first
    good = "".join(f"2026-02-01;{i},00;P1;WW-001;SCHIEDAM;b{i}\n" for i in range(1, 36))
    content = (
        "datum;bedrag;begrotingsregel;project;partij;brondocument\n" + good + "2026-02-01;1;P1;;SCHIEDAM;b\n"
    )
    with pytest.raises(ImportFailed) as info:
        run_import(waterwegregio, "allocations", content)
    assert info.value.problems == [
        RowError(37, "project", "een toekenning hoort bij een project", rule="finance.allocation-project")
    ]
    assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            "datum;bedrag;regel;project;partij;brondocument",
            [(1, "regel", "import.unknown-column"), (1, "begrotingsregel", "import.missing-column")],
        ),
        ("datum;bedrag;begrotingsregel;project;brondocument", [(1, "partij", "import.missing-column")]),
    ],
)
def test_unknown_and_missing_columns_are_named(waterwegregio, projects, header, expected):
    with pytest.raises(ImportFailed) as info:
        run_import(waterwegregio, "allocations", header + "\n2026-02-01;1;P1;WW-001;SCHIEDAM;b\n")
    assert [(p.row, p.column, p.rule) for p in info.value.problems] == expected


def test_unknown_words_in_a_column_list_the_words_it_knows(waterwegregio, projects):
    content = (
        "datum;bedrag;begrotingsregel;ten_laste_van;project;brondocument\n2026-02-01;1;P1;gemeente;WW-001;b\n"
    )
    with pytest.raises(ImportFailed) as info:
        run_import(waterwegregio, "spending", content)
    [problem] = info.value.problems
    assert (problem.row, problem.column, problem.rule) == (2, "ten_laste_van", "import.value")
    assert "rijk" in problem.message and "regio" in problem.message


@pytest.mark.parametrize(
    ("content", "name", "rule"),
    [
        ("datum;bedrag\n".encode("utf-16"), "x.csv", "import.encoding"),
        (b"", "x.csv", "import.empty"),
        (b"datum;bedrag;begrotingsregel;project;partij;brondocument\n", "x.csv", "import.empty"),
        (b"whatever", "x.ods", "import.format"),
    ],
)
def test_files_it_cannot_read_are_refused_with_a_reason(waterwegregio, content, name, rule):
    with pytest.raises(ImportFailed) as info:
        run_import(waterwegregio, "allocations", content, name=name)
    assert [p.rule for p in info.value.problems] == [rule]


def test_the_command_imports_and_says_how_many_rows(waterwegregio, projects, tmp_path, capsys):
    path = tmp_path / "toekenningen.csv"
    path.write_text(ALLOCATIONS, encoding="utf-8")
    call_command("import", "allocations", str(path), deal="waterwegregio")
    assert "2 rows imported into waterwegregio" in capsys.readouterr().out
    assert LedgerEntry.objects.count() == 2


def test_the_command_prints_every_problem_and_exits_2_writing_nothing(
    waterwegregio, projects, tmp_path, capsys
):
    path = tmp_path / "toekenningen.csv"
    path.write_text(ALLOCATIONS.replace("P2", "P8"), encoding="utf-8")
    with pytest.raises(CommandError) as info:
        call_command("import", "allocations", str(path), deal="waterwegregio")
    assert info.value.returncode == 2
    assert "1 problems; nothing imported" in str(info.value)
    err = capsys.readouterr().err
    assert f"{path}:3: begrotingsregel: onbekende begrotingsregel 'P8'" in err
    assert "[finance.unknown-budget-line]" in err
    assert not LedgerEntry.objects.exists()


def test_the_command_shows_a_progress_bar_on_stderr_for_large_files(
    waterwegregio, projects, tmp_path, capsys, monkeypatch
):
    monkeypatch.setattr("regiodeal.finance.management.commands.import.LARGE", 5)
    path = tmp_path / "toekenningen.csv"
    path.write_text(
        "datum;bedrag;begrotingsregel;project;partij;brondocument\n"
        + "".join(f"2026-02-01;{i};P1;WW-001;SCHIEDAM;b\n" for i in range(1, 8)),
        encoding="utf-8",
    )
    call_command("import", "allocations", str(path), deal="waterwegregio")
    captured = capsys.readouterr()
    assert "7/7" in captured.err and "rows" in captured.err
    assert "7 rows imported" in captured.out


def test_the_command_refuses_an_unknown_deal(db, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(ALLOCATIONS, encoding="utf-8")
    with pytest.raises(CommandError, match="no such deal"):
        call_command("import", "allocations", str(path), deal="nergens")
