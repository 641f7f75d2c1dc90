"""What the browser tests of the workspace share: axe (WCAG 2.1 A/AA) and a logged-in page.

`logged_in` gives the browser the session cookie of a real login (the password is checked, and
Django's test client writes the session), so a test starts on the page it is about instead of
loading the login page, posting it and rendering the landing page first. The login form itself
is tested as a user uses it in tests/accounts and tests/work."""

from axe_playwright_python.base import AXE_SCRIPT

# Every WCAG 2.1 A/AA rule. `resultTypes`: axe still runs every rule on every node, but lists in
# full only the violations (the passes it would otherwise collect, node by node, are never read
# here): about a quarter less of Chromium's time on a large page (measured on the public deal page:
# 0.85 s to 0.65 s a run).
WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
PASSWORD = "a-long-test-password"  # conftest.make_user's

# axe's colour-contrast rule parses the computed colours of every text and of each of its
# backgrounds anew, through colorjs (`axe.commons.color.Color.prototype.parseString`): 11,358
# parses of 9 distinct strings in one run on the public deal page, a third of axe's time. A parse
# is a function of the string alone, so the page keeps each result and sets the same four values
# on the next colour of that string; a string that fails to parse is not kept and fails as before.
# Measured in the page (`performance.now()` around `axe.run`, three runs each): the public deal
# page 214-352 ms to 147-226 ms, the ledger 511-622 ms to 356-467 ms. On all 29 pages of the
# programme office and the public in both languages the results were the same, node by node with
# their data (6,174 colour-contrast nodes); tests/web/test_axe_check_browser.py keeps that so.
REMEMBER_PARSED_COLOURS = """(() => {
  const Color = axe.commons.color.Color;
  const parse = Color.prototype.parseString;
  const parsed = new Map();
  Color.prototype.parseString = function (text) {
    const known = parsed.get(text);
    if (known === undefined) {
      parse.call(this, text);
      parsed.set(text, [this.r, this.g, this.b, this.alpha]);
    } else {
      [this.r, this.g, this.b, this.alpha] = known;
    }
    return this;
  };
})();"""
AXE = f"{AXE_SCRIPT};\n{REMEMBER_PARSED_COLOURS}"


def axe_results(page, options=WCAG_AA, script=AXE) -> dict:
    """axe's results for the page as it is now (`script`: axe itself, and what it runs with)."""
    page.evaluate(script)
    return page.evaluate("options => axe.run(document, options)", options)


def axe_violations(page) -> list[dict]:
    """Only the violations of `axe_results` are brought back from the page: the rest (every rule's
    description and tags, a node of each pass) is never read here, and carrying it back through
    Playwright took some 50 ms a page (measured on nine pages of the programme office: 260 to 217
    ms a check on the deal page, 250 to 191 on the money overview; axe itself ran 190-215 ms)."""
    page.evaluate(AXE)
    return page.evaluate("options => axe.run(document, options).then(results => results.violations)", WCAG_AA)


def assert_accessible(page):
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in axe_violations(page)]
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
