"""In a real Chromium (axe, WCAG 2.1 AA, Dutch and English): after a project was made confidential
once the 2025 report was submitted (Art. 10.1), anyone sees on the public reports page that public
edition 1 was withdrawn and when, never what it held; the programme office sees both editions on
the report's page, the withdrawn one with its reason and its PDF."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from regiodeal.accounts.roles import Role
from regiodeal.reporting import services
from tests.browser_helpers import assert_accessible, logged_in

from .conftest import ACTOR, SECRET_CODE, SECRET_TITLE
from .helpers import render_waiting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_withdrawal_note_is_public_and_the_office_sees_both_editions(
    browser, live_server, portfolio, make_secret, make_user
):
    report = services.report_generate(actor=ACTOR, deal=portfolio, year=2025)
    services.report_send(actor=ACTOR, report=report, sent_on=dt.date(2026, 6, 1))
    services.report_finalise(actor=ACTOR, report=report)
    services.report_submit(actor=ACTOR, report=report, submitted_on=dt.date(2026, 7, 1))
    make_secret(portfolio)
    make_user(Role.PROGRAMME_OFFICE, portfolio, username="office")

    page = browser.new_page()
    for prefix, note in (
        ("", "Openbare editie 1 is op"),
        ("/en", "Public edition 1 was withdrawn on"),
    ):
        page.goto(f"{live_server.url}{prefix}/deals/{portfolio.slug}/public/reports/")
        text = page.locator("#reports").inner_text()
        assert note in text
        assert SECRET_TITLE not in page.content() and SECRET_CODE not in page.content()
        assert_accessible(page)
    page.close()

    office = logged_in(browser, live_server, "office")
    for prefix, withdrawn, current in (
        ("", "ingetrokken op", "geldend, openbaar"),
        ("/en", "withdrawn on", "in force, public"),
    ):
        office.goto(f"{live_server.url}{prefix}/deals/{portfolio.slug}/reports/2025/")
        rows = office.locator("#editions tbody tr")
        assert rows.count() == 2
        assert withdrawn in rows.nth(0).inner_text()
        assert SECRET_TITLE in rows.nth(0).inner_text()  # the reason, internal only
        assert current in rows.nth(1).inner_text()
        assert_accessible(office)
    # No worker runs here: the PDFs wait. The page says so, asks again by itself (htmx) and links
    # to the PDF once the worker (here: what it does) has rendered it.
    office.goto(f"{live_server.url}/deals/{portfolio.slug}/reports/2025/editions/2.pdf")
    expect(office.get_by_role("heading", name="De PDF wordt opgemaakt")).to_be_visible()
    assert_accessible(office)
    assert render_waiting() == 3  # the internal and public PDF as submitted, and edition 2
    expect(office.get_by_role("link", name="PDF openen")).to_be_visible(timeout=15_000)
    office.goto(f"{live_server.url}/deals/{portfolio.slug}/reports/2025/")
    href = office.locator("#editions a").first.get_attribute("href")
    answer = office.request.get(f"{live_server.url}{href}")
    assert answer.status == 200 and answer.body().startswith(b"%PDF")
