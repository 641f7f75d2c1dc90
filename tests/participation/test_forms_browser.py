"""Every participation form in a real headless Chromium, as the programme office uses it: submit
valid input, reopen the record's edit form (or its page) and find every value as entered (dates,
numbers, choices, checkbox lists); a bad input shows its error at the field and in the summary at
the top; axe finds no WCAG 2.1 A/AA violations on these pages, in Dutch and in English."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from regiodeal.participation.models import Conversation, Initiative, Theme, Wijk
from tests.factories import make_project

from .test_browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEAL = "/deals/waterwegregio/participation/"


@pytest.fixture
def office(page, live_server, wijken, themes, make_user):
    from regiodeal.accounts.roles import Role

    deal = wijken["oost"].deal
    make_project(deal, "WW-010", pillars=["1"], results=["1B"])
    make_project(deal, "WW-011", pillars=["1"])
    make_user(Role.PROGRAMME_OFFICE, deal, username="bureau")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("bureau")
    page.get_by_label("Wachtwoord").fill("a-long-test-password")
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    page.base = f"{live_server.url}{DEAL}"
    return page


def save(page, name="Opslaan"):
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def value(page, name):
    return page.locator(f'[name="{name}"]').input_value()


def checked(page, name):
    return page.eval_on_selector_all(f'input[name="{name}"]:checked', "els => els.map(e => e.value)")


def assert_error(page, field_id, text):
    """The error at the field and, linked to it, in the summary at the top."""
    assert text in page.locator(f"#{field_id}_error").inner_text()
    link = page.locator(f'.rd-error-summary a[href="#{field_id}"]')
    assert text in link.inner_text()
    assert page.locator(f"#{field_id}").count() == 1


def test_a_conversation_keeps_every_value_and_shows_bad_input_at_its_field(office):
    page = office
    page.goto(f"{page.base}conversations/new/")
    page.locator("#id_wijk").select_option("WK060602")
    page.locator("#id_held_on").fill("2025-04-15")
    page.locator("#id_organisation").select_option("VLAARDINGEN")
    page.get_by_label("Aantal bewoners gesproken").fill("12")
    page.get_by_label("bijeenkomst").check()
    page.get_by_label("Van hen: jongeren").fill("5")
    page.get_by_label("Van hen: (langdurig) werklozen").fill("3")
    page.get_by_label("Veiligheid").check()
    page.get_by_label("Wonen en onderhoud").check()
    page.get_by_label("Andere thema's").fill("Groen")
    page.get_by_label("Wat bewoners inbrachten").fill("Meer licht bij het speelveld.")
    page.get_by_label("Wat er met de inbreng is gedaan").fill("Lantaarns besteld.")
    page.get_by_label("Hoe er aan bewoners is teruggekoppeld").fill("Brief aan de buurt.")
    page.locator("#id_feedback_on").fill("2025-05-01")
    page.locator("#id_project").select_option("WW-010")
    save(page)
    expect(page.get_by_text("tellen mee voor de norm van Oost")).to_be_visible()

    conversation = Conversation.objects.get(wijk__code="WK060602")
    page.goto(f"{page.base}conversations/{conversation.pk}/edit/")
    assert value(page, "wijk") == "WK060602"
    assert value(page, "held_on") == "2025-04-15"
    assert value(page, "organisation") == "VLAARDINGEN"
    assert value(page, "residents") == "12"
    assert checked(page, "form") == ["meeting"]
    assert value(page, "group_jongeren") == "5"
    assert value(page, "group_werklozen") == "3"
    assert value(page, "group_eu_arbeidsmigranten") == ""
    assert checked(page, "themes") == ["veiligheid", "wonen"]
    assert value(page, "themes_other") == "Groen"
    assert value(page, "raised") == "Meer licht bij het speelveld."
    assert value(page, "input_followup") == "Lantaarns besteld."
    assert value(page, "feedback") == "Brief aan de buurt."
    assert value(page, "feedback_on") == "2025-05-01"
    assert value(page, "project") == "WW-010"
    assert_accessible(page)

    # Corrected: more residents, another theme, the feedback a day later; every value again.
    page.get_by_label("Aantal bewoners gesproken").fill("14")
    page.get_by_label("Wonen en onderhoud").uncheck()
    page.get_by_label("Ontmoeten").check()
    page.get_by_label("op straat").check()
    page.locator("#id_feedback_on").fill("2025-05-02")
    save(page)
    expect(page.get_by_text("De gesprekken zijn bijgewerkt.")).to_be_visible()
    page.goto(f"{page.base}conversations/{conversation.pk}/edit/")
    assert value(page, "residents") == "14"
    assert checked(page, "form") == ["street"]
    assert checked(page, "themes") == ["ontmoeten", "veiligheid"]
    assert value(page, "held_on") == "2025-04-15"
    assert value(page, "feedback_on") == "2025-05-02"
    assert value(page, "group_jongeren") == "5"

    # Bad input: no residents, and feedback before the conversations.
    page.get_by_label("Aantal bewoners gesproken").fill("0")
    save(page)
    assert_error(page, "id_residents", "minstens 1")
    assert value(page, "held_on") == "2025-04-15"  # what was typed stays
    page.get_by_label("Aantal bewoners gesproken").fill("14")
    page.locator("#id_feedback_on").fill("2025-04-01")
    save(page)
    assert_error(page, "id_feedback_on", "De terugkoppeling ligt vóór de gesprekken.")
    assert_accessible(page)
    conversation.refresh_from_db()
    assert conversation.residents == 14 and conversation.feedback_on == dt.date(2025, 5, 2)


def test_an_initiative_keeps_every_value_and_moves_through_its_statuses(office):
    page = office
    page.goto(f"{page.base}initiatives/new/")
    page.get_by_label("bewonersinitiatief").check()
    page.get_by_label("Titel").fill("Speeltuin Westwijk")
    page.locator("#id_wijk").select_option("WK062205")
    page.locator("#id_party").select_option("VLAARDINGEN")
    page.get_by_label("Wat de bewoners doen").fill("Bewoners beheren de speeltuin.")
    page.get_by_label("Wat de Partij doet").fill("De gemeente betaalt de toestellen.")
    page.get_by_label("Bijdrage in geld").fill("1.234")
    page.get_by_label("Hulp in natura").fill("Een opbouwwerker.")
    page.locator("#id_starts_on").fill("2025-04-01")
    page.locator("#id_ends_on").fill("2025-03-01")
    page.get_by_label("WW-010 Project WW-010").check()
    page.get_by_label("WW-011 Project WW-011").check()
    page.locator('input[name="results"][value="1A"]').check()
    page.locator('input[name="results"][value="1B"]').check()
    save(page)
    assert_error(page, "id_amount", "schrijf 1234 of 1.234,00")  # reads two ways, and how to write it
    assert_accessible(page)
    page.get_by_label("Bijdrage in geld").fill("1.250,50")
    save(page)
    assert_error(page, "id_ends_on", "Het einde ligt vóór de start.")
    assert checked(page, "projects") == ["WW-010", "WW-011"]  # kept while the error is fixed
    page.locator("#id_ends_on").fill("2025-12-31")
    save(page)
    expect(page.get_by_text("Het initiatief is vastgelegd als voorgesteld.")).to_be_visible()
    assert page.get_by_test_id("amount").inner_text() == "€\u00a01.250,50"

    initiative = Initiative.objects.get(title="Speeltuin Westwijk")
    page.goto(f"{page.base}initiatives/{initiative.pk}/edit/")
    assert checked(page, "kind") == ["initiatief"]
    assert value(page, "title") == "Speeltuin Westwijk"
    assert value(page, "wijk") == "WK062205"
    assert value(page, "party") == "VLAARDINGEN"
    assert value(page, "residents_do") == "Bewoners beheren de speeltuin."
    assert value(page, "party_does") == "De gemeente betaalt de toestellen."
    assert value(page, "amount") == "1.250,50"
    assert value(page, "support") == "Een opbouwwerker."
    assert value(page, "starts_on") == "2025-04-01"
    assert value(page, "ends_on") == "2025-12-31"
    assert checked(page, "projects") == ["WW-010", "WW-011"]
    assert checked(page, "results") == ["1A", "1B"]
    assert_accessible(page)
    page.get_by_label("Bijdrage in geld").fill("€ 2.000,00")
    page.get_by_label("WW-011 Project WW-011").uncheck()
    save(page)
    expect(page.get_by_text("Het initiatief is bijgewerkt.")).to_be_visible()
    page.goto(f"{page.base}initiatives/{initiative.pk}/edit/")
    assert value(page, "amount") == "2.000,00"
    assert checked(page, "projects") == ["WW-010"]
    assert checked(page, "results") == ["1A", "1B"]

    # Its lifecycle: a reason is required; then the status and the history show the change.
    page.goto(f"{page.base}initiatives/{initiative.pk}/")
    page.get_by_label("afgesproken").check()
    save(page, "Status wijzigen")
    assert_error(page, "id_reason", "Dit veld is vereist.")
    assert checked(page, "to_status") == ["agreed"]
    assert_accessible(page)
    page.get_by_label("Reden").fill("Afspraak getekend op 1 april.")
    save(page, "Status wijzigen")
    assert page.get_by_test_id("status").inner_text() == "afgesproken"
    assert "Afspraak getekend op 1 april." in page.locator("#transitions").inner_text()
    page.get_by_label("loopt").check()
    page.get_by_label("Reden").fill("De speeltuin is open.")
    save(page, "Status wijzigen")
    assert page.get_by_test_id("status").inner_text() == "loopt"


def test_co_creation_on_a_project_page_keeps_every_value(office):
    page = office
    page.goto(f"{page.base}projects/WW-010/")
    page.get_by_label("coproduceren").check()
    page.get_by_label("Fase van het project").select_option("design")
    page.locator("#id_wijk").select_option("WK060601")
    page.locator("#id_held_on").fill("2025-03-10")
    page.get_by_label("Aantal bewoners").fill("0")
    page.get_by_label("Hoe bewoners meededen").fill("Ontwerpsessie in het buurthuis.")
    save(page)
    assert_error(page, "id_residents", "minstens 1")
    assert checked(page, "rung") == ["coproduce"]
    assert_accessible(page)
    page.get_by_label("Aantal bewoners").fill("9")
    save(page)
    expect(page.get_by_text("De cocreatie is vastgelegd.")).to_be_visible()
    cells = page.locator("#cocreations tbody tr").first.locator("td").all_inner_texts()
    assert cells == [
        "10 maart 2025",
        "coproduceren",
        "ontwerp",
        "Nieuwland",
        "9",
        "Ontwerpsessie in het buurthuis.",
    ]
    assert page.get_by_test_id("highest").inner_text() == "coproduceren"


def test_a_wijk_is_added_corrected_and_taken_off_the_list(office):
    page = office
    page.goto(f"{page.base}wijken/")
    page.get_by_label("Wijkcode (CBS)").fill("WK0622")
    page.locator("#id_name").fill("Centrum")
    page.get_by_label("Gemeente").select_option("VLAARDINGEN")
    page.get_by_label("Ligt in gebied").select_option("VLAARDINGEN_WESTWIJK")
    page.get_by_label("Op de lijst sinds").fill("2025-02-01")
    save(page, "Wijk toevoegen")
    assert_error(page, "id_code", "WK met zes cijfers")
    assert value(page, "listed_on") == "2025-02-01"
    assert_accessible(page)
    page.get_by_label("Wijkcode (CBS)").fill("WK062201")
    save(page, "Wijk toevoegen")
    expect(page.get_by_text("Centrum (WK062201) staat op de lijst.")).to_be_visible()

    wijk = Wijk.objects.get(code="WK062201")
    page.goto(f"{page.base}wijken/{wijk.pk}/edit/")
    assert value(page, "code") == "WK062201" and page.locator("#id_code").is_disabled()
    assert value(page, "name") == "Centrum"
    assert value(page, "gemeente") == "VLAARDINGEN"
    assert value(page, "within") == "VLAARDINGEN_WESTWIJK"
    assert value(page, "listed_on") == "2025-02-01"
    assert value(page, "ended_on") == ""
    assert_accessible(page)

    page.get_by_label("Naam").fill("Vlaardingen-Centrum")
    page.get_by_label("Ligt in gebied").select_option("")
    page.get_by_label("Van de lijst af per").fill("2025-01-15")
    save(page)
    assert_error(page, "id_ended_on", "na de datum waarop hij erop kwam")
    page.get_by_label("Van de lijst af per").fill("2025-09-01")
    save(page)
    expect(page.get_by_text("is bijgewerkt")).to_be_visible()
    row = page.locator('#wijken tr[data-wijk="WK062201"]')
    assert row.get_by_test_id("state").inner_text() == "van de lijst af sinds 2025-09-01"
    page.goto(f"{page.base}wijken/{wijk.pk}/edit/")
    assert value(page, "name") == "Vlaardingen-Centrum"
    assert value(page, "within") == ""
    assert value(page, "listed_on") == "2025-02-01"
    assert value(page, "ended_on") == "2025-09-01"


def test_a_theme_is_added_renamed_and_taken_out_of_use(office):
    page = office
    page.goto(f"{page.base}wijken/")
    form = page.locator("form", has=page.get_by_role("button", name="Thema toevoegen"))
    form.get_by_label("Code").fill("veiligheid")
    form.get_by_label("Naam").fill("Dubbel")
    save(page, "Thema toevoegen")
    assert_error(page, "id_theme-code", "Er is al een thema met deze code.")
    assert_accessible(page)
    form = page.locator("form", has=page.get_by_role("button", name="Thema toevoegen"))
    form.get_by_label("Code").fill("jeugd")
    form.get_by_label("Naam").fill("Jeugd")
    save(page, "Thema toevoegen")
    expect(page.get_by_text("Het thema staat op de lijst.")).to_be_visible()

    theme = Theme.objects.get(code="jeugd")
    page.goto(f"{page.base}themes/{theme.pk}/edit/")
    assert value(page, "code") == "jeugd" and page.locator("#id_code").is_disabled()
    assert value(page, "name") == "Jeugd"
    assert page.get_by_label("In gebruik").is_checked()
    page.get_by_label("Naam").fill("")
    save(page)
    assert_error(page, "id_name", "Dit veld is vereist.")
    assert_accessible(page)
    page.get_by_label("Naam").fill("Jeugd en jongeren")
    page.get_by_label("In gebruik").uncheck()
    save(page)
    row = page.locator('#themes tr[data-theme="jeugd"]')
    assert row.get_by_test_id("state").inner_text() == "niet meer in gebruik"
    page.goto(f"{page.base}themes/{theme.pk}/edit/")
    assert value(page, "name") == "Jeugd en jongeren"
    assert not page.get_by_label("In gebruik").is_checked()
    page.goto(f"{page.base}conversations/new/")
    assert page.get_by_label("Jeugd en jongeren").count() == 0  # out of use: not offered


@pytest.mark.parametrize("language", ["", "/en"])
def test_the_participation_forms_meet_wcag_21_aa_in_both_languages(office, live_server, wijken, language):
    from .conftest import garden

    page = office
    initiative = garden(wijken["oost"].deal, wijken["nieuwland"])
    wijk, theme = wijken["oost"], Theme.objects.get(code="wonen")
    base = f"{live_server.url}{language}{DEAL}"
    for path in [
        "",
        "conversations/new/",
        "initiatives/new/",
        f"initiatives/{initiative.pk}/",
        f"initiatives/{initiative.pk}/edit/",
        "projects/WW-010/",
        "wijken/",
        f"wijken/{wijk.pk}/edit/",
        f"themes/{theme.pk}/edit/",
        "quality/",
    ]:
        page.goto(base + path)
        assert page.locator("html").get_attribute("lang") == (language.strip("/") or "nl"), path
        assert_accessible(page)
    if language:
        page.goto(f"{base}wijken/{wijk.pk}/edit/")
        assert page.get_by_label("Off the list from").count() == 1
        page.goto(f"{base}conversations/new/")
        expect(page.get_by_role("heading", name="Record conversations")).to_be_visible()
        assert page.get_by_label("Of whom: young people").count() == 1  # the definition's English


def test_without_wijken_the_conversation_form_leads_to_the_wijken_page(
    page, live_server, with_baseline, make_user
):
    from regiodeal.accounts.roles import Role

    make_user(Role.PROGRAMME_OFFICE, with_baseline, username="bureau")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("bureau")
    page.get_by_label("Wachtwoord").fill("a-long-test-password")
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    page.goto(f"{live_server.url}{DEAL}conversations/new/")
    expect(page.get_by_text("Er staan nog geen wijken op de lijst.")).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Wijken toevoegen op de pagina Wijken en thema's").click()
    expect(page.get_by_role("heading", name="Een wijk toevoegen")).to_be_visible()
    page.goto(f"{live_server.url}{DEAL}?on=2025-07-02")
    summary = page.locator("#norm-summary").inner_text()
    assert "geen gegevens" in summary and "op schema" not in summary
