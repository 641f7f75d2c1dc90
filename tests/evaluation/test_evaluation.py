"""Evaluation and steering (Art. 2.4, 7.1, 7.5, 7.6, Bijlage 1 §2.D) and communication (Art. 8):
the services, their checks, the report's part B, the lessons export and who may do what."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from regiodeal.accounts.roles import Role
from regiodeal.audit.models import AuditEvent
from regiodeal.audit.services import Actor
from regiodeal.common.findings import findings_for
from regiodeal.evaluation import services
from regiodeal.evaluation.constants import DocumentKind
from regiodeal.evaluation.models import Adjustment
from regiodeal.projects.services import project_transition
from tests.factories import make_project

ACTOR = Actor(label="test")
DEAL = "/deals/waterwegregio/evaluation/"


def rules_of(deal, on, prefix):
    return [f for f in findings_for(deal, on) if f.rule.startswith(prefix)]


def _add(deal, pdf, kind, dated, title="Document"):
    return services.document_add(actor=ACTOR, deal=deal, kind=kind, title=title, dated=dated, file=pdf())


@pytest.mark.django_db
class TestDocuments:
    def test_art_7_1_evaluation_approach_missing_after_its_date_is_a_warning(self, signed, pdf):
        before = rules_of(signed, dt.date(2025, 6, 20), "evaluation.evaluation-approach")
        after = rules_of(signed, dt.date(2025, 6, 21), "evaluation.evaluation-approach")
        assert before == []
        assert [(f.article, f.severity) for f in after] == [("7.1", "warning")]
        assert "20 juni 2025" in after[0].message
        _add(signed, pdf, DocumentKind.EVALUATION_APPROACH, dt.date(2025, 5, 1))
        assert rules_of(signed, dt.date(2025, 6, 21), "evaluation.evaluation-approach") == []

    def test_art_2_4_problem_analysis_and_theory_of_change_are_asked_for(self, signed, pdf):
        on = dt.date(2025, 6, 1)  # more than six months after 2 October 2024
        rules = {f.rule for f in findings_for(signed, on)}
        assert {"evaluation.problem-analysis-missing", "evaluation.theory-of-change-missing"} <= rules
        _add(signed, pdf, DocumentKind.PROBLEM_ANALYSIS, dt.date(2025, 1, 15))
        _add(signed, pdf, DocumentKind.THEORY_OF_CHANGE, dt.date(2025, 1, 15))
        rules = {f.rule for f in findings_for(signed, on)}
        assert not {"evaluation.problem-analysis-missing", "evaluation.theory-of-change-missing"} & rules

    def test_art_8_1_communication_plan_is_asked_for(self, signed, pdf):
        assert rules_of(signed, dt.date(2025, 6, 1), "evaluation.communication-plan")[0].article == "8.1"
        _add(signed, pdf, DocumentKind.COMMUNICATION_PLAN, dt.date(2025, 2, 1))
        assert rules_of(signed, dt.date(2025, 6, 1), "evaluation.communication-plan") == []

    def test_bijlage_1_periodic_evaluation_every_twelve_months(self, signed, pdf):
        assert rules_of(signed, dt.date(2025, 10, 2), "evaluation.interim") == []
        late = rules_of(signed, dt.date(2025, 10, 3), "evaluation.interim")
        assert [f.article for f in late] == ["Bijlage 1"]
        _add(signed, pdf, DocumentKind.INTERIM_EVALUATION, dt.date(2025, 9, 1))
        assert rules_of(signed, dt.date(2026, 9, 1), "evaluation.interim") == []
        assert rules_of(signed, dt.date(2026, 9, 2), "evaluation.interim")

    def test_a_document_is_audited_and_a_future_date_or_bad_file_refused(self, signed, pdf):
        doc = _add(signed, pdf, DocumentKind.EVALUATION_APPROACH, dt.date(2025, 5, 1), "Aanpak")
        event = AuditEvent.objects.get(action="evaluation.document.added")
        assert event.deal_slug == "waterwegregio" and event.object_id == str(doc.pk)
        with pytest.raises(ValidationError) as exc:
            _add(signed, pdf, DocumentKind.EVALUATION_APPROACH, dt.date(2999, 1, 1))
        assert "dated" in exc.value.message_dict
        from django.core.files.uploadedfile import SimpleUploadedFile

        with pytest.raises(ValidationError) as exc:
            services.document_add(
                actor=ACTOR,
                deal=signed,
                kind=DocumentKind.EVALUATION_APPROACH,
                title="x",
                dated=dt.date(2025, 1, 1),
                file=SimpleUploadedFile("x.exe", b"MZ"),
            )
        assert "file" in exc.value.message_dict


@pytest.mark.django_db
class TestAdjustments:
    def test_an_adjustment_keeps_the_verdicts_of_its_day(self, signed):
        a = services.adjustment_record(
            actor=ACTOR,
            deal=signed,
            decided_on=dt.date(2025, 11, 1),
            title="Meer outreach in Holy",
            change="Twee extra bijeenkomsten.",
            reason="1A blijft achter.",
            results=["1A", "1C"],
        )
        assert [p["result"] for p in a.prompted_by] == ["1A", "1C"]
        assert all(p["verdict"] for p in a.prompted_by)
        assert AuditEvent.objects.filter(
            action="evaluation.adjustment.recorded", object_id=str(a.pk)
        ).exists()

    def test_an_unknown_result_or_another_deals_meeting_is_refused(self, signed, other_deal):
        from regiodeal.governance.models import Meeting

        with pytest.raises(ValidationError) as exc:
            services.adjustment_record(
                actor=ACTOR,
                deal=signed,
                decided_on=dt.date(2025, 1, 1),
                title="t",
                change="c",
                reason="r",
                results=["9Z"],
            )
        assert "results" in exc.value.message_dict
        meeting = Meeting.objects.create(deal=other_deal, held_on=dt.date(2025, 1, 1))
        with pytest.raises(ValidationError) as exc:
            services.adjustment_record(
                actor=ACTOR,
                deal=signed,
                decided_on=dt.date(2025, 1, 1),
                title="t",
                change="c",
                reason="r",
                meeting=meeting,
            )
        assert "meeting" in exc.value.message_dict
        assert not Adjustment.objects.exists()


@pytest.mark.django_db
class TestCreditLine:
    def test_art_8_2_a_project_in_execution_not_asked_is_a_finding(self, signed):
        project = make_project(signed, "WW-800", pillars=["1"])
        on = dt.date(2025, 3, 1)
        assert rules_of(signed, on, "communication.credit-line") == []  # an idea is not yet executed
        project_transition(actor=ACTOR, project=project, to_status="proposed", reason="r")
        project_transition(actor=ACTOR, project=project, to_status="approved", reason="r")
        found = rules_of(signed, on, "communication.credit-line")
        assert [(f.article, f.subject) for f in found] == [("8.2", "project WW-800")]
        services.credit_line_request_record(
            actor=ACTOR, project=project, asked_on=dt.date(2025, 2, 1), how="Per e-mail aan de trekker"
        )
        assert rules_of(signed, on, "communication.credit-line") == []


@pytest.mark.django_db
class TestReportPartB:
    def test_art_7_2_b_the_report_holds_evaluation_and_steering(self, signed, pdf):
        from regiodeal.reporting.document import build
        from regiodeal.reporting.gather import gather

        _add(signed, pdf, DocumentKind.EVALUATION_APPROACH, dt.date(2025, 5, 1), "Evaluatieaanpak Waterweg")
        _add(signed, pdf, DocumentKind.INTERIM_EVALUATION, dt.date(2025, 9, 1), "Tussenevaluatie 2025")
        services.adjustment_record(
            actor=ACTOR,
            deal=signed,
            decided_on=dt.date(2025, 10, 1),
            title="Meer outreach in Holy",
            change="Twee extra bijeenkomsten.",
            reason="De norm per wijk werd niet gehaald.",
            results=["1A"],
        )
        structure = gather(signed, 2025, today=dt.date(2026, 3, 1))
        e = structure["evaluation"]
        assert [d["title"] for d in e["documents"]] == ["Evaluatieaanpak Waterweg"]
        assert [d["title"] for d in e["evaluations"]] == ["Tussenevaluatie 2025"]
        assert e["adjustments"][0]["prompted_by"][0]["result"] == "1A"
        doc = build(structure)
        texts = " ".join(str(getattr(block, "text", "")) for block in doc.blocks)
        assert "Evaluatie en bijsturing" in texts
        rows = [r for t in doc.tables for r in t.rows if any("Meer outreach in Holy" in str(c) for c in r)]
        assert rows and "De norm per wijk werd niet gehaald." in rows[0]
        assert gather(signed, 2024, today=dt.date(2026, 3, 1))["evaluation"]["adjustments"] == []

    def test_a_confidential_adjustment_stays_out_of_the_public_report(self, signed):
        from django.contrib.contenttypes.models import ContentType

        from regiodeal.disclosure.models import Confidentiality
        from regiodeal.reporting.gather import gather

        a = services.adjustment_record(
            actor=ACTOR, deal=signed, decided_on=dt.date(2025, 10, 1), title="Geheim", change="c", reason="r"
        )
        Confidentiality.objects.create(
            deal=signed,
            content_type=ContentType.objects.get_for_model(a),
            object_id=a.pk,
            starts_on=dt.date(2025, 10, 1),
            label="Bijsturing Geheim",
            grounds="test",
        )
        public = gather(signed, 2025, "public", today=dt.date(2026, 3, 1))
        internal = gather(signed, 2025, today=dt.date(2026, 3, 1))
        assert public["evaluation"]["adjustments"] == []
        assert internal["evaluation"]["adjustments"][0]["title"] == "Geheim"


@pytest.mark.django_db
class TestScreensAndAccess:
    def test_who_may_read_and_who_may_write(self, client, role_users):
        reads = {
            "programme_office",
            "regiokassier",
            "party_representative",
            "project_lead",
            "ministry",
            "auditor",
        }
        for key, user in role_users.items():
            client.logout()
            if user is not None:
                client.force_login(user)
            r = client.get(DEAL)
            if key == "anonymous":
                assert r.status_code == 302 and "/accounts/login/" in r["Location"]
            elif key in reads:
                assert r.status_code == 200, key
            else:
                assert r.status_code == 403, key
            w = client.get(f"{DEAL}adjustments/new/")
            if key == "programme_office":
                assert w.status_code == 200
            elif key != "anonymous":
                assert w.status_code == 403, key

    def test_the_lessons_export_holds_every_year(self, client, signed, make_user, pdf):
        from regiodeal.reporting.models import Report

        Report.objects.create(deal=signed, year=2025, lessons="Samen optrekken werkt.")
        _add(signed, pdf, DocumentKind.INTERIM_EVALUATION, dt.date(2026, 3, 1), "Tussenevaluatie 2026")
        services.adjustment_record(
            actor=ACTOR,
            deal=signed,
            decided_on=dt.date(2026, 4, 1),
            title="Ander ritme",
            change="c",
            reason="r",
        )
        client.force_login(make_user(Role.PROGRAMME_OFFICE, signed, username="po"))
        r = client.get(f"{DEAL}lessons.xlsx")
        assert r.status_code == 200
        wb = load_workbook(io.BytesIO(r.content))
        assert [ws.title for ws in wb.worksheets] == ["Lessen", "Bijsturing", "Evaluaties"]
        assert list(wb["Lessen"].iter_rows(min_row=2, values_only=True)) == [(2025, "Samen optrekken werkt.")]
        assert wb["Bijsturing"]["B2"].value == "Ander ritme"
        assert wb["Evaluaties"]["B2"].value == "Tussenevaluatie 2026"

    def test_the_api_records_and_refuses(self, client, signed, make_user):
        client.force_login(make_user(Role.PROGRAMME_OFFICE, signed, username="po"))
        url = "/api/v1/deals/waterwegregio/evaluation/adjustments/"
        r = client.post(
            url,
            {"decided_on": "2025-10-01", "title": "t", "change": "c", "reason": "r", "results": ["1B"]},
            content_type="application/json",
        )
        assert r.status_code == 201, r.content
        assert r.json()["prompted_by"][0]["result"] == "1B"
        bad = client.post(
            url,
            {"decided_on": "2999-10-01", "title": "t", "change": "c", "reason": "r"},
            content_type="application/json",
        )
        assert bad.status_code == 400 and "decided_on" in bad.json()
        listed = client.get(url).json()
        assert [a["title"] for a in listed["results"]] == ["t"]
        client.force_login(make_user(Role.AUDITOR, signed, username="aud"))
        assert client.post(url, {}, content_type="application/json").status_code == 403


@pytest.mark.django_db
def test_art_2_4_the_theory_of_change_page_links_its_documents(client, signed, make_user, pdf):
    _add(signed, pdf, DocumentKind.THEORY_OF_CHANGE, dt.date(2025, 2, 1), "Verandertheorie Waterweg")
    client.force_login(make_user(Role.PROGRAMME_OFFICE, signed, username="po"))
    html = client.get("/deals/waterwegregio/results/theory/").content.decode()
    assert "Veranderingstheorie: Verandertheorie Waterweg" in html


@pytest.mark.django_db
def test_a_formula_in_an_adjustment_stays_text_in_the_export(client, signed, make_user):
    services.adjustment_record(
        actor=ACTOR,
        deal=signed,
        decided_on=dt.date(2026, 4, 1),
        title="=HYPERLINK(1)",
        change="c",
        reason=".",
    )
    client.force_login(make_user(Role.PROGRAMME_OFFICE, signed, username="po"))
    wb = load_workbook(io.BytesIO(client.get(f"{DEAL}lessons.xlsx").content))
    assert wb["Bijsturing"]["B2"].value == "'=HYPERLINK(1)"
