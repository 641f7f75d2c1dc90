"""In a real Chromium: every public page and each role's main pages,
in Dutch and English, have one header, one navigation of at most two levels in which a name
leads to one address, titles "Pagina · Deal", a focus ring that shows (computed outline at least
2px), and axe finds no WCAG 2.1 A/AA violation. The programme office sets the deal's identity and
statements on the settings screen: good input is kept (reopened, every value survived) and shows
on the site; a colour failing 4.5:1 is refused at the field and in the summary, changing nothing."""

from __future__ import annotations

import base64

import pytest
from playwright.sync_api import expect

from regiodeal.accounts.roles import Role
from tests.browser_helpers import assert_accessible, logged_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEAL_NAME = "Regio Deal Waterwegregio"

PUBLIC = [
    "/deals/waterwegregio/",
    "/deals/waterwegregio/public/projects/",
    "/deals/waterwegregio/public/money/",
    "/deals/waterwegregio/public/results/",
    "/deals/waterwegregio/public/ideas/",
    "/deals/waterwegregio/public/reports/",
    "/deals/waterwegregio/public/open-data/",
    "/deals/waterwegregio/ideas/",
    "/deals/waterwegregio/public/privacy/",
    "/deals/waterwegregio/public/toegankelijkheid/",
    "/deals/waterwegregio/public/contact/",
]

ROLE_PAGES = {
    Role.PROGRAMME_OFFICE: [
        "/work/",
        "/deals/waterwegregio/projects/",
        "/deals/waterwegregio/finance/",
        "/deals/waterwegregio/results/",
        "/deals/waterwegregio/governance/",
        "/deals/waterwegregio/settings/",
    ],
    Role.REGIOKASSIER: ["/work/", "/deals/waterwegregio/finance/grootboek/"],
    Role.PARTY_REPRESENTATIVE: ["/work/", "/deals/waterwegregio/governance/requests/"],
    Role.PROJECT_LEAD: ["/work/", "/deals/waterwegregio/projects/"],
    Role.MINISTRY: ["/work/", "/portfolio/"],
    Role.AUDITOR: ["/work/", "/deals/waterwegregio/audit/"],
}
ORGANISATION = {
    Role.REGIOKASSIER: "ROTTERDAM",
    Role.PARTY_REPRESENTATIVE: "SCHIEDAM",
    Role.PROJECT_LEAD: "VLAARDINGEN",
}

FRAME = """() => {
  const problems = [];
  if (document.querySelectorAll("header").length !== 1) problems.push("not one header");
  const navs = document.querySelectorAll("nav.rd-nav");
  if (navs.length > 1) problems.push("more than one main navigation");
  if (document.querySelector(".rd-subnav, .rd-finance-nav, .rd-nav--internal"))
    problems.push("a second menu");
  navs.forEach(n => { if (n.querySelectorAll("ul.rd-nav__list").length > 2 || n.querySelector("ul ul"))
    problems.push("more than two levels"); });
  const seen = {};
  document.querySelectorAll("header a, footer a").forEach(a => {
    const name = a.textContent.trim().replace(/\\s+/g, " ");
    const url = a.getAttribute("href");
    if (name && name in seen && seen[name] !== url) problems.push(name + " leads to two places");
    seen[name] = url;
  });
  return problems;
}"""

FOCUS = """() => {
  const a = document.querySelector("nav.rd-nav a") || document.querySelector("footer a");
  a.focus();
  const s = getComputedStyle(a);
  return [document.activeElement === a, s.outlineStyle, parseFloat(s.outlineWidth)];
}"""


def check(page, path, context_name):
    problems = page.evaluate(FRAME)
    assert problems == [], path
    page_title, _, context = page.title().rpartition(" · ")
    assert page_title and context == context_name, (path, page.title())
    page.keyboard.press("Tab")  # keyboard modality: :focus-visible applies to what gets focus next
    focused, style, width = page.evaluate(FOCUS)
    assert focused and style != "none" and width >= 2, (path, style, width)
    assert_accessible(page)


@pytest.mark.parametrize("language", ["", "/en"])
def test_every_public_page_has_the_one_frame_a_visible_focus_ring_and_no_axe_violation(
    page, live_server, waterwegregio, language
):
    for path in PUBLIC:
        page.goto(f"{live_server.url}{language}{path}")
        expect(page.locator(".rd-brand")).to_have_text(DEAL_NAME)
        check(page, path, DEAL_NAME)


@pytest.mark.parametrize("role", list(ROLE_PAGES))
def test_each_roles_main_pages_have_the_one_frame_in_both_languages(
    browser, live_server, waterwegregio, make_user, role
):
    user = make_user(role, waterwegregio, ORGANISATION.get(role))
    page = logged_in(browser, live_server, user.username)
    for language in ("", "/en"):
        for path in ROLE_PAGES[role]:
            response = page.goto(f"{live_server.url}{language}{path}")
            assert response.status == 200, (role, path, response.status)
            # /work/ leads a person with one deal to that deal's "Mijn werk": inside the deal.
            inside = page.url.removeprefix(live_server.url).removeprefix("/en").startswith("/deals/")
            name = DEAL_NAME if inside else "regiodeal"
            expect(page.locator(".rd-brand")).to_have_text(name)
            check(page, path, name)


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
