"""docs/articles.md lists every article of the covenant with where it is enforced and its tests.
It is generated from the code (scripts/articles.py); this test fails when it is stale."""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.subprocess

ROOT = Path(__file__).resolve().parents[2]


def test_docs_articles_is_generated_from_the_code_and_current():
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "articles.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr + "Run `make articles` and commit docs/articles.md."


def test_every_article_has_a_section():
    text = (ROOT / "docs" / "articles.md").read_text(encoding="utf-8")
    for n in range(1, 21):
        assert f"\n## Art. {n} " in text
    assert "\n## Bijlage 1." in text
