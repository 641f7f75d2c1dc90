"""Every public page and each role's main pages of the example portfolio, in a real Chromium, each
page opened twice: in Dutch at 1280 px and in English at 390 px. On each:

- the one frame: one header naming the context (the deal inside a deal, "regiodeal" outside), one
  navigation of at most two levels in which a name leads to one address, titles "Pagina · Deal",
  and (at 1280 px, with the keyboard) a focus ring that shows (computed outline of 2 px or more);
- tables and charts that fit: the page is never wider than the window; a table is wider than its
  container only inside the marked scroll region (tabindex="0", role="region" and a label), which
  never reaches past the main column; a chart stays inside the main column unless it scrolls in
  such a region, and every text of a chart is 12 px or more as drawn; no table carries a visible
  caption that repeats a heading of the page;
- axe finds no WCAG 2.1 A/AA violation.

One visit per page, language and width serves all three checks (they were two crawls of the same
pages before). The settings form of the identity and statements is tested in test_frame_browser.py."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from regiodeal.accounts.roles import Role
from tests.browser_helpers import assert_accessible, logged_in
from tests.deal_template import replayed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEAL = "/deals/waterwegregio"
DEAL_NAME = "Regio Deal Waterwegregio"
PUBLIC = [
    "/",
    "/portfolio/",
    f"{DEAL}/",
    f"{DEAL}/public/projects/",
    f"{DEAL}/public/projects/WW-101/",
    f"{DEAL}/public/money/",
    f"{DEAL}/public/results/",
    f"{DEAL}/public/ideas/",
    f"{DEAL}/ideas/",
    f"{DEAL}/public/open-data/",
    f"{DEAL}/public/reports/",
    f"{DEAL}/public/privacy/",
    f"{DEAL}/public/toegankelijkheid/",
    f"{DEAL}/public/contact/",
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
        f"{DEAL}/settings/",
    ],
    Role.REGIOKASSIER: ["/work/", f"{DEAL}/finance/", f"{DEAL}/finance/grootboek/", f"{DEAL}/finance/spuk/"],
    Role.PARTY_REPRESENTATIVE: ["/work/", f"{DEAL}/governance/requests/", f"{DEAL}/results/"],
    Role.PROJECT_LEAD: ["/work/", f"{DEAL}/projects/", f"{DEAL}/projects/WW-102/"],
    Role.AUDITOR: ["/work/", f"{DEAL}/audit/"],
    Role.MINISTRY: ["/work/", "/portfolio/"],
}
ORGANISATION = {
    Role.REGIOKASSIER: "ROTTERDAM",
    Role.PARTY_REPRESENTATIVE: "SCHIEDAM",
    Role.PROJECT_LEAD: "VLAARDINGEN",
}

FRAME = """() => {
  const problems = [];
  if (document.querySelectorAll("header").length !== 1) problems.push("not one header");
  const navs = document.querySelectorAll("nav.rd-nav");
  if (navs.length > 1) problems.push("more than one main navigation");
  if (document.querySelector(".rd-subnav, .rd-finance-nav, .rd-nav--internal"))
    problems.push("a second menu");
  navs.forEach(n => { if (n.querySelectorAll("ul.rd-nav__list").length > 2 || n.querySelector("ul ul"))
    problems.push("more than two levels"); });
  const seen = {};
  document.querySelectorAll("header a, footer a").forEach(a => {
    const name = a.textContent.trim().replace(/\\s+/g, " ");
    const url = a.getAttribute("href");
    if (name && name in seen && seen[name] !== url) problems.push(name + " leads to two places");
    seen[name] = url;
  });
  return problems;
}"""

FOCUS = """() => {
  const a = document.querySelector("nav.rd-nav a") || document.querySelector("footer a");
  a.focus();
  const s = getComputedStyle(a);
  return [document.activeElement === a, s.outlineStyle, parseFloat(s.outlineWidth)];
}"""


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


def check_pages(page, base: str, paths: list[str]) -> list[str]:
    """Opens each path in Dutch at 1280 px and in English at 390 px; returns what is wrong."""
    problems = []
    for path in paths:
        for language, width in (("", 1280), ("/en", 390)):
            where = f"{language}{path} at {width} px"
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(f"{base}{language}{path}")
            if response.status != 200:
                problems.append(f"{where}: answered {response.status}")
                continue
            assert page.locator("html").get_attribute("lang") == ("en" if language else "nl"), where
            # /work/ leads a person with one deal to that deal's "Mijn werk": inside the deal.
            inside = page.url.removeprefix(base).removeprefix("/en").startswith("/deals/")
            name = DEAL_NAME if inside else "regiodeal"
            expect(page.locator(".rd-brand")).to_have_text(name)
            page_title, _, context = page.title().rpartition(" · ")
            if not (page_title and context == name):
                problems.append(f"{where}: the title is {page.title()!r}")
            problems += [f"{where}: {p}" for p in page.evaluate(FRAME) + page.evaluate(MEASURE)]
            if width == 1280:
                page.keyboard.press("Tab")  # keyboard modality: :focus-visible applies next
                focused, style, outline = page.evaluate(FOCUS)
                if not (focused and style != "none" and outline >= 2):
                    problems.append(f"{where}: the focus ring is {style} {outline} px")
            assert_accessible(page)
    return problems


@pytest.fixture
@replayed
def portfolio(example_portfolio, make_user):
    """The example portfolio (as `regiodeal demo` writes it) and an account per role."""
    from regiodeal.projects.models import Project

    waterwegregio = example_portfolio
    users = {
        role: make_user(
            role,
            None if role == Role.MINISTRY else waterwegregio,
            ORGANISATION.get(role),
            username=role.value,
        )
        for role in ROLE_PAGES
    }
    Project.objects.get(deal=waterwegregio, code="WW-102").managers.add(users[Role.PROJECT_LEAD])
    return users


def test_every_public_page(page, live_server, portfolio):
    assert check_pages(page, live_server.url, PUBLIC) == []


@pytest.mark.parametrize("role", list(ROLE_PAGES), ids=lambda r: r.value)
def test_the_main_pages_of_each_role(browser, live_server, portfolio, role):
    page = logged_in(browser, live_server, role.value)
    assert check_pages(page, live_server.url, ROLE_PAGES[role]) == []
