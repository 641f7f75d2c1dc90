"""Tables and charts fit, at 1280 px and at 390 px, on every public
page and the main pages of each role of the example portfolio.

Measured in Chromium on each page at both widths:
- the page is never wider than the window (`document.documentElement.scrollWidth <= innerWidth`);
- a table may be wider than its container only inside the marked scroll region (the container
  with tabindex="0", role="region" and a label: it shows a shadow where it scrolls and keeps the
  first column), and that region never reaches past the page's main column;
- a drawn chart (SVG) stays inside the main column unless it scrolls in such a region, and every
  text of a chart (SVG text at its drawn scale, or the bar chart's page text) is 12 px or more;
- no table carries a visible caption that repeats a heading of the page (a title is given once).
axe finds no WCAG 2.1 A/AA violation: in Dutch at 1280 px and in English at 390 px."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from regiodeal.accounts.roles import Role
from tests.browser_helpers import PASSWORD, assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEAL = "/deals/waterwegregio"
PUBLIC = [
    "/",
    "/portfolio/",
    f"{DEAL}/",
    f"{DEAL}/public/projects/",
    f"{DEAL}/public/projects/WW-101/",
    f"{DEAL}/public/money/",
    f"{DEAL}/public/results/",
    f"{DEAL}/public/ideas/",
    f"{DEAL}/public/open-data/",
    f"{DEAL}/public/reports/",
]
ROLE_PAGES = {
    Role.PROGRAMME_OFFICE: [
        "/work/",
        f"{DEAL}/finance/",
        f"{DEAL}/finance/grootboek/",
        f"{DEAL}/finance/uitvoeringsprogramma/",
        f"{DEAL}/finance/vat-verdeling/",
        f"{DEAL}/finance/spuk/",
        f"{DEAL}/finance/bevindingen/",
        f"{DEAL}/projects/",
        f"{DEAL}/projects/WW-101/",
        f"{DEAL}/results/",
        f"{DEAL}/results/indicators/",
        f"{DEAL}/governance/",
        f"{DEAL}/governance/check/",
        f"{DEAL}/participation/",
        f"{DEAL}/reports/",
        f"{DEAL}/audit/",
    ],
    Role.REGIOKASSIER: ["/work/", f"{DEAL}/finance/", f"{DEAL}/finance/grootboek/", f"{DEAL}/finance/spuk/"],
    Role.PARTY_REPRESENTATIVE: ["/work/", f"{DEAL}/governance/requests/", f"{DEAL}/results/"],
    Role.PROJECT_LEAD: ["/work/", f"{DEAL}/projects/WW-102/"],
    Role.AUDITOR: ["/work/", f"{DEAL}/audit/"],
    Role.MINISTRY: ["/work/", "/portfolio/"],
}

MEASURE = """() => {
  const problems = [];
  const main = document.querySelector('main');
  const mainRight = main.getBoundingClientRect().right;
  const marked = (el) => el && el.getAttribute('role') === 'region' && el.getAttribute('tabindex') === '0'
    && !!(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby'));
  const scroller = (el) => {
    for (let c = el.parentElement; c && c !== main; c = c.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(c).overflowX)) return c;
    }
    return null;
  };
  if (document.documentElement.scrollWidth > window.innerWidth) {
    problems.push(`the page is ${document.documentElement.scrollWidth} px wide`);
  }
  const headings = [...main.querySelectorAll('h1, h2, h3, h4')].map(h => h.textContent.trim());
  for (const table of main.querySelectorAll('table')) {
    const name = table.id || (table.caption ? table.caption.textContent.trim().slice(0, 40) : 'a table');
    const box = scroller(table);
    if (!box) {
      if (table.getBoundingClientRect().right > mainRight + 1) problems.push(`${name} sticks out`);
    } else {
      if (box.scrollWidth > box.clientWidth + 1 && !marked(box)) problems.push(`${name} scrolls unmarked`);
      if (box.getBoundingClientRect().right > mainRight + 1) problems.push(`${name}: its region sticks out`);
    }
    const caption = table.caption;
    const shown = caption && caption.getBoundingClientRect().width > 1;
    if (shown && headings.includes(caption.textContent.trim())) {
      problems.push(`${name} is titled twice`);
    }
  }
  for (const svg of main.querySelectorAll('svg')) {
    const box = scroller(svg);
    if (svg.getBoundingClientRect().right > mainRight + 1 && !(box && marked(box))) {
      problems.push(`a chart sticks out (${svg.id || svg.getAttribute('class')})`);
    }
    for (const text of svg.querySelectorAll('text')) {
      const m = text.getScreenCTM();
      const size = parseFloat(getComputedStyle(text).fontSize) * (m ? Math.hypot(m.a, m.b) : 1);
      const words = text.textContent.trim().slice(0, 30);
      if (words && size < 11.95) problems.push(`chart text at ${size.toFixed(1)} px: ${words}`);
    }
  }
  for (const chart of main.querySelectorAll('.rd-bars-chart')) {
    for (const el of chart.querySelectorAll('span, li, figcaption')) {
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (el.textContent.trim() && size < 12) problems.push(`chart text at ${size} px in ${chart.id}`);
    }
  }
  return problems;
}"""


def fits(page, path: str) -> list[str]:
    """What does not fit on `path` at 1280 px and at 390 px (empty: everything fits)."""
    problems = []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path)
        problems += [f"{path} at {width} px: {p}" for p in page.evaluate(MEASURE)]
    return problems


def check_pages(page, base: str, paths: list[str]) -> None:
    problems = []
    for path in paths:
        problems += fits(page, base + path)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(base + path)
        assert_accessible(page)
        page.set_viewport_size({"width": 390, "height": 900})
        page.goto(base + "/en" + path)
        assert page.locator("html").get_attribute("lang") == "en", path
        assert_accessible(page)
    assert problems == []


@pytest.fixture
def portfolio(waterwegregio, make_user):
    """The example portfolio (as `regiodeal demo` writes it) and an account per role."""
    from regiodeal.projects.models import Project
    from regiodeal.results.catalogue import sync_catalogue
    from regiodeal.results.models import Indicator

    sync_catalogue(Indicator)  # a browser test's flush may have emptied what the migration loaded
    call_command("demo", "--deal", "waterwegregio")
    users = {
        role: make_user(role, None if role == Role.MINISTRY else waterwegregio, org, username=role.value)
        for role, org in [
            (Role.PROGRAMME_OFFICE, None),
            (Role.REGIOKASSIER, "ROTTERDAM"),
            (Role.PARTY_REPRESENTATIVE, "SCHIEDAM"),
            (Role.PROJECT_LEAD, "VLAARDINGEN"),
            (Role.AUDITOR, None),
            (Role.MINISTRY, None),
        ]
    }
    Project.objects.get(deal=waterwegregio, code="WW-102").managers.add(users[Role.PROJECT_LEAD])
    return users


def test_every_public_page_fits_at_1280_and_390_px(page, live_server, portfolio):
    check_pages(page, live_server.url, PUBLIC)


@pytest.mark.parametrize("role", list(ROLE_PAGES), ids=lambda r: r.value)
def test_the_main_pages_of_each_role_fit_at_1280_and_390_px(browser, live_server, portfolio, role):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(role.value)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    check_pages(page, live_server.url, ROLE_PAGES[role])
    context.close()
