"""Duties with no place before: the samenwerkingsovereenkomst (Art. 4.2, Bijlage 1),
the regional Parties' payments of execution costs to the regiokassier (Art. 4.2), the SPUK
beschikking and VRO's payments (Art. 5): services, checks, API and who may write them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from regiodeal.audit.models import AuditEvent
from regiodeal.common.findings import findings_for
from regiodeal.common.locking import EditConflict
from regiodeal.finance.models import CooperationAgreement, SpukDecision, VatPayment
from regiodeal.finance.selectors import vat_split
from regiodeal.finance.services import (
    cooperation_agreement_set,
    spuk_decision_record,
    spuk_payment_record,
    vat_payment_record,
)
from tests.factories import ROLES

from .conftest import ACTOR

ON = dt.date(2026, 6, 30)
API = "/api/v1/deals/waterwegregio/finance/"
WRITERS = {"programme_office", "regiokassier"}
ALL = ROLES


def found(deal, rule, on=ON):
    return [f for f in findings_for(deal, on, app=rule.split(".")[0]) if f.rule == rule]


def org(deal, code):
    return deal.organisations.get(code=code)


def agreement(deal, level="600000.00", **kw):
    return cooperation_agreement_set(
        actor=ACTOR,
        deal=deal,
        signed_on=kw.pop("signed_on", dt.date(2025, 9, 1)),
        vat_level=Decimal(level),
        vat_estimate=Decimal("650000.00"),
        **kw,
    )


def test_art_4_2_the_vat_split_divides_the_level_the_samenwerkingsovereenkomst_fixes(book, waterwegregio):
    book("national_allocation", "300000.00")  # Schiedam
    book("national_allocation", "100000.00", project="WW-002", organisation="VLAARDINGEN")
    before = vat_split(waterwegregio, ON)
    assert before.planned_total == Decimal("530000.00") and before.agreement is None
    agreement(waterwegregio, "600000.00")
    split = vat_split(waterwegregio, ON)
    assert split.planned_total == Decimal("600000.00")
    shares = {s.code: s.planned for s in split.shares}
    assert shares["SCHIEDAM"] == Decimal("450000.00") and shares["VLAARDINGEN"] == Decimal("150000.00")
    # As of a day before the agreement the covenant's table still holds.
    assert vat_split(waterwegregio, dt.date(2025, 8, 31)).planned_total == Decimal("530000.00")


def test_the_agreement_is_revised_with_its_version_and_audited_and_keeps_its_file(waterwegregio):
    row = agreement(waterwegregio, file=SimpleUploadedFile("swo.pdf", b"%PDF-1.4 swo"))
    assert row.filename.startswith("swo") and row.filename.endswith(".pdf")
    revised = agreement(waterwegregio, "700000.00", expected_version=row.lock_version)
    assert revised.vat_level == Decimal("700000.00") and revised.file.name == row.file.name
    assert CooperationAgreement.objects.count() == 1
    actions = list(
        AuditEvent.objects.filter(action__startswith="finance.cooperation")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["finance.cooperation-agreement.recorded", "finance.cooperation-agreement.updated"]
    with pytest.raises(EditConflict, match="door iemand anders gewijzigd"):
        agreement(waterwegregio, "1.00", expected_version=row.lock_version)  # stale


def test_art_4_2_a_missing_agreement_is_a_warning_once_money_moves(book, waterwegregio):
    assert found(waterwegregio, "finance.cooperation-agreement-recorded") == []
    book("national_allocation", "1000.00")
    [finding] = found(waterwegregio, "finance.cooperation-agreement-recorded")
    assert finding.severity == "warning" and finding.article == "4.2"
    agreement(waterwegregio)
    assert found(waterwegregio, "finance.cooperation-agreement-recorded") == []


def test_art_4_2_a_party_short_of_its_vat_share_is_named_with_what_it_still_owes(book, waterwegregio):
    book("national_allocation", "300000.00")  # Schiedam 3/4
    book("national_allocation", "100000.00", project="WW-002", organisation="VLAARDINGEN")
    book("execution_costs", "40000.00", line="VAT", funding="regional")
    vat_payment_record(
        actor=ACTOR,
        deal=waterwegregio,
        organisation=org(waterwegregio, "SCHIEDAM"),
        paid_on=dt.date(2026, 4, 1),
        amount=Decimal("30000.00"),
        reference="bank 1",
    )
    vat_payment_record(
        actor=ACTOR,
        deal=waterwegregio,
        organisation=org(waterwegregio, "VLAARDINGEN"),
        paid_on=dt.date(2026, 4, 1),
        amount=Decimal("4000.00"),
        reference="bank 2",
    )
    shares = {s.code: (s.actual, s.paid, s.difference) for s in vat_split(waterwegregio, ON).shares}
    assert shares["SCHIEDAM"] == (Decimal("30000.00"), Decimal("30000.00"), Decimal("0.00"))
    assert shares["VLAARDINGEN"] == (Decimal("10000.00"), Decimal("4000.00"), Decimal("-6000.00"))
    [finding] = found(waterwegregio, "finance.vat-contribution-paid")
    assert finding.severity == "warning"
    assert finding.data == {
        "party": "VLAARDINGEN",
        "share": "10000.00",
        "paid": "4000.00",
        "short": "6000.00",
    }
    assert "€\u00a06.000,00 nog te betalen" in finding.message
    [ended] = found(waterwegregio, "finance.vat-contribution-paid", dt.date(2029, 1, 1))
    assert ended.severity == "error"


def test_only_a_regional_party_pays_execution_costs_and_a_payment_is_never_edited(waterwegregio):
    with pytest.raises(ValidationError) as exc:
        vat_payment_record(
            actor=ACTOR,
            deal=waterwegregio,
            organisation=org(waterwegregio, "VRO"),
            paid_on=dt.date(2026, 4, 1),
            amount=Decimal("1.00"),
            reference="x",
        )
    assert "geen regionale Partij" in exc.value.message_dict["organisation"][0]
    assert not VatPayment.objects.exists()
    payment = vat_payment_record(
        actor=ACTOR,
        deal=waterwegregio,
        organisation=org(waterwegregio, "SCHIEDAM"),
        paid_on=dt.date(2026, 4, 1),
        amount=Decimal("1.00"),
        reference="x",
    )
    with pytest.raises(Exception, match="not edited"):
        payment.save()


def test_art_5_the_beschikking_is_asked_for_once_national_money_is_booked_and_payments_stay_within_it(
    book, waterwegregio
):
    book("national_allocation", "1000.00")
    [missing] = found(waterwegregio, "finance.spuk-decision-recorded")
    assert missing.article == "5" and missing.severity == "warning"
    decision = spuk_decision_record(
        actor=ACTOR,
        deal=waterwegregio,
        decided_on=dt.date(2025, 6, 1),
        reference="VRO-2025-1",
        amount=Decimal("17700000.00"),
        file=SimpleUploadedFile("beschikking.pdf", b"%PDF-1.4 b"),
    )
    assert found(waterwegregio, "finance.spuk-decision-recorded") == []
    spuk_payment_record(
        actor=ACTOR,
        deal=waterwegregio,
        decision=decision,
        received_on=dt.date(2025, 7, 1),
        amount=Decimal("17700000"),
    )
    assert found(waterwegregio, "finance.spuk-received-within-decision") == []
    spuk_payment_record(
        actor=ACTOR,
        deal=waterwegregio,
        decision=decision,
        received_on=dt.date(2025, 8, 1),
        amount=Decimal("0.01"),
    )
    [over] = found(waterwegregio, "finance.spuk-received-within-decision")
    assert over.severity == "error" and over.data["excess"] == "0.01"
    with pytest.raises(ValidationError, match="vóór de datum van de beschikking"):
        spuk_payment_record(
            actor=ACTOR,
            deal=waterwegregio,
            decision=decision,
            received_on=dt.date(2025, 5, 1),
            amount=Decimal("1"),
        )
    with pytest.raises(ValidationError, match="al een beschikking"):
        spuk_decision_record(
            actor=ACTOR,
            deal=waterwegregio,
            decided_on=dt.date(2025, 6, 1),
            reference="VRO-2025-1",
            amount=Decimal("1"),
        )
    assert AuditEvent.objects.filter(action="finance.spuk-payment.recorded").count() == 2


def client_for(client, role_users, role):
    user = role_users[role]
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ALL)
def test_only_the_programme_office_and_regiokassier_record_agreement_payments_and_beschikking(
    client, role_users, role
):
    client = client_for(client, role_users, role)
    r = client.put(
        f"{API}cooperation-agreement/",
        {"signed_on": "2025-09-01", "vat_level": "600000.00", "vat_estimate": "650000.00"},
        content_type="application/json",
    )
    assert r.status_code == (200 if role in WRITERS else 403), role
    r = client.post(
        f"{API}vat-payments/",
        {"party": "SCHIEDAM", "paid_on": "2026-04-01", "amount": "1000.00", "reference": "bank 1"},
        content_type="application/json",
    )
    assert r.status_code == (201 if role in WRITERS else 403), role
    r = client.post(
        f"{API}spuk/decisions/",
        {"decided_on": "2025-06-01", "reference": "VRO-1", "amount": "17700000.00"},
        content_type="application/json",
    )
    assert r.status_code == (201 if role in WRITERS else 403), role
    r = client.post(
        f"{API}spuk/payments/",
        {"decision": "VRO-1", "received_on": "2025-07-01", "amount": "100.00"},
        content_type="application/json",
    )
    assert r.status_code == (201 if role in WRITERS else 403), role
    assert SpukDecision.objects.exists() == (role in WRITERS)
    page = client.post("/deals/waterwegregio/finance/samenwerkingsovereenkomst/", {"signed_on": "2025-09-01"})
    if role == "anonymous":
        assert page.status_code == 302 and "/accounts/login/" in page["Location"]
    elif role in WRITERS:
        assert page.status_code == 400  # the amounts are missing
    else:
        assert page.status_code == 403


def test_the_api_reads_back_the_agreement_the_reconciliation_and_the_grant(client, role_users, book):
    client.force_login(role_users["regiokassier"])
    none_yet = client.get(f"{API}cooperation-agreement/")
    assert none_yet.status_code == 200 and none_yet.json()["signed_on"] is None
    upload = SimpleUploadedFile("swo.pdf", b"%PDF-1.4", content_type="application/pdf")
    r = client.put(
        f"{API}cooperation-agreement/",
        encode_multipart(
            BOUNDARY,
            {
                "signed_on": "2025-09-01",
                "vat_level": "600000.00",
                "vat_estimate": "650000.00",
                "file": upload,
            },
        ),
        content_type=MULTIPART_CONTENT,
    )
    assert r.status_code == 200, r.content
    body = client.get(f"{API}cooperation-agreement/").json()
    assert body["vat_level"] == "600000.00" and body["file_name"].startswith("swo")
    stale = client.put(
        f"{API}cooperation-agreement/",
        {"signed_on": "2025-09-01", "vat_level": "1.00", "vat_estimate": "1.00", "expected_version": 0},
        content_type="application/json",
    )
    assert stale.status_code == 409
    book("national_allocation", "1000.00")
    book("execution_costs", "100.00", line="VAT", funding="regional")
    body = client.get(f"{API}vat-payments/", {"on": "2026-06-30"}).json()
    schiedam = next(p for p in body["parties"] if p["party"] == "SCHIEDAM")
    assert schiedam == {"party": "SCHIEDAM", "share": "100.00", "paid": "0.00", "difference": "-100.00"}
    bad = client.post(
        f"{API}vat-payments/",
        {"party": "VRO", "paid_on": "2026-04-01", "amount": "1.00", "reference": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "organisation" in bad.json()


def test_art_4_1_money_on_a_pillar_line_goes_to_a_project_on_that_pillar(book, waterwegregio):
    from regiodeal.projects.services import project_create

    version = waterwegregio.versions.get(number=1)
    p1 = version.budget_lines.get(code="P1").pillar
    p2 = version.budget_lines.get(code="P2").pillar
    project_create(
        actor=ACTOR,
        deal=waterwegregio,
        code="WW-003",
        title="Werkplaats",
        lead=org(waterwegregio, "SCHIEDAM"),
        pillars=[p2],
    )
    book("national_allocation", "5000.00", line="P2", project="WW-003")
    assert found(waterwegregio, "finance.money-follows-pillar") == []
    book("national_allocation", "1000.00", line="P1", project="WW-003")
    [finding] = found(waterwegregio, "finance.money-follows-pillar")
    assert finding.article == "4.1" and finding.severity == "warning"
    assert finding.data == {
        "project": "WW-003",
        "line": "P1",
        "pillar": p1.code,
        "project_pillars": [p2.code],
        "amount": "1000.00",
    }
    assert "Project WW-003 heeft €\u00a01.000,00 op begrotingsregel P1" in finding.message


def test_begripsbepaling_regional_public_money_whose_source_is_the_rijk_is_named(
    book, waterwegregio, client, role_users
):
    from regiodeal.finance.services import contribution_source_set

    own = book("regional_contribution", "1000.00")
    grant = book("regional_contribution", "2500.00", organisation="VLAARDINGEN")
    book("regional_contribution", "500.00", sector="private", organisation="TNO")  # private: no source
    [unrecorded] = found(waterwegregio, "finance.regional-public-source-recorded")
    assert unrecorded.severity == "warning" and unrecorded.data == {"entries": [own.pk, grant.pk], "count": 2}
    contribution_source_set(actor=ACTOR, entry=own, source="own")
    client.force_login(role_users["regiokassier"])
    r = client.put(
        f"{API}entries/{grant.pk}/source/", {"source": "rijk_specific_grant"}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["source"] == "rijk_specific_grant"
    assert found(waterwegregio, "finance.regional-public-source-recorded") == []
    [national] = found(waterwegregio, "finance.regional-public-not-national")
    assert national.severity == "error" and national.article == "Begripsbepaling, 4.2"
    assert national.data == {
        "entry": grant.pk,
        "organisation": "VLAARDINGEN",
        "amount": "2500.00",
        "source": "rijk_specific_grant",
    }
    assert (
        f"Bijdrage #{grant.pk}" in national.message
        and "specifieke uitkering van het Rijk" in national.message
    )
    with pytest.raises(ValidationError, match="geen publieke regionale bijdrage"):
        contribution_source_set(actor=ACTOR, entry=book("national_allocation", "1.00"), source="own")
    client.force_login(role_users["party_representative"])
    assert (
        client.put(
            f"{API}entries/{own.pk}/source/", {"source": "eu"}, content_type="application/json"
        ).status_code
        == 403
    )


def test_art_9_procurement_and_state_aid_per_project_or_allocation_with_a_finding_where_missing(
    book, waterwegregio, client, role_users
):
    from regiodeal.finance.services import eu_law_basis_set

    first = book("national_allocation", "10000.00")
    second = book("national_allocation", "5000.00", on=dt.date(2026, 4, 1))
    [finding] = found(waterwegregio, "finance.eu-law-recorded")
    assert finding.article == "9" and finding.severity == "warning"
    assert finding.data == {"project": "WW-001", "entries": [first.pk, second.pk]}
    assert "€\u00a015.000,00" in finding.message
    # One allocation with its own basis: the other is still missing.
    eu_law_basis_set(
        actor=ACTOR, deal=waterwegregio, entry=first, procurement_route="european", state_aid_basis="not_aid"
    )
    [finding] = found(waterwegregio, "finance.eu-law-recorded")
    assert finding.data["entries"] == [second.pk]
    # An AGVV basis names its article.
    project = waterwegregio.projects.get(code="WW-001")
    with pytest.raises(ValidationError, match="artikel van de AGVV"):
        eu_law_basis_set(
            actor=ACTOR, deal=waterwegregio, project=project, procurement_route="none", state_aid_basis="gber"
        )
    client.force_login(role_users["programme_office"])
    r = client.put(
        f"{API}eu-law/",
        {"project": "WW-001", "procurement_route": "none", "state_aid_basis": "gber", "gber_article": "56"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["gber_article"] == "56"
    assert found(waterwegregio, "finance.eu-law-recorded") == []
    client.force_login(role_users["ministry"])
    assert client.get(f"{API}eu-law/").status_code == 200
    assert client.put(f"{API}eu-law/", {}, content_type="application/json").status_code == 403
