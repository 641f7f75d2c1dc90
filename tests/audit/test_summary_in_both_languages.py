"""The audit page shows each event in the reader's language, rendered from the event's
structured data; the stored English line stays in the chain and the downloads."""

import pytest
from django.test import Client
from django.utils import translation

from regiodeal.audit.display import summary_text
from regiodeal.audit.models import AuditEvent


def event(**fields) -> AuditEvent:
    return AuditEvent(actor_label="test", deal_slug="waterwegregio", object_id="1", **fields)


def test_a_project_transition_reads_as_status_labels_and_the_reason_in_dutch_and_english():
    e = event(
        action="project.transition",
        object_type="projects.project",
        summary="WW-101: running -> stopped: bijsturing",
        before={"code": "WW-101", "status": "running"},
        after={"code": "WW-101", "status": "stopped", "reason": "bijsturing"},
    )
    with translation.override("nl"):
        assert summary_text(e) == (
            "Project WW-101: van status veranderd — status: in uitvoering → gestopt; reden: bijsturing"
        )
    with translation.override("en"):
        assert (
            summary_text(e)
            == "Project WW-101: status changed — status: running → stopped; reason: bijsturing"
        )


def test_a_report_named_after_its_new_status_reads_as_that_status():
    e = event(
        action="reporting.report.submitted",
        object_type="reporting.report",
        summary="Voortgangsrapportage 2025: final -> submitted (2026-07-01)",
        before={"year": 2025, "status": "final"},
        after={"year": 2025, "status": "submitted"},
    )
    with translation.override("nl"):
        text = summary_text(e)
        assert text.startswith("Voortgangsrapportage 2025: ingediend") and "definitief → ingediend" in text
    with translation.override("en"):
        text = summary_text(e)
        assert "final" in text and "->" not in text and "ingediend" not in text


def test_a_new_ledger_entry_names_its_kind_not_its_code():
    e = event(
        action="finance.entry.recorded",
        object_type="finance.ledgerentry",
        summary="allocation P1 € 1.108.800,00",
        before=None,
        after={"kind": "national_allocation", "amount": "1108800.00"},
    )
    with translation.override("nl"):
        assert "soort: toekenning rijksbijdrage" in summary_text(e)
    with translation.override("en"):
        assert "allocation of national contribution" in summary_text(e)


@pytest.mark.django_db
def test_the_audit_page_shows_the_rendered_summary_in_each_language(waterwegregio, make_user):
    from regiodeal.accounts.roles import Role

    client = Client()
    client.force_login(make_user(Role.AUDITOR, waterwegregio))
    dutch = client.get("/deals/waterwegregio/audit/").content.decode()
    english = client.get("/en/deals/waterwegregio/audit/").content.decode()
    # The deal's loading, recorded as "Regio Deal Waterwegregio loaded from ... as version 1".
    assert ": geladen" in dutch and "loaded from" not in dutch
    assert ": loaded" in english and ": geladen" not in english
