"""The report's life (Art. 7.3): draft -> sent to the Parties (before 15 June) -> comments per
Party -> final -> submitted to VRO (before 15 July), each step a row with who, when and why; late
steps allowed but flagged; submitting freezes the report, byte for byte."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from regiodeal.audit.models import AuditEvent
from regiodeal.audit.services import Actor
from regiodeal.common.findings import findings_for
from regiodeal.finance.services import entry_record
from regiodeal.finance.validation import EntryDraft
from regiodeal.projects.models import Project
from regiodeal.projects.services import project_update
from regiodeal.reporting import services
from regiodeal.reporting.models import ReportSnapshot
from regiodeal.reporting.selectors import public_reports, report_document, reports_received
from regiodeal.reporting.workflow import TRANSITIONS

from .helpers import pdf_text, rendered

pytestmark = pytest.mark.django_db
OFFICE = Actor(label="programmabureau")


def _party(deal, code):
    return deal.organisations.get(code=code)


def _through_to_final(deal, sent_on=dt.date(2026, 6, 1)):
    report = services.report_generate(actor=OFFICE, deal=deal, year=2025)
    services.report_send(actor=OFFICE, report=report, sent_on=sent_on)
    services.report_finalise(actor=OFFICE, report=report)
    return report


def test_every_edge_of_the_table_says_why_and_the_dated_ones_name_their_rule():
    assert all(edge.reason for edge in TRANSITIONS.values())
    dated = {to: edge.deadline_rule for (_frm, to), edge in TRANSITIONS.items() if edge.deadline_rule}
    assert dated == {"sent": "report_draft_to_parties_before", "submitted": "report_to_ministry_before"}


def test_the_whole_life_is_recorded_step_by_step_with_who_when_and_why(portfolio):
    report = services.report_generate(actor=OFFICE, deal=portfolio, year=2025, lessons="Samen leren werkt.")
    services.report_send(actor=OFFICE, report=report, sent_on=dt.date(2026, 6, 14))
    schiedam = _party(portfolio, "SCHIEDAM")
    services.report_comment(
        actor=Actor(label="wethouder-schiedam"),
        report=report,
        organisation=schiedam,
        text="Noem de vrijwilligers in Nieuwland.",
        represented=[schiedam],
    )
    services.report_finalise(actor=OFFICE, report=report)
    frozen = services.report_submit(actor=OFFICE, report=report, submitted_on=dt.date(2026, 7, 14))
    steps = [(t.from_status, t.to_status, t.on, t.by_label, t.late) for t in report.transitions.all()]
    today = steps[0][2]
    assert steps == [
        ("", "draft", today, "programmabureau", False),
        ("draft", "sent", dt.date(2026, 6, 14), "programmabureau", False),
        ("sent", "final", today, "programmabureau", False),
        ("final", "submitted", dt.date(2026, 7, 14), "programmabureau", False),
    ]
    assert all(t.reason for t in report.transitions.all())
    assert report.status == "submitted" and report.sent_on == dt.date(2026, 6, 14)
    assert report.comments.get().organisation == schiedam
    assert frozen.internal["lessons"] == "Samen leren werkt."
    assert AuditEvent.objects.filter(action__startswith="reporting.report.").count() >= 6


def test_the_draft_on_15_june_and_the_report_on_15_july_are_allowed_but_late(portfolio):
    report = services.report_generate(actor=OFFICE, deal=portfolio, year=2025)
    sent = services.report_send(actor=OFFICE, report=report, sent_on=dt.date(2026, 6, 15))
    services.report_finalise(actor=OFFICE, report=report)
    services.report_submit(actor=OFFICE, report=report, submitted_on=dt.date(2026, 7, 15))
    submitted = report.transitions.get(to_status="submitted")
    assert (sent.late, sent.due_before) == (True, dt.date(2026, 6, 15))
    assert (submitted.late, submitted.due_before) == (True, dt.date(2026, 7, 15))


def test_steps_outside_the_table_are_refused_with_the_state_named(portfolio):
    report = services.report_generate(actor=OFFICE, deal=portfolio, year=2025)
    with pytest.raises(ValidationError, match="concept"):
        services.report_submit(actor=OFFICE, report=report, submitted_on=dt.date(2026, 7, 1))
    with pytest.raises(ValidationError, match="concept"):
        services.report_finalise(actor=OFFICE, report=report)
    with pytest.raises(ValidationError, match="al een voortgangsrapportage"):
        services.report_generate(actor=OFFICE, deal=portfolio, year=2025)
    report.refresh_from_db()
    assert report.status == "draft" and report.transitions.count() == 1


def test_dates_in_the_reported_year_or_the_future_are_refused(portfolio):
    report = services.report_generate(actor=OFFICE, deal=portfolio, year=2025)
    with pytest.raises(ValidationError, match="na afloop"):
        services.report_send(actor=OFFICE, report=report, sent_on=dt.date(2025, 12, 31))
    with pytest.raises(ValidationError, match="toekomst"):
        services.report_send(actor=OFFICE, report=report, sent_on=dt.date.today() + dt.timedelta(days=1))


def test_a_year_outside_the_deal_is_refused(portfolio):
    with pytest.raises(ValidationError, match="2029"):
        services.report_generate(actor=OFFICE, deal=portfolio, year=2029)


def test_a_party_comments_only_for_itself_and_only_while_the_parties_have_the_draft(portfolio):
    report = services.report_generate(actor=OFFICE, deal=portfolio, year=2025)
    schiedam, rotterdam = _party(portfolio, "SCHIEDAM"), _party(portfolio, "ROTTERDAM")
    with pytest.raises(ValidationError, match="voorgelegd"):
        services.report_comment(
            actor=OFFICE, report=report, organisation=schiedam, text="x", represented=[schiedam]
        )
    services.report_send(actor=OFFICE, report=report, sent_on=dt.date(2026, 6, 1))
    with pytest.raises(ValidationError, match="vertegenwoordigt"):
        services.report_comment(
            actor=OFFICE, report=report, organisation=rotterdam, text="x", represented=[schiedam]
        )
    comment = services.report_comment(
        actor=OFFICE, report=report, organisation=schiedam, text="Akkoord.", represented=[schiedam]
    )
    with pytest.raises(PermissionDenied):
        comment.delete()


def test_lessons_are_written_until_the_report_is_final(portfolio):
    report = _through_to_final(portfolio)
    with pytest.raises(ValidationError, match="ligt vast"):
        services.report_lessons_set(actor=OFFICE, report=report, lessons="later", expected_version=None)
    services.report_reopen(actor=OFFICE, report=report, note="hoofdstuk geld aanvullen")
    services.report_lessons_set(actor=OFFICE, report=report, lessons="Wat we leerden.", expected_version=None)
    assert report_document(report)["lessons"] == "Wat we leerden."


def test_the_submitted_report_never_changes_when_the_data_changes_later(portfolio):
    report = _through_to_final(portfolio)
    frozen = rendered(services.report_submit(actor=OFFICE, report=report, submitted_on=dt.date(2026, 7, 1)))
    pdf_before, structure_before = bytes(frozen.internal_pdf), report_document(report)
    assert frozen.internal_sha256 == hashlib.sha256(pdf_before).hexdigest()

    # After submission: a project renamed, money booked in 2025, a measurement corrected.
    project = Project.objects.get(deal=portfolio, code="WW-001")
    project_update(actor=OFFICE, project=project, expected_version=project.lock_version, title="Nieuwe naam")
    entry_record(
        actor=OFFICE,
        deal=portfolio,
        draft=EntryDraft(
            kind="spending",
            booked_on=dt.date(2025, 12, 20),
            amount=Decimal("5000.00"),
            budget_line="P1",
            source_document="late factuur",
            project="WW-002",
            funding="national",
        ),
    )
    from regiodeal.reporting.gather import gather

    live = gather(portfolio, 2025, "internal")
    assert live["money"]["year_total"]["national_spent"] == "377500.00"  # the data did change

    again = ReportSnapshot.objects.get(report=report)
    assert bytes(again.internal_pdf) == pdf_before
    assert report_document(report) == structure_before
    assert structure_before["money"]["year_total"]["national_spent"] == "372500.00"
    assert "Nieuwe naam" not in pdf_text(bytes(again.internal_pdf))
    with pytest.raises(PermissionDenied):
        again.save()


def test_public_reports_lists_the_submitted_ones_newest_first_with_checksum_and_address(portfolio):
    assert public_reports(portfolio) == []
    report = _through_to_final(portfolio)
    frozen = rendered(services.report_submit(actor=OFFICE, report=report, submitted_on=dt.date(2026, 7, 1)))
    [row] = public_reports(portfolio)
    assert (row.year, row.submitted_on, row.checksum) == (2025, dt.date(2026, 7, 1), frozen.public_sha256)
    assert row.public_pdf_url == "/deals/waterwegregio/reports/2025/openbaar.pdf"
    assert row.checksum == hashlib.sha256(bytes(frozen.public_pdf)).hexdigest()


def test_the_ministry_receives_submitted_reports_across_deals(portfolio, role_users):
    report = _through_to_final(portfolio)
    services.report_submit(actor=OFFICE, report=report, submitted_on=dt.date(2026, 7, 1))
    assert [r.year for r in reports_received(role_users["ministry"])] == [2025]
    assert list(reports_received(role_users["programme_office"])) == []  # reads, does not receive
    assert list(reports_received(role_users["other_deal"])) == []


def _sign_all(deal, on):
    from regiodeal.governance.services import signature_record

    for party in deal.versions.get(number=1).parties.select_related("organisation"):
        signature_record(actor=OFFICE, deal=deal, organisation=party.organisation, signed_on=on)


def test_regiodeal_check_reports_a_late_or_missing_report(portfolio):
    _sign_all(portfolio, dt.date(2025, 1, 10))  # in force from 11 January 2025
    rules = {(f.rule, f.severity, f.data["year"]) for f in _reporting(portfolio, dt.date(2026, 7, 20))}
    assert ("reporting.draft-late", "warning", 2025) in rules
    assert ("reporting.report-late", "error", 2025) in rules
    assert not any(r[0].startswith("reporting.") for r in _reporting(portfolio, dt.date(2026, 6, 14)))

    report = services.report_generate(actor=OFFICE, deal=portfolio, year=2025)
    services.report_send(actor=OFFICE, report=report, sent_on=dt.date(2026, 6, 1))
    services.report_finalise(actor=OFFICE, report=report)
    services.report_submit(actor=OFFICE, report=report, submitted_on=dt.date(2026, 7, 16))
    found = _reporting(portfolio, dt.date(2026, 7, 20))
    assert [(f.rule, f.severity, f.data["done_on"]) for f in found] == [
        ("reporting.report-late", "warning", "2026-07-16")
    ]
    assert "vóór 15 juli 2026" in found[0].message and found[0].article == "7.3"


def _reporting(deal, on):
    return findings_for(deal, on, app="reporting")
