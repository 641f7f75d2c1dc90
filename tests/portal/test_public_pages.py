"""The public pages in plain Dutch: what an anonymous visitor sees of the deal, its projects, its
money, its results and its reports."""

from __future__ import annotations

import re
import types
from types import SimpleNamespace

import pytest
from django.test import Client

from tests.factories import book
from tests.portal.conftest import PUBLIC_TITLE, SECRET_TITLE

pytestmark = pytest.mark.django_db

BASE = "/deals/waterwegregio"


def html(path: str, client: Client | None = None) -> str:
    response = (client or Client()).get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def test_the_deal_page_says_how_things_stand(site):
    page = html(f"{BASE}/")
    assert "Hoe staat het ervoor?" in page
    assert "Rijksbijdrage toegekend: €\u00a0125.000,00 van maximaal €\u00a017.700.000,00." in page
    assert "1 project, mede mogelijk gemaakt door Rijk en regio." in page
    assert "2 ideeën ingediend." in page


def test_the_project_list_shows_approved_projects_with_the_art_8_credit(site):
    page = html(f"{BASE}/public/projects/")
    assert PUBLIC_TITLE in page
    assert "Nog maar een idee" not in page  # not approved: deliberation, not public
    assert (
        page.count(
            "Mede mogelijk gemaakt door samenwerking tussen Rijk en regio, in de Regio Deal Waterwegregio"
        )
        == 1
    )
    project = html(f"{BASE}/public/projects/WW-001/")
    assert "Mede mogelijk gemaakt door samenwerking tussen Rijk en regio" in project
    assert "€\u00a0125.000,00" in project and "€\u00a040.000,00" in project


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("pillar=1", True),
        ("pillar=2", False),
        ("gemeente=SCHIEDAM", True),  # the project is in a wijk of Schiedam
        ("gemeente=MAASSLUIS", False),
        ("wijk=SCHIEDAM_NIEUWLAND", True),
        ("wijk=VLAARDINGEN_WESTWIJK", False),
        ("pillar=1&gemeente=SCHIEDAM&wijk=SCHIEDAM_NIEUWLAND", True),
    ],
)
def test_projects_filter_by_pillar_gemeente_and_wijk(site, query, shown):
    page = html(f"{BASE}/public/projects/?{query}")
    assert (PUBLIC_TITLE in page) is shown
    assert ("1 project" in page) is shown


def test_an_unpublished_or_unknown_project_page_is_a_404(site):
    client = Client()
    assert client.get(f"{BASE}/public/projects/WW-003/").status_code == 404
    assert client.get(f"{BASE}/public/projects/NOPE/").status_code == 404


def test_the_money_page_shows_national_and_regional_money_per_pillar_and_gemeente(site):
    page = html(f"{BASE}/public/money/")
    lines = page.split('id="money-lines"')[1].split("</table>")[0]
    p1 = re.search(r"Pijler 1: Impuls leefbaarheid in wijken</th>(.*?)</tr>", lines, re.S).group(1)
    cells = re.findall(r">([^<]+)</td>", p1)
    assert cells == [
        "€\u00a08.400.000,00",
        "€\u00a0125.000,00",
        "€\u00a040.000,00",
        "€\u00a08.400.000,00",
        "€\u00a0130.000,00",
        "€\u00a00,00",
    ]
    parties = page.split('id="money-parties"')[1].split("</table>")[0]
    schiedam = re.search(r">Schiedam</th>(.*?)</tr>", parties, re.S).group(1)
    assert re.findall(r">([^<]+)</td>", schiedam) == ["€\u00a0125.000,00", "€\u00a0130.000,00", "€\u00a00,00"]


def test_the_money_charts_name_pillars_and_parties_with_a_title_and_no_inline_style_or_script(site):
    page = html(f"{BASE}/public/money/")
    lines = page.split('id="chart-lines"')[1].split("</figure>")[0]
    parties = page.split('id="chart-parties"')[1].split("</figure>")[0]
    assert 'id="chart-lines-title">Rijksbijdrage toegekend en regionale financiering toegezegd' in lines
    assert '<span class="rd-bars__label">Pijler 1: Impuls leefbaarheid in wijken</span>' in lines
    assert "Rijk €\u00a0125.000</span>" in lines
    assert '<span class="rd-bars__label">Schiedam</span>' in parties
    # Bars are SVG without text: the labels are page text and keep their size on a phone.
    assert "<rect" in lines and "<text" not in lines + parties
    assert "style=" not in page
    assert re.search(r"<script(?![^>]*\bsrc=)", page) is None


def test_the_results_page_shows_every_intended_result_with_its_verdict(site, waterwegregio):
    page = html(f"{BASE}/public/results/")
    assert "Liggen we op schema?" in page
    for result in waterwegregio.versions.get(number=1).results.all():
        assert f'id="result-{result.code}"' in page
    assert 'data-verdict="no_data"' in page
    assert f">{PUBLIC_TITLE}</a>" in page  # the project working on 1A


def test_before_a_report_is_submitted_the_site_says_no_reports_yet(site):
    assert "Er zijn nog geen voortgangsrapportages ingediend." in html(f"{BASE}/")


def test_submitted_reports_come_from_the_reporting_selector(site, monkeypatch):
    import datetime as dt

    fake = types.ModuleType("regiodeal.reporting.selectors")
    fake.public_reports_of = lambda deals: {
        d.pk: [
            SimpleNamespace(
                year=2025,
                submitted_on=dt.date(2026, 7, 10),
                checksum="ab12cd34ef56" + "0" * 52,
                url="/media/reports/waterwegregio-2025-public.pdf",
            )
        ]
        for d in deals
    }
    monkeypatch.setattr("regiodeal.portal.selectors.reporting", fake)
    page = html(f"{BASE}/")
    assert 'href="/media/reports/waterwegregio-2025-public.pdf">Voortgangsrapportage 2025 (PDF)</a>' in page
    assert "ingediend op 10 juli 2026" in page and "ab12cd34ef56" in page


def test_an_outreach_summary_is_shown_when_participation_provides_one(site, monkeypatch):
    fake = types.ModuleType("regiodeal.participation.selectors")
    fake.public_outreach_summary = lambda deal, **_: {"Gesprekken met inwoners": 12}
    fake.outreach_norm = lambda **_: 30
    monkeypatch.setattr("regiodeal.portal.selectors.participation", fake)
    page = html(f"{BASE}/")
    assert "In gesprek met inwoners" in page and "<dt>Gesprekken met inwoners</dt><dd>12</dd>" in page


def test_the_english_switch_gives_the_pages_in_english(site):
    """The interface strings are translated by the lead (locale/); the deal's own English texts
    come from the definition."""
    page = html(f"/en{BASE}/public/projects/")
    assert '<html lang="en">' in page and "Boosting liveability in neighbourhoods" in page


def test_a_change_shows_on_the_next_request_despite_the_cache(site):
    assert "€\u00a0125.000,00" in html(f"{BASE}/public/money/")
    book(site["deal"], "national_allocation", "5000.00", "P1", project="WW-001", organisation="SCHIEDAM")
    assert "€\u00a0130.000,00" in html(f"{BASE}/public/money/")


def test_a_confidentiality_that_starts_tomorrow_hides_the_project_from_tomorrow_without_a_write(
    site, monkeypatch
):
    import datetime as dt

    from django.utils import timezone

    from regiodeal.audit.services import Actor
    from regiodeal.disclosure.services import confidentiality_start

    today = timezone.localdate()
    confidentiality_start(
        actor=Actor(label="t"),
        deal=site["deal"],
        record=site["public"],
        starts_on=today + dt.timedelta(days=1),
        grounds="g",
        source="test",
    )
    assert PUBLIC_TITLE in html(f"{BASE}/public/projects/")
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today + dt.timedelta(days=1))
    assert PUBLIC_TITLE not in html(f"{BASE}/public/projects/")
    assert SECRET_TITLE not in html(f"{BASE}/public/projects/")


def test_the_participation_apps_outreach_summary_shows_counts_per_wijk(site, monkeypatch):
    from regiodeal.participation import selectors

    summary = selectors.PublicOutreachSummary(
        threshold=10,
        norm=30,
        residents=45,
        conversations=6,
        per_wijk=[
            selectors.PublicCount("SCHIEDAM_OOST", "Schiedam-Oost", 45),
            selectors.PublicCount("VLAARDINGEN_WESTWIJK", "Vlaardingen Westwijk", None),
        ],
        per_form=[],
        per_group=[],
        per_theme=[],
        texts=[],
    )
    monkeypatch.setattr(selectors, "public_outreach_summary", lambda deal, **_: summary)
    page = html(f"{BASE}/")
    assert "We spraken 45 inwoners in 6 gesprekken." in page
    assert re.search(r">Schiedam-Oost</th>\s*<td[^>]*>45</td>", page)
    assert re.search(r">Vlaardingen Westwijk</th>\s*<td[^>]*>minder dan 10</td>", page)
