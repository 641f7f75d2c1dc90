"""Art. 12 (withdrawal) and Art. 13 (accession): who counts for consents, and from when."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from regiodeal.deals.selectors import overleg_members_in_office, parties_in_office, version_in_force
from regiodeal.governance import services as svc
from regiodeal.governance.constants import Answer, RequestKind, RequestStatus
from regiodeal.governance.models import Request

from .conftest import ACTOR, PARTIES, declaration
from .test_amendment import MOVE_A_MILLION, consent_all, file_amendment

pytestmark = pytest.mark.django_db


def codes(deal, on):
    return [p.code for p in parties_in_office(deal, on)]


def give_notice(
    deal, org, code="VLAARDINGEN", on=dt.date(2025, 11, 30), circumstances="De gemeente fuseert."
):
    return svc.withdrawal_file(
        actor=ACTOR, deal=deal, party=org(code), notice_on=on, circumstances=circumstances
    )


def test_a_notice_without_changed_circumstances_is_refused_and_stores_nothing(signed, org):
    with pytest.raises(ValidationError, match=r"verandering in omstandigheden vermelden \(art. 12.1\)"):
        give_notice(signed, org, circumstances="  ")
    assert Request.objects.count() == 0
    assert signed.versions.count() == 1


def test_a_withdrawn_party_stops_counting_exactly_three_months_after_its_notice(signed, org):
    request = give_notice(signed, org, on=dt.date(2025, 11, 30))
    assert request.status == RequestStatus.NOTICE_GIVEN
    assert request.effective_from == dt.date(2026, 2, 28)
    assert "VLAARDINGEN" in codes(signed, dt.date(2026, 2, 27))
    assert "VLAARDINGEN" not in codes(signed, dt.date(2026, 2, 28))
    assert len(codes(signed, dt.date(2026, 2, 28))) == 9
    assert "VLAARDINGEN" not in [o.code for o in overleg_members_in_office(signed, dt.date(2026, 2, 28))]
    # The deal stays in force for the others, and its history stays (Art. 12.2).
    assert "VLAARDINGEN" in [p.code for p in version_in_force(signed, dt.date(2025, 12, 1)).parties.all()]
    assert signed.organisations.filter(code="VLAARDINGEN").exists()


def test_consents_need_a_withdrawing_party_until_its_notice_takes_effect(signed, org):
    give_notice(signed, org, on=dt.date(2025, 11, 30))
    request = file_amendment(signed, org, filed_on=dt.date(2026, 1, 5))
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2026, 1, 6))
    others = [c for c in PARTIES if c != "VLAARDINGEN"]
    consent_all(request, org, dt.date(2026, 2, 27), codes=others)
    request.refresh_from_db()
    assert request.status == RequestStatus.CONSULTATION  # Vlaardingen still counts on 27 February
    svc.request_reconsider(actor=ACTOR, request=request, on=dt.date(2026, 2, 28))
    request.refresh_from_db()
    assert request.status == RequestStatus.ADOPTED
    # The amendment, adopted before the notice's date, is carried into the version after it.
    assert version_in_force(signed, dt.date(2026, 3, 1)).budget_lines.get(code="P1").rijk == 7400000
    assert "VLAARDINGEN" not in codes(signed, dt.date(2026, 3, 1))
    assert "VLAARDINGEN" in codes(signed, dt.date(2026, 2, 27))


def test_a_withdrawn_party_can_no_longer_declare(signed, org):
    give_notice(signed, org, on=dt.date(2025, 11, 30))
    request = file_amendment(signed, org, filed_on=dt.date(2026, 3, 2))
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2026, 3, 2))
    with pytest.raises(ValidationError, match="geen Partij van de deal"):
        consent_all(request, org, dt.date(2026, 3, 3), codes=["VLAARDINGEN"])


def test_an_amendment_adopted_during_a_notice_period_is_kept_after_it(signed, org):
    give_notice(signed, org, on=dt.date(2025, 11, 30))  # version 2, from 28 February 2026
    request = file_amendment(signed, org, changes=MOVE_A_MILLION, filed_on=dt.date(2025, 12, 1))
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 12, 2))
    consent_all(request, org, dt.date(2026, 1, 15))
    assert [v.number for v in signed.versions.order_by("number")] == [1, 2, 3, 4]
    assert version_in_force(signed, dt.date(2026, 1, 14)).number == 1
    on_15_jan = version_in_force(signed, dt.date(2026, 1, 15))
    assert on_15_jan.number == 3 and on_15_jan.budget_lines.get(code="P1").rijk == 7400000
    after = version_in_force(signed, dt.date(2026, 2, 28))
    assert after.number == 4 and after.budget_lines.get(code="P1").rijk == 7400000
    assert "VLAARDINGEN" not in [p.code for p in after.parties.all()]
    assert Request.objects.get(kind=RequestKind.WITHDRAWAL).adopted_version == after


NEW_PARTY = {
    "code": "MIDDEN_DELFLAND",
    "name": "Het college van burgemeester en wethouders van de gemeente Midden-Delfland",
    "short_name": "Midden-Delfland",
    "kind": "regio",
    "acts_as": "bestuursorgaan",
    "signatory": {"name": "A. Burgemeester", "function": "burgemeester"},
    "overleg": True,
}


def accede(deal, org, on_receipt=dt.date(2025, 6, 2), on_consent=dt.date(2025, 7, 1)):
    request = svc.accession_file(
        actor=ACTOR,
        deal=deal,
        filed_on=dt.date(2025, 6, 1),
        contribution="EUR 500.000 voor pijler 3 en een wijkhub.",
        party=NEW_PARTY,
    )
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=on_receipt)
    svc.accession_acceptance_record(
        actor=ACTOR, request=request, accepted_on=on_receipt, declaration=declaration("aanvaarding.pdf")
    )
    consent_all(request, org, on_consent)
    request.refresh_from_db()
    return request


def test_an_accession_makes_the_applicant_a_party_from_its_adoption(signed, org):
    request = accede(signed, org)
    assert request.status == RequestStatus.ADOPTED
    assert "MIDDEN_DELFLAND" not in codes(signed, dt.date(2025, 6, 30))
    assert "MIDDEN_DELFLAND" in codes(signed, dt.date(2025, 7, 1))
    assert "MIDDEN_DELFLAND" in [o.code for o in overleg_members_in_office(signed, dt.date(2025, 7, 1))]
    assert request.adopted_version.origin == "accession"


def test_after_an_accession_consents_need_the_new_party(signed, org):
    accede(signed, org)
    request = file_amendment(signed, org, filed_on=dt.date(2025, 8, 1))
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 8, 4))
    consent_all(request, org, dt.date(2025, 8, 20))
    request.refresh_from_db()
    assert request.status == RequestStatus.CONSULTATION
    assert [p.code for p in svc.missing_consents(request, dt.date(2025, 8, 20))] == ["MIDDEN_DELFLAND"]
    consent_all(request, org, dt.date(2025, 8, 21), codes=["MIDDEN_DELFLAND"])
    request.refresh_from_db()
    assert request.status == RequestStatus.ADOPTED


def test_an_accession_without_a_contribution_is_refused(signed, org):
    with pytest.raises(ValidationError, match="concrete bijdrage"):
        svc.accession_file(
            actor=ACTOR, deal=signed, filed_on=dt.date(2025, 6, 1), contribution="", party=NEW_PARTY
        )


def test_one_refusal_keeps_the_applicant_out(signed, org):
    request = svc.accession_file(
        actor=ACTOR, deal=signed, filed_on=dt.date(2025, 6, 1), contribution="Een bijdrage.", party=NEW_PARTY
    )
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 6, 2))
    svc.consent_record(
        actor=ACTOR,
        request=request,
        organisation=org("OCW"),
        answer=Answer.REFUSE,
        declared_on=dt.date(2025, 6, 3),
        declaration=declaration(),
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.REJECTED
    assert "MIDDEN_DELFLAND" not in codes(signed, dt.date(2026, 1, 1))
