"""The IATI 2.03 activity file and the DCAT-AP-DONL 2 catalogue of a deal.

Every IATI file is validated against the shipped XSD (tests/portal/standards/iati-2.03, copied
from IATI's schemas); the catalogue's mandatory properties are read from the profile's own tables
(tests/portal/standards/dcat-ap-donl/*-definition.md), so the test follows the profile."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from lxml import etree
from rdflib import DCAT, DCTERMS, RDF, Graph, Namespace, URIRef
from rdflib.compare import isomorphic

from regiodeal.disclosure.public import public_entries
from regiodeal.finance.models import LedgerEntry
from regiodeal.finance.selectors import entries_as_of
from regiodeal.portal import dcat, iati, opendata
from regiodeal.portal.samples import SAMPLE_FILES, SAMPLE_TODAY, sample_files
from tests.portal.conftest import PUBLIC_TITLE, SECRET_CODE, SECRET_TITLE

STANDARDS = Path(__file__).parent / "standards"
SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
PREFIXES = {
    "dct": str(DCTERMS),
    "dcat": str(DCAT),
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
}


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(STANDARDS / "iati-2.03" / "iati-activities-schema.xsd")))


def assert_valid(schema: etree.XMLSchema, content: bytes) -> etree._Element:
    doc = etree.fromstring(content)
    assert schema.validate(doc), "\n".join(str(e) for e in schema.error_log)
    return doc


def mandatory(table: str) -> list[URIRef]:
    """The mandatory properties of a class, from its definition table in the profile: each row
    `| [**name**](#prefix-localName) | card | Mandatory | ...` names the RDF property by its
    anchor (a trailing digit only makes the anchor unique on the page)."""
    text = (STANDARDS / "dcat-ap-donl" / f"{table}-definition.md").read_text(encoding="utf-8")
    found = []
    for anchor in re.findall(
        r"^\|\s*\[\*\*[^*]+\*\*\]\(#([A-Za-z]+-[A-Za-z]+?)\d*\)[^|]*\|[^|]*\|\s*Mandatory", text, re.M
    ):
        prefix, local = anchor.split("-", 1)
        found.append(URIRef(PREFIXES[prefix] + local))
    return found


def value_list(name: str) -> set[URIRef]:
    g = Graph().parse(STANDARDS / "dcat-ap-donl" / name, format="turtle")
    return set(g.objects(None, URIRef("http://www.w3.org/2004/02/skos/core#hasTopConcept")))


def check_catalogue(g: Graph) -> dict[str, int]:
    """Every mandatory property of the catalogue, each dataset and each distribution is there;
    access rights and licences are values of the profile's lists."""
    missing = []
    counts = {}
    for cls, table in (
        (DCAT.Catalog, "catalog"),
        (DCAT.Dataset, "dataset"),
        (DCAT.Distribution, "distribution"),
    ):
        props = mandatory(table)
        assert len(props) >= 5, f"the {table} table was not read"
        nodes = list(g.subjects(RDF.type, cls))
        counts[table] = len(nodes)
        for node in nodes:
            missing += [f"{node} {p}" for p in props if g.value(node, p) is None]
    assert missing == []
    licences, rights = value_list("licenses.ttl"), value_list("access-rights.ttl")
    assert set(g.objects(None, DCTERMS.license)) <= licences
    assert set(g.objects(None, DCTERMS.accessRights)) <= rights and set(g.objects(None, DCTERMS.accessRights))
    return counts


def test_the_profile_tables_give_the_mandatory_properties():
    assert set(mandatory("dataset")) == {
        DCTERMS.identifier, DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.creator,
        DCTERMS.publisher, DCAT.contactPoint, DCAT.theme,
    }  # fmt: skip
    assert set(mandatory("distribution")) == {
        DCAT.accessURL,
        DCTERMS.format,
        DCTERMS.title,
        DCTERMS.description,
        DCTERMS.license,
    }
    assert URIRef(PREFIXES["foaf"] + "homepage") in mandatory("catalog")


def transaction_sums(doc: etree._Element) -> dict[tuple[str, int], Decimal]:
    sums: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    for tx in doc.iter("transaction"):
        code = tx.find("transaction-type").get("code")
        year = int(tx.find("transaction-date").get("iso-date")[:4])
        assert tx.find("value").get("value-date") == tx.find("transaction-date").get("iso-date")
        sums[(code, year)] += Decimal(tx.findtext("value"))
    return dict(sums)


def ledger_sums(deal) -> dict[tuple[str, int], Decimal]:
    """The public ledger (the one public layer) per IATI transaction type and year."""
    sums: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    for e in public_entries(entries_as_of(deal), deal):
        sums[(iati.transaction_type(e.kind, e.contribution_status), e.booked_on.year)] += e.amount
    return {k: v for k, v in sums.items()}


# ---------------------------------------------------------------------------------------------
# The bundled deal, with a public and a confidential project (tests/portal/conftest.py `site`)


@pytest.mark.django_db
def test_iati_of_the_bundled_deal_validates(waterwegregio, schema):
    doc = assert_valid(schema, iati.build(waterwegregio))
    (deal,) = doc.findall("iati-activity")
    assert deal.findtext("iati-identifier") == "NL-OIN-00000001002564440000-waterwegregio"
    roles = {(p.get("role"), p.get("ref")) for p in deal.findall("participating-org")}
    assert ("1", "NL-OIN-00000001821002193000") in roles  # VRO funds
    assert ("3", "NL-OIN-00000001002564440000") in roles  # the regiokassier extends
    assert [p.get("role") for p in deal.findall("participating-org")].count("4") == 11  # the Partners
    assert [loc.get("ref") for loc in deal.findall("location")] == ["GM0556", "GM0599", "GM0606", "GM0622"]


@pytest.mark.django_db
def test_iati_parent_and_children_and_no_confidential_project(site, schema):
    content = iati.build(site["deal"])
    doc = assert_valid(schema, content)
    text = content.decode()
    assert SECRET_CODE not in text and SECRET_TITLE not in text
    parent, *children = doc.findall("iati-activity")
    assert [c.findtext("title/narrative") for c in children] == [PUBLIC_TITLE]
    child_id = children[0].findtext("iati-identifier")
    assert child_id == parent.findtext("iati-identifier") + "-WW-001"
    assert parent.find("related-activity").attrib == {"ref": child_id, "type": "2"}
    assert children[0].find("related-activity").attrib == {
        "ref": parent.findtext("iati-identifier"),
        "type": "1",
    }
    assert children[0].find("location/name/narrative").text == "Schiedam Nieuwland"


@pytest.mark.django_db
def test_iati_transactions_reconcile_to_the_public_ledger_to_the_cent(site, schema):
    doc = assert_valid(schema, iati.build(site["deal"]))
    expected = ledger_sums(site["deal"])
    assert expected and transaction_sums(doc) == expected
    everything = sum(e.amount for e in LedgerEntry.objects.filter(deal=site["deal"]))
    assert sum(expected.values()) < everything  # the confidential project's money is left out


@pytest.mark.django_db
def test_without_the_regiokassiers_identifier_there_is_no_iati_file(waterwegregio):
    from regiodeal.deals.models import Organisation

    # `available` reads the regiokassier's own row; `reporting_org` the covenant's Parties: they agree.
    assert iati.available(waterwegregio) and iati.reporting_org(waterwegregio).iati_ref
    Organisation.objects.filter(deal=waterwegregio, code="ROTTERDAM").update(iati_ref="")
    cache.clear()
    assert not iati.available(waterwegregio)
    with pytest.raises(iati.IatiUnavailable):
        iati.reporting_org(waterwegregio)
    assert Client().get("/deals/waterwegregio/public/open-data/iati.xml").status_code == 404
    page = Client().get("/deals/waterwegregio/public/open-data/").content.decode()
    assert "zodra het programmabureau de identificatie (OIN) van de regiokassier heeft ingevuld" in page


@pytest.mark.django_db
def test_the_catalogue_in_both_formats_has_every_mandatory_property(site):
    client = Client()
    turtle = client.get("/deals/waterwegregio/public/open-data/catalogus.ttl")
    jsonld = client.get("/deals/waterwegregio/public/open-data/catalogus.jsonld")
    assert turtle["Content-Type"].startswith("text/turtle")
    assert jsonld["Content-Type"].startswith("application/ld+json")
    g1 = Graph().parse(data=turtle.content.decode(), format="turtle")
    g2 = Graph().parse(data=jsonld.content.decode(), format="json-ld")
    assert isomorphic(g1, g2)
    counts = check_catalogue(g1)
    # the open-data datasets and the IATI file; CSV, JSON and API of each, XML of the IATI file
    n = len(opendata.DATASETS)
    assert counts == {"catalog": 1, "dataset": n + 1, "distribution": n * 3 + 1}
    assert SECRET_TITLE not in turtle.content.decode()


@pytest.mark.django_db
def test_the_open_data_page_and_the_public_api_serve_the_files(site, schema):
    client = Client()
    page = client.get("/deals/waterwegregio/public/open-data/").content.decode()
    for href in ("open-data/iati.xml", "open-data/catalogus.ttl", "open-data/catalogus.jsonld"):
        assert f'href="/deals/waterwegregio/public/{href}"' in page
    assert 'data-dataset="iati"' in page  # in the data dictionary
    english = client.get("/en/deals/waterwegregio/public/open-data/").content.decode()
    assert "IATI activity file" in english
    detail = client.get("/api/v1/public/deals/waterwegregio/").json()
    assert detail["datasets"]["iati"] == "/api/v1/public/deals/waterwegregio/iati/"
    api = client.get(detail["datasets"]["iati"], HTTP_ACCEPT="application/xml")
    assert api["Content-Type"].startswith("application/xml")
    assert_valid(schema, api.content)
    assert api.content == client.get("/deals/waterwegregio/public/open-data/iati.xml").content
    ttl = client.get(detail["datasets"]["catalogue"] + "?syntax=ttl", HTTP_ACCEPT="text/turtle")
    assert ttl["Content-Type"].startswith("text/turtle")
    check_catalogue(Graph().parse(data=ttl.content.decode(), format="turtle"))
    jsonld = client.get(detail["datasets"]["catalogue"], HTTP_ACCEPT="application/ld+json")
    assert jsonld["Content-Type"].startswith("application/ld+json")
    assert isomorphic(
        Graph().parse(data=jsonld.content.decode(), format="json-ld"),
        Graph().parse(data=ttl.content.decode(), format="turtle"),
    )


# ---------------------------------------------------------------------------------------------
# The example portfolio, built once for this module (about 10 s), and the committed samples


@pytest.fixture(scope="module")
def portfolio(django_db_setup, django_db_blocker):
    """The example portfolio's files and public ledger, made in a transaction rolled back after."""
    from regiodeal.audit.services import Actor
    from regiodeal.deals.services import bundled_definition_path, deal_load, definition_read_file
    from regiodeal.demo.portfolio import demo_portfolio_create
    from regiodeal.portal.selectors import public_projects
    from regiodeal.projects.models import Project

    with django_db_blocker.unblock(), transaction.atomic():
        cache.clear()
        deal_def, text = definition_read_file(bundled_definition_path())
        deal = deal_load(
            deal_def=deal_def, source_text=text, source_name="waterwegregio.yaml", actor=Actor(label="test")
        ).deal
        demo_portfolio_create(deal=deal, today=SAMPLE_TODAY)
        cache.clear()
        public = {p.code for p in public_projects(deal)}
        hidden = [(p.code, p.title) for p in Project.objects.filter(deal=deal) if p.code not in public]
        out = {"files": sample_files(deal), "ledger": ledger_sums(deal), "hidden": hidden, "public": public}
        transaction.set_rollback(True)
    cache.clear()
    return out


@pytest.mark.django_db
def test_example_portfolio_iati_validates_and_reconciles(portfolio, schema):
    doc = assert_valid(schema, portfolio["files"]["iati.xml"])
    assert transaction_sums(doc) == portfolio["ledger"]
    codes = {t.get("code") for t in doc.iter("transaction-type")}
    assert codes == {"1", "2", "4", "13"}
    assert len(doc.findall("iati-activity")) == 1 + len(portfolio["public"])
    assert (
        doc.find("iati-activity/budget") is not None
        and doc.find("iati-activity/result/indicator/period") is not None
    )
    assert doc.find("iati-activity/document-link[@format='application/pdf']") is not None  # a report


@pytest.mark.django_db
def test_example_portfolio_has_no_confidential_or_unpublished_project(portfolio):
    text = portfolio["files"]["iati.xml"].decode() + portfolio["files"]["catalogue.ttl"].decode()
    assert portfolio["hidden"], "the example portfolio has projects the public does not see"
    for code, title in portfolio["hidden"]:
        assert f"-{code}<" not in text and title not in text


@pytest.mark.django_db
def test_example_portfolio_catalogue_has_every_mandatory_property(portfolio):
    g1 = Graph().parse(data=portfolio["files"]["catalogue.ttl"].decode(), format="turtle")
    g2 = Graph().parse(data=portfolio["files"]["catalogue.jsonld"].decode(), format="json-ld")
    assert isomorphic(g1, g2)
    check_catalogue(g1)


@pytest.mark.django_db
def test_the_samples_in_docs_are_up_to_date(portfolio):
    """docs/samples/ is what the code makes of the example portfolio: run `make samples` after a
    change to the IATI file, the catalogue, the example portfolio or the definition."""
    stale = []
    for name in SAMPLE_FILES:
        committed = (SAMPLES / name).read_bytes()
        made = portfolio["files"][name]
        if name.endswith(".xml"):
            same = committed == made
        else:  # the same graph (rdflib may write the triples in another order)
            fmt = "turtle" if name.endswith(".ttl") else "json-ld"
            same = isomorphic(
                Graph().parse(data=committed.decode(), format=fmt),
                Graph().parse(data=made.decode(), format=fmt),
            )
        if not same:
            stale.append(name)
    assert stale == [], f"docs/samples/ is stale ({', '.join(stale)}): run `make samples`"


DONL = Namespace("https://dcat.overheid.nl/application-profile/donl/term/")


def test_values_from_value_lists_are_their_uris():
    assert dcat.ACCESS_PUBLIC in value_list("access-rights.ttl")
    assert dcat.LICENSE_CC0 in value_list("licenses.ttl")


@pytest.mark.django_db
def test_an_unknown_deals_file_is_a_json_404(waterwegregio):
    response = Client().get("/api/v1/public/deals/nope/iati/", HTTP_ACCEPT="application/xml")
    assert response.status_code == 404
    assert response.json() == {"detail": "Die deal bestaat niet.", "rule": "not_found"}
    assert Client().get("/deals/nope/public/open-data/catalogus.ttl").status_code == 404
    assert Client().get("/deals/waterwegregio/public/open-data/catalogus.rdf").status_code == 404
