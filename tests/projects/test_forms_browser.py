"""Every form of the project screens, in a real Chromium, as the programme office and a project
lead use them: each valid save is reopened and every value must have survived (dates,
choices, multiple choices); each bad input shows its error at the field and in the summary at
the top. axe finds no WCAG 2.1 A/AA violation on the pages, in Dutch and in English."""

import re

import pytest

from regiodeal.accounts.roles import Role
from regiodeal.projects.models import Project
from tests.browser_helpers import assert_accessible, logged_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VLAARDINGEN = "Het college van burgemeester en wethouders van de gemeente Vlaardingen"
LISTS = ("participants", "pillars", "objectives", "results", "areas", "groups", "sectors", "managers")


@pytest.fixture
def people(waterwegregio, make_user):
    make_user(Role.PROGRAMME_OFFICE, waterwegregio, username="office")
    make_user(Role.PROJECT_LEAD, waterwegregio, "VLAARDINGEN", username="lead-a")
    make_user(Role.PROJECT_LEAD, waterwegregio, "SCHIEDAM", username="lead-b")
    return waterwegregio


def checked(page, name) -> list[str]:
    """The labels of the ticked boxes of a checkbox list, in the order shown."""
    boxes = page.locator(f"fieldset#id_{name} input[type=checkbox]")
    return [
        page.locator(f"label[for='{boxes.nth(i).get_attribute('id')}']").inner_text().strip()
        for i in range(boxes.count())
        if boxes.nth(i).is_checked()
    ]


def tick(page, name, *positions) -> list[str]:
    boxes = page.locator(f"fieldset#id_{name} input[type=checkbox]")
    assert boxes.count() > max(positions), name
    for i in positions:
        boxes.nth(i).check()
    return checked(page, name)


def assert_error(page, field_id, text):
    """The error at the field (linked to it) and in the summary at the top, linking to it."""
    assert page.locator(f"#{field_id}_error").inner_text() == text
    assert page.locator(f"#{field_id}").get_attribute("aria-invalid") == "true"
    link = page.locator(f".rd-error-summary a[href='#{field_id}']")
    assert text in link.inner_text()


def test_the_office_creates_and_edits_a_project_and_every_value_survives(browser, live_server, people):
    base = f"{live_server.url}/deals/waterwegregio/projects"
    page = logged_in(browser, live_server, "office")
    page.goto(f"{base}/new/")
    assert_accessible(page)

    # A bad input first: no title. The error is at the field and in the summary; nothing is saved.
    page.get_by_label("Code").fill("WW-100")
    page.get_by_label("Trekker (Partij of Partner)").select_option(label=VLAARDINGEN)
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    assert_error(page, "id_title", "Dit veld is vereist.")
    assert page.get_by_label("Code").input_value() == "WW-100"  # what was typed stays
    assert_accessible(page)
    assert not Project.objects.filter(code="WW-100").exists()

    page.get_by_label("Titel").fill("Ontmoetingsplek Westwijk")
    page.get_by_label("Omschrijving").fill("Een plek voor en door bewoners.")
    page.get_by_label("Start").fill("2025-01-16")
    page.get_by_label("Einde").fill("2028-06-30")
    page.get_by_label("Hoe inwoners meedoen: participatie en cocreatie (Bijlage 1 §3)").fill(
        "Bewonersavonden"
    )
    page.get_by_label(re.compile("De communicatie vermeldt")).check()
    page.get_by_label("Waar dat te zien is").fill("Bord bij de ingang")
    chosen = {name: tick(page, name, 0, 1) if name != "managers" else tick(page, name, 0) for name in LISTS}
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_role("heading", level=1).inner_text() == "WW-100 Ontmoetingsplek Westwijk"
    assert "16 januari 2025 – 30 juni 2028" in page.locator(".rd-facts").inner_text()

    def assert_as_entered(start, end):
        page.goto(f"{base}/WW-100/edit/")
        assert page.get_by_label("Titel").input_value() == "Ontmoetingsplek Westwijk"
        assert page.get_by_label("Omschrijving").input_value() == "Een plek voor en door bewoners."
        assert page.get_by_label("Start").input_value() == start
        assert page.get_by_label("Einde").input_value() == end
        lead = page.get_by_label("Trekker (Partij of Partner)")
        assert lead.locator("option:checked").inner_text() == VLAARDINGEN
        assert page.get_by_label(re.compile("De communicatie vermeldt")).is_checked()
        assert page.get_by_label("Waar dat te zien is").input_value() == "Bord bij de ingang"
        assert page.get_by_label(re.compile("Hoe inwoners meedoen")).input_value() == "Bewonersavonden"
        for name in LISTS:
            assert checked(page, name) == chosen[name], name

    assert_as_entered("2025-01-16", "2028-06-30")
    assert_accessible(page)

    # Saving the edit form as it opens changes nothing: the dates were lost here before.
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    assert "16 januari 2025 – 30 juni 2028" in page.locator(".rd-facts").inner_text()
    assert_as_entered("2025-01-16", "2028-06-30")

    # A change of one date keeps the other values.
    page.get_by_label("Einde").fill("2029-03-31")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    assert_as_entered("2025-01-16", "2029-03-31")

    page.goto(f"{live_server.url}/en/deals/waterwegregio/projects/WW-100/edit/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_label("Start").input_value() == "2025-01-16"
    assert_accessible(page)
    page.goto(f"{live_server.url}/en/deals/waterwegregio/projects/new/")
    assert_accessible(page)
    page.close()


@pytest.fixture
def project(people):
    from tests.factories import make_project

    project = make_project(people, "WW-200", lead="VLAARDINGEN", results=["1A"])
    project.managers.add(people.memberships.get(user__username="lead-a").user)
    return project


def test_status_milestones_and_risks_on_the_project_page(browser, live_server, project):
    url = f"{live_server.url}/deals/waterwegregio/projects/WW-200/"
    page = logged_in(browser, live_server, "office")
    page.goto(url)
    assert_accessible(page)

    # Transition: without a reason it is refused at the field; with one the status changes.
    status = page.get_by_role("form", name="Status wijzigen")
    status.get_by_label("Nieuwe status").select_option(label="voorgesteld")
    with page.expect_navigation():
        status.get_by_role("button", name="Status wijzigen").click()
    assert_error(page, "id_reason", "Dit veld is vereist.")
    assert page.get_by_label("Nieuwe status").locator("option:checked").inner_text() == "voorgesteld"
    assert_accessible(page)
    page.get_by_label("Reden").fill("Uitgewerkt tot voorstel")
    with page.expect_navigation():
        page.get_by_role("form", name="Status wijzigen").get_by_role("button", name="Status wijzigen").click()
    assert page.locator("#project-status").inner_text() == "voorgesteld"
    assert "Uitgewerkt tot voorstel" in page.locator("#transitions").inner_text()
    page.close()

    # The project's lead records milestones and risks.
    page = logged_in(browser, live_server, "lead-a")
    page.goto(url)
    add = page.get_by_role("form", name="Mijlpaal toevoegen")
    add.get_by_label("Mijlpaal").fill("Plek open")
    # no date
    with page.expect_navigation():
        add.get_by_role("button", name="Mijlpaal toevoegen").click()
    assert_error(page, "id_due_on", "Dit veld is vereist.")
    assert (
        page.get_by_role("form", name="Mijlpaal toevoegen").get_by_label("Mijlpaal").input_value()
        == "Plek open"
    )
    assert_accessible(page)
    page.get_by_role("form", name="Mijlpaal toevoegen").get_by_label("Gepland op").fill("2026-03-16")
    with page.expect_navigation():
        page.get_by_role("button", name="Mijlpaal toevoegen").click()
    row = page.locator("#milestones tbody tr", has_text="Plek open")
    assert row.locator("td").first.inner_text() == "16 maart 2026"

    milestone = project.milestones.get()
    done = page.get_by_role("form", name="Mijlpaal Plek open bereikt")
    with page.expect_navigation():
        done.get_by_role("button", name="Vastleggen").click()  # no date
    assert_error(page, f"done-{milestone.pk}-done_on", "Geef de datum waarop de mijlpaal is bereikt.")
    assert_accessible(page)
    done = page.get_by_role("form", name="Mijlpaal Plek open bereikt")
    done.get_by_label("Bereikt op").fill("2026-04-01")
    with page.expect_navigation():
        done.get_by_role("button", name="Vastleggen").click()
    row = page.locator("#milestones tbody tr", has_text="Plek open")
    assert row.locator("td").all_inner_texts() == ["16 maart 2026", "1 april 2026"]

    risk = page.get_by_role("form", name="Risico toevoegen")
    risk.get_by_label("Kans").select_option(label="hoog")
    with page.expect_navigation():
        risk.get_by_role("button", name="Risico toevoegen").click()  # no description
    assert_error(page, "id_description", "Dit veld is vereist.")
    risk = page.get_by_role("form", name="Risico toevoegen")
    assert risk.get_by_label("Kans").locator("option:checked").inner_text() == "hoog"
    risk.get_by_label("Risico").fill("Geen locatie")
    risk.get_by_label("Impact").select_option(label="middel")
    risk.get_by_label("Beheersmaatregel").fill("Twee locaties in optie")
    with page.expect_navigation():
        risk.get_by_role("button", name="Risico toevoegen").click()
    row = page.locator("#risks tbody tr", has_text="Geen locatie")
    assert row.locator("td").all_inner_texts()[:3] == ["hoog", "middel", "Twee locaties in optie"]

    form = page.get_by_role("form", name="Status van risico Geen locatie")
    assert form.get_by_label("Status").locator("option:checked").inner_text() == "open"
    form.get_by_label("Status").select_option(label="beheerst")
    with page.expect_navigation():
        form.get_by_role("button", name="Wijzigen").click()
    form = page.get_by_role("form", name="Status van risico Geen locatie")
    assert form.get_by_label("Status").locator("option:checked").inner_text() == "beheerst"
    assert "beheerst" in page.locator("#risks tbody tr", has_text="Geen locatie").inner_text()
    assert_accessible(page)

    page.goto(f"{live_server.url}/en/deals/waterwegregio/projects/WW-200/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    page.close()


def test_a_lead_of_another_project_has_no_forms_on_it(browser, live_server, project):
    page = logged_in(browser, live_server, "lead-b")
    page.goto(f"{live_server.url}/deals/waterwegregio/projects/WW-200/")
    assert page.get_by_role("form", name="Mijlpaal toevoegen").count() == 0
    assert page.get_by_role("form", name="Risico toevoegen").count() == 0
    page.close()
