"""In a real Chromium: a Party representative reads their notification on /meldingen/, marks it
read, and chooses the daily digest in English, which the page shows again when reopened. axe
checks both pages in Dutch and English (WCAG 2.1 A/AA)."""

from __future__ import annotations

import datetime as dt

import pytest

from regiodeal.notifications.models import Notification, NotificationPreference
from regiodeal.reporting import services as reporting
from tests.browser_helpers import assert_accessible, logged_in

from .conftest import ACTOR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_representative_reads_marks_read_and_chooses_the_digest(browser, live_server, people, signed):
    report = reporting.report_generate(actor=ACTOR, deal=signed, year=2025)
    reporting.report_send(actor=ACTOR, report=report, sent_on=dt.date(2026, 6, 1))
    page = logged_in(browser, live_server, "rep-schiedam")

    page.goto(f"{live_server.url}/meldingen/")
    assert page.get_by_role("heading", level=1).inner_text() == "Meldingen"
    item = page.get_by_role("list", name="Meldingen").get_by_role("listitem")
    assert item.count() == 1
    assert "concept-voortgangsrapportage 2025 ter commentaar" in item.inner_text()
    assert "1 ongelezen melding." in page.content()
    assert_accessible(page)
    link = item.get_by_role(
        "link", name="Regio Deal Waterwegregio: concept-voortgangsrapportage 2025 ter commentaar"
    )
    assert link.get_attribute("href") == "/deals/waterwegregio/reports/2025/"
    with page.expect_navigation():
        item.get_by_role("button", name="Markeer als gelezen").click()
    assert "0 ongelezen meldingen." in page.content()
    assert page.get_by_role("button", name="Markeer als gelezen").count() == 0
    assert Notification.objects.get(user=people["rep-schiedam"]).read_at is not None

    page.goto(f"{live_server.url}/en/meldingen/")
    assert page.get_by_role("heading", level=1).inner_text() == "Notifications"
    assert (
        "draft progress report 2025 for comment"
        in page.get_by_role("list", name="Notifications").inner_text()
    )
    assert (
        page.get_by_role(
            "link", name="Regio Deal Waterwegregio: draft progress report 2025 for comment"
        ).get_attribute("href")
        == "/en/deals/waterwegregio/reports/2025/"
    )
    assert_accessible(page)

    page.goto(f"{live_server.url}/meldingen/voorkeuren/")
    assert page.get_by_label("meteen, één e-mail per melding").is_checked()
    assert page.get_by_label("Nederlands").is_checked()
    assert_accessible(page)
    page.get_by_label("één keer per dag een overzicht (om 7.00 uur)").check()
    page.get_by_label("Engels").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_role("status").inner_text() == "Uw voorkeur is opgeslagen."
    page.goto(f"{live_server.url}/meldingen/voorkeuren/")  # reopened
    assert page.get_by_label("één keer per dag een overzicht (om 7.00 uur)").is_checked()
    assert page.get_by_label("Engels").is_checked()
    pref = NotificationPreference.objects.get(user=people["rep-schiedam"])
    assert (pref.delivery, pref.language) == ("digest", "en")

    # A value the form does not offer (a tampered request) is refused at the field and in the summary.
    page.get_by_label("meteen, één e-mail per melding").evaluate(
        "e => { e.value = 'weekly'; e.checked = true; }"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    summary = page.locator(".utrecht-form-field-error-message")
    assert "Selecteer een geldige keuze. weekly is geen beschikbare keuze." in summary.first.inner_text()
    assert (
        page.get_by_role("link", name="Wanneer wilt u uw meldingen per e-mail?").count() == 1
    )  # the summary
    assert_accessible(page)
    assert NotificationPreference.objects.get(user=people["rep-schiedam"]).delivery == "digest"

    page.goto(f"{live_server.url}/en/meldingen/voorkeuren/")
    assert page.get_by_label("once a day, an overview (at 7:00)").is_checked()
    assert page.get_by_label("English").is_checked()
    assert_accessible(page)
