"""Dutch first, with a complete English translation: every string the code marks for translation
has an English text, and the compiled catalogue matches the .po file."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

pytestmark = pytest.mark.subprocess

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "regiodeal"
PO = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory) -> polib.POFile:
    """Run makemessages on a copy of the package, so a string added without a translation shows."""
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is not installed: run `make test`, which installs it.")
    copy = tmp_path_factory.mktemp("i18n") / "regiodeal"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-location", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "PYTHONPATH": str(PACKAGE.parents[1]),
            "PATH": "/usr/bin:/bin",
        },
    )
    return polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))


def test_every_string_has_an_english_translation(fresh_catalogue):
    untranslated = [e.msgid for e in fresh_catalogue if not e.translated()]
    assert untranslated == [], "run `make messages` and translate these in django.po"


def test_the_committed_catalogue_has_every_string(fresh_catalogue):
    committed = {e.msgid for e in polib.pofile(str(PO))}
    assert {e.msgid for e in fresh_catalogue} == committed


def test_the_compiled_catalogue_matches_the_po_file():
    compiled = {
        e.msgid: (e.msgstr or e.msgstr_plural) for e in polib.mofile(str(PO.with_suffix(".mo"))) if e.msgid
    }
    source = {e.msgid: (e.msgstr or e.msgstr_plural) for e in polib.pofile(str(PO)) if e.translated()}
    assert compiled == source, "run `make messages` to compile django.mo"
