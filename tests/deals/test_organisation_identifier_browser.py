"""In Chromium: the programme office sets a Partner's KvK number on the deal's
settings page: a bad value gets its error at the field and in the summary, a good one is saved and
is there when the form is reopened; axe in Dutch and English."""

import pytest

from regiodeal.accounts.roles import Role
from tests.browser_helpers import assert_accessible, logged_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_partners_kvk_number_survives_a_save(browser, live_server, waterwegregio, make_user):
    make_user(Role.PROGRAMME_OFFICE, waterwegregio, username="office")
    page = logged_in(browser, live_server, "office")
    page.goto(f"{live_server.url}/deals/waterwegregio/settings/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Identificatie van Albeda College wijzigen").click()
    field = page.get_by_label("Organisatie-identificatie (OIN of KvK)")
    field.fill("41150209")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    assert "Schrijf NL-OIN- met de 20 cijfers" in page.locator("#id_iati_ref_error").inner_text()
    assert "Schrijf NL-OIN-" in page.locator(".rd-error-summary a[href='#id_iati_ref']").inner_text()
    assert_accessible(page)

    page.get_by_label("Organisatie-identificatie (OIN of KvK)").fill("NL-KVK-41150209")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    assert page.url.endswith("/deals/waterwegregio/settings/")
    assert "NL-KVK-41150209" in page.locator("tr[data-organisation='ALBEDA']").inner_text()

    page.goto(f"{live_server.url}/deals/waterwegregio/settings/organisaties/ALBEDA/")
    assert page.get_by_label("Organisatie-identificatie (OIN of KvK)").input_value() == "NL-KVK-41150209"
    page.goto(f"{live_server.url}/en/deals/waterwegregio/settings/organisaties/ALBEDA/")
    assert page.get_by_label("Organisation identifier (OIN or KvK)").input_value() == "NL-KVK-41150209"
    assert_accessible(page)
    page.goto(f"{live_server.url}/en/deals/waterwegregio/settings/")
    assert_accessible(page)
