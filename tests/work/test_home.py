"""Mijn werk: login leads there, and each role sees what needs it now, in its own deal
only, each item a link to the page where the job is done."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from regiodeal.work.registry import WorkContext, sections_for

from .conftest import TODAY

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def work(user, deal, today=TODAY) -> dict[str, list[str]]:
    """{section key: [item text + its note]} as the person sees it."""
    return {
        s.key: [f"{i.text} | {i.note}" for i in s.items] for s in sections_for(WorkContext(user, deal, today))
    }


def texts(section_items) -> str:
    return "\n".join(section_items)


def test_a_party_representative_sees_the_consent_the_draft_and_the_action_of_their_own_party(due):
    seen = work(due["users"]["schiedam"], due["deal"])
    assert set(seen) == {"consents", "report", "obligations", "changes"}
    [consent] = seen["consents"]
    assert "Een miljoen naar pijler 2 (waterweg)" in consent
    assert "Schiedam" in consent
    [draft] = seen["report"]
    assert draft.startswith("Voortgangsrapportage 2025 |") and "Schiedam" in draft
    [action] = seen["obligations"]
    assert "Nulmeting jongeren bijwerken (waterweg)" in action
    assert "Wijkhub" not in texts(seen["obligations"])  # Vlaardingen's action
    assert "SPUK" not in texts(seen["obligations"])  # the regiokassier's
    assert "proef" not in "".join(texts(v) for v in seen.values())


def test_a_party_that_answered_and_commented_has_nothing_waiting(due):
    seen = work(due["users"]["rotterdam"], due["deal"])
    assert seen["consents"] == []
    assert seen["report"] == []
    assert seen["obligations"] == []


def test_the_programme_office_sees_every_party_still_to_answer_and_the_comments_received(due):
    seen = work(due["users"]["office"], due["deal"])
    assert list(seen) == ["consents", "report", "obligations", "findings", "projects", "changes"]
    [consent] = seen["consents"]
    assert "Schiedam" in consent and "Vlaardingen" in consent and "Rotterdam" not in consent
    [draft] = seen["report"]
    assert "commentaar van 1 van de 10 Partijen" in draft and "Rotterdam" in draft
    obligations = texts(seen["obligations"])
    assert "Nulmeting jongeren bijwerken (waterweg)" in obligations
    assert "Wijkhub aanbesteden (waterweg)" in obligations
    assert "(SPUK) 2025 | Taak van de regiokassier." in obligations
    assert "Voortgangsrapportage 2025 bij VRO" in obligations
    assert any("maximum" in f for f in seen["findings"])
    projects = texts(seen["projects"])
    assert "Plan van aanpak (waterweg)" in projects and "Aanbesteding (waterweg)" in projects
    assert "proef" not in "".join(texts(v) for v in seen.values())


def test_overdue_comes_first_and_is_marked(due):
    sections = {s.key: s for s in sections_for(WorkContext(due["users"]["office"], due["deal"], TODAY))}
    items = sections["obligations"].items
    late = next(i for i in items if "Wijkhub" in i.text)
    assert late.overdue and late.due_on == TODAY - dt.timedelta(days=5)
    flags = [i.overdue for i in items]
    assert flags == sorted(flags, reverse=True)  # everything overdue before what is due soon
    soon = next(i for i in sections["obligations"].items if "Nulmeting" in i.text)
    assert not soon.overdue and soon.due_on == TODAY + dt.timedelta(days=10)
    milestones = sections["projects"].items
    assert milestones[0].overdue and "Aanbesteding" in milestones[0].text


def test_the_regiokassier_sees_the_spuk_account_and_the_money_findings_only(due):
    seen = work(due["users"]["kassier"], due["deal"])
    assert set(seen) == {"obligations", "findings", "changes"}
    [spuk] = seen["obligations"]
    assert "Verantwoording specifieke uitkering (SPUK) 2025" in spuk
    from regiodeal.work.selectors import error_findings

    money = [f for f in error_findings(due["deal"], TODAY) if f.rule.startswith("finance.")]
    assert money and [f.split(" | ")[0] for f in seen["findings"]] == [f.message for f in money]
    office_findings = work(due["users"]["office"], due["deal"])["findings"]
    assert len(office_findings) > len(seen["findings"])  # the office also sees the baseline errors


def test_a_project_lead_sees_only_their_own_projects(due):
    seen = work(due["users"]["lead"], due["deal"])
    assert set(seen) == {"projects", "changes"}
    projects = texts(seen["projects"])
    assert "Mijlpaal van WW-001: Plan van aanpak (waterweg)" in projects
    assert "WW-002" not in projects and "Aanbesteding" not in projects


def test_the_auditor_sees_the_latest_changes_with_names_and_a_link_to_the_audit_trail(due):
    sections = sections_for(WorkContext(due["users"]["auditor"], due["deal"], TODAY))
    [changes] = sections
    assert changes.key == "changes" and len(changes.items) == 10
    assert not changes.needs_action and changes.count == 0
    assert changes.more_url == "/deals/waterwegregio/audit/"
    assert all(i.text and i.note.startswith("door ") for i in changes.items)
    assert all("cli:" not in i.note for i in changes.items)


def test_another_deals_office_never_sees_this_deals_work(due):
    seen = work(due["users"]["other_office"], due["other"])
    everything = "".join(texts(v) for v in seen.values())
    assert "proef" in everything and "waterweg" not in everything


def test_measurements_the_yearly_report_needs_are_due_at_the_end_of_the_year(due):
    from regiodeal.audit.services import Actor
    from regiodeal.results.models import ResultIndicator
    from regiodeal.results.services import measurement_record, results_setup

    deal, lead = due["deal"], due["users"]["lead"]
    results_setup(actor=Actor(label="test"), deal=deal)
    december = dt.date(2026, 12, 15)
    due_items = [i for i in work(lead, deal, december)["projects"] if i.startswith("Meting")]
    assert due_items and all("WW-001" in i and "resultaat 1A" in i for i in due_items)
    assert all(i.startswith("Meting 2026") for i in due_items)  # 2025's report went to the Parties
    assert work(lead, deal, dt.date(2026, 11, 1))["projects"] == [
        i for i in work(lead, deal, dt.date(2026, 11, 1))["projects"] if not i.startswith("Meting")
    ]
    for link in ResultIndicator.objects.filter(deal=deal, result__code="1A"):
        measurement_record(
            actor=Actor(label="test"),
            deal=deal,
            indicator=link.indicator,
            value=1,
            on=dt.date(2026, 6, 30),
            source="test",
        )
    assert not [i for i in work(lead, deal, december)["projects"] if i.startswith("Meting")]


# ---------------------------------------------------------------------------------------------
# Where login leads


def login(client, username, next_url=None):
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post("/accounts/login/", data)


def test_login_leads_to_mijn_werk_and_a_next_parameter_still_wins(due):
    client = Client()
    response = login(client, "office")
    assert response.status_code == 302 and response["Location"] == "/work/"
    response = client.get("/work/")
    assert response["Location"] == "/deals/waterwegregio/work/"
    page = client.get("/deals/waterwegregio/work/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Mijn werk" in html and "Uitloggen" in html
    client.post("/accounts/logout/")
    response = login(client, "office", "/deals/waterwegregio/projects/")
    assert response["Location"] == "/deals/waterwegregio/projects/"


def test_the_ministry_lands_on_the_portfolio(due):
    client = Client()
    login(client, "ministry")
    assert client.get("/work/")["Location"] == "/portfolio/"


def test_an_account_without_a_role_is_told_to_ask_the_programme_office(db):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user(username="nobody", password=PASSWORD)
    client = Client()
    login(client, "nobody")
    page = client.get("/work/")
    assert page.status_code == 200
    assert "Vraag het programmabureau" in page.content.decode()
    english = client.get("/en/work/").content.decode()
    assert "Ask the programme office" in english


def test_someone_with_roles_in_two_deals_chooses_the_deal(due, make_user):
    from regiodeal.accounts.models import Membership

    office = due["users"]["office"]
    Membership.objects.create(
        user=office,
        role="party_representative",
        deal=due["other"],
        organisation=due["other"].organisations.get(code="SCHIEDAM"),
    )
    client = Client()
    login(client, "office")
    page = client.get("/work/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/deals/waterwegregio/work/" in html and "/deals/proefdeal/work/" in html
    assert "Regio Deal Proef" in html and "Regio Deal Waterwegregio" in html


def test_anonymous_is_sent_to_login_and_another_deals_user_gets_403(due):
    assert Client().get("/work/")["Location"].startswith("/accounts/login/")
    assert Client().get("/deals/waterwegregio/work/")["Location"].startswith("/accounts/login/")
    client = Client()
    login(client, "office-proef")
    assert client.get("/deals/waterwegregio/work/").status_code == 403


def test_the_home_page_reads_in_few_queries(due, django_assert_max_num_queries):
    client = Client()
    login(client, "office")
    client.get("/deals/waterwegregio/work/")  # fills the deal's cache (obligations, findings)
    with django_assert_max_num_queries(20):
        assert client.get("/deals/waterwegregio/work/").status_code == 200


def test_findings_read_in_the_readers_language_and_an_overdue_duty_is_not_repeated_there(due):
    from django.utils import translation

    from regiodeal.audit.services import Actor
    from regiodeal.results.services import results_setup

    results_setup(actor=Actor(label="test"), deal=due["deal"])  # indicators without a baseline
    seen = work(due["users"]["office"], due["deal"])["findings"]
    assert any(f.startswith("Geen nulmeting voor indicator") and "resultaat 1A" in f for f in seen)
    assert not any("No baseline" in f or "not done" in f for f in seen)
    assert not any("Uitvoeringsprogramma 2025" in f for f in seen)  # in the obligations section
    with translation.override("en"):
        english = work(due["users"]["office"], due["deal"])["findings"]
    assert any(f.startswith("No baseline for indicator") and "result 1A" in f for f in english)
    assert not any("Geen nulmeting" in f for f in english)


def test_a_request_not_yet_received_by_vro_waits_on_the_office_not_on_the_parties(due):
    from regiodeal.governance import services as gov

    from .conftest import ACTOR

    deal = due["deal"]
    gov.amendment_file(
        actor=ACTOR,
        deal=deal,
        filed_by=deal.organisations.get(code="MAASSLUIS"),
        filed_on=dt.date(2026, 6, 20),
        title="Langere looptijd voor de wijkhubs",
        reasons="Vertraging bij de bouw (art. 11).",
        changes={
            "budget": {
                "P1": {"rijk": "8300000", "regional": "8300000"},
                "P2": {"rijk": "6800000", "regional": "6800000"},
            }
        },
    )
    office = texts(work(due["users"]["office"], deal)["consents"])
    assert "Verzoek 2: Langere looptijd voor de wijkhubs | Leg vast wanneer VRO het verzoek ontving" in office
    assert "Langere looptijd" not in texts(work(due["users"]["schiedam"], deal)["consents"])


def test_unread_notifications_of_the_deal_are_mirrored_on_the_home_page_until_read(due):
    from regiodeal.notifications.constants import Kind
    from regiodeal.notifications.services import notify

    rep, deal = due["users"]["schiedam"], due["deal"]
    [note] = notify(
        users=[rep],
        deal=deal,
        kind=Kind.OBLIGATION_DUE,
        params={"deal": "Regio Deal Waterwegregio", "title": "Verantwoording SPUK"},
        link="/deals/waterwegregio/finance/spuk/",
        on=TODAY,
        key="test:spuk",
    )
    seen = work(rep, deal)
    assert next(iter(seen)) == "notifications"
    assert seen["notifications"][0].startswith("Regio Deal Waterwegregio: vandaag: Verantwoording SPUK |")
    client = Client()
    client.force_login(rep)
    page = client.get("/deals/waterwegregio/work/").content.decode()
    assert "Meldingen" in page and "/deals/waterwegregio/finance/spuk/" in page
    assert "notifications" not in work(due["users"]["rotterdam"], deal)  # never another's
    client.post("/meldingen/gelezen/", {"notification": note.pk})
    assert "notifications" not in work(rep, deal)
