"""In a real Chromium: `Welkom2024!!` and `aaaaaaaaaaaa` are refused on the password form
with the reason at the field and in the error summary, in Dutch and in English; axe finds nothing
on the refused form; a good password is then taken and logs in."""

from __future__ import annotations

import pytest

from regiodeal.accounts.roles import Role
from tests.browser_helpers import assert_accessible, logged_in, logged_in_on_the_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"
GOOD = "fietsbel-haven-zeventien"


def change(page, old, new):
    page.locator("#id_old_password").fill(old)
    page.locator("#id_new_password1").fill(new)
    page.locator("#id_new_password2").fill(new)
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()


def error_at_field_and_summary(page, text):
    at_field = " ".join(page.locator("#id_new_password2_error, #id_new_password1_error").all_inner_texts())
    summary = " ".join(page.locator(".rd-error-summary a").all_inner_texts())
    return text in at_field and text in summary


@pytest.mark.parametrize(
    ("prefix", "common", "repeated"),
    [
        ("", "te makkelijk te raden", "herhaalt te veel"),
        ("/en", "too easy to guess", "repeats too much"),
    ],
)
def test_weak_passwords_are_refused_on_screen_and_a_good_one_is_taken(
    browser, live_server, make_user, waterwegregio, prefix, common, repeated
):
    make_user(Role.AUDITOR, waterwegregio, username="accountant")
    page = logged_in(browser, live_server, "accountant")
    page.goto(f"{live_server.url}{prefix}/accounts/password/")
    change(page, PASSWORD, "Welkom2024!!")
    assert error_at_field_and_summary(page, common)
    assert_accessible(page)
    change(page, PASSWORD, "aaaaaaaaaaaa")
    assert error_at_field_and_summary(page, repeated)
    change(page, PASSWORD, GOOD)
    assert page.get_by_role("status").count() == 1
    page.close()
    again = logged_in_on_the_form(browser, live_server, "accountant", password=GOOD)
    assert again.url.rstrip("/").endswith("/work")
