"""Wijken and themes managed on screen (Art. 2.1: the list of wijken where the Parties go to
residents), no dead end when the list is empty, and a truthful verdict: "0 van 0 wijken" is no
data, never on schedule, on the page, in the API and in the report's figures alike."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from regiodeal.audit.models import AuditEvent
from regiodeal.common.locking import EditConflict
from regiodeal.participation import selectors, services
from regiodeal.results.services import measurement_record

from .conftest import ACTOR, norm_link, talk

BASE = "/deals/waterwegregio/participation/"
API = "/api/v1/deals/waterwegregio/participation/"
READERS_NOT_MANAGING = ["regiokassier", "party_representative", "project_lead", "ministry", "auditor"]


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# --- the verdict ---------------------------------------------------------------------------------


@pytest.fixture
def measured_but_not_listed(with_baseline):
    """Measurements of the norm for a wijk the results app knows, while the participation list is
    empty (as the example portfolio has it): the results series alone is on schedule."""
    deal = with_baseline
    indicator = norm_link(deal).indicator
    for on, value in [(dt.date(2025, 4, 1), 10), (dt.date(2025, 7, 1), 20)]:
        measurement_record(
            actor=ACTOR,
            deal=deal,
            indicator=indicator,
            value=D(value),
            on=on,
            source="test",
            area_code="WK060601",
            area_name="Nieuwland",
        )
    return deal


def test_no_wijk_on_the_list_is_no_data_not_on_schedule(measured_but_not_listed):
    overview = selectors.norm_overview(deal=measured_but_not_listed, on=dt.date(2025, 7, 2))
    assert overview.wijken == []
    assert overview.met_count == 0
    assert overview.verdict == "no_data"


def test_the_page_and_the_api_say_no_data_for_0_of_0(measured_but_not_listed, make_user):
    client = client_for(make_user("programme_office", measured_but_not_listed))
    page = client.get(f"{BASE}?on=2025-07-02").content.decode()
    summary = page.split('id="norm-summary"')[1].split("</p>")[0]
    assert "geen gegevens" in summary and "op schema" not in summary
    assert "0 van 0" not in summary
    assert "Er staan geen wijken op de lijst" in summary
    api = client.get(f"{API}norm/?on=2025-07-02").json()
    assert api["verdict"] == "no_data" and api["wijken"] == []


def test_the_overall_verdict_is_the_worst_of_the_wijken_on_the_list(wijken):
    deal = wijken["oost"].deal
    talk(deal, wijken["nieuwland"], 30, dt.date(2025, 3, 1))
    talk(deal, wijken["oost"], 2, dt.date(2025, 6, 1))
    overview = selectors.norm_overview(deal=deal, on=dt.date(2025, 7, 2))
    verdicts = {w.wijk.code: w.verdict for w in overview.wijken}
    assert verdicts["WK060601"] == "achieved"
    assert verdicts["WK060602"] == "behind"
    assert verdicts["WK062205"] == "no_data"
    assert overview.verdict == "behind"


# --- wijken ---------------------------------------------------------------------------------------


def test_editing_a_wijk_keeps_its_code_and_is_audited(wijken):
    oost = wijken["oost"]
    services.wijk_update(
        actor=ACTOR,
        wijk=oost,
        expected_version=oost.lock_version,
        name="Schiedam-Oost",
        gemeente="SCHIEDAM",
        within="SCHIEDAM_NIEUWLAND",
        listed_on=dt.date(2025, 2, 1),
        ended_on=None,
    )
    oost.refresh_from_db()
    assert (oost.code, oost.name, oost.within, oost.listed_on) == (
        "WK060602",
        "Schiedam-Oost",
        "SCHIEDAM_NIEUWLAND",
        dt.date(2025, 2, 1),
    )
    event = AuditEvent.objects.filter(action="participation.wijk.updated").latest("id")
    assert event.before["name"] == "Oost" and event.after["name"] == "Schiedam-Oost"


def test_a_wijk_edited_by_someone_else_in_between_is_refused(wijken):
    oost = wijken["oost"]
    stale = oost.lock_version
    services.wijk_update(
        actor=ACTOR,
        wijk=oost,
        expected_version=stale,
        name="A",
        gemeente="SCHIEDAM",
        listed_on=oost.listed_on,
    )
    with pytest.raises(EditConflict):
        services.wijk_update(
            actor=ACTOR,
            wijk=oost,
            expected_version=stale,
            name="B",
            gemeente="SCHIEDAM",
            listed_on=oost.listed_on,
        )


def test_a_wijk_of_another_gemeente_or_ended_before_it_started_is_refused(wijken):
    oost = wijken["oost"]
    with pytest.raises(ValidationError) as exc:
        services.wijk_update(
            actor=ACTOR,
            wijk=oost,
            expected_version=oost.lock_version,
            name="Oost",
            gemeente="VLAARDINGEN",
            listed_on=oost.listed_on,
            ended_on=oost.listed_on,
        )
    assert "WK0622" in " ".join(exc.value.message_dict["gemeente"])
    assert "ended_on" in exc.value.message_dict
    oost.refresh_from_db()
    assert oost.gemeente == "SCHIEDAM" and oost.ended_on is None


def test_an_ended_wijk_leaves_the_norm_and_takes_no_new_conversations(wijken):
    oost = wijken["oost"]
    deal = oost.deal
    talk(deal, oost, 5, dt.date(2025, 3, 1))
    services.wijk_update(
        actor=ACTOR,
        wijk=oost,
        expected_version=oost.lock_version,
        name="Oost",
        gemeente="SCHIEDAM",
        listed_on=oost.listed_on,
        ended_on=dt.date(2025, 6, 1),
    )
    before = {w.wijk.code for w in selectors.norm_overview(deal=deal, on=dt.date(2025, 5, 31)).wijken}
    after = {w.wijk.code for w in selectors.norm_overview(deal=deal, on=dt.date(2025, 6, 1)).wijken}
    assert "WK060602" in before and "WK060602" not in after
    with pytest.raises(ValidationError) as exc:
        talk(deal, oost, 5, dt.date(2025, 6, 2))
    assert "niet meer op de lijst" in " ".join(exc.value.message_dict["wijk"])
    assert oost.conversations.count() == 1  # the earlier conversation stays


# --- themes ---------------------------------------------------------------------------------------


def test_a_theme_is_renamed_and_taken_off_the_list_with_its_code_kept(themes):
    theme = themes["wonen"]
    services.theme_update(
        actor=ACTOR, theme=theme, expected_version=theme.lock_version, name="Wonen", active=False
    )
    theme.refresh_from_db()
    assert (theme.code, theme.name, theme.active) == ("wonen", "Wonen", False)
    assert theme not in selectors.theme_list(deal=theme.deal, active_only=True)
    event = AuditEvent.objects.filter(action="participation.theme.updated").latest("id")
    assert event.before["active"] is True and event.after["active"] is False


def test_a_theme_without_a_name_is_refused(themes):
    theme = themes["wonen"]
    with pytest.raises(ValidationError):
        services.theme_update(
            actor=ACTOR, theme=theme, expected_version=theme.lock_version, name=" ", active=True
        )


# --- no dead end ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["conversations/new/", "initiatives/new/"])
def test_without_wijken_the_form_page_says_where_to_add_them(path, with_baseline, make_user):
    client = client_for(make_user("programme_office", with_baseline))
    response = client.get(BASE + path)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Er staan nog geen wijken op de lijst" in page
    assert f'href="{BASE}wijken/#wijk-toevoegen"' in page
    assert '<form method="post" class="rd-form"' not in page


def test_a_wijk_ended_today_is_not_offered_in_the_conversation_form(wijken, make_user):
    deal = wijken["oost"].deal
    for wijk in wijken.values():
        services.wijk_update(
            actor=ACTOR,
            wijk=wijk,
            expected_version=wijk.lock_version,
            name=wijk.name,
            gemeente=wijk.gemeente,
            within=wijk.within,
            listed_on=wijk.listed_on,
            ended_on=dt.date.today(),
        )
    client = client_for(make_user("programme_office", deal))
    assert "Er staan nog geen wijken op de lijst" in client.get(f"{BASE}conversations/new/").content.decode()


def test_the_quality_page_names_no_command_line(wijken, make_user):
    client = client_for(make_user("programme_office", wijken["oost"].deal))
    page = client.get(f"{BASE}quality/").content.decode()
    assert "regiodeal import-population" not in page and "--deal" not in page


# --- permissions ---------------------------------------------------------------------------------


@pytest.fixture
def managed(role_users, wijken, themes):
    from .conftest import garden

    return {
        "users": role_users,
        "wijk": wijken["oost"],
        "theme": themes["wonen"],
        "initiative": garden(wijken["oost"].deal, wijken["nieuwland"]),
    }


def edit_pages(m):
    return [
        f"{BASE}wijken/{m['wijk'].pk}/edit/",
        f"{BASE}themes/{m['theme'].pk}/edit/",
        f"{BASE}initiatives/{m['initiative'].pk}/edit/",
    ]


@pytest.mark.parametrize("role", ["programme_office", *READERS_NOT_MANAGING, "other_deal", "anonymous"])
def test_only_the_programme_office_opens_the_edit_forms(role, managed):
    client = client_for(managed["users"][role])
    for url in edit_pages(managed):
        response = client.get(url)
        if role == "programme_office":
            assert response.status_code == 200, url
        elif role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        else:
            assert response.status_code == 403, url


@pytest.mark.parametrize("role", ["programme_office", *READERS_NOT_MANAGING, "other_deal", "anonymous"])
def test_only_the_programme_office_edits_wijken_and_themes(role, managed):
    client = client_for(managed["users"][role])
    wijk, theme = managed["wijk"], managed["theme"]
    wijk_post = client.post(
        f"{BASE}wijken/{wijk.pk}/edit/",
        {
            "name": "Oost-Nieuw",
            "gemeente": "SCHIEDAM",
            "listed_on": "2025-01-01",
            "lock_version": wijk.lock_version,
        },
    )
    theme_post = client.post(
        f"{BASE}themes/{theme.pk}/edit/", {"name": "Wonen!", "lock_version": theme.lock_version}
    )
    wijk.refresh_from_db()
    theme.refresh_from_db()
    office = role == "programme_office"
    assert (wijk.name == "Oost-Nieuw") == office
    assert (theme.name == "Wonen!") == office
    assert (theme.active is False) == office  # an unchecked box is "not in use"
    if office:
        assert wijk_post.status_code == 302 and theme_post.status_code == 302
    elif role != "anonymous":
        assert wijk_post.status_code == 403 and theme_post.status_code == 403


def test_a_bad_theme_is_shown_at_its_field_on_the_wijken_page(managed):
    client = client_for(managed["users"]["programme_office"])
    response = client.post(f"{BASE}themes/", {"theme-code": "wonen", "theme-name": "Dubbel"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_theme-code_error"' in page and "Er is al een thema met deze code." in page
    assert 'href="#id_theme-code"' in page  # the error summary links to the field
