"""The site's own frame on every page. One header naming the context
(the deal's name inside a deal, "regiodeal" outside), titles "Pagina · Deal", one navigation of
at most two levels in which a name leads to one address, a footer naming the organisation that
answers for the site with its three statements, and a favicon. The statements show the office's
stored text, or the default text, in Dutch and English."""

from __future__ import annotations

import lxml.html
import pytest
from django.test import Client

from regiodeal.accounts.roles import Role
from regiodeal.audit.services import Actor
from regiodeal.deals.presentation import contrast, contrast_problems
from regiodeal.deals.services import deal_presentation_update

pytestmark = pytest.mark.django_db

DEAL_NAME = "Regio Deal Waterwegregio"


def q(node, xpath: str) -> list:
    """XPath with {name} standing for "has the class name"."""
    import re

    return node.xpath(
        re.sub(
            r"\{([\w-]+)\}",
            lambda m: f"contains(concat(' ', normalize-space(@class), ' '), ' {m.group(1)} ')",
            xpath,
        )
    )


def get(client, path):
    response = client.get(path, follow=True)
    assert response.status_code == 200, (path, response.status_code)
    return lxml.html.fromstring(response.content.decode())


def frame_problems(doc) -> list[str]:
    """What is wrong with a page's frame: its header, navigation and footer."""
    problems = []
    if len(q(doc, "//header[{rd-header}]")) != 1:
        problems.append("not one header")
    if q(doc, "//*[{rd-subnav} or {rd-finance-nav} or {rd-nav--internal}]"):
        problems.append("a second menu beside the navigation")
    navs = q(doc, "//nav[{rd-nav}]")
    if len(navs) > 1:
        problems.append("more than one main navigation")
    for nav in navs:
        if len(q(nav, ".//ul[{rd-nav__list}]")) > 2 or q(nav, ".//ul//ul"):
            problems.append("more than two levels")
    targets: dict[str, str] = {}
    for a in q(doc, "//header//a | //footer//a"):
        name = " ".join(a.text_content().split())
        href = a.get("href")
        if name and targets.setdefault(name, href) != href:
            problems.append(f"{name!r} leads to {targets[name]} and {href}")
    if len(q(doc, "//footer[{rd-footer}]")) != 1:
        problems.append("not one footer")
    return problems


@pytest.fixture
def deal(waterwegregio):
    return waterwegregio


PUBLIC = [
    "/deals/waterwegregio/",
    "/deals/waterwegregio/public/projects/",
    "/deals/waterwegregio/public/money/",
    "/deals/waterwegregio/public/results/",
    "/deals/waterwegregio/public/ideas/",
    "/deals/waterwegregio/public/reports/",
    "/deals/waterwegregio/public/open-data/",
    "/deals/waterwegregio/ideas/",
    "/deals/waterwegregio/public/privacy/",
    "/deals/waterwegregio/public/toegankelijkheid/",
    "/deals/waterwegregio/public/contact/",
]


@pytest.mark.parametrize("language", ["", "/en"])
def test_every_public_page_has_one_header_with_the_deals_name_and_one_navigation(deal, language):
    client = Client()
    for path in PUBLIC:
        doc = get(client, language + path)
        assert frame_problems(doc) == [], path
        assert q(doc, "//*[{rd-brand}]")[0].text_content().strip() == DEAL_NAME, path
        title = doc.findtext(".//title")
        page, _, context = title.rpartition(" · ")
        assert page and context == DEAL_NAME, (path, title)


def test_a_page_outside_a_deal_is_headed_regiodeal(deal, make_user):
    client = Client()
    doc = get(client, "/accounts/login/")
    assert q(doc, "//*[{rd-brand}]")[0].text_content().strip() == "regiodeal"
    assert doc.findtext(".//title") == "Inloggen · regiodeal"
    assert frame_problems(doc) == []


INTERNAL = [
    "/work/",
    "/deals/waterwegregio/projects/",
    "/deals/waterwegregio/finance/",
    "/deals/waterwegregio/finance/grootboek/",
    "/deals/waterwegregio/results/",
    "/deals/waterwegregio/results/theory/",
    "/deals/waterwegregio/governance/",
    "/deals/waterwegregio/governance/versions/",
    "/deals/waterwegregio/participation/",
    "/deals/waterwegregio/evaluation/",
    "/deals/waterwegregio/reports/",
    "/deals/waterwegregio/settings/",
    "/deals/waterwegregio/audit/",
]


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_each_roles_pages_have_one_navigation_of_two_levels_where_a_name_leads_to_one_place(
    deal, make_user, role
):
    user = make_user(role, deal, {"regiokassier": "ROTTERDAM", "party_representative": "SCHIEDAM"}.get(role))
    client = Client()
    client.force_login(user)
    for language in ("", "/en"):
        for path in INTERNAL:
            response = client.get(language + path)
            if response.status_code in (403, 302):
                continue
            assert response.status_code == 200, (path, response.status_code)
            doc = lxml.html.fromstring(response.content.decode())
            assert frame_problems(doc) == [], (role, path)
            title = doc.findtext(".//title")
            assert " · " in title and "—" not in title, (path, title)
            brand = q(doc, "//*[{rd-brand}]")[0].text_content().strip()
            assert brand == ("regiodeal" if path == "/work/" else DEAL_NAME), (path, brand)


def test_the_section_of_the_page_shows_its_pages_as_the_second_level(deal, make_user):
    client = Client()
    client.force_login(make_user(Role.PROGRAMME_OFFICE, deal))
    doc = get(client, "/deals/waterwegregio/finance/grootboek/")
    current = q(doc, "//nav[{rd-nav}]/ul[{rd-nav__list} and not({rd-nav__list--sub})]//a[@aria-current]")
    assert [a.text_content() for a in current] == ["Financiën"]
    second = q(doc, "//nav[{rd-nav}]/ul[{rd-nav__list--sub}]//a")
    assert "Grootboek" in [a.text_content() for a in second]
    assert [a.text_content() for a in second if a.get("aria-current") == "page"] == ["Grootboek"]
    # The public site is one section of the workspace's navigation, not a second menu.
    doc = get(client, "/deals/waterwegregio/public/money/")
    level1 = [
        a.text_content() for a in q(doc, "//nav[{rd-nav}]/ul[{rd-nav__list} and not({rd-nav__list--sub})]//a")
    ]
    assert "Openbare site" in level1 and "Projectregister" in level1 and "Projecten" not in level1
    level2 = [a.text_content() for a in q(doc, "//nav[{rd-nav}]/ul[{rd-nav__list--sub}]//a")]
    assert "Projecten" in level2 and "Waar het geld heen gaat" in level2


def test_the_footer_names_the_responsible_organisation_and_links_the_three_statements(deal):
    doc = get(Client(), "/deals/waterwegregio/")
    footer = q(doc, "//footer")[0]
    regiokassier = deal.versions.order_by("number").first().regiokassier.name
    assert f"{regiokassier} is verantwoordelijk voor deze website." in footer.text_content()
    links = {a.text_content(): a.get("href") for a in q(footer, ".//a")}
    assert links["Privacyverklaring"] == "/deals/waterwegregio/public/privacy/"
    assert links["Toegankelijkheidsverklaring"] == "/deals/waterwegregio/public/toegankelijkheid/"
    assert links["Contact"] == "/deals/waterwegregio/public/contact/"
    assert q(doc, "//link[@rel='icon']")


def test_the_favicon_is_there(deal):
    client = Client()
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content) if icon.streaming else icon.content


def test_the_statements_show_the_default_text_until_the_office_writes_its_own(deal):
    client = Client()
    doc = get(client, "/deals/waterwegregio/public/privacy/")
    text = q(doc, "//main")[0].text_content()
    assert "Autoriteit Persoonsgegevens" in text
    assert "standaardtekst" in text
    doc = get(client, "/en/deals/waterwegregio/public/privacy/")
    assert "Dutch Data Protection Authority" in q(doc, "//main")[0].text_content()
    doc = get(client, "/deals/waterwegregio/public/toegankelijkheid/")
    text = q(doc, "//main")[0].text_content()
    assert "Status C: eerste maatregelen genomen." in text
    assert [h.text_content() for h in q(doc, "//main//h2")] == [
        "Nalevingsstatus",
        "Wat wij al doen",
        "Bekende problemen",
        "Feedback en contactgegevens",
        "Handhavingsprocedure",
    ]


def test_the_statements_show_the_stored_text_in_each_language(deal):
    deal_presentation_update(
        actor=Actor.cli(),
        deal=deal,
        texts={
            "responsible_organisation": "Gemeente Schiedam",
            "contact_email": "regiodeal@schiedam.nl",
            "privacy_text": "Wij bewaren niets.\n\nEcht niet.",
            "privacy_text_en": "We keep nothing.",
            "contact_text": "Bel ons op werkdagen.",
            "accessibility_status": "B",
            "accessibility_known_issues": "De kaart heeft geen tekstversie.",
        },
        accessibility_statement_on=None,
        colour_primary="",
        colour_band="",
    )
    client = Client()
    doc = get(client, "/deals/waterwegregio/public/privacy/")
    assert [p.text_content() for p in q(doc, "//*[@id='statement-text']//p")] == [
        "Wij bewaren niets.",
        "Echt niet.",
    ]
    assert "Gemeente Schiedam is verantwoordelijk voor deze website." in q(doc, "//footer")[0].text_content()
    doc = get(client, "/en/deals/waterwegregio/public/privacy/")
    assert [p.text_content() for p in q(doc, "//*[@id='statement-text']//p")] == ["We keep nothing."]
    # No English text written: the Dutch text, marked as Dutch.
    doc = get(client, "/en/deals/waterwegregio/public/contact/")
    block = q(doc, "//*[@id='statement-text']")[0]
    assert block.get("lang") == "nl" and "Bel ons op werkdagen." in block.text_content()
    assert q(doc, "//*[@id='contact-details']//a[@href='mailto:regiodeal@schiedam.nl']")
    doc = get(client, "/deals/waterwegregio/public/toegankelijkheid/")
    assert (
        "Status B: voldoet gedeeltelijk aan de eisen."
        in q(doc, "//*[@id='accessibility-status']")[0].text_content()
    )
    assert "De kaart heeft geen tekstversie." in q(doc, "//*[@id='accessibility-issues']")[0].text_content()


def test_the_site_statement_leads_to_the_deals_own(deal):
    response = Client().get("/privacy/")
    assert response.status_code == 302 and response["Location"] == "/deals/waterwegregio/public/privacy/"


def test_the_contrast_check_refuses_colours_below_four_and_a_half_to_one():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert contrast_problems(primary="#1a5e9c", band="#eef3f8") == {}
    problems = contrast_problems(primary="#ffcc00", band="#333333")
    assert "4,5:1" in problems["colour_primary"] and "#ffcc00" in problems["colour_primary"]
    assert "colour_band" in problems


def test_the_identity_colours_reach_the_pages_through_a_stylesheet_of_custom_properties(deal):
    deal_presentation_update(
        actor=Actor.cli(),
        deal=deal,
        texts={},
        accessibility_statement_on=None,
        colour_primary="#1A5E9C",
        colour_band="#eef3f8",
    )
    client = Client()
    doc = get(client, "/deals/waterwegregio/")
    links = q(doc, "//link[@rel='stylesheet']")
    sheet = [link.get("href") for link in links if "huisstijl.css" in link.get("href")]
    assert sheet
    css = client.get(sheet[0]).content.decode()
    assert "--rd-identity-primary: #1a5e9c;" in css and "--rd-identity-band: #eef3f8;" in css
    assert "immutable" in client.get(sheet[0])["Cache-Control"]


def test_only_who_manages_governance_changes_the_identity_and_anonymous_is_sent_to_login(deal, role_users):
    from regiodeal.audit.models import AuditEvent
    from regiodeal.deals.selectors import deal_settings

    url = "/deals/waterwegregio/settings/"
    post = {"part": "presentation", "look-responsible_organisation": "Iemand anders"}
    anonymous = Client().post(url, post)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    for role in ("project_lead", "auditor", "other_deal"):
        client = Client()
        client.force_login(role_users[role])
        assert client.post(url, post).status_code == 403, role
    assert deal_settings(deal).responsible_organisation == ""
    office = Client()
    office.force_login(role_users["programme_office"])
    response = office.post(url, post)
    assert response.status_code == 302
    assert deal_settings(deal).responsible_organisation == "Iemand anders"
    event = AuditEvent.objects.filter(action="deal.settings.presentation_updated").get()
    assert event.after["responsible_organisation"] == "Iemand anders"


def test_a_bad_logo_or_colour_changes_nothing(deal):
    from django.core.exceptions import ValidationError

    from regiodeal.deals.selectors import deal_settings

    with pytest.raises(ValidationError) as refused:
        deal_presentation_update(
            actor=Actor.cli(),
            deal=deal,
            texts={"responsible_organisation": "Gemeente Schiedam"},
            accessibility_statement_on=None,
            colour_primary="blauw",
            colour_band="",
            logo=b"GIF89a",
        )
    assert set(refused.value.message_dict) == {"colour_primary", "logo"}
    assert deal_settings(deal).pk is None


def test_a_warm_page_reads_no_covenant_nor_settings_and_a_change_shows_at_once(role_users):
    """The frame (the deal's identity) and who may see what (the Parties in office, Art. 10.1)
    are kept in the process under the deal's covenant version: a warm page of the office reads
    neither the settings nor the Parties nor a version, and a change of the settings is on the
    next page all the same (it is a write of the covenant's data)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    deal = role_users["programme_office"].memberships.first().deal
    client = Client()
    client.force_login(role_users["programme_office"])
    for _ in range(2):
        get(client, "/deals/waterwegregio/results/")
    with CaptureQueriesContext(connection) as captured:
        get(client, "/deals/waterwegregio/results/")
    read = " ".join(q["sql"] for q in captured.captured_queries)
    for table in ("deals_dealsettings", "deals_party", "deals_dealversion"):
        assert f'"{table}"' not in read, table

    deal_presentation_update(
        actor=Actor.cli(),
        deal=deal,
        texts={"responsible_organisation": "Gemeente Maassluis"},
        accessibility_statement_on=None,
        colour_primary="",
        colour_band="",
    )
    footer = " ".join(
        get(client, "/deals/waterwegregio/results/").xpath("//footer")[0].text_content().split()
    )
    assert "Gemeente Maassluis" in footer


def nav_labels(doc) -> list[str]:
    return [" ".join(a.text_content().split()) for a in q(doc, "//nav[{rd-nav}]//a")]


def test_the_navigation_follows_the_accounts_capabilities_the_page_and_the_language(deal, make_user):
    """The navigation of a deal is made once per process for each set of capabilities, page and
    language (portal/templatetags/regiodeal.py, `_deal_items_for`): what one account sees never
    reaches another, and a new role shows on the next page."""
    from regiodeal.accounts.models import Membership

    office, cashier = Client(), Client()
    office.force_login(make_user(Role.PROGRAMME_OFFICE, deal))
    cashier_user = make_user(Role.REGIOKASSIER, deal, "ROTTERDAM")
    cashier.force_login(cashier_user)
    page = "/deals/waterwegregio/finance/"
    assert {"Mensen en rollen", "Ideeën beheren", "Boeken"} <= set(nav_labels(get(office, page)))
    seen = nav_labels(get(cashier, page))
    assert "Boeken" in seen and "Mensen en rollen" not in seen and "Ideeën beheren" not in seen
    assert "Audittrail" not in seen
    # The same page in English: the labels of that language, none of the other.
    english = nav_labels(get(cashier, "/en" + page))
    assert "Ledger" in english and "Grootboek" not in english
    # The current item follows the page.
    doc = get(cashier, "/deals/waterwegregio/finance/grootboek/")
    current = q(doc, "//nav[{rd-nav}]/ul[{rd-nav__list--sub}]//a[@aria-current='page']")
    assert [a.text_content() for a in current] == ["Grootboek"]
    # A role given shows on the next page; a role taken away is gone from it.
    Membership.objects.create(user=cashier_user, role=Role.AUDITOR, deal=deal)
    assert "Audittrail" in nav_labels(get(cashier, page))
    Membership.objects.filter(user=cashier_user, role=Role.REGIOKASSIER).delete()
    seen = nav_labels(get(cashier, page))
    assert "Audittrail" in seen and "Boeken" not in seen


def test_the_frame_is_kept_per_account_and_page_and_each_response_has_its_own_token(deal, make_user):
    """The header and footer are rendered once per process for each thing they show
    (portal/templatetags/regiodeal.py, `frame`) and served again: an account's name never reaches
    another account's page, and each response carries its visitor's own CSRF token, with which
    the account logs out and switches language."""
    from django.test.signals import template_rendered
    from django.urls import reverse

    users = {
        name: make_user(Role.PROGRAMME_OFFICE, deal, username=f"office-{name}")
        for name in ("first", "second")
    }
    clients = {}
    for name, user in users.items():
        clients[name] = Client(enforce_csrf_checks=True)
        clients[name].force_login(user)
    page = "/deals/waterwegregio/results/"
    rendered: list[str] = []

    def note(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(note)
    try:
        for _ in range(2):
            for name, client in clients.items():
                rendered.clear()
                doc = get(client, page)
                account = " ".join(q(doc, "//nav[{rd-account}]")[0].text_content().split())
                other = next(u for n, u in users.items() if n != name)
                assert users[name].username in account and other.username not in account
        # The second round came from what the first rendered: no header or footer rendered again.
        assert "_header.html" not in rendered and "_footer.html" not in rendered
    finally:
        template_rendered.disconnect(note)

    client = clients["first"]
    doc = get(client, page)
    language = q(doc, "//form[{rd-language}]")[0]
    token = language.xpath(".//input[@name='csrfmiddlewaretoken']/@value")[0]
    assert token != "rd-csrf-token-slot-7d3e9a"
    switched = client.post(
        reverse("set_language"), {"csrfmiddlewaretoken": token, "language": "en", "next": page}
    )
    assert switched.status_code == 302
    doc = get(client, "/en" + page)
    token = q(doc, "//form[{rd-logout}]")[0].xpath(".//input[@name='csrfmiddlewaretoken']/@value")[0]
    assert client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    assert client.get(page).status_code == 302  # logged out: sent to the login page
    assert users["second"].username in get(clients["second"], page).text_content()  # the other is not
