"""Inviting people, changing and ending their roles, through accounts/services.py: the rules,
the mails in Django's test outbox, the one-time link and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from regiodeal.accounts import services as svc
from regiodeal.accounts.models import Invitation, Membership
from regiodeal.accounts.permissions import can
from regiodeal.accounts.roles import Capability, Role
from regiodeal.audit.models import AuditEvent
from regiodeal.audit.services import Actor

from .conftest import link_in

pytestmark = pytest.mark.django_db

PASSWORD = "een-lang-en-ongewoon-wachtwoord"


@pytest.fixture
def office(make_user, waterwegregio):
    return make_user(Role.PROGRAMME_OFFICE, waterwegregio, username="office")


@pytest.fixture
def actor(office):
    return Actor(user=office, label="office")


def token_of(message) -> str:
    return link_in(message).rstrip("/").rsplit("/", 1)[1]


def test_inviting_a_project_lead_makes_the_account_role_and_projects_and_mails_a_link(
    actor, waterwegregio, projects, settings
):
    settings.BASE_URL = "https://regiodeal.example.nl"
    user, invitation = svc.person_invite(
        actor=actor,
        deal=waterwegregio,
        email="Anna.Lead@Vlaardingen.nl",
        role=Role.PROJECT_LEAD,
        organisation=waterwegregio.organisations.get(code="VLAARDINGEN"),
        projects=[projects["WW-001"], projects["WW-003"]],
        first_name="Anna",
        last_name="de Vries",
    )
    assert user.username == user.email == "anna.lead@vlaardingen.nl"
    assert not user.has_usable_password()
    m = user.memberships.get()
    assert (m.role, m.deal, m.organisation.code) == ("project_lead", waterwegregio, "VLAARDINGEN")
    assert sorted(p.code for p in user.managed_projects.all()) == ["WW-001", "WW-003"]
    assert can(user, Capability.RECORD_PROGRESS, waterwegregio, projects["WW-001"])
    assert not can(user, Capability.RECORD_PROGRESS, waterwegregio, projects["WW-002"])

    [message] = mail.outbox
    assert message.to == ["anna.lead@vlaardingen.nl"]
    assert message.subject == "Uitnodiging voor het regiodeal-platform"
    assert (
        "- projectleider in Regio Deal Waterwegregio (Het college van burgemeester en wethouders"
        " van de gemeente Vlaardingen)\n" in message.body
    )
    assert "7 dagen geldig" in message.body
    assert link_in(message).startswith("https://regiodeal.example.nl/accounts/invitation/")
    assert abs(invitation.expires_at - invitation.created_at - dt.timedelta(days=7)) < dt.timedelta(seconds=5)


def test_the_token_is_stored_only_as_a_hash_and_never_audited(actor, waterwegregio):
    svc.person_invite(actor=actor, deal=waterwegregio, email="a@example.nl", role=Role.AUDITOR)
    token = token_of(mail.outbox[0])
    assert not Invitation.objects.filter(token_hash=token).exists()
    for event in AuditEvent.objects.all():
        assert token not in f"{event.summary} {event.before} {event.after}"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"user.invited", "membership.added", "invitation.sent"} <= actions


def test_the_link_sets_the_password_once_and_then_says_it_was_used(actor, waterwegregio):
    user, _ = svc.person_invite(actor=actor, deal=waterwegregio, email="a@example.nl", role=Role.AUDITOR)
    token = token_of(mail.outbox[0])
    svc.invitation_accept(token=token, password=PASSWORD)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    with pytest.raises(svc.InvitationInvalid) as caught:
        svc.invitation_accept(token=token, password="nog-een-ander-lang-wachtwoord")
    assert caught.value.reason == "used"
    event = AuditEvent.objects.get(action="invitation.accepted")
    assert PASSWORD not in f"{event.summary} {event.before} {event.after}"


def test_a_link_expires_after_seven_days(actor, waterwegregio):
    svc.person_invite(actor=actor, deal=waterwegregio, email="a@example.nl", role=Role.AUDITOR)
    token = token_of(mail.outbox[0])
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(svc.InvitationInvalid) as caught:
        svc.invitation_accept(token=token, password=PASSWORD)
    assert caught.value.reason == "expired"


def test_a_resent_invitation_replaces_the_old_link(actor, waterwegregio):
    user, _ = svc.person_invite(actor=actor, deal=waterwegregio, email="a@example.nl", role=Role.AUDITOR)
    svc.invitation_send(actor=actor, user=user, deal=waterwegregio, language="en")
    old, new = token_of(mail.outbox[0]), token_of(mail.outbox[1])
    assert mail.outbox[1].subject == "Invitation to the regiodeal platform"
    assert "/en/accounts/invitation/" in link_in(mail.outbox[1])
    with pytest.raises(svc.InvitationInvalid) as caught:
        svc.invitation_check(old)
    assert caught.value.reason == "revoked"
    assert svc.invitation_check(new).user == user


def test_a_weak_password_is_refused_and_the_link_still_works(actor, waterwegregio):
    svc.person_invite(actor=actor, deal=waterwegregio, email="a@example.nl", role=Role.AUDITOR)
    token = token_of(mail.outbox[0])
    with pytest.raises(ValidationError):
        svc.invitation_accept(token=token, password="12345678")
    assert svc.invitation_check(token)


def test_inviting_an_existing_account_adds_the_role_instead_of_a_second_account(
    actor, waterwegregio, make_user
):
    kassier = make_user(Role.REGIOKASSIER, waterwegregio, "ROTTERDAM", username="kassier")
    user, invitation = svc.person_invite(
        actor=actor, deal=waterwegregio, email="KASSIER@example.nl", role=Role.AUDITOR
    )
    assert user == kassier and invitation is None
    assert get_user_model().objects.filter(email__iexact="kassier@example.nl").count() == 1
    assert sorted(kassier.memberships.values_list("role", flat=True)) == ["auditor", "regiokassier"]
    [message] = mail.outbox
    assert message.to == ["kassier@example.nl"]
    assert message.subject == "U hebt een nieuwe rol op het regiodeal-platform"
    assert "accountant in Regio Deal Waterwegregio" in message.body
    assert "/accounts/login/" in message.body


def test_the_same_role_twice_is_refused_at_the_email_field(actor, waterwegregio):
    svc.person_invite(actor=actor, deal=waterwegregio, email="a@example.nl", role=Role.AUDITOR)
    with pytest.raises(ValidationError) as caught:
        svc.person_invite(actor=actor, deal=waterwegregio, email="a@example.nl", role=Role.AUDITOR)
    assert "heeft deze rol al" in caught.value.message_dict["email"][0]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"role": Role.PARTY_REPRESENTATIVE}, "organisation", "Kies de Partij"),
        ({"role": Role.PARTY_REPRESENTATIVE, "organisation": "ALBEDA"}, "organisation", "geen Partij"),
        ({"role": Role.AUDITOR, "email": "geen-adres"}, "email", "geldig e-mailadres"),
        ({"role": Role.MINISTRY}, "role", "kan in een deal niet"),
        ({"role": Role.AUDITOR, "projects": ["WW-001"]}, "projects", "Alleen een projectleider"),
    ],
)
def test_bad_invitations_name_the_field_and_change_nothing(
    actor, waterwegregio, projects, fields, field, message
):
    organisation = fields.get("organisation")
    with pytest.raises(ValidationError) as caught:
        svc.person_invite(
            actor=actor,
            deal=waterwegregio,
            email=fields.get("email", "b@example.nl"),
            role=fields["role"],
            organisation=waterwegregio.organisations.get(code=organisation) if organisation else None,
            projects=[projects[c] for c in fields.get("projects", [])],
        )
    assert message in " ".join(caught.value.message_dict[field])
    assert not get_user_model().objects.filter(email="b@example.nl").exists()
    assert mail.outbox == []


def test_changing_a_role_moves_the_projects_and_is_audited(actor, waterwegregio, projects):
    user, _ = svc.person_invite(
        actor=actor,
        deal=waterwegregio,
        email="lead@example.nl",
        role=Role.PROJECT_LEAD,
        projects=[projects["WW-001"]],
    )
    m = user.memberships.get()
    svc.membership_change(
        actor=actor,
        membership=m,
        role=Role.PROJECT_LEAD,
        organisation=waterwegregio.organisations.get(code="SCHIEDAM"),
        projects=[projects["WW-002"], projects["WW-003"]],
    )
    assert sorted(p.code for p in user.managed_projects.all()) == ["WW-002", "WW-003"]
    event = AuditEvent.objects.get(action="membership.changed")
    assert event.before["projects"] == ["WW-001"] and event.after["projects"] == ["WW-002", "WW-003"]
    assert event.after["organisation"] == "SCHIEDAM"

    svc.membership_change(actor=actor, membership=m, role=Role.AUDITOR, organisation=None, projects=[])
    assert list(user.managed_projects.all()) == []
    svc.membership_end(actor=actor, membership=Membership.objects.get(pk=m.pk))
    assert not user.memberships.exists()
    assert AuditEvent.objects.filter(action="membership.ended", object_id=str(m.pk)).exists()


def test_the_last_programme_office_role_of_a_deal_cannot_be_ended_or_changed(actor, office, waterwegregio):
    m = office.memberships.get()
    with pytest.raises(ValidationError) as caught:
        svc.membership_end(actor=actor, membership=m)
    assert "laatste rol programmabureau" in caught.value.messages[0]
    with pytest.raises(ValidationError):
        svc.membership_change(actor=actor, membership=m, role=Role.AUDITOR, organisation=None)
    svc.person_invite(actor=actor, deal=waterwegregio, email="collega@example.nl", role=Role.PROGRAMME_OFFICE)
    svc.membership_end(actor=actor, membership=m)
    assert not office.memberships.exists()


def test_the_administrator_grants_the_ministry_across_deals(waterwegregio, other_deal):
    user, invitation = svc.person_invite(
        actor=Actor(label="beheerder"), deal=None, email="m@minbzk.nl", role=Role.MINISTRY
    )
    assert invitation is not None and invitation.deal is None
    assert can(user, Capability.VIEW_INTERNAL, other_deal)
    svc.membership_end(actor=Actor(label="beheerder"), membership=user.memberships.get())
    user = get_user_model().objects.get(pk=user.pk)  # `can` keeps the memberships of a request
    assert not can(user, Capability.VIEW_INTERNAL, other_deal)


def test_a_password_change_is_audited_without_the_password(make_user, waterwegregio):
    user = make_user(Role.AUDITOR, waterwegregio)
    svc.password_change(actor=Actor(user=user), user=user, password=PASSWORD)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    event = AuditEvent.objects.get(action="user.password_changed")
    assert PASSWORD not in f"{event.summary} {event.before} {event.after}"


def test_the_link_of_a_closed_account_does_not_open_it(actor, waterwegregio):
    user, _ = svc.person_invite(actor=actor, deal=waterwegregio, email="a@example.nl", role=Role.AUDITOR)
    user.is_active = False
    user.save()
    with pytest.raises(svc.InvitationInvalid):
        svc.invitation_accept(token=token_of(mail.outbox[0]), password=PASSWORD)
    user.refresh_from_db()
    assert not user.has_usable_password() and not user.is_active
