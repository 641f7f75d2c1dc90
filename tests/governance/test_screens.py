"""The governance screens, as a user sees them (Django test client)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from regiodeal.governance import services as svc
from regiodeal.governance.models import Request

from .conftest import ACTOR, PARTIES, declaration, discussion

pytestmark = pytest.mark.django_db
BASE = "/deals/waterwegregio/governance/"


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def amendment_form(**overrides):
    data = {
        "filed_by": "",
        "filed_on": "2025-03-03",
        "title": "Een miljoen naar pijler 2",
        "reasons": "Pijler 2 loopt sneller.",
        "effective_from": "",
        "ends_on": "",
        "text_path": "",
        "text_value": "",
        "budget_P1_rijk": "7400000",
        "budget_P1_regional": "7400000",
        "budget_P2_rijk": "7700000",
        "budget_P2_regional": "7700000",
        "budget_P3_rijk": "2070000",
        "budget_P3_regional": "2070000",
        "budget_VAT_rijk": "530000",
        "budget_VAT_regional": "530000",
    }
    return {**data, **overrides}


def test_the_overview_says_not_yet_in_force_and_who_has_not_signed(role_users, waterwegregio):
    html = login(role_users["auditor"]).get(BASE).content.decode()
    assert "nog niet in werking" in html
    assert (
        "Nog niet ondertekend door:" in html
        and "VRO, BZK" in html
        and "gemeente Vlaardingen, Provincie" in html
    )


def test_the_programme_office_records_signatures_until_the_deal_is_in_force(role_users, waterwegregio):
    client = login(role_users["programme_office"])
    orgs = {o.code: o.pk for o in waterwegregio.organisations.all()}
    for i, code in enumerate(PARTIES):
        response = client.post(
            BASE + "signatures/", {"organisation": orgs[code], "signed_on": f"2024-09-{10 + i}"}
        )
        assert response.status_code == 302
    html = client.get(BASE + "signatures/").content.decode()
    assert "in werking sinds 20 september 2024" in html  # last signature 19 September


def test_a_representative_files_an_amendment_on_the_screen_and_sees_the_difference(role_users, signed):
    schiedam = signed.organisations.get(code="SCHIEDAM")
    client = login(role_users["party_representative"])
    page = client.get(BASE + "requests/new/amendment/")
    assert 'name="budget_P1_rijk"' in page.content.decode()
    response = client.post(BASE + "requests/new/amendment/", amendment_form(filed_by=schiedam.pk))
    request = Request.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/requests/{request.number}/")
    html = client.get(response["Location"]).content.decode()
    assert "ingediend" in html
    assert "Begroting, pijler 1 — rijksbijdrage" in html and "€\u00a07.400.000,00" in html
    assert "rijk: &#x27;" not in html  # the YAML is behind the link "Technische weergave (YAML)"
    technical = client.get(response["Location"] + "?weergave=yaml").content.decode()
    assert "<del>-    rijk: &#x27;8400000&#x27;</del>" in technical
    assert "<ins>+    rijk: &#x27;7400000&#x27;</ins>" in technical


def test_a_breaking_amendment_is_refused_on_the_form_with_the_covenants_message(role_users, signed):
    schiedam = signed.organisations.get(code="SCHIEDAM")
    response = login(role_users["party_representative"]).post(
        BASE + "requests/new/amendment/",
        amendment_form(filed_by=schiedam.pk, budget_VAT_rijk="600000", budget_VAT_regional="600000"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "€\u00a0600.000,00 is meer dan 3% van de rijksbijdrage (€\u00a017.770.000,00)" in html
    assert "(art. 4.2)" in html and "Verlaag dit bedrag tot hoogstens €\u00a0533.100,00" in html
    assert "execution-costs-cap" not in html and "exceed" not in html
    assert Request.objects.count() == 0


def test_a_withdrawal_notice_without_circumstances_is_refused_on_the_screen(role_users, signed):
    schiedam = signed.organisations.get(code="SCHIEDAM")
    response = login(role_users["party_representative"]).post(
        BASE + "requests/new/withdrawal/",
        {"party": schiedam.pk, "notice_on": "2025-11-30", "circumstances": ""},
    )
    assert response.status_code == 200
    assert "verandering in omstandigheden vermelden (art. 12.1)" in response.content.decode()
    response = login(role_users["party_representative"]).post(
        BASE + "requests/new/withdrawal/",
        {"party": schiedam.pk, "notice_on": "2025-11-30", "circumstances": "Gemeentelijke herindeling."},
    )
    assert response.status_code == 302
    html = login(role_users["auditor"]).get(response["Location"]).content.decode()
    assert "28 februari 2026" in html


def test_versions_are_listed_readable_and_compared(role_users, signed):
    request = svc.amendment_file(
        actor=ACTOR,
        deal=signed,
        filed_by=signed.organisations.get(code="VRO"),
        filed_on=dt.date(2025, 3, 3),
        title="Langer",
        reasons="R",
        changes={"ends_on": "2029-06-30"},
        discussed_in=discussion(signed, lambda c: signed.organisations.get(code=c), dt.date(2025, 3, 3)),
    )
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2025, 3, 4))
    for code in PARTIES:
        svc.consent_record(
            actor=ACTOR,
            request=request,
            organisation=signed.organisations.get(code=code),
            answer="consent",
            declared_on=dt.date(2025, 3, 10),
            declaration=declaration(),
        )
    client = login(role_users["ministry"])
    listing = client.get(BASE + "versions/").content.decode()
    assert "versie 2" in listing and "10 maart 2025" in listing and "30 juni 2029" in listing
    version_page = client.get(BASE + "versions/2/").content.decode()
    assert "Verklaring van" in version_page  # the declarations are annexed (Art. 11.3)
    old = client.get(BASE + "versions/1/").content.decode()
    assert "31 december 2028" in old
    words = client.get(BASE + "versions/compare/?a=1&b=2").content.decode()
    assert "Looptijd — einddatum" in words and "30 juni 2029" in words and "ends_on" not in words
    diff = client.get(BASE + "versions/compare/?a=1&b=2&weergave=yaml").content.decode()
    assert "<del>-ends_on: &#x27;2028-12-31&#x27;</del>" in diff
    assert "<ins>+ends_on: &#x27;2029-06-30&#x27;</ins>" in diff


def test_the_calendar_page_marks_overdue_duties(role_users, signed):
    html = login(role_users["programme_office"]).get(BASE + "calendar/").content.decode()
    assert "Beginsituatie en evaluatieaanpak beschreven (voorjaar 2025)" in html
    assert "te laat" in html  # 20 June 2025 has passed without evidence


def test_the_comparison_in_words_is_read_by_the_deals_roles_only(role_users, signed):
    request = svc.amendment_file(
        actor=ACTOR,
        deal=signed,
        filed_by=signed.organisations.get(code="SCHIEDAM"),
        filed_on=dt.date(2025, 3, 3),
        title="Langer",
        reasons="R",
        changes={"ends_on": "2029-06-30"},
    )
    url = f"{BASE}requests/{request.number}/"
    for role in ("party_representative", "programme_office", "ministry", "auditor"):
        for suffix in ("", "?weergave=yaml"):
            assert login(role_users[role]).get(url + suffix).status_code == 200, (role, suffix)
    words = login(role_users["party_representative"]).get(url).content.decode()
    assert "Looptijd — einddatum" in words and "31 december 2028" in words and "30 juni 2029" in words
    english = login(role_users["party_representative"]).get("/en" + url).content.decode()
    assert "Term — end date" in english and "30 June 2029" in english
    for suffix in ("", "?weergave=yaml"):
        assert login(role_users["other_deal"]).get(url + suffix).status_code == 403
        anonymous = Client().get(url + suffix)
        assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_an_emptied_text_is_refused_at_the_new_text_in_words(role_users, signed):
    schiedam = signed.organisations.get(code="SCHIEDAM")
    response = login(role_users["party_representative"]).post(
        BASE + "requests/new/amendment/",
        amendment_form(filed_by=schiedam.pk, text_path="pillars.0.residents_will_notice", text_value=""),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["text_value"] == ["Deze tekst is leeg. Vul haar in."]
    html = response.content.decode()
    assert "Nieuwe tekst: Deze tekst is leeg. Vul haar in." in html  # in the summary, named
    assert "string_too_short" not in html and "residents_will_notice:" not in html
    assert Request.objects.count() == 0
