"""The one append-only base (common/appendonly.py): a stored record is never saved again nor
deleted, not one by one and not through its manager; a model names the fields filled once."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from regiodeal.audit.models import AuditEvent
from regiodeal.common.appendonly import AppendOnly, AppendOnlyQuerySet
from regiodeal.finance.models import LedgerEntry, SpukAccount, VatPayment
from regiodeal.governance.models import Consent, ObligationFulfilment
from regiodeal.reporting.models import Report, ReportComment, ReportSnapshot


@pytest.fixture
def evidence(waterwegregio):
    row = ObligationFulfilment(
        deal=waterwegregio,
        key="test",
        done_on=dt.date(2026, 1, 5),
        evidence="het verslag",
        recorded_by_label="t",
    )
    row.save()  # adding is what it is for
    return row


def test_a_stored_record_is_not_saved_again_nor_deleted(evidence):
    evidence.evidence = "iets anders"
    with pytest.raises(PermissionDenied, match="append-only"):
        evidence.save()
    with pytest.raises(PermissionDenied):
        evidence.delete()
    assert ObligationFulfilment.objects.get(pk=evidence.pk).evidence == "het verslag"


def test_the_manager_refuses_update_delete_and_bulk_update(evidence):
    rows = ObligationFulfilment.objects.filter(pk=evidence.pk)
    with pytest.raises(PermissionDenied):
        rows.update(evidence="iets anders")
    with pytest.raises(PermissionDenied):
        rows.delete()
    evidence.evidence = "iets anders"
    with pytest.raises(PermissionDenied):
        ObligationFulfilment.objects.bulk_update([evidence], ["evidence"])
    assert ObligationFulfilment.objects.get(pk=evidence.pk).evidence == "het verslag"


def test_the_submitted_report_fills_its_pdfs_once_and_changes_nothing_else(waterwegregio):
    report = Report.objects.create(deal=waterwegregio, year=2025, status="submitted")
    snapshot = ReportSnapshot(report=report, internal={"a": 1}, public={"a": 1})
    snapshot.save()
    rows = ReportSnapshot.objects.filter(pk=snapshot.pk, internal_sha256="")
    assert rows.update(internal_pdf=b"%PDF-", internal_sha256="abc") == 1
    with pytest.raises(PermissionDenied):
        ReportSnapshot.objects.filter(pk=snapshot.pk).update(internal={"a": 2})
    assert ReportSnapshot.objects.get(pk=snapshot.pk).internal == {"a": 1}


def test_the_four_append_only_records_use_the_one_base():
    for model in (
        LedgerEntry,
        SpukAccount,
        VatPayment,
        Consent,
        ObligationFulfilment,
        ReportComment,
        ReportSnapshot,
        AuditEvent,
    ):
        assert issubclass(model, AppendOnly), model
        assert isinstance(model.objects.all(), AppendOnlyQuerySet), model
