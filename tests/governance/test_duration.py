"""Art. 19.2: after discussion in the overleg, an amendment of the end date, and then the
regiokassier's request to VRO to amend the SPUK decision."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from regiodeal.deals.selectors import version_in_force
from regiodeal.governance import services as svc
from regiodeal.governance.constants import ObligationStatus, RequestStatus
from regiodeal.governance.selectors import obligations

from .conftest import ACTOR, PARTIES
from .test_amendment import consent_all

pytestmark = pytest.mark.django_db


def overleg_decision(deal, org, on=dt.date(2025, 9, 1)):
    meeting = svc.meeting_create(actor=ACTOR, deal=deal, held_on=on, attendees=[org(c) for c in PARTIES])
    return svc.decision_add(actor=ACTOR, meeting=meeting, text="De looptijd wordt een jaar verlengd.")


def test_a_duration_change_needs_an_overleg_decision_first(signed, org):
    with pytest.raises(ValidationError, match="Rijk-Regio-overleg"):
        svc.duration_change_file(
            actor=ACTOR,
            deal=signed,
            filed_by=org("ROTTERDAM"),
            filed_on=dt.date(2025, 9, 2),
            ends_on=dt.date(2029, 12, 31),
            decision=None,
            reasons="Vertraging.",
        )


def test_an_adopted_duration_change_moves_the_end_date_and_obliges_the_regiokassier(signed, org):
    decision = overleg_decision(signed, org)
    request = svc.duration_change_file(
        actor=ACTOR,
        deal=signed,
        filed_by=org("ROTTERDAM"),
        filed_on=dt.date(2025, 9, 2),
        ends_on=dt.date(2029, 12, 31),
        decision=decision,
        reasons="Vertraging.",
    )
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 9, 3))
    consent_all(request, org, dt.date(2025, 10, 1))
    request.refresh_from_db()
    assert request.status == RequestStatus.ADOPTED
    assert version_in_force(signed, dt.date(2025, 9, 30)).ends_on == dt.date(2028, 12, 31)
    assert version_in_force(signed, dt.date(2025, 10, 1)).ends_on == dt.date(2029, 12, 31)

    duty = {o.key: o for o in obligations(signed, dt.date(2025, 10, 20))}[f"spuk-wijziging-{request.number}"]
    assert duty.status == ObligationStatus.OVERDUE and duty.article == "19.2"
    svc.spuk_request_record(
        actor=ACTOR, request=request, requested_on=dt.date(2025, 10, 20), note="kenmerk 2025-123"
    )
    duty = {o.key: o for o in obligations(signed, dt.date(2025, 10, 20))}[f"spuk-wijziging-{request.number}"]
    assert duty.status == ObligationStatus.DONE and duty.evidence == "kenmerk 2025-123"
    # The deal's life is a year longer: its years of the overleg (Art. 6.2) reach into 2029 now.
    years = [o for o in obligations(signed, dt.date(2025, 10, 20)) if o.key.startswith("overleg-")]
    assert years[-1].due_on == dt.date(2029, 12, 31)
