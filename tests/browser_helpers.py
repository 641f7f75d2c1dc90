"""What the browser tests of the workspace share: axe (WCAG 2.1 A/AA) and a logged-in page.

`logged_in` gives the browser the session cookie of a real login (the password is checked, and
Django's test client writes the session), so a test starts on the page it is about instead of
loading the login page, posting it and rendering the landing page first. The login form itself
is tested as a user uses it in tests/accounts and tests/work."""

from axe_playwright_python.sync_playwright import Axe

# Every WCAG 2.1 A/AA rule. `resultTypes`: axe still runs every rule on every node, but lists in
# full only the violations (the passes it would otherwise collect, node by node, are never read
# here): about a quarter less of Chromium's time on a large page (measured on the public deal page:
# 0.85 s to 0.65 s a run).
WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
PASSWORD = "a-long-test-password"  # conftest.make_user's


def assert_accessible(page):
    results = Axe().run(page, options=WCAG_AA)
    violations = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
    ]
    assert violations == [], page.url


def logged_in(browser, live_server, username, password=PASSWORD):
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.get(username=username)
    assert user.is_active and user.check_password(password), f"{username} cannot log in"
    client = Client()
    client.force_login(user)
    page = browser.new_page()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return page


def logged_in_on_the_form(browser, live_server, username, password=PASSWORD):
    """Logs in as a user does, on the login page; the page ends where the login sends the user."""
    page = browser.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    return page
