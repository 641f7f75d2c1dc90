"""A workflow reason stored in the database and a covenant place read in the reader's
language; a reason stored in English before the tables were Dutch is recognised too."""

from django.utils import translation

from regiodeal.common.i18n import article_label
from regiodeal.governance.models import RequestTransition
from regiodeal.reporting.models import ReportTransition


def test_art_11_1_a_stored_consent_reason_reads_in_dutch_and_english_with_the_note_as_typed():
    step = RequestTransition(
        reason="elke Partij in functie heeft ingestemd (art. 11.1, 11.3, 13.3). Zie notulen"
    )
    with translation.override("nl"):
        assert (
            step.reason_text == "elke Partij in functie heeft ingestemd (art. 11.1, 11.3, 13.3). Zie notulen"
        )
    with translation.override("en"):
        assert step.reason_text == "every Party in office has consented (Art. 11.1, 11.3, 13.3). Zie notulen"


def test_art_7_3_a_report_step_stored_in_english_before_issue_18_reads_in_dutch():
    step = ReportTransition(
        reason="the Parties have commented; the programme office finalises the report (Art. 7.3)"
    )
    with translation.override("nl"):
        assert step.reason_text == (
            "de Partijen hebben gereageerd; het programmabureau stelt de rapportage vast (art. 7.3)"
        )


def test_a_reason_that_is_no_message_stays_as_typed():
    assert RequestTransition(reason="iets anders").reason_text == "iets anders"


def test_an_annex_reads_annex_in_english_and_an_article_art():
    with translation.override("en"):
        assert article_label("Bijlage 1 §3") == "Annex 1 §3"
        assert article_label("7.3") == "Art. 7.3"
    with translation.override("nl"):
        assert article_label("Bijlage 1, 4.2") == "Bijlage 1, 4.2"
        assert article_label("7.3") == "art. 7.3"
