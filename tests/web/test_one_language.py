"""One language at a time: every page reachable by each role, and the public
site, rendered in Dutch and in English, shows no text of the other language.

A text of the other language is a visible text equal to an entry of the compiled English
catalogue whose translation differs (tests/web/language.py says what counts as visible). The crawl
is the role crawl of tests/web/test_workspace_crawl.py: it follows links from the role's landing
pages, one address of each shape, and posts the programme office's forms on the English site. The
example portfolio is built once for the module: one test walks every role in both languages, and
within a language a shape that an earlier role already rendered is not rendered again (each
role's own landing pages always are)."""

from __future__ import annotations

from collections import Counter

import pytest
from django.test import Client

from tests.web.language import Catalogue, foreign_texts, normal
from tests.web.test_workspace_crawl import SKIP, Crawler

pytestmark = [pytest.mark.django_db, pytest.mark.presentation]

# The programme office's forms are posted once on the English site (as the workspace crawl posts
# them: as shown, then filled in): the refusals and messages they answer with are read too.
POSTING = True
STARTS = ["/", "/accounts/me/", "/work/", "/deals/waterwegregio/", "/portfolio/"]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue()


NAMES = ("name", "title", "code", "short_name", "label", "username")


def data_values() -> frozenset[str]:
    """Names, titles and codes stored in the database: data, shown as entered in both languages
    (a project titled "... (voorbeeld)" by the example portfolio). Read once, after the portfolio
    is built; reasons and summaries are not data in this sense (they are checked)."""
    from django.apps import apps
    from django.db import models

    values: set[str] = set()
    for model in apps.get_models():
        fields = [
            f.name for f in model._meta.concrete_fields if isinstance(f, models.CharField) and f.name in NAMES
        ]
        for row in model.objects.values_list(*fields) if fields else ():
            values.update(normal(v) for v in row if v)
    return frozenset(values)


class LanguageCrawler(Crawler):
    """GETs the pages of one language and reads their text; posts nothing."""

    def __init__(
        self,
        client: Client,
        language: str,
        catalogue: Catalogue,
        shapes: Counter,
        starts: list[str],
        data: frozenset[str],
    ):
        super().__init__(client)
        self.language = language
        self.catalogue = catalogue
        self.shapes = shapes  # shared by the roles of one language
        self.starts = set(starts)
        self.found: dict[str, tuple[str, str, str]] = {}
        self.data = data
        self.posting = False

    def skipped(self, path: str) -> bool:
        if not path.startswith("/") or path.startswith("//"):
            return True
        english = path == "/en" or path.startswith("/en/")
        if english != (self.language == "en"):
            return True
        return path.removeprefix("/en").startswith(SKIP)

    def wanted(self, path: str) -> bool:
        if path in self.starts and path not in self.visits and not self.skipped(path):
            return True
        return super().wanted(path)

    def post(self, page, form) -> None:
        if self.posting:
            super().post(page, form)

    def check(self, response, method: str, where: str) -> None:
        super().check(response, method, where)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            return
        for text, (entry, translation) in foreign_texts(
            response.content, self.language, self.catalogue
        ).items():
            if normal(text) not in self.data:
                self.found.setdefault(text, (where, entry, translation))


def test_no_page_shows_text_of_the_other_language(example_portfolio, make_user, catalogue, django_user_model):
    from regiodeal.accounts.roles import Role
    from regiodeal.projects.models import Project

    waterwegregio = example_portfolio
    users = {
        "anonymous": None,
        "programme_office": make_user(Role.PROGRAMME_OFFICE, waterwegregio),
        "regiokassier": make_user(Role.REGIOKASSIER, waterwegregio, "ROTTERDAM"),
        "party_representative": make_user(Role.PARTY_REPRESENTATIVE, waterwegregio, "SCHIEDAM"),
        "project_lead": make_user(Role.PROJECT_LEAD, waterwegregio, "VLAARDINGEN"),
        "ministry": make_user(Role.MINISTRY),
        "auditor": make_user(Role.AUDITOR, waterwegregio),
        "beheerder": django_user_model.objects.create_superuser(
            "beheerder", "beheer@example.nl", "x-long-pw-1"
        ),
    }
    for project in Project.objects.filter(deal=waterwegregio).order_by("code")[:3]:
        project.managers.add(users["project_lead"])

    problems, visited, data = [], Counter(), data_values()
    for language in ("nl", "en"):
        shapes: Counter = Counter()
        prefix = "/en" if language == "en" else ""
        starts = [prefix + s for s in STARTS]
        for role, user in users.items():
            client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language)
            if user is not None:
                client.force_login(user)
            crawler = LanguageCrawler(client, language, catalogue, shapes, starts, data)
            crawler.posting = POSTING and role == "programme_office" and language == "en"
            crawler.run(starts)
            visited[language] += len(crawler.visits)
            visited["posted"] += len(crawler.posted)
            assert crawler.failures == [], crawler.failures
            problems += [
                f"{language} {role} {where}: {text!r} is {'Dutch' if language == 'en' else 'English'}"
                f" ({entry!r} -> {translation!r})"
                for text, (where, entry, translation) in crawler.found.items()
            ]
    assert visited["nl"] >= 100 and visited["en"] >= 100 and visited["posted"] >= 20, visited
    assert not problems, "\n".join(sorted(set(problems)))
