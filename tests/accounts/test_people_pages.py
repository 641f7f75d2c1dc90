"""The accounts pages through Django's test client: who may open them, the invitation link, the
password change and the reset by mail (Django's test outbox)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from regiodeal.accounts import services as svc
from regiodeal.accounts.models import Invitation
from regiodeal.accounts.roles import Role
from regiodeal.audit.models import AuditEvent
from regiodeal.audit.services import Actor

from .conftest import RESET_LINK, link_in

pytestmark = pytest.mark.django_db

PASSWORD = "een-lang-en-ongewoon-wachtwoord"
PEOPLE = "/deals/waterwegregio/people/"


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("programme_office", 200),
        ("regiokassier", 403),
        ("party_representative", 403),
        ("project_lead", 403),
        ("ministry", 403),
        ("auditor", 403),
        ("other_deal", 403),
    ],
)
@pytest.mark.parametrize("page", ["", "invite/"])
def test_only_the_office_of_the_deal_manages_its_people(client, role_users, who, status, page):
    client.force_login(role_users[who])
    assert client.get(PEOPLE + page).status_code == status


def test_another_role_cannot_change_or_end_a_role(client, role_users):
    target = role_users["auditor"].memberships.get()
    client.force_login(role_users["other_deal"])
    assert client.post(f"{PEOPLE}{target.pk}/end/").status_code == 403
    assert client.post(f"{PEOPLE}{target.pk}/", {"role": "programme_office"}).status_code == 403
    assert role_users["auditor"].memberships.get().role == "auditor"


def test_anonymous_visitors_are_sent_to_log_in(client, waterwegregio):
    for url in (PEOPLE, PEOPLE + "invite/", "/accounts/ministry/", "/accounts/password/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


def test_a_role_of_another_deal_is_not_found_on_this_deals_page(client, role_users):
    client.force_login(role_users["programme_office"])
    other = role_users["other_deal"].memberships.get()
    assert client.get(f"{PEOPLE}{other.pk}/").status_code == 404


def test_the_people_page_lists_roles_organisations_and_projects(client, role_users, projects, waterwegregio):
    office = role_users["programme_office"]
    svc.person_invite(
        actor=Actor(user=office),
        deal=waterwegregio,
        email="lead@example.nl",
        role=Role.PROJECT_LEAD,
        organisation=waterwegregio.organisations.get(code="SCHIEDAM"),
        projects=[projects["WW-003"], projects["WW-001"]],
        first_name="Lea",
        last_name="Leider",
    )
    client.force_login(office)
    html = client.get(PEOPLE).content.decode()
    row = html.split("Lea Leider", 1)[1].split("</tr>", 1)[0]
    assert "projectleider" in row and "gemeente Schiedam" in row and "WW-001, WW-003" in row
    assert "uitgenodigd, link geldig tot" in row


def test_the_office_cannot_end_the_last_programme_office_role_and_is_told_why(client, role_users):
    office = role_users["programme_office"]
    client.force_login(office)
    m = office.memberships.get()
    response = client.post(f"{PEOPLE}{m.pk}/end/", follow=True)
    assert "Dit is de laatste rol programmabureau van de deal" in response.content.decode()
    assert office.memberships.filter(pk=m.pk).exists()


def test_the_invitation_link_sets_a_password_logs_in_and_then_says_it_was_used(client, role_users):
    client.force_login(role_users["programme_office"])
    response = client.post(
        PEOPLE + "invite/", {"email": "nieuw@example.nl", "role": "auditor", "language": "nl"}
    )
    assert response.status_code == 302
    client.logout()
    link = path_of(link_in(mail.outbox[0]))
    response = client.get(link)
    assert response["Location"] == "/accounts/invitation/accept/"  # the token leaves the address
    page = client.get("/accounts/invitation/accept/").content.decode()
    assert "Uw gebruikersnaam is <strong>nieuw@example.nl</strong>" in page
    weak = client.post(
        "/accounts/invitation/accept/", {"new_password1": "12345678", "new_password2": "12345678"}
    )
    assert "Dit wachtwoord is te kort: gebruik ten minste 12 tekens." in weak.content.decode()
    response = client.post(
        "/accounts/invitation/accept/", {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert response["Location"] == "/accounts/me/"
    assert "accountant" in client.get("/accounts/me/").content.decode()
    client.logout()
    again = client.get(link)
    assert again.status_code == 410
    assert "Deze link is al gebruikt" in again.content.decode()
    login = client.post("/accounts/login/", {"username": "nieuw@example.nl", "password": PASSWORD})
    assert login.status_code == 302


def test_an_expired_link_says_so_and_how_to_get_a_new_one(client, role_users, waterwegregio):
    svc.person_invite(
        actor=Actor(user=role_users["programme_office"]),
        deal=waterwegregio,
        email="x@example.nl",
        role="auditor",
    )
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = client.get(path_of(link_in(mail.outbox[0])))
    assert response.status_code == 410
    text = response.content.decode()
    assert "Deze link is verlopen: een uitnodiging is 7 dagen geldig." in text
    assert "Een nieuwe uitnodiging vraagt u aan het programmabureau" in text


def test_resending_an_invitation_mails_a_new_link(client, role_users, waterwegregio):
    user, _ = svc.person_invite(
        actor=Actor(user=role_users["programme_office"]),
        deal=waterwegregio,
        email="x@example.nl",
        role="auditor",
    )
    client.force_login(role_users["programme_office"])
    m = user.memberships.get()
    response = client.post(f"{PEOPLE}{m.pk}/resend/", follow=True)
    assert "Een nieuwe uitnodiging is verstuurd naar x@example.nl" in response.content.decode()
    assert len(mail.outbox) == 2 and link_in(mail.outbox[0]) != link_in(mail.outbox[1])


def test_every_user_changes_their_own_password(client, role_users):
    user = role_users["project_lead"]
    client.force_login(user)
    me = client.get("/accounts/me/").content.decode()
    assert 'href="/accounts/password/"' in me
    wrong = client.post(
        "/accounts/password/",
        {"old_password": "fout", "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert "Uw oude wachtwoord is niet juist ingevoerd" in wrong.content.decode()
    response = client.post(
        "/accounts/password/",
        {"old_password": "a-long-test-password", "new_password1": PASSWORD, "new_password2": PASSWORD},
        follow=True,
    )
    assert "Uw wachtwoord is gewijzigd." in response.content.decode()
    assert response.context["user"].is_authenticated  # still logged in
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert AuditEvent.objects.filter(action="user.password_changed", object_id=str(user.pk)).exists()


@pytest.mark.parametrize(
    ("prefix", "subject", "button"),
    [
        ("", "Een nieuw wachtwoord voor het regiodeal-platform", "Wachtwoord vergeten?"),
        ("/en", "A new password for the regiodeal platform", "Forgot your password?"),
    ],
)
def test_a_forgotten_password_is_reset_by_mail_in_the_readers_language(
    client, role_users, settings, prefix, subject, button
):
    settings.BASE_URL = "https://regiodeal.example.nl"
    user = role_users["auditor"]
    assert button in client.get(f"{prefix}/accounts/login/").content.decode()
    response = client.post(f"{prefix}/accounts/password/reset/", {"email": user.email.upper()})
    assert response["Location"] == f"{prefix}/accounts/password/reset/sent/"
    [message] = mail.outbox
    assert message.subject == subject and message.to == [user.email]
    link = link_in(message, RESET_LINK)
    assert link.startswith(f"https://regiodeal.example.nl{prefix}/accounts/password/reset/")
    form = client.get(path_of(link), follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done["Location"] == f"{prefix}/accounts/me/"
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    used = client.get(path_of(link)).content.decode()
    assert "hij is al gebruikt of verlopen" in used or "it has been used already" in used
    actions = list(AuditEvent.objects.filter(object_id=str(user.pk)).values_list("action", flat=True))
    assert "user.password_reset_requested" in actions and "user.password_reset" in actions


def test_an_unknown_address_gets_no_mail_but_the_same_answer(client, role_users):
    response = client.post("/accounts/password/reset/", {"email": "niemand@example.nl"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("who", "status"), [("superuser", 200), ("programme_office", 403), ("ministry", 403)]
)
def test_only_the_administrator_grants_the_ministry_role(client, role_users, django_user_model, who, status):
    if who == "superuser":
        user = django_user_model.objects.create_superuser("beheerder", "b@example.nl", PASSWORD)
    else:
        user = role_users[who]
    client.force_login(user)
    assert client.get("/accounts/ministry/").status_code == status
    response = client.post("/accounts/ministry/", {"email": "m@minbzk.nl", "language": "nl"})
    assert response.status_code == (302 if status == 200 else 403)
    assert django_user_model.objects.filter(email="m@minbzk.nl").exists() is (status == 200)


def test_the_invitation_shows_in_the_deals_audit_trail_without_the_token(client, role_users, waterwegregio):
    client.force_login(role_users["programme_office"])
    client.post(PEOPLE + "invite/", {"email": "nieuw@example.nl", "role": "auditor", "language": "nl"})
    token = link_in(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    page = client.get("/deals/waterwegregio/audit/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "user.invited" in text and "invitation.sent" in text
    assert token not in text
