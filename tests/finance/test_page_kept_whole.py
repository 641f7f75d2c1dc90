"""The money overview kept whole for each account (accounts/pages.py): a second visit renders no
template, yet every response carries the visitor's own CSRF token, a booking shows on the next
request, each account sees its own page, a message waiting is shown once, and a role taken away
holds at once."""

import datetime as dt
import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.test import Client

from regiodeal.accounts.models import Membership

pytestmark = pytest.mark.django_db
OVERVIEW = "/deals/waterwegregio/finance/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


def visit(client, url=OVERVIEW, **headers) -> tuple[str, int]:
    """The page, and how many templates were rendered to answer it."""
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response.content.decode(), len(response.templates)


def signed_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def test_a_second_visit_renders_nothing_and_carries_the_visitors_own_csrf_token(role_users):
    client = signed_in(role_users["programme_office"], enforce_csrf_checks=True)
    first, rendered = visit(client)
    assert rendered > 0
    again, rendered = visit(client)
    assert rendered == 0
    assert TOKEN.sub("", again) == TOKEN.sub("", first)
    tokens = set(TOKEN.findall(again))
    assert len(tokens) == 1 and "slot" not in next(iter(tokens))
    # The token on the kept page is a real one: logging out with it works.
    assert client.post("/accounts/logout/", {"csrfmiddlewaretoken": tokens.pop()}).status_code == 302


def test_a_booking_shows_on_the_next_request(role_users, book):
    client = signed_in(role_users["programme_office"])
    page, _ = visit(client, OVERVIEW + "?on=2026-06-30")
    assert "€\xa0300.000,00" not in page
    book("national_allocation", "300000.00", on=dt.date(2025, 5, 1))
    page, rendered = visit(client, OVERVIEW + "?on=2026-06-30")
    assert rendered > 0 and "€\xa0300.000,00" in page


def test_each_account_sees_its_own_page(role_users):
    office, rendered = visit(signed_in(role_users["programme_office"]))
    kassier, rendered_too = visit(signed_in(role_users["regiokassier"]))
    assert rendered > 0 and rendered_too > 0  # not the office's page
    assert role_users["programme_office"].username in office
    assert role_users["regiokassier"].username in kassier
    assert role_users["programme_office"].username not in kassier


def test_a_role_taken_away_holds_at_once(role_users):
    user = role_users["regiokassier"]
    client = signed_in(user)
    visit(client)
    visit(client)
    Membership.objects.filter(user=user).delete()
    assert client.get(OVERVIEW).status_code == 403


def test_a_role_given_shows_on_the_next_page(role_users):
    """The ministry's role adds the portfolio to the navigation of every page."""
    from regiodeal.accounts.roles import Role

    user = role_users["regiokassier"]
    client = signed_in(user)
    visit(client)
    page, rendered = visit(client)
    assert rendered == 0 and 'href="/portfolio/"' not in page
    Membership.objects.create(user=user, role=Role.MINISTRY)
    page, rendered = visit(client)
    assert rendered > 0 and 'href="/portfolio/"' in page


def test_a_waiting_message_is_shown_once_on_the_page_it_lands_on(role_users):
    client = signed_in(role_users["programme_office"])
    visit(client)
    visit(client)  # kept now
    request = HttpRequest()
    request.session = client.session
    storage = default_storage(request)
    storage.add(constants.SUCCESS, "De boeking is vastgelegd.")
    response = HttpResponse()
    storage.update(response)
    client.cookies.update(response.cookies)
    page, rendered = visit(client)
    assert rendered > 0 and "De boeking is vastgelegd." in page
    page, _ = visit(client)
    assert "De boeking is vastgelegd." not in page


def test_an_htmx_request_and_the_other_language_get_their_own_answer(role_users):
    client = signed_in(role_users["programme_office"])
    visit(client)
    _, rendered = visit(client, HX_Request="true")
    assert rendered > 0
    english, rendered = visit(client, "/en" + OVERVIEW)
    assert rendered > 0 and 'lang="en"' in english
    dutch, rendered = visit(client)
    assert rendered == 0 and 'lang="nl"' in dutch


def test_each_date_asked_for_has_its_own_page_and_other_parameters_are_not_kept(role_users, book):
    book("national_allocation", "300000.00", on=dt.date(2025, 5, 1))
    client = signed_in(role_users["programme_office"])
    before, _ = visit(client, OVERVIEW + "?on=2025-04-30")
    after, _ = visit(client, OVERVIEW + "?on=2026-06-30")
    assert "€\xa0300.000,00" not in before and "€\xa0300.000,00" in after
    again, rendered = visit(client, OVERVIEW + "?on=2025-04-30")
    assert rendered == 0 and TOKEN.sub("", again) == TOKEN.sub("", before)
    for _ in range(2):  # a made-up parameter: answered, never kept
        _, rendered = visit(client, OVERVIEW + "?utm_source=nieuwsbrief")
        assert rendered > 0


def test_a_second_browser_of_the_same_account_logs_out_with_its_own_token(role_users):
    user = role_users["programme_office"]
    first = signed_in(user)
    other = signed_in(user, enforce_csrf_checks=True)  # another session, another CSRF secret
    visit(first)  # (signing in saves the account: a new generation, so both sign in first)
    page, rendered = visit(other)
    assert rendered == 0
    token = TOKEN.search(page).group(1)
    assert other.post("/accounts/logout/", {"csrfmiddlewaretoken": token}).status_code == 302


def test_with_a_cache_that_cannot_be_written_each_account_still_has_its_own_page(role_users, monkeypatch):
    """A cache folder that is full or read-only gives every generation the token "none"
    (dataversion._generations): the account itself is in the key as well."""
    from regiodeal.accounts import pages

    monkeypatch.setattr(pages.dv, "generation", lambda key: "none")
    office = signed_in(role_users["programme_office"])
    visit(office)
    visit(office)
    page, rendered = visit(signed_in(role_users["regiokassier"]))
    assert rendered > 0 and role_users["regiokassier"].username in page


def test_only_a_plain_html_page_of_the_view_itself_is_kept(rf):
    from django.contrib.messages.storage import default_storage
    from django.http import HttpResponseRedirect, JsonResponse

    from regiodeal.accounts.pages import _keepable_response

    request = rf.get(OVERVIEW)
    request.session = {}
    request._messages = default_storage(request)
    assert _keepable_response(request, HttpResponse("<p>pagina</p>"))
    with_header = HttpResponse("<p>pagina</p>")
    with_header["Cache-Control"] = "no-store"
    with_cookie = HttpResponse("<p>pagina</p>")
    with_cookie.set_cookie("keuze", "1")
    for response in (
        with_header,
        with_cookie,
        HttpResponseRedirect("/"),
        JsonResponse({}),
        HttpResponse(status=404),
    ):
        assert not _keepable_response(request, response)
    request._messages.add(constants.INFO, "Opgeslagen.")
    assert not _keepable_response(request, HttpResponse("<p>pagina</p>"))
