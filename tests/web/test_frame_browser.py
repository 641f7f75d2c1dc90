"""In a real Chromium, the programme office sets the deal's identity and statements on the
settings screen: good input is kept (reopened, every value survived) and shows on the site; a
colour failing 4.5:1 is refused at the field and in the summary, changing nothing. The frame of
every page, its focus ring and axe are checked page by page in test_pages_browser.py."""

from __future__ import annotations

import base64

import pytest
from playwright.sync_api import expect

from regiodeal.accounts.roles import Role
from tests.browser_helpers import assert_accessible, logged_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A 1x1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def test_the_office_sets_identity_and_statements_and_they_survive_reopening(
    browser, live_server, waterwegregio, make_user, tmp_path
):
    office = make_user(Role.PROGRAMME_OFFICE, waterwegregio)
    page = logged_in(browser, live_server, office.username)
    settings = f"{live_server.url}/deals/waterwegregio/settings/"
    page.goto(settings)
    form = page.locator("#presentation-form")

    # Bad input: a main colour that fails 4.5:1 on white, and a text file as the logo.
    form.get_by_label("Verantwoordelijke organisatie").fill("Gemeente Schiedam")
    form.get_by_label("Hoofdkleur").fill("#ffcc00")
    notes = tmp_path / "logo.png"
    notes.write_bytes(b"not a picture")
    form.locator("#id_look-logo").set_input_files(str(notes))
    form.get_by_role("button", name="Huisstijl en verklaringen vastleggen").click()
    summary = page.locator(".rd-error-summary")
    expect(summary).to_contain_text("Hoofdkleur: De hoofdkleur #ffcc00 heeft op wit een contrast van")
    expect(summary).to_contain_text("Logo: Het logo moet een PNG- of SVG-bestand zijn.")
    expect(page.locator("#id_look-colour_primary_error")).to_contain_text("nodig is minstens 4,5:1")
    expect(page.locator("#id_look-colour_primary")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    page.goto(f"{live_server.url}/deals/waterwegregio/public/contact/")
    expect(page.locator("footer")).not_to_contain_text("Gemeente Schiedam")  # nothing changed

    # Good input.
    page.goto(settings)
    form = page.locator("#presentation-form")
    form.get_by_label("Verantwoordelijke organisatie").fill("Gemeente Schiedam")
    form.get_by_label("E-mailadres voor contact").fill("regiodeal@schiedam.nl")
    form.get_by_label("Telefoonnummer voor contact").fill("010 123 45 67")
    form.locator("#id_look-contact_text").fill("Bel ons op werkdagen.")
    form.get_by_label("Contactpagina: tekst in het Engels").fill("Call us on working days.")
    form.locator("#id_look-privacy_text").fill("Wij bewaren niets.\n\nEcht niet.")
    form.get_by_label("B: voldoet gedeeltelijk aan de eisen").check()
    form.get_by_label("Toegankelijkheidsverklaring: datum").fill("2026-11-30")
    form.locator("#id_look-accessibility_known_issues").fill("De kaart heeft geen tekstversie.")
    logo = tmp_path / "logo-ok.png"
    logo.write_bytes(PNG)
    form.locator("#id_look-logo").set_input_files(str(logo))
    form.get_by_label("Hoofdkleur").fill("#1A5E9C")
    form.get_by_label("Kleur van de kopbalk").fill("#eef3f8")
    form.get_by_role("button", name="Huisstijl en verklaringen vastleggen").click()
    expect(page.get_by_text("De huisstijl en de verklaringen van de deal zijn opgeslagen.")).to_be_visible()

    # Reopen: every value survived.
    page.goto(settings)
    form = page.locator("#presentation-form")
    expect(form.get_by_label("Verantwoordelijke organisatie")).to_have_value("Gemeente Schiedam")
    expect(form.get_by_label("E-mailadres voor contact")).to_have_value("regiodeal@schiedam.nl")
    expect(form.get_by_label("Telefoonnummer voor contact")).to_have_value("010 123 45 67")
    expect(form.locator("#id_look-contact_text")).to_have_value("Bel ons op werkdagen.")
    expect(form.get_by_label("Contactpagina: tekst in het Engels")).to_have_value("Call us on working days.")
    expect(form.locator("#id_look-privacy_text")).to_have_value("Wij bewaren niets.\n\nEcht niet.")
    expect(form.get_by_label("B: voldoet gedeeltelijk aan de eisen")).to_be_checked()
    expect(form.get_by_label("Toegankelijkheidsverklaring: datum")).to_have_value("2026-11-30")
    expect(form.locator("#id_look-accessibility_known_issues")).to_have_value(
        "De kaart heeft geen tekstversie."
    )
    expect(form.get_by_label("Hoofdkleur")).to_have_value("#1a5e9c")
    expect(form.get_by_label("Kleur van de kopbalk")).to_have_value("#eef3f8")
    expect(page.locator("#current-logo")).to_be_visible()
    assert_accessible(page)

    # The site shows them: the logo in the header, the colours, the organisation and the texts.
    for language in ("", "/en"):
        page.goto(f"{live_server.url}{language}/deals/waterwegregio/public/contact/")
        expect(page.locator(".rd-brand__logo")).to_be_visible()
        colour = page.evaluate("getComputedStyle(document.querySelector('main a')).color")
        assert colour == "rgb(26, 94, 156)", colour
        expect(page.locator("footer")).to_contain_text("Gemeente Schiedam")
        expected = "Call us on working days." if language else "Bel ons op werkdagen."
        expect(page.locator("#statement-text")).to_have_text(expected)
        expect(page.locator("#contact-details")).to_contain_text("010 123 45 67")
        assert_accessible(page)
    page.goto(f"{live_server.url}/deals/waterwegregio/public/toegankelijkheid/")
    expect(page.locator("#accessibility-status")).to_contain_text(
        "Status B: voldoet gedeeltelijk aan de eisen."
    )
    expect(page.get_by_text("30 november 2026")).to_be_visible()
    expect(page.locator("#accessibility-issues")).to_have_text("De kaart heeft geen tekstversie.")
    page.goto(f"{live_server.url}/en/deals/waterwegregio/public/privacy/")
    expect(page.locator("#statement-text")).to_have_attribute("lang", "nl")  # no English text written
    assert_accessible(page)
