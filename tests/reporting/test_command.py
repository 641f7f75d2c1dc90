"""`regiodeal report --deal SLUG --year Y --format F --output FILE [--public]`: the file in each
format, and a clear message with exit code 2 for a bad slug, year, format or path."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .conftest import SECRET_TITLE
from .helpers import docx_text

pytestmark = pytest.mark.django_db


def run(**options):
    call_command("report", **options)


def test_it_writes_json_docx_and_the_public_version(portfolio, make_secret, tmp_path):
    make_secret(portfolio)
    out = tmp_path / "r.json"
    run(deal="waterwegregio", year="2025", fmt="json", output=str(out))
    assert json.loads(out.read_text())["money"]["year_total"]["national_spent"] == "372500.00"
    run(deal="waterwegregio", year="2025", fmt="docx", output=str(tmp_path / "r.docx"), public=True)
    text = docx_text((tmp_path / "r.docx").read_bytes())
    assert "Dit is de openbare versie" in text and SECRET_TITLE not in text
    run(deal="waterwegregio", year="2025", fmt="XLSX", output=str(tmp_path / "r.xlsx"))
    assert (tmp_path / "r.xlsx").read_bytes()[:2] == b"PK"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"deal": "nergens"}, "--deal nergens: no such deal (loaded: waterwegregio)"),
        ({"year": "twintig"}, "--year 'twintig': a year"),
        ({"year": "2031"}, "--year 2031: Over 2031 valt geen voortgangsrapportage te maken"),
        ({"fmt": "odt"}, "--format odt: use one of pdf, docx, xlsx, html, json"),
        ({"output": "/nonexistent-folder/r.pdf"}, "the folder /nonexistent-folder does not exist"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(waterwegregio, tmp_path, options, message):
    args = {
        "deal": "waterwegregio",
        "year": "2025",
        "fmt": "json",
        "output": str(tmp_path / "r.json"),
        **options,
    }
    with pytest.raises(CommandError) as error:
        run(**args)
    assert message in str(error.value)
    assert error.value.returncode == 2


def test_a_folder_as_output_is_refused(waterwegregio, tmp_path):
    with pytest.raises(CommandError, match="is a folder"):
        run(deal="waterwegregio", year="2025", fmt="json", output=str(tmp_path))
