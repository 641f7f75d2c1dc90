"""No one waits on a PDF: submitting a report freezes its structures at once, and
the background worker renders the frozen PDFs (reporting/rendering.py). Until it has, the report's
PDF addresses say so (202, in the reader's language) and ask again by themselves; afterwards they
serve the PDF, written once and never again."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from regiodeal.audit.models import AuditEvent
from regiodeal.audit.services import Actor
from regiodeal.reporting import services
from regiodeal.reporting.models import PdfRendering, PublicEdition, ReportSnapshot
from regiodeal.reporting.rendering import frozen_render, reader_render, readers_waiting, render_frozen_report

from .helpers import pdf_text

pytestmark = pytest.mark.django_db
OFFICE = Actor(label="programmabureau")
INTERNAL = "/deals/waterwegregio/reports/2025/download/internal.pdf"
PUBLIC = "/deals/waterwegregio/reports/2025/openbaar.pdf"


def _submit(deal):
    report = services.report_generate(actor=OFFICE, deal=deal, year=2025)
    services.report_send(actor=OFFICE, report=report, sent_on=dt.date(2026, 6, 1))
    services.report_finalise(actor=OFFICE, report=report)
    services.report_submit(actor=OFFICE, report=report, submitted_on=dt.date(2026, 7, 1))
    return report


def _office(role_users) -> Client:
    client = Client()
    client.force_login(role_users["programme_office"])
    return client


def test_submitting_freezes_the_structure_and_leaves_the_pdfs_to_the_worker(
    portfolio, role_users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = _submit(portfolio)
    frozen = ReportSnapshot.objects.get(report=report)
    assert frozen.internal_pdf is None and frozen.internal_sha256 == ""
    assert frozen.internal["report"]["year"] == 2025  # the structure is frozen at once
    [job] = DBTaskResult.objects.filter(task_path__endswith="render_frozen_report")
    assert job.args_kwargs["args"] == [report.pk]

    office = _office(role_users)
    waiting = office.get(INTERNAL)
    assert waiting.status_code == 202 and waiting["Retry-After"] == "5"
    page = waiting.content.decode()
    assert "De PDF wordt opgemaakt" in page and 'hx-trigger="every 3s"' in page
    english = office.get("/en" + INTERNAL).content.decode()
    assert "The PDF is being made" in english and "wordt opgemaakt" not in english
    public = Client().get(PUBLIC)
    assert public.status_code == 202 and "De PDF wordt opgemaakt" in public.content.decode()

    # What the worker does with the job it finds (tests/jobs runs the worker itself).
    assert render_frozen_report.call(*job.args_kwargs["args"]) == 2

    frozen.refresh_from_db()
    ready = office.get(INTERNAL)
    assert ready.status_code == 200 and ready["Content-Type"] == "application/pdf"
    assert ready.content == bytes(frozen.internal_pdf)
    assert frozen.internal_sha256 == hashlib.sha256(ready.content).hexdigest()
    assert "Voortgangsrapportage" in pdf_text(ready.content)
    public_pdf = Client().get(PUBLIC)
    assert public_pdf.status_code == 200 and public_pdf.content == bytes(frozen.public_pdf)
    edition = PublicEdition.objects.get(report=report, number=1)
    assert bytes(edition.pdf) == bytes(frozen.public_pdf) and edition.sha256 == frozen.public_sha256
    # The waiting page's question (htmx) now gets the link.
    part = office.get(INTERNAL, headers={"HX-Request": "true"}).content.decode()
    assert "PDF openen" in part and "hx-trigger" not in part
    event = AuditEvent.objects.get(action="reporting.report.rendered")
    assert event.after["internal_sha256"] == frozen.internal_sha256
    assert event.actor_label == "worker:render-report"


def test_a_frozen_pdf_is_written_once(portfolio):
    report = _submit(portfolio)
    assert frozen_render(report) == 2
    first = bytes(ReportSnapshot.objects.get(report=report).internal_pdf)
    assert frozen_render(report) == 0  # a second job changes nothing
    assert bytes(ReportSnapshot.objects.get(report=report).internal_pdf) == first
    assert AuditEvent.objects.filter(action="reporting.report.rendered").count() == 1


def test_the_command_renders_what_waits_without_a_worker(portfolio):
    report = _submit(portfolio)
    out = io.StringIO()
    call_command("report-render", stdout=out)
    assert "waterwegregio 2025: 2 PDF(s)" in out.getvalue()
    assert ReportSnapshot.objects.get(report=report).internal_sha256 != ""
    out = io.StringIO()
    call_command("report-render", stdout=out)
    assert "0 PDF(s) rendered." in out.getvalue()


def test_a_drafts_pdf_is_made_by_the_worker_once_per_version_and_the_last_one_stays_at_hand(
    portfolio, role_users, django_capture_on_commit_callbacks
):
    report = services.report_generate(actor=OFFICE, deal=portfolio, year=2025)
    services.report_send(actor=OFFICE, report=report, sent_on=dt.date(2026, 6, 1))
    office = _office(role_users)
    with django_capture_on_commit_callbacks(execute=True):
        first = office.get(INTERNAL)
        again = office.get(INTERNAL)  # asked twice: one job
    assert first.status_code == again.status_code == 202
    page = first.content.decode()
    assert "Het concept wordt opgemaakt" in page and "Vorige versie openen" not in page
    [job] = DBTaskResult.objects.filter(task_path__endswith="render_reader_pdf")
    assert render_reader_pdf_call(job) is True

    ready = office.get(INTERNAL)
    assert ready.status_code == 200 and ready.content.startswith(b"%PDF")
    assert "Voortgangsrapportage" in pdf_text(ready.content)
    assert readers_waiting() == []

    # A comment is a change: the next download waits for a new rendering, offering the last one.
    schiedam = portfolio.organisations.get(code="SCHIEDAM")
    services.report_comment(
        actor=OFFICE, report=report, organisation=schiedam, text="graag per wijk", represented=[schiedam]
    )
    waiting = office.get(INTERNAL)
    assert waiting.status_code == 202
    page = waiting.content.decode()
    assert "Vorige versie openen" in page and "seconden" in page  # progress measured last time
    assert office.get(INTERNAL + "?vorige=1").content == ready.content
    english = office.get("/en" + INTERNAL).content.decode()
    assert "The draft is being made" in english
    [rendering] = PdfRendering.objects.filter(language="nl")
    assert reader_render(rendering) is True
    assert reader_render(PdfRendering.objects.get(pk=rendering.pk)) is False  # current: nothing to do
    assert office.get(INTERNAL).status_code == 200


def render_reader_pdf_call(job) -> bool:
    from regiodeal.reporting.rendering import render_reader_pdf

    return render_reader_pdf.call(*job.args_kwargs["args"])
