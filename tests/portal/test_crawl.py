"""A confidential record and a resident's contact details can't be reached
anonymously through any URL the site or the schema exposes. The crawl starts at the public home
page as an anonymous visitor, follows every same-site link, and reads every public API path of the
schema; then it follows the programme office's links to prove that every page only a logged-in
account sees refuses an anonymous visitor."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag

import pytest
from django.test import Client

from tests.portal.conftest import CONTACT, INTERNAL_NOTE, RISK_NOTE, SECRET_CODE, SECRET_TITLE
from tests.portal.surface import public_api_paths

pytestmark = pytest.mark.django_db

FORM_CONTACT = {"name": "Gerbrand Kwakernaat", "email": "g.kwakernaat@voorbeeld.nl", "phone": "010 987 6543"}
SECRETS = [SECRET_TITLE, SECRET_CODE, INTERNAL_NOTE, RISK_NOTE, *CONTACT.values(), *FORM_CONTACT.values()]
HREF = re.compile(r'href="([^"]+)"')
SKIP = ("/static/", "/admin/", "/i18n/", "/media/")


def links(body: str) -> list[str]:
    out = []
    for href in HREF.findall(body):
        href = urldefrag(href.replace("&amp;", "&"))[0]
        if href.startswith("/") and not href.startswith("//") and not href.startswith(SKIP):
            out.append(href)
    return out


def crawl(client: Client, starts: list[str], limit: int = 600) -> dict[str, tuple[int, str]]:
    seen: dict[str, tuple[int, str]] = {}
    queue = deque(starts)
    while queue and len(seen) < limit:
        path = queue.popleft()
        if path in seen:
            continue
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        seen[path] = (response.status_code, text)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            queue.extend(x for x in links(text) if x not in seen)
    assert len(seen) < limit, "crawl limit reached: raise it"
    return seen


def seed_idea_through_the_form(client: Client) -> None:
    response = client.post(
        "/deals/waterwegregio/ideas/",
        {
            "title": "Speelplek achter de flat",
            "description": "Een veilige speelplek voor de kleintjes.",
            "area": "SCHIEDAM_OOST",
            "consent": "on",
            **FORM_CONTACT,
        },
    )
    assert response.status_code == 200 and "Bedankt voor uw idee" in response.content.decode()


def test_an_anonymous_crawl_finds_no_confidential_record_contact_detail_or_internal_note(site):
    anonymous = Client()
    seed_idea_through_the_form(anonymous)
    pages = crawl(anonymous, ["/", "/en/", *public_api_paths("waterwegregio")])
    errors = [f"{p}: {s}" for p, (s, _t) in pages.items() if s >= 500]
    assert errors == []
    found = [
        f"{needle!r} on {path}" for path, (_s, text) in pages.items() for needle in SECRETS if needle in text
    ]
    assert found == []
    reached = {p for p, (s, _t) in pages.items() if s == 200}
    # The crawl got round the public site: every section and every download.
    for part in (
        "/public/projects/WW-001/",
        "/public/money/",
        "/public/results/",
        "/public/ideas/3/",
        "/public/open-data/ideas.csv",
        "/en/deals/waterwegregio/public/ideas/",
        "/ideas/",
    ):
        assert any(p.endswith(part) for p in reached), part
    assert "Speelplek achter de flat" not in "".join(
        t for _s, t in pages.values()
    )  # not read yet: text hidden


def test_every_page_the_programme_office_reaches_either_is_public_or_refuses_anonymous_visitors(
    site, role_users
):
    anonymous = Client()
    public = {p for p, (s, _t) in crawl(anonymous, ["/", "/en/"]).items() if s == 200}
    office = Client()
    office.force_login(role_users["programme_office"])
    internal = crawl(office, ["/deals/waterwegregio/", "/portfolio/", "/deals/waterwegregio/ideas/manage/1/"])
    assert any(SECRET_TITLE in t for _s, t in internal.values())  # the office does see it
    assert any(CONTACT["email"] in t for _s, t in internal.values())  # on the audited contact page
    checked, wrong = 0, []
    for path, (status, _text) in internal.items():
        if status != 200 or path in public:
            continue
        response = anonymous.get(path)
        checked += 1
        body = response.content.decode("utf-8", "replace") if not response.streaming else ""
        refused = response.status_code in (401, 403, 404) or (
            response.status_code == 302 and "/accounts/login/" in response["Location"]
        )
        if not refused or any(needle in body for needle in SECRETS):
            wrong.append(f"{path}: {response.status_code}")
    assert wrong == []
    assert checked >= 10


def test_every_api_path_of_the_schema_is_public_without_secrets_or_refused(site, role_users):
    from rest_framework.test import APIClient

    from tests.api.test_role_matrix import fill, schema_operations, view_class

    office = APIClient()
    office.force_authenticate(role_users["programme_office"])
    anonymous = APIClient()
    wrong, public = [], 0
    paths = {fill(t, office) for t, method in schema_operations() if method == "get"}
    paths |= {f"/api/v1/deals/waterwegregio/ideas/{n}/contact/" for n in (1, 2)}
    for path in sorted(p for p in paths if p and not p.endswith(("/schema/", "/docs/"))):
        response = anonymous.get(path)
        body = response.content.decode("utf-8", "replace")
        if getattr(view_class(path), "read_capability", None) is None:
            public += 1
            if response.status_code != 200 or any(needle in body for needle in SECRETS):
                wrong.append(f"{path}: {response.status_code} (public)")
        elif response.status_code not in (401, 403):
            wrong.append(f"{path}: {response.status_code}")
    assert wrong == []
    assert public >= 9
