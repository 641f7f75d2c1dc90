"""In a real Chromium: the auditor's audit page says whether the deal's hash chain verifies, in
Dutch and English, and names the event where it breaks once a row is changed behind the
platform's back. axe on the way."""

import pytest
from django.core.cache import cache
from django.db import connection

from regiodeal.accounts.roles import Role
from regiodeal.audit import integrity
from regiodeal.audit.models import AuditEvent
from regiodeal.audit.services import Actor, audit_record
from tests.browser_helpers import assert_accessible, logged_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_auditor_sees_whether_the_chain_holds(browser, live_server, waterwegregio, make_user):
    version = waterwegregio.versions.get()
    events = [
        audit_record(
            actor=Actor(label="anna", source="cli"),
            action="test.noted",
            obj=version,
            deal_slug="waterwegregio",
            summary=f"notitie {i}",
        )
        for i in range(3)
    ]
    make_user(Role.AUDITOR, waterwegregio, username="auditor")
    page = logged_in(browser, live_server, "auditor")
    url = f"{live_server.url}/deals/waterwegregio/audit/"

    page.goto(url)
    assert "Keten gecontroleerd: in orde" in page.locator("#keten").inner_text()
    assert_accessible(page)
    page.goto(f"{live_server.url}/en/deals/waterwegregio/audit/")
    assert "Chain checked: intact" in page.locator("#keten").inner_text()
    assert_accessible(page)

    with integrity.maintenance(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET summary = %s WHERE id = %s",  # noqa: S608
            ["overgeschreven", events[1].pk],
        )
    cache.clear()  # the page checks again at the next event, or after ten minutes
    page.goto(url)
    line = page.locator("#keten").inner_text()
    assert f"Keten gecontroleerd: verbroken bij gebeurtenis {events[1].pk}" in line
    assert "Deze gebeurtenis is na het vastleggen gewijzigd." in line
    assert page.get_by_role("cell", name=str(events[1].pk), exact=True).count() == 1  # findable by number
    assert_accessible(page)
    page.goto(f"{live_server.url}/en/deals/waterwegregio/audit/")
    assert f"Chain checked: broken at event {events[1].pk}" in page.locator("#keten").inner_text()
    assert_accessible(page)
