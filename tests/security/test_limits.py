"""Every input outside its limits gets a clear refusal
(a message naming the file, row or field and how to fix it), never a 500 or a traceback, and
nothing is written. The peak memory of each refusal stays under `PEAK_BOUND` (tracemalloc: what
Python allocates while the input is refused); the bombs of the issue took 1.35 GB (xlsx) and
2.29 GB (YAML)."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import Workbook

from regiodeal.audit.services import Actor
from regiodeal.deals.definition import read_definition
from regiodeal.finance.importing import ImportFailed, ledger_import
from regiodeal.finance.models import ImportBatch, LedgerEntry
from regiodeal.results.importing import ImportRejected, read_table

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
PEAK_BOUND = 24 * MB  # the most Python may allocate while refusing any input below
HEADER = "datum;bedrag;begrotingsregel;project;partij;brondocument\n"
GOOD_ROW = "01-02-2026;1.000,00;P1;WW-001;SCHIEDAM;besluit 1\n"
BAD_ROW = "31-02-2026;veel;P9;WW-999;NERGENS;\n"


@contextmanager
def peak_memory_under(bound: int = PEAK_BOUND):
    tracemalloc.start()
    tracemalloc.reset_peak()
    started = time.perf_counter()
    try:
        yield
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < bound, f"peak {peak / MB:.1f} MB, bound {bound / MB:.0f} MB"
    assert time.perf_counter() - started < 10


def refused(deal, content: bytes, name: str = "bestand.csv"):
    """Import a ledger file that must be refused: its one problem, and nothing written."""
    with pytest.raises(ImportFailed) as info:
        ledger_import(
            actor=Actor(label="test"),
            deal=deal,
            kind="allocations",
            binary=io.BytesIO(content),
            file_name=name,
        )
    assert not LedgerEntry.objects.exists() and not ImportBatch.objects.exists()
    return info.value.problems


# --- uploaded tables ------------------------------------------------------------------------------


def test_a_file_larger_than_the_upload_limit_is_refused_unread(waterwegregio, settings):
    settings.REGIODEAL_UPLOAD_MAX_BYTES = MB
    content = (HEADER + GOOD_ROW * 40_000).encode()
    with peak_memory_under():
        [problem] = refused(waterwegregio, content)
    assert problem.rule == "import.limit" and problem.row == 0
    assert "meer dan de 1 MB" in problem.message and "splits" in problem.message


def test_too_many_rows_are_refused_before_the_import_takes_the_write_lock(
    waterwegregio, projects, settings, django_assert_num_queries
):
    settings.REGIODEAL_IMPORT_MAX_ROWS = 50
    content = (HEADER + GOOD_ROW * 60).encode()
    with django_assert_num_queries(0), pytest.raises(ImportFailed) as info:
        ledger_import(
            actor=Actor(label="test"),
            deal=waterwegregio,
            kind="allocations",
            binary=io.BytesIO(content),
            file_name="x.csv",
        )
    [problem] = info.value.problems
    assert problem.row == 52 and "meer dan 50 regels" in problem.message


def test_a_long_cell_too_many_cells_and_a_long_line_are_refused(waterwegregio, settings):
    long_cell = (HEADER + GOOD_ROW.replace("besluit 1", "x" * 10_001)).encode()
    [problem] = refused(waterwegregio, long_cell)
    assert (problem.row, problem.column) == (2, "F") and "meer dan 10000 tekens" in problem.message
    [problem] = refused(waterwegregio, (HEADER + ";" * 250 + "x\n").encode())
    assert problem.row == 2 and "meer dan 200 cellen" in problem.message
    one_line = HEADER.encode() + b"x" * (30 * MB)
    with peak_memory_under():  # 30 MB without a line break: never read whole
        [problem] = refused(waterwegregio, one_line)
    assert problem.row == 2 and "langer dan" in problem.message
    open_quote = HEADER.encode() + b'"' + b"x\n" * (MB // 2)
    with peak_memory_under():  # an open quote: one field over many lines
        [problem] = refused(waterwegregio, open_quote)
    assert problem.row == 2 and "geen geldige CSV" in problem.message


def test_a_file_of_bad_rows_stops_after_the_problem_limit(waterwegregio, projects, settings):
    settings.REGIODEAL_IMPORT_MAX_PROBLEMS = 100
    content = (HEADER + BAD_ROW * 20_000).encode()
    started = time.perf_counter()
    with peak_memory_under():
        problems = refused(waterwegregio, content)
    assert time.perf_counter() - started < 5
    assert 100 < len(problems) < 110 and problems[-1].rule == "import.too-many-problems"
    assert "stopte" in problems[-1].message


def test_a_nul_character_in_a_csv_is_refused_with_its_row_and_column(waterwegregio):
    [problem] = refused(waterwegregio, (HEADER + GOOD_ROW.replace("besluit", "be\x00sluit")).encode())
    assert (problem.row, problem.rule) == (2, "import.nul") and "NUL" in problem.message
    with pytest.raises(ImportRejected) as info:
        read_table("metingen.csv", b"indicator,on,value\nx,2026-01-01,1\x00\n")
    assert info.value.errors[0].row == 2 and "NUL" in info.value.errors[0].message


def test_the_command_line_refuses_a_nul_byte_with_a_message_not_a_traceback(waterwegregio, tmp_path):
    path = tmp_path / "toekenningen.csv"
    path.write_bytes((HEADER + GOOD_ROW.replace("P1", "P\x001")).encode())
    err = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command("import", "allocations", str(path), "--deal", "waterwegregio", stderr=err)
    assert "nothing imported" in str(info.value)
    assert ":2: " in err.getvalue() and "NUL" in err.getvalue() and "Traceback" not in err.getvalue()


def _xlsx_with_shared_strings(text_bytes: int) -> bytes:
    """A real workbook whose shared strings are replaced by one text of `text_bytes` bytes: a zip
    of a few hundred kilobytes (the issue's bomb: 613 KB holding 600 MB)."""
    workbook = Workbook()
    workbook.active.append(["datum", "bedrag"])
    plain = io.BytesIO()
    workbook.save(plain)
    bomb = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "xl/sharedStrings.xml":
                target.writestr(info, source.read(info))
        with target.open("xl/sharedStrings.xml", "w") as out:
            out.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>')
            block = b"a" * MB
            for _ in range(text_bytes // MB):
                out.write(block)
            out.write(b"</t></si></sst>")
    return bomb.getvalue()


def test_an_xlsx_shared_strings_bomb_is_refused_from_the_zip_directory(waterwegregio):
    content = _xlsx_with_shared_strings(64 * MB)
    assert len(content) < MB
    with peak_memory_under():
        [problem] = refused(waterwegregio, content, name="bom.xlsx")
    assert problem.row == 0 and "64 MB" in problem.message and "20 MB" in problem.message
    with peak_memory_under(), pytest.raises(ImportRejected) as info:
        read_table("bom.xlsx", content)
    assert "64 MB" in info.value.errors[0].message


def test_an_xlsx_that_unpacks_beyond_the_limit_or_is_no_zip_is_refused(waterwegregio, settings):
    settings.REGIODEAL_XLSX_MAX_UNCOMPRESSED_BYTES = 2 * MB
    [problem] = refused(waterwegregio, _xlsx_with_shared_strings(3 * MB), name="groot.xlsx")
    assert "uitgepakt" in problem.message and "CSV" in problem.message
    [problem] = refused(waterwegregio, b"PK\x03\x04 no zip at all", name="kapot.xlsx")
    assert problem.rule == "import.format" and "sla het opnieuw op als .xlsx" in problem.message


def test_the_upload_page_refuses_a_bomb_with_its_message(waterwegregio, role_users):
    client = Client()
    client.force_login(role_users["programme_office"])
    upload = io.BytesIO(_xlsx_with_shared_strings(40 * MB))
    upload.name = "bom.xlsx"
    response = client.post(
        "/deals/waterwegregio/imports/ledger/", {"file": upload, "ledger_kind": "allocations"}, follow=True
    )
    assert response.status_code == 200
    assert "40 MB" in response.content.decode() and not LedgerEntry.objects.exists()


# --- the definition file (YAML) -------------------------------------------------------------------

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_a_yaml_alias_bomb_is_refused_at_once():
    assert len(BILLION_LAUGHS) < 520
    with peak_memory_under(4 * MB):
        deal, problems = read_definition(BILLION_LAUGHS, "bom.yaml")
    assert deal is None and [(p.line, p.rule) for p in problems] == [(1, "yaml-alias")]
    assert "write the value out" in problems[0].message


def test_deal_validate_refuses_the_bomb_deep_nesting_and_a_huge_file(tmp_path, settings):
    path = tmp_path / "bom.yaml"
    path.write_text(BILLION_LAUGHS)
    with pytest.raises(CommandError) as info:
        call_command("deal", "validate", str(path))
    assert "bom.yaml:1: anchors (&name) and aliases (*name) are not allowed" in str(info.value)
    deep = "".join(f"{'  ' * n}a:\n" for n in range(40)) + "  " * 40 + "b: 1\n"
    _deal, problems = read_definition(deep, "diep.yaml")
    assert [(p.rule, p.line) for p in problems] == [("too-deep", 31)]
    _deal, problems = read_definition("a: " + "[" * 5000 + "]" * 5000, "diep.yaml")
    assert len(problems) == 1 and problems[0].rule in ("too-deep", "yaml-syntax")
    settings.REGIODEAL_DEFINITION_MAX_BYTES = 4096
    path.write_text("a: b\n" * 2000)
    with pytest.raises(CommandError) as info:
        call_command("deal", "validate", str(path))
    assert "larger than 4096 bytes" in str(info.value)
    _deal, problems = read_definition("a: b\n" * 2000, "groot.yaml")
    assert [p.rule for p in problems] == ["too-large"]


# --- the API's JSON --------------------------------------------------------------------------------

ENTRIES = "/api/v1/deals/waterwegregio/finance/entries/"


@pytest.fixture
def office(role_users):
    client = Client()
    client.force_login(role_users["programme_office"])
    return client


@pytest.mark.parametrize("body", ["[" * 100_000 + "]" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000])
def test_json_nested_100000_deep_is_a_400(office, body):
    with peak_memory_under():
        response = office.post(ENTRIES, body, content_type="application/json")
    assert response.status_code == 400
    assert "dieper genest dan 20 niveaus" in response.json()["detail"]


def test_a_json_body_beyond_the_size_limit_is_a_413_and_a_nul_a_400(office, settings):
    settings.REGIODEAL_API_JSON_MAX_BYTES = 10_000
    response = office.post(ENTRIES, {"source_document": "x" * 20_000}, content_type="application/json")
    assert response.status_code == 413 and "REGIODEAL_API_JSON_MAX_BYTES" in response.json()["detail"]
    response = office.post(ENTRIES, '{"source_document": "a\\u0000b"}', content_type="application/json")
    assert response.status_code == 400 and "NUL" in response.json()["detail"]
    assert not LedgerEntry.objects.exists()


def test_a_body_of_a_type_the_api_does_not_read_is_a_documented_415_and_stores_nothing(office):
    """Schemathesis once sent a multipart body whose Content-Type did not arrive: the answer, 415,
    was right, but the schema did not list it. Every write now documents it."""
    response = office.post(ENTRIES, "source_document=x", content_type="text/plain")
    assert response.status_code == 415
    assert response.json()["rule"] == "unsupported_media_type" and "text/plain" in response.json()["detail"]
    assert not LedgerEntry.objects.exists()
    schema = office.get("/api/v1/schema/?format=json").json()
    writes = [
        operation
        for path_item in schema["paths"].values()
        for method, operation in path_item.items()
        if method in {"post", "put", "patch"}
    ]
    assert writes and all("415" in operation["responses"] for operation in writes)


# --- NUL in the address ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "/deals/waterwegregio/public/projects/%00/",
        "/deals/waterwegregio/public/projects/?kind=%00",
        "/deals/waterwegregio/public/ideas/?q=a%00b",
        "/api/v1/public/deals/waterwegregio/projects/?pillar=%00",
        "/api/v1/public/deals/waterwegregio/projects/%00/",
    ],
)
def test_a_nul_byte_in_the_address_is_a_400_for_anonymous_visitors(waterwegregio, address):
    response = Client().get(address)
    assert response.status_code == 400
    text = response.content.decode()
    assert "NUL" in text


def test_the_nul_page_speaks_the_visitors_language(waterwegregio):
    english = Client().get("/en/deals/waterwegregio/public/projects/%00/").content.decode()
    assert "NUL character" in english and "Het adres" not in english
    dutch = Client().get("/deals/waterwegregio/public/projects/%00/").content.decode()
    assert "NUL-teken" in dutch
