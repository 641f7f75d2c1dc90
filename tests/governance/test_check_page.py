"""The covenant check on screen: every domain's findings, grouped by domain and severity, with the
article each names and a link to the page where it is resolved (common/finding_pages.py)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from regiodeal.common.finding_pages import PAGES, page_for, text_for
from regiodeal.common.findings import Finding, findings_for, registered_checks

pytestmark = pytest.mark.django_db
URL = "/deals/waterwegregio/governance/check/"
# Dates on which the example portfolio has findings of every domain but finance's own breaches:
# today's warnings, and years later when reports, SPUK accounts and meetings are overdue.
DATES = [None, dt.date(2030, 1, 1)]


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_finding_of_the_example_portfolio_links_to_a_page_that_opens_and_the_page_reads_well(
    example_portfolio, role_users
):
    office = login(role_users["programme_office"])
    urls = {}
    for on in DATES:
        found = findings_for(example_portfolio, on)
        assert found, "the example portfolio has findings to resolve"
        for finding in found:
            assert finding.rule in PAGES, f"{finding.rule} has no page of its own"
            page = page_for(example_portfolio, finding)
            assert page is not None, finding
            urls.setdefault(page.url, finding.rule)
    # The example portfolio keeps the participation rules (see the test below for their pages).
    assert {rule.split(".")[0] for rule in urls.values()} == {
        "finance",
        "governance",
        "reporting",
        "results",
        "evaluation",
        "communication",
    }
    for url, rule in urls.items():
        assert office.get(url).status_code == 200, (rule, url)

    # The example portfolio is slow to make: the same test reads the page itself.
    the_page_groups_by_domain_and_severity_in_the_readers_language(example_portfolio, role_users)


def the_page_groups_by_domain_and_severity_in_the_readers_language(example_portfolio, role_users):
    office = login(role_users["programme_office"])
    html = office.get(URL, {"on": "2030-01-01"}).content.decode()
    found = findings_for(example_portfolio, dt.date(2030, 1, 1))
    domains = re.findall(r'<section class="rd-check-domain" id="domain-([a-z]+)"', html)
    assert domains == [
        d
        for d in (
            "finance",
            "results",
            "participation",
            "reporting",
            "evaluation",
            "communication",
            "governance",
        )
        if any(f.rule.startswith(d + ".") for f in found)
    ]
    assert html.count('class="utrecht-unordered-list__item rd-finding"') == len(found)
    errors = sum(f.severity == "error" for f in found)
    assert f"Per 1 januari 2030: {errors} fouten, {len(found) - errors} waarschuwingen." in html
    for finding in found:
        assert text_for(finding).replace("'", "&#x27;") in html
        assert page_for(example_portfolio, finding).url in html
    assert "art. 7.3" in html and "art. 6.2" in html
    # Rule codes belong in the logs and the API, not on the screen; nor does English.
    assert not any(finding.rule in html for finding in found)
    assert "result 2A" not in html and "behind schedule" not in html and " due " not in html

    english = office.get("/en" + URL, {"on": "2030-01-01"}).content.decode()
    assert "Check against the covenant" in english and "has no indicator" in english
    assert "Toets aan het convenant" not in english and "loopt achter" not in english

    bad = office.get(URL, {"on": "2026-02-30"})
    assert bad.status_code == 400
    assert "Vul een datum in als jjjj-mm-dd, bijvoorbeeld 2026-12-31." in bad.content.decode()
    assert 'class="utrecht-unordered-list__item rd-finding"' not in bad.content.decode()
    assert "Kies een datum tussen 2000 en 2100." in office.get(URL, {"on": "9999-01-01"}).content.decode()

    money = [f for f in found if f.rule.startswith("finance.")]
    lead = login(role_users["project_lead"]).get(URL, {"on": "2030-01-01"}).content.decode()
    assert 'id="domain-finance"' not in lead
    assert f"{len(money)} bevindingen over het geld ziet alleen wie de financiën mag inzien." in lead


def test_participation_findings_name_their_pages(waterwegregio):
    def page(rule, subject, **data):
        return page_for(waterwegregio, Finding(rule, "2.1", "warning", "", subject, data)).url

    base = "/deals/waterwegregio/"
    assert page("participation.wijk-below-norm", "wijk WK0001") == base + "participation/wijken/"
    assert page("participation.feedback-missing", "conversation 7", wijk="WK1") == (
        base + "participation/conversations/7/"
    )
    assert page("participation.initiative-overdue", "initiative 3") == base + "participation/initiatives/3/"
    assert page("participation.project-without-participation", "project WW-001") == base + "projects/WW-001/"
    assert page("participation.some-new-rule", "x") == base + "participation/"
    text = text_for(
        Finding(
            "participation.feedback-missing",
            "3.1",
            "warning",
            "English",
            "conversation 7",
            {"wijk": "WK1", "held_on": "2026-01-05"},
        )
    )
    assert text.startswith(
        "Geen terugkoppeling aan de bewoners vastgelegd voor het gesprek in wijk WK1 op 2026-01-05"
    )


def test_who_sees_the_check(waterwegregio, role_users):
    for role in (
        "programme_office",
        "regiokassier",
        "party_representative",
        "project_lead",
        "ministry",
        "auditor",
    ):
        assert login(role_users[role]).get(URL).status_code == 200, role
    assert login(role_users["other_deal"]).get(URL).status_code == 403
    anonymous = Client().get(URL)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_the_finance_findings_page_links_to_the_whole_check(waterwegregio, role_users):
    html = login(role_users["regiokassier"]).get("/deals/waterwegregio/finance/bevindingen/").content.decode()
    assert f'href="{URL}"' in html and "regiodeal check" not in html


@pytest.mark.parametrize("on", DATES)
def test_the_findings_of_one_app_are_the_whole_checks_findings_under_that_apps_name(example_portfolio, on):
    """A money page runs only the money checks (`findings_for(..., app="finance")`): it shows
    exactly what the whole check finds under `finance.*`, and so for every app that has checks.
    A name under which no check is registered is refused, not answered with nothing."""
    everything = findings_for(example_portfolio, on)
    apps = {name.split(".")[0] for name in registered_checks()}
    assert {"finance", "governance"} <= {f.rule.split(".")[0] for f in everything}
    for app in sorted(apps):
        only = [f for f in everything if f.rule.startswith(f"{app}.")]
        assert findings_for(example_portfolio, on, app=app) == only
    with pytest.raises(ValueError, match="no checks are registered under 'communication'"):
        findings_for(example_portfolio, on, app="communication")
