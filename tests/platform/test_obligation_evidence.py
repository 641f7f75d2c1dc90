"""Duties kept by another app show done with that app's evidence in the obligations calendar, and
their lateness is reported once, by the app that keeps them (common/obligations.py)."""

import datetime as dt

import pytest

from regiodeal.common.findings import findings_for
from regiodeal.governance.selectors import obligations

pytestmark = pytest.mark.django_db


def test_the_submitted_report_and_spuk_account_are_the_evidence(example_portfolio):
    by_key = {o.key: o for o in obligations(example_portfolio, dt.date(2026, 11, 27))}
    report = by_key["voortgang-vro-2026"]
    assert report.status == "done" and report.done_on == dt.date(2026, 7, 1) and not report.manual
    assert "ingediend bij VRO op 2026-07-01" in report.evidence
    assert by_key["voortgang-concept-2026"].done_on == dt.date(2026, 6, 1)
    spuk = by_key["spuk-verantwoording-2026"]
    assert spuk.status == "done" and "SiSa-verantwoording over 2025" in spuk.evidence


def test_a_missing_spuk_account_is_reported_once_by_finance(waterwegregio):
    from regiodeal.audit.services import Actor
    from regiodeal.governance.services import signature_record

    for party in waterwegregio.versions.get().parties.select_related("organisation"):
        signature_record(
            actor=Actor(label="t"),
            deal=waterwegregio,
            organisation=party.organisation,
            signed_on=dt.date(2025, 1, 6),
        )
    findings = findings_for(waterwegregio, dt.date(2026, 8, 1))
    about_spuk = [f.rule for f in findings if "spuk" in f.subject.lower() or "spuk" in f.rule]
    assert "governance.obligation-overdue" not in about_spuk
    report_findings = [f for f in findings if f.subject in ("voortgang-vro-2026", "voortgang-concept-2026")]
    assert report_findings == []  # reporting's own check speaks for the report
    assert any(f.rule.startswith("reporting.") for f in findings)
