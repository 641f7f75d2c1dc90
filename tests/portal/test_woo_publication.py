"""The Woo publication (portal/woo.py). The sitemap index, the deal's sitemap
and each document's DiWoo metadata are well-formed XML; only public documents are listed (a
confidential meeting's decision, a decision the office marked not public and a withdrawn edition
are absent); robots.txt names the sitemap index."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlparse

import pytest
from django.test import Client
from lxml import etree

from regiodeal.deals.constants import VersionOrigin
from regiodeal.deals.selectors import version_content_yaml, version_in_force
from regiodeal.deals.services import deal_version_create
from regiodeal.disclosure.models import Confidentiality, WooGround
from regiodeal.disclosure.services import confidentiality_start
from regiodeal.governance import services as gov
from regiodeal.governance.models import Decision
from regiodeal.portal import woo
from regiodeal.reporting.models import PublicEdition
from tests.governance.conftest import signed  # noqa: F401 - the deal in force, shared
from tests.reporting.conftest import ACTOR, make_secret, portfolio  # noqa: F401 - a deal with a report

pytestmark = pytest.mark.django_db

NS = {"s": woo.SITEMAP_NS, "d": woo.DIWOO_NS, "x": woo.XHTML_NS}
PUBLIC_TEXT = "Het Rijk-Regio-overleg stelt het uitvoeringsprogramma 2026 vast."
INTERNAL_TEXT = "Het overleg bespreekt de onderhandelingspositie over de grond."
SECRET_TEXT = "Besluit in een vertrouwelijke vergadering."


def _parse(content: bytes) -> etree._Element:
    return etree.fromstring(content, parser=etree.XMLParser(resolve_entities=False))


@pytest.fixture
def woo_deal(signed):  # noqa: F811
    deal = signed
    open_meeting = gov.meeting_create(actor=ACTOR, deal=deal, held_on=dt.date(2025, 3, 4))
    public = gov.decision_add(actor=ACTOR, meeting=open_meeting, text=PUBLIC_TEXT)
    internal = gov.decision_add(actor=ACTOR, meeting=open_meeting, text=INTERNAL_TEXT, public=False)
    closed = gov.meeting_create(actor=ACTOR, deal=deal, held_on=dt.date(2025, 4, 8))
    secret = gov.decision_add(actor=ACTOR, meeting=closed, text=SECRET_TEXT)
    confidentiality_start(
        actor=ACTOR,
        deal=deal,
        record=closed,
        starts_on=dt.date(2025, 4, 8),
        grounds="onderhandelingen lopen",
        source="verzoek 1",
        woo_ground=WooGround.ART_5_1_2_B,
    )
    text = version_content_yaml(version_in_force(deal))
    text = text.replace("ends_on: '2028-12-31'", "ends_on: '2029-12-31'")
    deal_version_create(
        actor=ACTOR,
        deal=deal,
        source_text=text,
        source_name="wijziging.yaml",
        effective_from=dt.date(2025, 1, 1),
        origin=VersionOrigin.AMENDMENT,
    )
    return deal, public, internal, secret


def _locs(deal) -> list[str]:
    root = _parse(Client().get(f"/deals/{deal.slug}/woo/sitemap.xml").content)
    assert root.tag == f"{{{woo.SITEMAP_NS}}}urlset"
    return root.xpath("//s:url/s:loc/text()", namespaces=NS)


def test_art_10_the_sitemap_lists_the_public_documents_only(woo_deal):
    deal, public, internal, secret = woo_deal
    response = Client().get(f"/deals/{deal.slug}/woo/sitemap.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    root = _parse(response.content)
    urls = root.xpath("//s:url", namespaces=NS)
    keys = [u.xpath("x:link/@href", namespaces=NS)[0].rsplit("/", 1)[-1] for u in urls]
    assert keys == ["convenant.xml", "wijziging-2.xml", f"besluit-{public.pk}.xml"]
    for url in urls:
        dt.date.fromisoformat(url.xpath("s:lastmod/text()", namespaces=NS)[0])
        assert url.xpath("s:loc/text()", namespaces=NS)[0].startswith("http")
    # Not the decision the office marked not public, nor the confidential meeting's decision.
    joined = response.content.decode()
    assert f"besluit-{internal.pk}" not in joined and f"besluit-{secret.pk}" not in joined
    client = Client()
    assert client.get(f"/deals/{deal.slug}/woo/besluit-{internal.pk}.xml").status_code == 404
    assert client.get(f"/deals/{deal.slug}/woo/besluit-{secret.pk}.xml").status_code == 404
    assert client.get(f"/deals/{deal.slug}/woo/besluit-{secret.pk}.txt").status_code == 404
    text = client.get(f"/deals/{deal.slug}/woo/besluit-{public.pk}.txt")
    assert text.status_code == 200 and PUBLIC_TEXT in text.content.decode()
    change = client.get(f"/deals/{deal.slug}/woo/wijziging-2.txt").content.decode()
    assert "versie 2: wijziging (art. 11)" in change and "Eindigt op: 2029-12-31" in change
    assert client.get(f"/deals/{deal.slug}/woo/convenant.txt").status_code == 404


def test_art_10_a_confidentiality_ended_brings_the_decision_back(woo_deal):
    deal, _public, _internal, secret = woo_deal
    assert not any(loc.endswith(f"besluit-{secret.pk}.txt") for loc in _locs(deal))  # and kept
    row = Confidentiality.objects.get(deal=deal)
    from regiodeal.disclosure.services import confidentiality_set_until

    confidentiality_set_until(actor=ACTOR, confidentiality=row, until=dt.date(2025, 5, 1), reason="besluit")
    assert any(loc.endswith(f"besluit-{secret.pk}.txt") for loc in _locs(deal))


def test_the_documents_are_kept_until_what_they_are_made_from_changes(woo_deal):
    """Cached under the covenant, the reports and the decisions (portal/woo.py:documents): a
    booking reads none of them again; a new decision is in the sitemap at the next request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import book

    deal, *_ = woo_deal
    _locs(deal)
    book(deal, "execution_costs", "100.00", "VAT", funding="national")
    with CaptureQueriesContext(connection) as queries:
        _locs(deal)
    assert not [q["sql"] for q in queries.captured_queries if '"governance_decision"' in q["sql"]]
    meeting = gov.meeting_create(actor=ACTOR, deal=deal, held_on=dt.date(2025, 6, 3))
    new = gov.decision_add(actor=ACTOR, meeting=meeting, text="Het overleg stelt de planning vast.")
    assert any(loc.endswith(f"besluit-{new.pk}.txt") for loc in _locs(deal))


def test_each_metadata_file_is_well_formed_with_the_mandatory_elements(woo_deal):
    deal = woo_deal[0]
    client = Client()
    root = _parse(client.get(f"/deals/{deal.slug}/woo/sitemap.xml").content)
    hrefs = root.xpath("//s:url/x:link/@href", namespaces=NS)
    categories = set()
    for href in hrefs:
        response = client.get(urlparse(href).path)
        assert response.status_code == 200, href
        doc = _parse(response.content)
        assert doc.tag == f"{{{woo.DIWOO_NS}}}Document"
        meta = doc.find("d:DiWoo", NS)
        assert meta.xpath("d:identifiers/d:identifier/text()", namespaces=NS)
        publisher = meta.find("d:publisher", NS)
        assert publisher.get("resource").startswith("http") and publisher.text
        assert meta.findtext("d:titelcollectie/d:officieleTitel", namespaces=NS)
        category = meta.find("d:classificatiecollectie/d:informatiecategorieen/d:informatiecategorie", NS)
        assert category.get("resource").startswith("https://identifier.overheid.nl/tooi/def/thes/kern/c_")
        categories.add(category.text)
        assert meta.find("d:language", NS).get("resource").endswith("/NLD")
        assert meta.find("d:format", NS).get("resource")
        action = meta.find("d:documenthandelingen/d:documenthandeling", NS)
        assert action.findtext("d:soortHandeling", namespaces=NS) in {"vaststelling", "ondertekening"}
        dt.datetime.fromisoformat(action.findtext("d:atTime", namespaces=NS))
    assert categories == {"convenanten", "overige besluiten van algemene strekking"}


def test_the_sitemap_index_and_robots_txt_name_the_sitemaps(woo_deal):
    deal = woo_deal[0]
    client = Client()
    robots = client.get("/robots.txt")
    assert robots.status_code == 200 and robots["Content-Type"].startswith("text/plain")
    sitemap_lines = [line for line in robots.content.decode().splitlines() if line.startswith("Sitemap: ")]
    assert len(sitemap_lines) == 1 and sitemap_lines[0].endswith("/sitemap-woo.xml")
    index = _parse(client.get("/sitemap-woo.xml").content)
    assert index.tag == f"{{{woo.SITEMAP_NS}}}sitemapindex"
    locs = index.xpath("//s:sitemap/s:loc/text()", namespaces=NS)
    assert any(loc.endswith(f"/deals/{deal.slug}/woo/sitemap.xml") for loc in locs)


def test_a_decision_is_public_by_default_and_the_office_sets_the_flag_on_the_meeting_form(
    woo_deal, role_users
):
    deal = woo_deal[0]
    meeting = deal.meetings.get(held_on=dt.date(2025, 3, 4))
    client = Client()
    client.force_login(role_users["programme_office"])
    url = f"/deals/{deal.slug}/governance/meetings/{meeting.pk}/"
    page = client.get(url).content.decode()
    checkbox = re.search(r'<input[^>]*name="decision-public"[^>]*>', page).group(0)
    assert " checked" in checkbox  # Art. 10: public by default
    client.post(
        url + "decision/", {"decision-text": "Openbaar besluit via het scherm", "decision-public": "on"}
    )
    client.post(url + "decision/", {"decision-text": "Intern besluit via het scherm"})
    assert Decision.objects.get(text="Openbaar besluit via het scherm").public is True
    assert Decision.objects.get(text="Intern besluit via het scherm").public is False
    page = client.get(url).content.decode()
    assert "Intern besluit via het scherm <em>(niet openbaar)</em>" in page
    assert "Openbaar besluit via het scherm</li>" in page


def test_art_10_1_a_withdrawn_edition_is_not_in_the_sitemap(portfolio, make_secret):  # noqa: F811
    from tests.reporting.test_public_layer import _submit

    deal = portfolio
    report = _submit(deal)
    assert [d.key for d in woo.documents(deal) if d.key.startswith("jaarverslag")] == ["jaarverslag-2025"]
    metadata = _parse(woo.metadata_xml(deal, "jaarverslag-2025"))
    assert metadata.xpath("//d:identifier/text()", namespaces=NS)[0].endswith(":editie:1")
    make_secret(deal)
    assert PublicEdition.objects.get(report=report, number=1).withdrawn_at is not None
    root = _parse(woo.sitemap_xml(deal))
    assert len(root.xpath("//s:url[contains(s:loc, '/reports/2025/openbaar.pdf')]", namespaces=NS)) == 1
    metadata = _parse(woo.metadata_xml(deal, "jaarverslag-2025"))
    identifiers = metadata.xpath("//d:identifier/text()", namespaces=NS)
    assert identifiers[0].endswith(":editie:2")  # the current edition; edition 1 is nowhere
    assert not any(i.endswith(":editie:1") for i in identifiers)
    category = metadata.xpath("//d:informatiecategorie", namespaces=NS)[0]
    assert category.get("resource") == woo.CAT_JAARVERSLAGEN[0] and category.text == woo.CAT_JAARVERSLAGEN[1]
