"""The PDF for the demo portfolio (`regiodeal demo --deal waterwegregio`): its text holds the
headings, the budget totals and every intended result with its verdict, and Word and Excel hold
the same totals ("done when")."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils.translation import override

from regiodeal.reporting.document import verdict_label
from regiodeal.reporting.gather import gather
from regiodeal.reporting.renderers import render

from .helpers import docx_text, normalise, pdf_text, xlsx_values
from .test_formats import HEADINGS

pytestmark = pytest.mark.django_db


def test_the_demo_portfolio_renders_with_every_result_and_its_verdict(waterwegregio):
    call_command("demo", deal="waterwegregio")
    structure = gather(waterwegregio, 2025, "internal")
    assert structure["projects"], "the demo made projects"
    with override("nl"):
        text = pdf_text(render(structure, "pdf"))
        word = docx_text(render(structure, "docx"))
        cells = xlsx_values(render(structure, "xlsx"))
    for heading in HEADINGS:
        assert heading in text
    assert "Totaal € 17.700.000,00 € 17.700.000,00 € 35.400.000,00" in text
    granted = structure["money"]["year_total"]["granted"]
    amount = "€ " + f"{float(granted):,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    assert amount in text and amount in word
    assert float(granted) in [float(v) for v in cells if isinstance(v, int | float)]
    for pillar in structure["results"]["pillars"]:
        for result in pillar["results"]:
            heading = f"{result['code']}. {normalise(result['title'])[:30]}"
            at = text.index(heading)
            with override("nl"):
                label = verdict_label(result["verdict"])
            assert f"Oordeel: {label}." in text[at : at + 600], result["code"]
