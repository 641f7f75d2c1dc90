"""Art. 10: a project a Party asked to keep confidential (through the disclosure service) is absent
from the public report in every format, by its title and its code, and present in the internal
one; the public report holds no personal data (names of people) either."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils.translation import override

from regiodeal.audit.services import Actor
from regiodeal.reporting import services
from regiodeal.reporting.constants import Format
from regiodeal.reporting.gather import gather
from regiodeal.reporting.renderers import render

from .conftest import SECRET_CODE, SECRET_TITLE
from .helpers import docx_text, normalise, pdf_text, rendered, xlsx_values

pytestmark = pytest.mark.django_db
PERSON = "Jan Jansen"  # the person behind an action of the overleg


def _texts(structure) -> dict[str, str]:
    with override("nl"):
        return {
            "json": render(structure, Format.JSON).decode(),
            "html": normalise(render(structure, Format.HTML).decode()),
            "pdf": pdf_text(render(structure, Format.PDF)),
            "docx": docx_text(render(structure, Format.DOCX)),
            "xlsx": normalise(" ".join(str(v) for v in xlsx_values(render(structure, Format.XLSX)))),
        }


def test_a_confidential_project_is_in_the_internal_report_and_in_no_public_format(portfolio, make_secret):
    make_secret(portfolio)
    public = _texts(gather(portfolio, 2025, "public"))
    internal = _texts(gather(portfolio, 2025, "internal"))
    for fmt, text in public.items():
        assert SECRET_TITLE not in text, fmt
        assert SECRET_CODE not in text, fmt
        assert "Grondpositie Oostwijk" not in text, fmt  # its risk
        assert "Bouwvergunning Oostwijk" not in text, fmt  # its milestone
        assert "WW-001" in text, fmt  # the public projects are there
    for fmt, text in internal.items():
        assert SECRET_TITLE in text, fmt
        assert SECRET_CODE in text, fmt


def test_without_a_confidentiality_the_project_is_public(portfolio):
    structure = gather(portfolio, 2025, "public")
    assert SECRET_CODE in {p["code"] for p in structure["projects"]}


def test_the_public_report_holds_no_names_of_people(portfolio):
    public = gather(portfolio, 2025, "public")
    internal = gather(portfolio, 2025, "internal")
    assert PERSON in render(internal, Format.JSON).decode()
    text = render(public, Format.JSON).decode()
    assert PERSON not in text
    assert "test-programmabureau" not in text  # who recorded the steps and escalations


def test_the_frozen_public_pdf_leaves_the_confidential_project_out(portfolio, make_secret):
    make_secret(portfolio)
    office = Actor(label="programmabureau")
    report = services.report_generate(actor=office, deal=portfolio, year=2025)
    services.report_send(actor=office, report=report, sent_on=dt.date(2026, 6, 1))
    services.report_finalise(actor=office, report=report)
    frozen = rendered(services.report_submit(actor=office, report=report, submitted_on=dt.date(2026, 7, 1)))
    public, internal = pdf_text(bytes(frozen.public_pdf)), pdf_text(bytes(frozen.internal_pdf))
    assert SECRET_TITLE not in public and SECRET_CODE not in public and PERSON not in public
    assert SECRET_TITLE in internal and PERSON in internal
    assert "Dit is de openbare versie" in public
