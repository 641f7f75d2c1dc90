"""Broken import files, generated: always ImportFailed naming row, column and rule, or a
complete import; never another exception, never a partial write."""

import io

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiodeal.audit.services import Actor
from regiodeal.finance.importing import ImportFailed, ledger_import
from regiodeal.finance.models import ImportBatch, LedgerEntry

HEADER = ["datum", "bedrag", "begrotingsregel", "project", "ten_laste_van", "brondocument"]
GOOD = ["2025-06-01", "12,34", "P1", "WW-101", "regio", "factuur 1"]
JUNK = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            "1.234",
            "1,234",
            "-5",
            "€ 1.000,-",
            "31-02-2025",
            "2025-13-01",
            "P9",
            "VAT",
            "rijk",
            "NaN",
            "1e9",
            "0,001",
            "=SUM(A1)",
            "\x00",
            "ï»¿",
            "WW-999",
        ]
    ),
)


@st.composite
def broken_csv(draw) -> bytes:
    header = list(HEADER)
    if draw(st.booleans()):
        header[draw(st.integers(0, len(header) - 1))] = draw(st.sampled_from(["Datum", "bedrag ", "xyz", ""]))
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        row = list(GOOD)
        for _ in range(draw(st.integers(0, 3))):
            row[draw(st.integers(0, len(row) - 1))] = draw(JUNK).replace(";", "").replace("\n", "")
        if draw(st.integers(0, 9)) == 0:
            row = row[: draw(st.integers(0, len(row)))]
        rows.append(row)
    sep = draw(st.sampled_from([";", ",", "\t"]))
    text = "\n".join(sep.join(r) for r in [header, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1"]))
    return text.encode(encoding, errors="replace")


class Rollback(Exception):
    pass


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=broken_csv())
def test_a_broken_import_file_is_refused_whole_with_its_places_named(waterwegregio, data):
    from regiodeal.projects.services import project_create

    try:
        with transaction.atomic():
            project_create(
                actor=Actor(label="t"),
                deal=waterwegregio,
                code="WW-101",
                title="Ontmoetingsplek",
                lead=waterwegregio.organisations.get(code="SCHIEDAM"),
            )
            try:
                result = ledger_import(
                    actor=Actor(label="t"),
                    deal=waterwegregio,
                    kind="spending",
                    binary=io.BytesIO(data),
                    file_name="fuzz.csv",
                )
            except ImportFailed as exc:
                assert exc.problems
                for problem in exc.problems:
                    assert problem.rule and problem.message and problem.row >= 0
                assert LedgerEntry.objects.count() == 0 and ImportBatch.objects.count() == 0
            else:
                assert LedgerEntry.objects.count() == result.rows
            raise Rollback
    except Rollback:
        pass
