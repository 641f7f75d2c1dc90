"""The site's own error pages: in the site's frame, in the reader's language, with a way back;
a 403 says which right the page needs, who has it and whom to ask. 400 and 500 read nothing from
the database. The API answers JSON."""

import pytest
from django.test import RequestFactory

from regiodeal.accounts.roles import Role
from regiodeal.api.errors import bad_request, server_error
from tests.browser_helpers import assert_accessible, logged_in

DEAL = "/deals/waterwegregio"


@pytest.mark.django_db
def test_404_in_dutch_in_the_frame_with_a_way_back(client, waterwegregio):
    r = client.get(
        f"{DEAL}/public/projects/GEEN-PROJECT/", HTTP_REFERER="http://testserver/deals/waterwegregio/"
    )
    html = r.content.decode()
    assert r.status_code == 404
    assert "Pagina niet gevonden" in html and "Not Found" not in html
    assert 'class="rd-header"' in html and "rd-footer" in html
    assert "<title>Pagina niet gevonden · Regio Deal Waterwegregio</title>" in html
    assert 'href="http://testserver/deals/waterwegregio/">Terug naar de vorige pagina' in html
    assert "Naar de startpagina" in html


@pytest.mark.django_db
def test_404_in_english(client, waterwegregio):
    html = client.get(f"/en{DEAL}/public/projects/NO-PROJECT/").content.decode()
    assert "Page not found" in html and "Pagina niet gevonden" not in html and "startpagina" not in html


@pytest.mark.django_db
def test_403_names_the_right_the_roles_and_whom_to_ask(client, role_users):
    client.force_login(role_users[Role.PROJECT_LEAD.value])
    r = client.get(f"{DEAL}/finance/")
    html = r.content.decode()
    assert r.status_code == 403
    assert "Geen toegang" in html and "403 Forbidden" not in html
    assert "Deze pagina vraagt het recht ‘financiën inzien’." in html
    assert "programmabureau" in html and "regiokassier" in html
    assert "Uw account heeft hier de rol: projectleider." in html
    assert "Vraag het programmabureau van Regio Deal Waterwegregio" in html
    en = client.get(f"/en{DEAL}/finance/").content.decode()
    assert "No access" in en and "Geen toegang" not in en and "programme office" in en


@pytest.mark.django_db
def test_400_and_500_read_nothing_from_the_database(django_assert_num_queries):
    request = RequestFactory().get("/deals/waterwegregio/")
    with django_assert_num_queries(0):
        r500 = server_error(request)
        r400 = bad_request(request)
    assert r500.status_code == 500 and "Er ging iets mis" in r500.content.decode()
    assert r400.status_code == 400 and "Ongeldig verzoek" in r400.content.decode()
    assert "Server Error" not in r500.content.decode()


@pytest.mark.django_db
def test_the_api_answers_json(client, waterwegregio):
    r = client.get("/api/v1/public/deals/geen-deal/")
    assert r.status_code == 404 and r["Content-Type"].startswith("application/json")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_error_pages_are_accessible_in_both_languages(browser, live_server, role_users):
    page = logged_in(browser, live_server, role_users[Role.PROJECT_LEAD.value].username)
    for path in (
        f"{DEAL}/finance/",
        f"/en{DEAL}/finance/",
        f"{DEAL}/projects/GEEN/",
        f"/en{DEAL}/projects/GEEN/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert page.locator("h1").inner_text() in {
            "Geen toegang",
            "No access",
            "Pagina niet gevonden",
            "Page not found",
        }
        assert_accessible(page)
