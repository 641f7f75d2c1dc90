"""The language test's reader (tests/web/language.py) flags text of the other language and
leaves alone what it should: data, quotations marked lang="nl", scripts."""

import pytest

from tests.web.language import Catalogue, foreign_texts, segments


@pytest.fixture(scope="module")
def catalogue():
    return Catalogue()


def test_an_english_page_with_an_untranslated_dutch_text_is_flagged(catalogue):
    html = "<html><body><h1>Projects</h1><p>het werk is af</p></body></html>"
    assert foreign_texts(html, "en", catalogue) == {"het werk is af": ("het werk is af", "the work is done")}


def test_a_dutch_page_with_english_text_is_flagged(catalogue):
    html = "<html><body><p>afgerond: <span>the work is done</span></p></body></html>"
    assert "the work is done" in foreign_texts(html, "nl", catalogue)


def test_a_text_with_placeholders_is_recognised_filled_in(catalogue):
    html = "<p>De rapportage is concept; naar ingediend kan nu niet.</p>"
    hits = foreign_texts(html, "en", catalogue)
    assert hits["De rapportage is concept; naar ingediend kan nu niet."][0] == (
        "De rapportage is %(now)s; naar %(to)s kan nu niet."
    )


def test_a_quotation_marked_dutch_data_and_scripts_are_not_read_on_an_english_page(catalogue):
    html = (
        '<p>Article 7: <q lang="nl">het werk is af</q></p>'
        '<p><span translate="no">het werk is af</span></p>'
        "<script>het werk is af</script>"
    )
    assert foreign_texts(html, "en", catalogue) == {}
    assert "Article 7:" in segments(html, "en")


def test_the_right_language_is_not_flagged(catalogue):
    assert foreign_texts("<p>het werk is af</p>", "nl", catalogue) == {}
    assert foreign_texts('<p title="the work is done">the work is done</p>', "en", catalogue) == {}
