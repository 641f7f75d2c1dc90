"""What the browser tests of the workspace share: axe (WCAG 2.1 A/AA) and logging in on the
login page, as a user would."""

from axe_playwright_python.sync_playwright import Axe

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PASSWORD = "a-long-test-password"  # conftest.make_user's


def assert_accessible(page):
    results = Axe().run(page, options=WCAG_AA)
    violations = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
    ]
    assert violations == [], page.url


def logged_in(browser, live_server, username, password=PASSWORD):
    page = browser.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    return page
