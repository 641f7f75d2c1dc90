"""The page that refuses an address holding a NUL character (%00), in a real browser: it says
what is wrong and how to fix it, in Dutch and in English, and axe finds no WCAG 2.1 A/AA
violations."""

import pytest

from tests.browser_helpers import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("prefix", "heading", "text"),
    [
        ("", "Onjuist adres", "verwijder het uit het adres"),
        ("/en", "Invalid address", "remove it from the address"),
    ],
)
def test_a_nul_in_the_address_gets_a_clear_accessible_page(
    page, live_server, waterwegregio, prefix, heading, text
):
    response = page.goto(f"{live_server.url}{prefix}/deals/waterwegregio/public/projects/%00/")
    assert response.status == 400
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert text in page.locator("main").inner_text()
    assert_accessible(page)
