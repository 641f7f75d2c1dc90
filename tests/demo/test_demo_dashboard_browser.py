"""The results dashboard shows verdicts for the demo portfolio, in a real headless Chromium:
a newcomer's first look at the platform must show it working."""

import pytest
from django.core.management import call_command
from django.test import Client

from tests.results.browser import load_every_chart

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VERDICTS = {"behaald", "op schema", "risico", "achter", "geen gegevens"}


def test_the_dashboard_shows_the_demo_portfolios_verdicts(page, live_server, waterwegregio, make_user):
    call_command("demo", "--deal", "waterwegregio")
    client = Client()
    client.force_login(make_user("programme_office", waterwegregio))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/deals/waterwegregio/results/")
    table = page.get_by_role("table", name="Oordeel per pijler en beoogd resultaat")
    shown = {
        code: table.locator(f'tr[data-result="{code}"] .rd-verdict').inner_text()
        for code in ("1A", "1B", "1C", "2B", "3C")
    }
    assert set(shown.values()) <= VERDICTS
    assert shown["1A"] in {"op schema", "behaald", "risico"}  # meeting places measured every quarter
    assert len(set(shown.values())) >= 2  # a living portfolio, not one colour
    load_every_chart(page)
    assert page.locator("svg.rd-chart").count() >= 5
