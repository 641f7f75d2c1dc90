"""In a real Chromium: an amendment a Party can judge. A Party's representative
opens an amendment request and reads what changes in the covenant's words, old and new side by
side, in Dutch and in English, with no YAML key on the page; the YAML stays behind a link. A
representative files the amendment form with a regional amount below the national one, reads a
Dutch message naming the field and the article (no rule code), corrects it, and on reopening the
request finds every value kept. axe checks every page (WCAG 2.1 A/AA)."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from regiodeal.governance import services as svc
from tests.browser_helpers import assert_accessible, logged_in

from .conftest import ACTOR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What a YAML diff or a raw key looks like: "@@ -577,9", "name_en", "rijk: '8400000'".
RAW = re.compile(r"@@|\b[a-z]+_[a-z_]+\b|\b(rijk|kind|ends_on|regional): ")


def amendment(deal):
    return svc.amendment_file(
        actor=ACTOR,
        deal=deal,
        filed_by=deal.organisations.get(code="SCHIEDAM"),
        filed_on=dt.date.today(),
        title="Een miljoen van pijler 1 naar pijler 2",
        reasons="Pijler 2 loopt sneller dan gedacht (art. 4.3).",
        changes={
            "budget": {
                "P1": {"rijk": "7400000", "regional": "7400000"},
                "P2": {"rijk": "7700000", "regional": "7700000"},
            },
            "ends_on": "2029-06-30",
        },
    )


def row(page, label):
    return page.locator("#comparison tbody tr", has=page.get_by_role("rowheader", name=label, exact=True))


def test_a_party_reads_an_amendment_in_the_covenants_words_in_dutch_and_english(
    browser, live_server, signed, representatives
):
    request = amendment(signed)
    path = f"/deals/waterwegregio/governance/requests/{request.number}/"
    page = logged_in(browser, live_server, "rep-rotterdam")

    page.goto(live_server.url + path)
    expect(page.get_by_role("table", name="Wat verandert")).to_be_visible()
    p1 = row(page, "Begroting, pijler 1 — rijksbijdrage").locator("td")
    expect(p1.nth(0)).to_have_text("€\u00a08.400.000,00")
    expect(p1.nth(1)).to_have_text("€\u00a07.400.000,00")
    end = row(page, "Looptijd — einddatum").locator("td")
    expect(end.nth(0)).to_have_text("31 december 2028")
    expect(end.nth(1)).to_have_text("30 juni 2029")
    expect(row(page, "Begroting, totaal — rijksbijdrage")).to_have_count(0)  # the total stays
    header = page.locator("#comparison thead")
    expect(header).to_contain_text("Nu (versie 1)")
    expect(header).to_contain_text("Wordt (voorstel)")
    main = page.locator("main").inner_text()
    assert not RAW.search(main), RAW.search(main)
    assert_accessible(page)

    # The YAML stays available, behind its link.
    with page.expect_navigation():
        page.get_by_role("link", name="Technische weergave (YAML)").click()
    expect(page.locator("#diff")).to_contain_text("@@")
    expect(page.locator("#diff")).to_contain_text("rijk: '7400000'")

    page.goto(f"{live_server.url}/en{path}")
    expect(page.get_by_role("table", name="What changes")).to_be_visible()
    p1 = row(page, "Budget, pillar 1 — national contribution").locator("td")
    expect(p1.nth(0)).to_have_text("€8,400,000.00")
    expect(p1.nth(1)).to_have_text("€7,400,000.00")
    end = row(page, "Term — end date").locator("td")
    expect(end.nth(0)).to_have_text("31 December 2028")
    expect(end.nth(1)).to_have_text("30 June 2029")
    main = page.locator("main").inner_text()
    assert not RAW.search(main), RAW.search(main)
    assert "Begroting" not in main and "rijksbijdrage" not in main
    assert_accessible(page)
    page.close()


def test_a_regional_amount_below_the_national_one_is_refused_in_dutch_then_the_amendment_is_kept(
    browser, live_server, signed, representatives
):
    page = logged_in(browser, live_server, "rep-schiedam")
    page.goto(f"{live_server.url}/deals/waterwegregio/governance/requests/new/amendment/")
    form = page.locator("#request-form")
    # Labels in words, each code once: no raw keys, no "doel 11A".
    options = form.get_by_label("Tekst die verandert").locator("option").all_inner_texts()
    assert "Pijler 1 — wat inwoners gaan merken" in options
    assert any(o.startswith("Doel 1A: Versterken van de sociale cohesie") for o in options)
    assert not any("11A" in o or "_" in o for o in options)

    form.get_by_label("Titel").fill("Een miljoen van pijler 1 naar pijler 2")
    form.get_by_label("Waarom (toelichting)").fill("Pijler 2 loopt sneller dan gedacht.")
    form.get_by_label("Begroting, pijler 1 — regionale bijdrage").fill("7.400.000,00")
    with page.expect_navigation():
        form.get_by_role("button", name="Indienen").click()
    summary = page.locator(".rd-error-summary")
    expect(summary).to_contain_text("Begroting, pijler 1 — regionale bijdrage")
    expect(summary).to_contain_text("is lager dan de rijksbijdrage in totaal (€\u00a017.700.000,00)")
    expect(summary).to_contain_text("art. 4.2")
    expect(summary).to_contain_text("Verhoog de regionale bijdrage")
    field = page.get_by_label("Begroting, pijler 1 — regionale bijdrage")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_value("7.400.000,00")  # what was typed stays
    text = page.locator("main").inner_text()
    assert "regional-matches-national" not in text and "[" not in text and "budget." not in text
    assert_accessible(page)

    form.get_by_label("Begroting, pijler 1 — rijksbijdrage").fill("7.400.000,00")
    form.get_by_label("Begroting, pijler 2 — rijksbijdrage").fill("7.700.000,00")
    form.get_by_label("Begroting, pijler 2 — regionale bijdrage").fill("€ 7.700.000")
    form.get_by_label("Nieuwe einddatum").fill("2029-06-30")
    form.get_by_label("Gewenste ingangsdatum").fill("2026-07-01")
    form.get_by_label("Tekst die verandert").select_option(label="Pijler 1 — wat inwoners gaan merken")
    form.get_by_label("Nieuwe tekst").fill("Inwoners merken het eerder.")
    with page.expect_navigation():
        form.get_by_role("button", name="Indienen").click()
    expect(page.get_by_test_id("request-status")).to_have_text("ingediend")

    page.goto(page.url)  # reopened: every value kept
    expect(page.get_by_role("heading", level=1)).to_contain_text("Een miljoen van pijler 1 naar pijler 2")
    expect(page.locator("main")).to_contain_text("Pijler 2 loopt sneller dan gedacht.")
    expect(page.get_by_test_id("effective")).to_have_text("1 juli 2026")
    for label, old, new in (
        ("Begroting, pijler 1 — rijksbijdrage", "€\u00a08.400.000,00", "€\u00a07.400.000,00"),
        ("Begroting, pijler 1 — regionale bijdrage", "€\u00a08.400.000,00", "€\u00a07.400.000,00"),
        ("Begroting, pijler 2 — rijksbijdrage", "€\u00a06.700.000,00", "€\u00a07.700.000,00"),
        ("Begroting, pijler 2 — regionale bijdrage", "€\u00a06.700.000,00", "€\u00a07.700.000,00"),
        ("Looptijd — einddatum", "31 december 2028", "30 juni 2029"),
    ):
        cells = row(page, label).locator("td")
        expect(cells.nth(0)).to_have_text(old)
        expect(cells.nth(1)).to_have_text(new)
    expect(row(page, "Pijler 1 — wat inwoners gaan merken").locator("td").nth(1)).to_have_text(
        "Inwoners merken het eerder."
    )
    assert_accessible(page)
    page.close()
