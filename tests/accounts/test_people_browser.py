"""In a real Chromium: the programme office invites a project lead with two projects, the lead
opens the link from the mail, chooses a password and logs in; the office reopens the edit form
and every value survived. Bad input shows its error at the field and in the summary; a user
changes their password and resets a forgotten one by mail. axe checks every new page in Dutch and
English (WCAG 2.1 A/AA)."""

from __future__ import annotations

import pytest
from django.core import mail

from regiodeal.accounts.roles import Role
from tests.browser_helpers import assert_accessible, logged_in, logged_in_on_the_form

from .conftest import RESET_LINK, link_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"
NEW_PASSWORD = "een-nieuw-lang-wachtwoord"


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def assert_error(page, field_id, text):
    """The error at the field (linked to it) and in the summary (linking to the field)."""
    assert text in " ".join(page.locator(f"#{field_id}_error").all_inner_texts())
    assert page.locator(f"#{field_id}").first.get_attribute("aria-describedby") is not None
    summary = page.locator(".rd-error-summary")
    assert text in " ".join(summary.locator(f'a[href="#{field_id}"]').all_inner_texts())


@pytest.fixture
def office(make_user, waterwegregio):
    return make_user(Role.PROGRAMME_OFFICE, waterwegregio, username="office")


def test_the_office_invites_a_lead_who_sets_a_password_and_every_value_survives(
    browser, live_server, office, projects
):
    page = logged_in(browser, live_server, "office")
    page.goto(f"{live_server.url}/accounts/me/")
    page.get_by_role("link", name="Mensen en rollen van waterwegregio").click()
    page.get_by_role("link", name="Iemand uitnodigen").click()
    page.get_by_label("E-mailadres").fill("lea.leider@vlaardingen.nl")
    page.get_by_label("Voornaam").fill("Lea")
    page.get_by_label("Achternaam").fill("Leider")
    page.get_by_label("projectleider").check()
    page.get_by_label("Organisatie").select_option(
        label="Het college van burgemeester en wethouders van de gemeente Vlaardingen"
    )
    page.get_by_label("WW-001 Project WW-001").check()
    page.get_by_label("WW-003 Project WW-003").check()
    submit(page, "Uitnodiging versturen")
    assert "Uitnodiging verstuurd naar lea.leider@vlaardingen.nl" in page.get_by_role("status").inner_text()
    row = page.locator("#people tr", has_text="Lea Leider")
    assert "projectleider" in row.inner_text() and "WW-001, WW-003" in row.inner_text()

    [message] = mail.outbox
    assert message.to == ["lea.leider@vlaardingen.nl"]
    invitee = browser.new_page()
    invitee.goto(live_server.url + path_of(link_in(message)))
    assert "lea.leider@vlaardingen.nl" in invitee.locator("main").inner_text()
    invitee.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW_PASSWORD)
    invitee.get_by_label("Nieuw wachtwoord bevestigen").fill(NEW_PASSWORD)
    submit(invitee, "Wachtwoord instellen")
    assert "Welkom! Uw wachtwoord is ingesteld" in invitee.get_by_role("status").inner_text()
    assert "projectleider" in invitee.locator("main").inner_text()
    invitee.close()
    again = logged_in_on_the_form(browser, live_server, "lea.leider@vlaardingen.nl", NEW_PASSWORD)
    assert again.url.endswith("/") and "/accounts/login/" not in again.url

    page.goto(f"{live_server.url}/deals/waterwegregio/people/")
    page.get_by_role("link", name="Wijzig de rol van Lea Leider").click()
    assert page.get_by_label("projectleider").is_checked()
    assert page.get_by_label("Organisatie").evaluate("s => s.options[s.selectedIndex].text") == (
        "Het college van burgemeester en wethouders van de gemeente Vlaardingen"
    )
    assert page.get_by_label("WW-001 Project WW-001").is_checked()
    assert not page.get_by_label("WW-002 Project WW-002").is_checked()
    assert page.get_by_label("WW-003 Project WW-003").is_checked()
    assert "actief" in page.locator("main").inner_text()

    page.get_by_label("WW-001 Project WW-001").uncheck()
    page.get_by_label("WW-002 Project WW-002").check()
    submit(page, "Wijziging opslaan")
    page.get_by_role("link", name="Wijzig de rol van Lea Leider").click()
    checked = [
        code
        for code in ("WW-001", "WW-002", "WW-003")
        if page.get_by_label(f"{code} Project {code}").is_checked()
    ]
    assert checked == ["WW-002", "WW-003"]


def test_bad_input_shows_its_error_at_the_field_and_in_the_summary(browser, live_server, office, projects):
    page = logged_in(browser, live_server, "office")
    page.goto(f"{live_server.url}/deals/waterwegregio/people/invite/")
    page.get_by_label("E-mailadres").fill("geen-adres")
    page.get_by_label("vertegenwoordiger van een Partij").check()
    submit(page, "Uitnodiging versturen")
    assert_error(page, "id_email", "Voer een geldig e-mailadres in.")
    assert page.get_by_label("vertegenwoordiger van een Partij").is_checked()
    assert_accessible(page)

    page.get_by_label("E-mailadres").fill("rep@schiedam.nl")
    submit(page, "Uitnodiging versturen")
    assert_error(
        page, "id_organisation", "Kies de Partij die deze vertegenwoordiger vertegenwoordigt (art. 11)."
    )
    assert mail.outbox == []

    page.get_by_label("Organisatie").select_option(label="Albeda College")
    submit(page, "Uitnodiging versturen")
    assert_error(page, "id_organisation", "Albeda College is geen Partij")

    page.get_by_label("Organisatie").select_option(
        label="Het college van burgemeester en wethouders van de gemeente Schiedam"
    )
    submit(page, "Uitnodiging versturen")
    assert "Uitnodiging verstuurd naar rep@schiedam.nl" in page.get_by_role("status").inner_text()

    invitee = browser.new_page()
    invitee.goto(live_server.url + path_of(link_in(mail.outbox[0])))
    invitee.get_by_label("Nieuw wachtwoord", exact=True).fill("12345678")
    invitee.get_by_label("Nieuw wachtwoord bevestigen").fill("12345678")
    submit(invitee, "Wachtwoord instellen")
    assert_error(invitee, "id_new_password2", "Dit wachtwoord is te kort: gebruik ten minste 12 tekens.")
    assert_accessible(invitee)


def test_a_user_changes_their_password_and_resets_a_forgotten_one_by_mail(
    browser, live_server, make_user, waterwegregio
):
    make_user(Role.AUDITOR, waterwegregio, username="accountant")
    page = logged_in(browser, live_server, "accountant")
    page.goto(f"{live_server.url}/accounts/me/")
    page.get_by_role("link", name="Wachtwoord wijzigen").click()
    page.get_by_label("Oud wachtwoord").fill("fout")
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Nieuw wachtwoord bevestigen").fill(NEW_PASSWORD)
    submit(page, "Wachtwoord wijzigen")
    assert_error(page, "id_old_password", "Uw oude wachtwoord is niet juist ingevoerd")
    page.get_by_label("Oud wachtwoord").fill(PASSWORD)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Nieuw wachtwoord bevestigen").fill(NEW_PASSWORD)
    submit(page, "Wachtwoord wijzigen")
    assert "Uw wachtwoord is gewijzigd." in page.get_by_role("status").inner_text()
    page.close()

    reader = browser.new_page()
    reader.goto(f"{live_server.url}/accounts/login/")
    reader.get_by_role("link", name="Wachtwoord vergeten?").click()
    reader.get_by_label("E-mailadres").fill("accountant@example.nl")
    submit(reader, "Stuur de link")
    assert reader.get_by_role("heading", level=1).inner_text() == "Kijk in uw e-mail"
    [message] = mail.outbox
    assert message.subject == "Een nieuw wachtwoord voor het regiodeal-platform"
    reader.goto(live_server.url + path_of(link_in(message, RESET_LINK)))
    assert "set-password" in reader.url  # the token is out of the address
    reader.get_by_label("Nieuw wachtwoord", exact=True).fill("nog-een-ander-lang-wachtwoord")
    reader.get_by_label("Nieuw wachtwoord bevestigen").fill("nog-een-ander-lang-wachtwoord")
    submit(reader, "Wachtwoord instellen")
    assert (
        "Uw nieuwe wachtwoord is ingesteld en u bent ingelogd." in reader.get_by_role("status").inner_text()
    )
    reader.close()
    assert (
        "/accounts/login/"
        not in logged_in_on_the_form(browser, live_server, "accountant", "nog-een-ander-lang-wachtwoord").url
    )


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_new_pages_have_no_accessibility_violations(
    browser, live_server, office, projects, waterwegregio, django_user_model, prefix
):
    from regiodeal.accounts import services as svc
    from regiodeal.audit.services import Actor

    user, _ = svc.person_invite(
        actor=Actor(user=office),
        deal=waterwegregio,
        email="lead@example.nl",
        role=Role.PROJECT_LEAD,
        projects=[projects["WW-001"]],
        first_name="Lea",
        last_name="Leider",
    )
    pk = user.memberships.get().pk
    link = path_of(link_in(mail.outbox[0]))
    anonymous = browser.new_page()
    pages = [
        (anonymous, f"{prefix}/accounts/login/"),
        (anonymous, f"{prefix}/accounts/password/reset/"),
        (anonymous, f"{prefix}/accounts/password/reset/sent/"),
        (anonymous, f"{prefix}/accounts/password/reset/MQ/nep-token/"),
        (anonymous, f"{prefix}/accounts/invitation/onbekend/"),
        (anonymous, prefix + link),
    ]
    page = logged_in(browser, live_server, "office")
    pages += [
        (page, f"{prefix}/accounts/me/"),
        (page, f"{prefix}/accounts/password/"),
        (page, f"{prefix}/deals/waterwegregio/people/"),
        (page, f"{prefix}/deals/waterwegregio/people/invite/"),
        (page, f"{prefix}/deals/waterwegregio/people/{pk}/"),
    ]
    django_user_model.objects.create_superuser("beheerder", "b@example.nl", PASSWORD)
    admin = logged_in(browser, live_server, "beheerder")
    pages.append((admin, f"{prefix}/accounts/ministry/"))
    for tab, path in pages:
        tab.goto(live_server.url + path)
        assert tab.locator("html").get_attribute("lang") == (prefix.strip("/") or "nl")
        assert_accessible(tab)
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == ("Role of Lea Leider" if prefix else "Rol van Lea Leider")
