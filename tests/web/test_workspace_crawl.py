"""A crawl as each role GETs every internal page it reaches and POSTs each
form with the values the form displays. On the example portfolio it finds no response of 500 and
no error logged by `django.request`.

The crawl follows same-site links from the role's landing page and the deal's pages, at most a few
addresses of each shape (digits stand for any number), so that 40 projects do not make 40 visits
of the same template. Each form is posted once per form shape: with what it shows (the selected
option, the checked boxes, the values in the fields), as a user who only presses the button."""

from __future__ import annotations

import logging
import re
from collections import Counter, deque
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html
import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

SKIP = ("/static/", "/admin/", "/media/", "/api/", "/i18n/", "/accounts/logout/", "/accounts/login/")
# Each address shape is visited this often at most: digits and years are one shape.
PER_SHAPE = 1
# Downloads are read but their links not followed; the yearly report is rendered at most once per role.
HEAVY = re.compile(r"/reports/\d+/(download/|openbaar\.pdf)")


FILL = {"date": "2026-06-30", "number": "3", "email": "proef@example.nl", "url": "https://example.nl/"}


def shape(path: str) -> str:
    return re.sub(r"\d+", "N", urlsplit(path).path) + ("?" if urlsplit(path).query else "")


class Crawler:
    def __init__(self, client: Client, heavy: int = 0):
        self.client = client
        self.heavy_allowed = heavy
        self.visits: dict[str, int] = {}
        self.shapes: Counter[str] = Counter()
        self.posted: set[str] = set()
        self.heavy = 0
        self.failures: list[str] = []

    @staticmethod
    def skipped(path: str) -> bool:
        # English pages are the same views: the crawl reads the English landing pages only.
        english = path.startswith("/en/") and path.count("/") > 4
        return (
            not path.startswith("/")
            or path.startswith("//")
            or english
            or path.removeprefix("/en").startswith(SKIP)
        )

    def wanted(self, path: str) -> bool:
        if self.skipped(path):
            return False
        if path in self.visits or self.shapes[shape(path)] >= PER_SHAPE:
            return False
        if HEAVY.search(path):
            return self.heavy < self.heavy_allowed
        return True

    def run(self, starts: list[str], limit: int = 900) -> None:
        queue = deque(starts)
        while queue and len(self.visits) < limit:
            path = queue.popleft()
            if not self.wanted(path):
                continue
            self.shapes[shape(path)] += 1
            if HEAVY.search(path):
                self.heavy += 1
            response = self.client.get(path)
            self.visits[path] = response.status_code
            self.check(response, "GET", path)
            if response.status_code in (301, 302):
                queue.append(response["Location"])
                continue
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            doc = lxml.html.fromstring(response.content)
            for href in doc.xpath("//a/@href | //*/@hx-get"):
                target = urldefrag(urljoin(path, href))[0]
                queue.append(target)
            for form in doc.forms:
                self.post(path, form)
        assert len(self.visits) < limit, "crawl limit reached: raise it"

    def post(self, page: str, form) -> None:
        if (form.method or "GET").upper() != "POST":
            return
        action = urljoin(page, form.action or page)
        if self.skipped(action):
            return
        key = shape(action) + " " + " ".join(sorted(form.fields.keys()))
        if key in self.posted:
            return
        self.posted.add(key)
        values = {}
        for name, value in form.form_values():
            values.setdefault(name, []).append(value)
        response = self.client.post(action, values)
        self.check(response, "POST", f"{action} (form on {page})")
        # Then once more as a user who fills in what is empty and picks the last choice of each list.
        other = dict(values)
        for select in form.xpath(".//select[@name]"):
            options = [o.get("value", o.text_content()) for o in select.xpath(".//option")]
            if options:
                other[select.get("name")] = [options[-1]]
        for field in form.xpath(".//input[@name] | .//textarea[@name]"):
            name, kind = field.get("name"), (field.get("type") or "text").lower()
            if other.get(name, [""])[0] or kind in (
                "hidden",
                "submit",
                "button",
                "file",
                "checkbox",
                "radio",
            ):
                continue
            other[name] = [FILL.get(kind, "Proef 1")]
        if other != values:
            response = self.client.post(action, other)
            self.check(response, "POST", f"{action} (form on {page}, filled in)")

    def check(self, response, method: str, where: str) -> None:
        if response.status_code >= 500:
            self.failures.append(f"{method} {where}: {response.status_code}")


@pytest.fixture(autouse=True)
def forget_rate_limits():
    """The crawl posts the public idea form as every role: the rate limit it counts (in the cache)
    must not follow the next test on this worker."""
    from django.core.cache import cache

    yield
    cache.clear()


@pytest.fixture
def accounts(example_portfolio, make_user):
    from django.contrib.auth import get_user_model

    from regiodeal.accounts.roles import Role
    from regiodeal.projects.models import Project

    users = {
        "programme_office": make_user(Role.PROGRAMME_OFFICE, example_portfolio),
        "regiokassier": make_user(Role.REGIOKASSIER, example_portfolio, "ROTTERDAM"),
        "party_representative": make_user(Role.PARTY_REPRESENTATIVE, example_portfolio, "SCHIEDAM"),
        "project_lead": make_user(Role.PROJECT_LEAD, example_portfolio, "VLAARDINGEN"),
        "ministry": make_user(Role.MINISTRY),
        "auditor": make_user(Role.AUDITOR, example_portfolio),
        "beheerder": get_user_model().objects.create_superuser(
            "beheerder", "beheer@example.nl", "x-long-pw-1"
        ),
    }
    for project in Project.objects.filter(deal=example_portfolio).order_by("code")[:3]:
        project.managers.add(users["project_lead"])
    return users


@pytest.mark.parametrize(
    "role",
    [
        "programme_office",
        "regiokassier",
        "party_representative",
        "project_lead",
        "ministry",
        "auditor",
        "beheerder",
    ],
)
def test_every_page_and_form_of_a_role_answers_without_a_server_error(role, accounts, caplog):
    client = Client(raise_request_exception=False)
    client.force_login(accounts[role])
    crawler = Crawler(client, heavy=1 if role == "programme_office" else 0)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        crawler.run(
            ["/", "/accounts/me/", "/deals/waterwegregio/", "/portfolio/", "/en/deals/waterwegregio/"]
        )
    logged = [
        r.getMessage() for r in caplog.records if r.name == "django.request" and r.levelno >= logging.ERROR
    ]
    assert crawler.failures == []
    assert logged == []
    assert len(crawler.visits) >= 20, crawler.visits  # it did get round
