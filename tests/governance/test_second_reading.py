"""The governance rules read again (Art. 4.3, 6, 11.2, 12, 13.1, 16, 19.2, 20). Each
test is named after its article and failed on the reading before it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from regiodeal.common.findings import ERROR, WARNING, findings_for
from regiodeal.deals.selectors import parties_in_office, version_in_force
from regiodeal.governance import services as svc
from regiodeal.governance.constants import RegisterKind, RequestStatus
from regiodeal.governance.selectors import obligations

from .conftest import ACTOR, PARTIES, declaration, discussion
from .test_amendment import MOVE_A_MILLION, consent_all, file_amendment
from .test_withdrawal_and_accession import NEW_PARTY

pytestmark = pytest.mark.django_db


def governance_findings(deal, on, rule=None):
    return [f for f in findings_for(deal, on, app="governance") if rule is None or f.rule == rule]


def notice(deal, org, code, on=dt.date(2025, 11, 30)):
    return svc.withdrawal_file(
        actor=ACTOR,
        deal=deal,
        party=org(code),
        notice_on=on,
        circumstances="De taak gaat over naar een ander.",
    )


def decision_in(deal, org, on, text="Besluit over de rollen"):
    meeting = discussion(deal, org, on)
    return svc.decision_add(actor=ACTOR, meeting=meeting, text=text)


# ---------------------------------------------------------------------------------------------
# Art. 12: every Party may withdraw; a role it holds goes before the overleg


def test_art_12_1_regiokassier_may_withdraw(signed, org):
    request = notice(signed, org, "ROTTERDAM")  # was: "'ROTTERDAM' is not a Party code"
    assert request.status == RequestStatus.NOTICE_GIVEN
    assert request.roles == ["regiokassier"]
    assert request.adopted_version is None  # the overleg decides first
    found = governance_findings(signed, dt.date(2025, 12, 1), "governance.withdrawal-roles-open")
    assert [(f.article, f.severity) for f in found] == [("12.2", WARNING)]
    assert "regiokassier" in found[0].message
    # After the notice took effect with no decision, it is an error.
    late = governance_findings(signed, dt.date(2026, 3, 1), "governance.withdrawal-roles-open")
    assert [f.severity for f in late] == [ERROR]

    decision = decision_in(signed, org, dt.date(2026, 1, 15), "Schiedam wordt regiokassier per 1 maart 2026")
    svc.withdrawal_roles_decide(
        actor=ACTOR,
        request=request,
        decision=decision,
        successors={"regiokassier": org("SCHIEDAM")},
        note="Schiedam ontvangt en verantwoordt het rijksgeld vanaf de opzegging.",
    )
    request.refresh_from_db()
    after = version_in_force(signed, request.effective_from)
    assert after.regiokassier.code == "SCHIEDAM"
    assert "ROTTERDAM" not in [p.code for p in parties_in_office(signed, request.effective_from)]
    assert version_in_force(signed, request.effective_from - dt.timedelta(days=1)).regiokassier.code == (
        "ROTTERDAM"
    )
    assert governance_findings(signed, dt.date(2026, 3, 1), "governance.withdrawal-roles-open") == []


def test_art_12_1_vro_may_withdraw_and_the_overleg_names_who_receives_requests(signed, org):
    request = notice(signed, org, "VRO")
    assert request.roles == ["vro"]
    decision = decision_in(signed, org, dt.date(2026, 1, 15))
    svc.withdrawal_roles_decide(
        actor=ACTOR,
        request=request,
        decision=decision,
        successors={"vro": org("BZK")},
        note="BZK neemt de rijksbijdrage over en ontvangt de verzoeken.",
    )
    rules = version_in_force(signed, request.effective_from).rules
    assert rules.amendment_addressed_to.code == "BZK" and rules.accession_addressed_to.code == "BZK"


def test_art_12_2_the_remaining_parties_decision_names_a_successor_and_its_meeting(signed, org):
    request = notice(signed, org, "ROTTERDAM")
    decision = decision_in(signed, org, dt.date(2026, 1, 15))
    with pytest.raises(ValidationError, match="Kies wie de rol"):
        svc.withdrawal_roles_decide(actor=ACTOR, request=request, decision=decision, successors={}, note="x")
    with pytest.raises(ValidationError, match="de Partij die opzegt"):
        svc.withdrawal_roles_decide(
            actor=ACTOR,
            request=request,
            decision=decision,
            successors={"regiokassier": org("ROTTERDAM")},
            note="x",
        )
    with pytest.raises(ValidationError, match="regional"):  # Art. 5: the regiokassier is a regional Party
        svc.withdrawal_roles_decide(
            actor=ACTOR, request=request, decision=decision, successors={"regiokassier": org("BZK")}, note="x"
        )
    request.refresh_from_db()
    assert request.adopted_version is None and request.roles_decision is None


def test_art_12_1_a_party_without_a_role_still_leaves_at_once(signed, org):
    request = notice(signed, org, "VLAARDINGEN")
    assert request.roles == [] and request.adopted_version is not None


# ---------------------------------------------------------------------------------------------
# Art. 11.2: the six weeks bound the consultation, not the decision


def test_art_11_2_decision_after_six_weeks_is_valid(signed, org):
    request = file_amendment(signed, org, filed_on=dt.date(2025, 3, 3))
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 3, 5))
    svc.consultation_record(actor=ACTOR, request=request, consulted_on=dt.date(2025, 3, 15))
    # Week 7: the consents are still coming in. Nothing is wrong (was: an ERROR nobody could resolve).
    week_7 = dt.date(2025, 3, 5) + dt.timedelta(weeks=7)
    assert [
        f for f in governance_findings(signed, week_7) if "verzoek" in f.subject or "request" in f.subject
    ] == []
    consent_all(request, org, dt.date(2025, 3, 5) + dt.timedelta(weeks=8))
    request.refresh_from_db()
    assert request.status == RequestStatus.ADOPTED
    duty = {o.key: o for o in obligations(signed, week_7)}[f"consultatie-verzoek-{request.number}"]
    assert duty.done_on == dt.date(2025, 3, 15)


def test_art_11_2_a_consultation_after_six_weeks_is_a_warning_not_an_error(signed, org):
    request = file_amendment(signed, org, filed_on=dt.date(2025, 3, 3))
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 3, 5))
    day = dt.date(2025, 5, 1)  # the deadline was 16 April
    open_ = governance_findings(signed, day, "governance.consultation-late")
    assert [(f.article, f.severity) for f in open_] == [("11.2", WARNING)]
    assert not [
        f for f in governance_findings(signed, day) if f.severity == ERROR and "consultatie" in f.subject
    ]
    svc.consultation_record(actor=ACTOR, request=request, consulted_on=dt.date(2025, 4, 30))
    late = governance_findings(signed, day, "governance.consultation-late")
    assert [f.severity for f in late] == [WARNING] and "Het besluit blijft geldig" in late[0].message


def test_art_11_2_the_consultation_follows_the_receipt(signed, org):
    request = file_amendment(signed, org, filed_on=dt.date(2025, 3, 3))
    with pytest.raises(ValidationError, match="Leg eerst vast wanneer VRO"):
        svc.consultation_record(actor=ACTOR, request=request, consulted_on=dt.date(2025, 3, 4))
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 3, 5))
    with pytest.raises(ValidationError, match="Vóór VRO het verzoek ontving"):
        svc.consultation_record(actor=ACTOR, request=request, consulted_on=dt.date(2025, 3, 4))


# ---------------------------------------------------------------------------------------------
# Art. 4.3 and 19.2: the split and the duration change after discussion in the overleg


def test_art_4_3_budget_split_waits_for_discussion_in_the_overleg(signed, org):
    request = file_amendment(signed, org, changes=MOVE_A_MILLION, discussed=False)
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 3, 5))
    consent_all(request, org, dt.date(2025, 4, 1))
    request.refresh_from_db()
    assert request.status == RequestStatus.CONSULTATION  # was: adopted without any overleg
    assert svc.waits_for(request, dt.date(2025, 4, 1)) == ["discussion"]
    found = governance_findings(signed, dt.date(2025, 4, 2), "governance.change-not-discussed")
    assert [(f.article, f.severity) for f in found] == [("4.3", WARNING)]
    with pytest.raises(ValidationError, match="na bespreking in het Rijk-Regio-overleg"):
        svc.request_reconsider(actor=ACTOR, request=request, on=dt.date(2025, 4, 2))
    meeting = discussion(signed, org, dt.date(2025, 4, 10))  # an agenda item and minutes suffice
    svc.consultation_record(actor=ACTOR, request=request, meeting=meeting)
    request.refresh_from_db()
    assert request.status == RequestStatus.ADOPTED and request.decided_on == dt.date(2025, 4, 10)
    assert request.discussed_in == meeting and request.consulted_on == dt.date(2025, 4, 10)


def test_art_4_3_a_meeting_without_agenda_and_minutes_is_no_discussion(signed, org):
    bare = svc.meeting_create(
        actor=ACTOR, deal=signed, held_on=dt.date(2025, 3, 1), attendees=[org("VRO"), org("ROTTERDAM")]
    )
    with pytest.raises(ValidationError, match="geen agenda of geen verslag"):
        file_amendment(signed, org, discussed_in=bare)


def test_art_19_2_generic_amendment_of_the_end_date_needs_discussion_and_keeps_the_spuk_duty(signed, org):
    request = file_amendment(signed, org, changes={"ends_on": "2029-12-31"}, discussed=False)
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 3, 5))
    consent_all(request, org, dt.date(2025, 4, 1))
    request.refresh_from_db()
    assert request.status == RequestStatus.CONSULTATION
    assert [
        f.article for f in governance_findings(signed, dt.date(2025, 4, 2), "governance.change-not-discussed")
    ] == ["19.2"]
    svc.consultation_record(
        actor=ACTOR, request=request, meeting=discussion(signed, org, dt.date(2025, 4, 3))
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.ADOPTED
    duties = {o.key: o for o in obligations(signed, dt.date(2025, 4, 4))}
    assert (
        duties[f"spuk-wijziging-{request.number}"].article == "19.2"
    )  # was: no duty for a generic amendment
    svc.spuk_request_record(actor=ACTOR, request=request, requested_on=dt.date(2025, 4, 4), note="kenmerk 7")
    assert {o.key: o for o in obligations(signed, dt.date(2025, 4, 4))}[
        f"spuk-wijziging-{request.number}"
    ].evidence == "kenmerk 7"


def test_art_11_a_text_only_amendment_needs_no_overleg(signed, org):
    request = file_amendment(signed, org, changes={"text": [{"path": "aim", "value": "Een nieuw doel."}]})
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 3, 5))
    consent_all(request, org, dt.date(2025, 4, 1))
    request.refresh_from_db()
    assert request.status == RequestStatus.ADOPTED


# ---------------------------------------------------------------------------------------------
# Art. 6: a year from the entry into force; Rijk and Regio present; Partners as guests


def meet(deal, org, on, codes=PARTIES, guests=()):
    return svc.meeting_create(
        actor=ACTOR,
        deal=deal,
        held_on=on,
        attendees=[org(c) for c in codes],
        **({"guests": [org(c) for c in guests]} if guests else {}),
        agenda="Voortgang",
        minutes="Besproken.",
    )


def overleg(deal, on):
    return governance_findings(deal, on, "governance.overleg-yearly")


def test_art_6_2_a_year_counts_from_the_entry_into_force(signed, org):
    # In force from 2 October 2024; no meeting in the rest of 2024, one in September 2025.
    meet(signed, org, dt.date(2025, 9, 15))
    assert overleg(signed, dt.date(2026, 1, 2)) == []  # was: an error for calendar year 2024


def test_art_6_2_a_meeting_counts_only_with_rijk_and_regio_present(signed, org):
    meet(signed, org, dt.date(2025, 3, 1), codes=[])  # no attendees recorded
    meet(signed, org, dt.date(2025, 4, 1), codes=["ROTTERDAM", "SCHIEDAM"])  # only the Regio
    found = overleg(signed, dt.date(2025, 10, 2))
    assert [(f.subject, f.article) for f in found] == [("year 1", "6.2")]  # was: counted twice
    meet(signed, org, dt.date(2025, 5, 1), codes=["BZK", "ROTTERDAM"])
    assert overleg(signed, dt.date(2025, 10, 2)) == []


def test_art_6_1_partners_attend_as_guests_and_never_count(signed, org):
    meeting = meet(signed, org, dt.date(2025, 3, 1), codes=["ROTTERDAM"], guests=["TNO", "ALBEDA"])
    assert sorted(o.code for o in meeting.guests.all()) == ["ALBEDA", "TNO"]
    assert overleg(signed, dt.date(2025, 10, 2)) != []  # a Partner is no member (Art. 6.3)
    with pytest.raises(ValidationError, match="Geen Partner"):
        meet(signed, org, dt.date(2025, 3, 2), guests=["VRO"])
    with pytest.raises(ValidationError, match="Geen lid"):
        meet(signed, org, dt.date(2025, 3, 2), codes=["VRO", "TNO"])


# ---------------------------------------------------------------------------------------------
# New duties: shortcomings (Art. 16), accession (Art. 13.1), publication (Art. 20.1)


def test_art_16_a_shortcoming_is_raised_by_a_party_against_a_party_in_the_overleg(signed, org):
    with pytest.raises(ValidationError, match="Kies de Partij die op de tekortkoming"):
        svc.register_item_create(
            actor=ACTOR,
            deal=signed,
            kind=RegisterKind.SHORTCOMING,
            title="Geen cofinanciering",
            description="De regionale bijdrage voor pijler 3 blijft uit.",
            raised_by=org("VRO"),
            raised_on=dt.date(2025, 5, 1),
        )
    with pytest.raises(ValidationError, match="alleen Partijen spreken elkaar aan"):
        svc.register_item_create(
            actor=ACTOR,
            deal=signed,
            kind=RegisterKind.SHORTCOMING,
            title="Geen cofinanciering",
            description="-",
            raised_by=org("VRO"),
            addressed_to=org("TNO"),
            raised_on=dt.date(2025, 5, 1),
        )
    item = svc.register_item_create(
        actor=ACTOR,
        deal=signed,
        kind=RegisterKind.SHORTCOMING,
        title="Geen cofinanciering",
        description="De regionale bijdrage voor pijler 3 blijft uit.",
        raised_by=org("VRO"),
        addressed_to=org("PZH"),
        raised_on=dt.date(2025, 5, 1),
    )
    found = governance_findings(signed, dt.date(2025, 5, 2), "governance.shortcoming-not-in-overleg")
    assert [(f.article, f.severity) for f in found] == [("16", WARNING)]
    svc.register_item_update(
        actor=ACTOR,
        item=item,
        expected_version=item.lock_version,
        meeting=meet(signed, org, dt.date(2025, 6, 1)),
    )
    assert governance_findings(signed, dt.date(2025, 6, 2), "governance.shortcoming-not-in-overleg") == []


def test_art_13_1_an_accession_waits_for_the_acceptance_of_the_obligations(signed, org):
    request = svc.accession_file(
        actor=ACTOR, deal=signed, filed_on=dt.date(2025, 6, 1), contribution="EUR 500.000.", party=NEW_PARTY
    )
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 6, 2))
    consent_all(request, org, dt.date(2025, 7, 1))
    request.refresh_from_db()
    assert request.status == RequestStatus.CONSULTATION  # was: a Party without accepting anything
    found = governance_findings(signed, dt.date(2025, 7, 2), "governance.accession-not-accepted")
    assert [(f.article, f.severity) for f in found] == [("13.1", WARNING)]
    with pytest.raises(ValidationError, match="PDF, PNG of JPEG"):
        svc.accession_acceptance_record(
            actor=ACTOR, request=request, accepted_on=dt.date(2025, 7, 3), declaration=declaration("a.docx")
        )
    svc.accession_acceptance_record(
        actor=ACTOR, request=request, accepted_on=dt.date(2025, 7, 3), declaration=declaration()
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.ADOPTED and request.effective_from == dt.date(2025, 7, 3)
    assert request.acceptance.title == "Aanvaarding van de verplichtingen"


def test_art_20_1_the_publication_in_the_staatscourant_is_recorded(signed):
    found = governance_findings(signed, dt.date(2025, 1, 1), "governance.not-published")
    assert [(f.article, f.severity) for f in found] == [("20.1", WARNING)]
    with pytest.raises(ValidationError, match="Vóór de ondertekening"):
        svc.publication_record(
            actor=ACTOR, deal=signed, reference="Stcrt. 2024, 1", published_on=dt.date(2024, 9, 1)
        )
    svc.publication_record(
        actor=ACTOR, deal=signed, reference="Stcrt.  2024, 34567", published_on=dt.date(2024, 10, 20)
    )
    assert governance_findings(signed, dt.date(2025, 1, 1), "governance.not-published") == []
    with pytest.raises(ValidationError, match="al vastgelegd"):
        svc.publication_record(
            actor=ACTOR, deal=signed, reference="stcrt. 2024, 34567", published_on=dt.date(2024, 10, 21)
        )


# ---------------------------------------------------------------------------------------------
# Who may record them: the programme office (MANAGE_GOVERNANCE); every other role 403, another
# deal's office 403 (404 on the API's deal), anonymous to the login page.

OTHERS = ["regiokassier", "party_representative", "project_lead", "ministry", "auditor", "other_deal"]


def _clients(user):
    from django.test import Client
    from rest_framework.test import APIClient

    web, api = Client(), APIClient()
    if user is not None:
        web.force_login(user)
        api.force_authenticate(user)
    return web, api


@pytest.mark.parametrize("role", [*OTHERS, "anonymous", "programme_office"])
def test_art_20_1_only_the_programme_office_records_the_publication(role_users, signed, role):
    web, api = _clients(role_users[role])
    page = web.post(
        "/deals/waterwegregio/governance/publications/",
        {"reference": "Stcrt. 2024, 1", "published_on": "2024-10-20"},
    )
    answer = api.post(
        "/api/v1/deals/waterwegregio/governance/publications/",
        {"reference": "Stcrt. 2024, 2", "published_on": "2024-10-21"},
        format="json",
    )
    from regiodeal.governance.models import Publication

    if role == "programme_office":
        assert page.status_code == 302 and answer.status_code == 201, answer.json()
        assert answer.json()["reference"] == "Stcrt. 2024, 2"
        assert Publication.objects.count() == 2
        return
    if role == "anonymous":
        assert page.status_code == 302 and "/accounts/login/" in page["Location"]
        assert answer.status_code in (401, 403)
    else:
        assert page.status_code == 403 and answer.status_code in (403, 404)
    assert Publication.objects.count() == 0


@pytest.mark.parametrize("role", [*OTHERS, "anonymous"])
def test_art_11_2_and_12_2_other_roles_cannot_record_the_consultation_or_the_roles(
    role_users, signed, org, role
):
    amendment = file_amendment(signed, org, discussed=False)
    svc.request_receipt_record(actor=ACTOR, request=amendment, received_on=dt.date(2025, 3, 5))
    withdrawal = notice(signed, org, "ROTTERDAM")
    decision = decision_in(signed, org, dt.date(2026, 1, 15))
    web, api = _clients(role_users[role])
    base = "/deals/waterwegregio/governance/requests/"
    responses = [
        web.post(f"{base}{amendment.number}/consultation/", {"consultation-consulted_on": "2025-03-10"}),
        web.post(
            f"{base}{withdrawal.number}/roles/",
            {"roles-decision": decision.pk, "roles-regiokassier": org("SCHIEDAM").pk, "roles-note": "x"},
        ),
        api.post(
            f"/api/v1{base}{amendment.number}/consultation/", {"consulted_on": "2025-03-10"}, format="json"
        ),
    ]
    for response in responses:
        if role == "anonymous":
            assert response.status_code in (302, 401, 403)
        else:
            assert response.status_code in (403, 404), response.status_code
    amendment.refresh_from_db()
    withdrawal.refresh_from_db()
    assert amendment.consulted_on is None and withdrawal.roles_decision is None
