"""Art. 11: an amendment that moves money between pillars, from request to a new deal version."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from regiodeal.deals.selectors import version_in_force
from regiodeal.deals.signals import version_adopted
from regiodeal.governance import services as svc
from regiodeal.governance.constants import Answer, RequestStatus
from regiodeal.governance.models import Consent, RequestTransition
from regiodeal.governance.selectors import request_deadline

from .conftest import ACTOR, PARTIES, declaration, discussion

pytestmark = pytest.mark.django_db

MOVE_A_MILLION = {
    "budget": {
        "P1": {"rijk": "7400000", "regional": "7400000"},
        "P2": {"rijk": "7700000", "regional": "7700000"},
    }
}


def file_amendment(deal, org, changes=MOVE_A_MILLION, filed_on=dt.date(2025, 3, 3), discussed=True, **kw):
    if discussed and ("budget" in changes or "ends_on" in changes) and "discussed_in" not in kw:
        kw["discussed_in"] = discussion(deal, org, filed_on)
    return svc.amendment_file(
        actor=ACTOR,
        deal=deal,
        filed_by=org("SCHIEDAM"),
        filed_on=filed_on,
        title="Een miljoen van pijler 1 naar 2",
        reasons="Pijler 2 loopt sneller dan gedacht (art. 4.3).",
        changes=changes,
        **kw,
    )


def consent_all(request, org, on, codes=PARTIES):
    for code in codes:
        svc.consent_record(
            actor=ACTOR,
            request=request,
            organisation=org(code),
            answer=Answer.CONSENT,
            declared_on=on,
            declaration=declaration(),
        )


def rijk_of(deal, code, on):
    return version_in_force(deal, on).budget_lines.get(code=code).rijk


def test_an_adopted_reallocation_gives_the_new_maxima_from_its_effective_date_and_not_before(signed, org):
    request = file_amendment(signed, org)
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 3, 5))
    consent_all(request, org, dt.date(2025, 4, 1))
    request.refresh_from_db()

    assert request.status == RequestStatus.ADOPTED
    assert request.effective_from == dt.date(2025, 4, 1)
    assert request.adopted_version.number == 2
    assert rijk_of(signed, "P1", dt.date(2025, 3, 31)) == Decimal("8400000.00")
    assert rijk_of(signed, "P2", dt.date(2025, 3, 31)) == Decimal("6700000.00")
    assert rijk_of(signed, "P1", dt.date(2025, 4, 1)) == Decimal("7400000.00")
    assert rijk_of(signed, "P2", dt.date(2025, 4, 1)) == Decimal("7700000.00")
    totals = version_in_force(signed, dt.date(2025, 4, 1)).content["budget"]["totals"]
    assert totals == {"rijk": "17700000", "regional": "17700000", "total": "35400000"}


def test_each_step_is_stored_with_who_when_from_to_and_why(signed, org):
    request = file_amendment(signed, org)
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 3, 5))
    consent_all(request, org, dt.date(2025, 4, 1))
    steps = list(
        RequestTransition.objects.filter(request=request).values_list("from_status", "to_status", "on")
    )
    assert steps == [
        ("", "filed", dt.date(2025, 3, 3)),
        ("filed", "consultation", dt.date(2025, 3, 5)),
        ("consultation", "adopted", dt.date(2025, 4, 1)),
    ]
    last = RequestTransition.objects.filter(request=request).last()
    assert last.by_label == "test" and "elke Partij in functie heeft ingestemd (art. 11.1" in last.reason


def test_the_consultation_deadline_is_six_weeks_after_vro_learns_of_it(signed, org):
    request = file_amendment(signed, org)
    assert request_deadline(request) is None
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 3, 5))
    request.refresh_from_db()
    assert request_deadline(request) == dt.date(2025, 4, 16)


def test_nine_consents_do_not_adopt_it(signed, org):
    request = file_amendment(signed, org)
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 3, 5))
    consent_all(request, org, dt.date(2025, 4, 1), codes=PARTIES[:-1])
    request.refresh_from_db()
    assert request.status == RequestStatus.CONSULTATION
    assert [p.code for p in svc.missing_consents(request, dt.date(2025, 4, 1))] == ["PZH"]
    assert signed.versions.count() == 1


def test_one_refusal_rejects_it_and_changes_nothing(signed, org):
    request = file_amendment(signed, org)
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 3, 5))
    consent_all(request, org, dt.date(2025, 4, 1), codes=PARTIES[:3])
    svc.consent_record(
        actor=ACTOR,
        request=request,
        organisation=org("PZH"),
        answer=Answer.REFUSE,
        declared_on=dt.date(2025, 4, 2),
        declaration=declaration(),
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.REJECTED
    assert signed.versions.count() == 1
    assert rijk_of(signed, "P1", dt.date(2026, 1, 1)) == Decimal("8400000.00")
    with pytest.raises(ValidationError, match="afgewezen"):
        consent_all(request, org, dt.date(2025, 4, 3), codes=["OCW"])


def test_an_amendment_that_breaks_the_money_rules_is_refused_with_the_covenants_message(signed, org):
    too_much_vat = {"budget": {"VAT": {"rijk": "600000", "regional": "600000"}}}
    with pytest.raises(ValidationError) as exc:
        file_amendment(signed, org, changes=too_much_vat)
    assert any(
        "exceed 3% of the national contribution" in m and "(Art. 4.2)" in m for m in exc.value.messages
    )
    short = {"budget": {"P3": {"rijk": "2070000", "regional": "2000000"}}}
    with pytest.raises(ValidationError, match="regional-matches-national"):
        file_amendment(signed, org, changes=short)
    assert signed.governance_requests.count() == 0


def test_consent_is_refused_before_vro_asks_for_it_and_twice_for_one_party(signed, org):
    request = file_amendment(signed, org)
    with pytest.raises(ValidationError, match="nadat VRO het verzoek heeft ontvangen"):
        consent_all(request, org, dt.date(2025, 3, 4), codes=["VRO"])
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 3, 5))
    consent_all(request, org, dt.date(2025, 3, 6), codes=["VRO"])
    with pytest.raises(ValidationError, match="al een verklaring"):
        consent_all(request, org, dt.date(2025, 3, 7), codes=["VRO"])
    assert Consent.objects.filter(request=request).count() == 1


def test_a_declaration_cannot_be_changed_or_deleted(signed, org):
    request = file_amendment(signed, org)
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 3, 5))
    consent_all(request, org, dt.date(2025, 3, 6), codes=["VRO"])
    consent = Consent.objects.get()
    consent.answer = Answer.REFUSE
    with pytest.raises(Exception, match="append-only"):
        consent.save()
    with pytest.raises(Exception, match="append-only"):
        consent.delete()


def test_adoption_sends_version_adopted_after_commit(signed, org, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, deal, version, previous, **kwargs):
        received.append((deal.slug, version.number, previous.number))

    version_adopted.connect(receiver)
    try:
        request = file_amendment(signed, org)
        svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 3, 5))
        with django_capture_on_commit_callbacks(execute=True):
            consent_all(request, org, dt.date(2025, 4, 1))
    finally:
        version_adopted.disconnect(receiver)
    assert received == [("waterwegregio", 2, 1)]


def test_a_requested_later_date_is_when_the_new_end_date_applies(signed, org):
    request = file_amendment(
        signed, org, changes={"ends_on": "2029-12-31"}, effective_from=dt.date(2026, 1, 1)
    )
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 3, 5))
    consent_all(request, org, dt.date(2025, 4, 1))
    assert version_in_force(signed, dt.date(2025, 12, 31)).ends_on == dt.date(2028, 12, 31)
    assert version_in_force(signed, dt.date(2026, 1, 1)).ends_on == dt.date(2029, 12, 31)


def test_a_text_edit_changes_only_that_text(signed, org):
    request = file_amendment(signed, org, changes={"text": [{"path": "aim", "value": "Een nieuw doel."}]})
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 3, 5))
    consent_all(request, org, dt.date(2025, 4, 1))
    new = version_in_force(signed, dt.date(2025, 4, 1))
    assert new.aim == "Een nieuw doel."
    assert new.budget_lines.get(code="P1").rijk == Decimal("8400000.00")
