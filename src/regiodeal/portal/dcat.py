"""The deal's open data as a DCAT-AP-DONL 2 catalogue (docs/standards.md): every
open-data dataset (portal/opendata.py) with its CSV, JSON and API distributions, the IATI
activity file (portal/iati.py) and the public API as a data service. Built with rdflib, served as
Turtle and JSON-LD. Values from the profile's value lists are their URIs.

Only named nodes (no blank nodes), so the same data gives the same graph.
"""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.utils import timezone, translation
from rdflib import DCAT, DCTERMS, FOAF, RDF, XSD, Graph, Literal, Namespace, URIRef

from regiodeal.deals import models as dm
from regiodeal.deals.constants import AreaKind
from regiodeal.deals.selectors import deal_entry_into_force

from . import iati, opendata
from . import selectors as public
from .opendata import _path

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DONL = Namespace("https://dcat.overheid.nl/application-profile/donl/term/")

# Value lists (their URIs). Access rights and licences: the profile's own lists (access-rights.ttl,
# licenses.ttl); formats, languages and frequencies: the EU Publications Office's authority
# tables, as the profile prescribes; themes: OWMS TaxonomieBeleidsagenda.
ACCESS_PUBLIC = DONL.PUBLIEK
LICENSE_CC0 = URIRef("http://creativecommons.org/publicdomain/zero/1.0/deed.nl")
EU = "http://publications.europa.eu/resource/authority/"
FORMAT = {
    "csv": URIRef(EU + "file-type/CSV"),
    "json": URIRef(EU + "file-type/JSON"),
    "xml": URIRef(EU + "file-type/XML"),
}
MEDIA_TYPE = {
    "csv": URIRef("https://www.iana.org/assignments/media-types/text/csv"),
    "json": URIRef("https://www.iana.org/assignments/media-types/application/json"),
    "xml": URIRef("https://www.iana.org/assignments/media-types/application/xml"),
}
LANG_NL = URIRef(EU + "language/NLD")
FREQUENCY_CONTINUOUS = URIRef(EU + "frequency/UPDATE_CONT")
OWMS = "http://standaarden.overheid.nl/owms/terms/"
THEME_GOVERNANCE = URIRef(OWMS + "Bestuur")
THEME_FINANCE = URIRef(OWMS + "Financien")
IATI_STANDARD = URIRef("http://iatistandard.org/203/")
MONEY_DATASETS = {"money-per-line", "money-per-party"}

CONTEXT = {
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "vcard": str(VCARD),
    "xsd": str(XSD),
}


def _owms_organisation(deal: dm.Deal, org: public.PublicOrganisation, base_url: str) -> URIRef:
    """The OWMS URI of a gemeente or provincie (Rotterdam -> .../Rotterdam_(gemeente)), from the
    area of the same code; else the organisation on the deal's public page."""
    version = public.public_deal_version(deal)
    area = version.areas.filter(code=org.code).first()
    if area is not None and area.kind in (AreaKind.GEMEENTE, AreaKind.PROVINCIE):
        return URIRef(OWMS + area.name.replace(" ", "_") + f"_({area.kind})")
    return URIRef(base_url + _path("portal:deal", slug=deal.slug) + f"#{org.code}")


def _both(graph: Graph, node, prop, nl: str, en: str) -> None:
    graph.add((node, prop, Literal(nl, lang="nl")))
    if en:
        graph.add((node, prop, Literal(en, lang="en")))


def _texts(value) -> tuple[str, str]:
    with translation.override("nl"):
        nl = str(value)
    with translation.override("en"):
        en = str(value)
    return nl, en


def build(deal: dm.Deal, *, base_url: str | None = None, generated: dt.datetime | None = None) -> Graph:
    base_url = (base_url or settings.BASE_URL).rstrip("/")
    generated = generated or timezone.now()
    modified = Literal(generated.date().isoformat(), datatype=XSD.date)
    version = public.public_deal_version(deal)
    entry = deal_entry_into_force(deal, version)
    orgs = {o.code: o for o in public.public_organisations(deal)}
    regiokassier = orgs[version.regiokassier.code]
    page = base_url + _path("portal:open-data", slug=deal.slug)
    api = f"{base_url}/api/v1/public/deals/{deal.slug}/"

    g = Graph()
    for prefix, ns in CONTEXT.items():
        g.bind(prefix, ns)
    g.bind("donl", DONL)

    owner = _owms_organisation(deal, regiokassier, base_url)
    contact = URIRef(page + "#contactpunt")
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, Literal(f"Programmabureau {version.name}", lang="nl")))
    g.add((contact, VCARD.hasURL, URIRef(base_url + _path("portal:deal", slug=deal.slug))))
    period = URIRef(page + "#looptijd")
    g.add((period, RDF.type, DCTERMS.PeriodOfTime))
    if entry.starts_on:
        g.add((period, DCAT.startDate, Literal(entry.starts_on.isoformat(), datatype=XSD.date)))
    g.add((period, DCAT.endDate, Literal(version.ends_on.isoformat(), datatype=XSD.date)))

    def resource(node, title: tuple[str, str], description: tuple[str, str], themes) -> None:
        """The properties every DCAT-AP-DONL resource (catalogue, dataset) has."""
        g.add((node, DCTERMS.identifier, node))
        _both(g, node, DCTERMS.title, *title)
        _both(g, node, DCTERMS.description, *description)
        g.add((node, DCTERMS.license, LICENSE_CC0))
        g.add((node, DCTERMS.creator, owner))
        g.add((node, DCTERMS.publisher, owner))
        g.add((node, DCAT.contactPoint, contact))
        for theme in themes:
            g.add((node, DCAT.theme, theme))
        g.add((node, DCTERMS.accessRights, ACCESS_PUBLIC))
        g.add((node, DCAT.keyword, Literal("Regio Deal", lang="nl")))
        g.add((node, DCAT.keyword, Literal(version.name, lang="nl")))
        if entry.starts_on:
            g.add((node, DCTERMS.issued, Literal(entry.starts_on.isoformat(), datatype=XSD.date)))
        g.add((node, DCTERMS.modified, modified))
        g.add((node, DCTERMS.language, LANG_NL))
        g.add((node, DCAT.landingPage, URIRef(page)))

    catalog = URIRef(page + "#catalogus")
    g.add((catalog, RDF.type, DCAT.Catalog))
    resource(
        catalog,
        (f"Open data van {version.name}", f"Open data of {version.name}"),
        (
            f"De openbare gegevens van {version.name}: projecten, geld, resultaten, ideeën en "
            "rapportages, zonder wat een Partij geheim laat houden (art. 10) en zonder persoonsgegevens.",
            f"The public data of {version.name}: projects, money, results, ideas and reports, without "
            "what a Party has kept confidential (Art. 10) and without personal data.",
        ),
        [THEME_GOVERNANCE, THEME_FINANCE],
    )
    g.add((catalog, FOAF.homepage, URIRef(base_url + _path("portal:deal", slug=deal.slug))))

    service = URIRef(api)
    g.add((service, RDF.type, DCAT.DataService))
    _both(g, service, DCTERMS.title, f"Openbare API van {version.name}", f"Public API of {version.name}")
    g.add((service, DCAT.endpointURL, URIRef(api)))
    g.add((service, DCAT.endpointDescription, URIRef(base_url + "/api/v1/schema/")))
    g.add((service, DCTERMS.license, LICENSE_CC0))
    g.add((service, DCTERMS.accessRights, ACCESS_PUBLIC))
    g.add((catalog, DCAT.service, service))

    def distribution(dataset, name: str, fmt: str, url: str, title, description, download: bool) -> None:
        node = URIRef(f"{dataset}-{name}")
        g.add((node, RDF.type, DCAT.Distribution))
        g.add((dataset, DCAT.distribution, node))
        g.add((node, DCAT.accessURL, URIRef(url)))
        if download:
            g.add((node, DCAT.downloadURL, URIRef(url)))
        else:
            g.add((node, DCAT.accessService, service))
        g.add((node, DCTERMS.format, FORMAT[fmt]))
        g.add((node, DCAT.mediaType, MEDIA_TYPE[fmt]))
        _both(g, node, DCTERMS.title, *title)
        _both(g, node, DCTERMS.description, *description)
        g.add((node, DCTERMS.license, LICENSE_CC0))
        g.add((node, DCTERMS.modified, modified))
        g.add((node, DCTERMS.language, LANG_NL))

    def dataset_node(name: str, title: tuple[str, str], description: tuple[str, str], themes) -> URIRef:
        node = URIRef(f"{page}#ds-{name}")
        g.add((node, RDF.type, DCAT.Dataset))
        g.add((catalog, DCAT.dataset, node))
        resource(node, title, description, themes)
        g.add((node, DCAT.keyword, Literal(name, lang="nl")))
        g.add((node, DCTERMS.accrualPeriodicity, FREQUENCY_CONTINUOUS))
        g.add((node, DCTERMS.temporal, period))
        g.add((service, DCAT.servesDataset, node))
        return node

    for ds in opendata.DATASETS.values():
        title, description = _texts(ds.title), _texts(ds.description)
        themes = [THEME_FINANCE, THEME_GOVERNANCE] if ds.name in MONEY_DATASETS else [THEME_GOVERNANCE]
        node = dataset_node(ds.name, title, description, themes)
        for fmt in ("csv", "json"):
            url = base_url + _path("portal:open-data-file", slug=deal.slug, dataset=ds.name, fmt=fmt)
            distribution(
                node, fmt, fmt, url,
                (f"{title[0]} als {fmt.upper()}", f"{title[1]} as {fmt.upper()}"),
                (
                    f"{title[0]}: het hele bestand als {fmt.upper()}; het datawoordenboek staat op de "
                    "open-datapagina.",
                    f"{title[1]}: the whole file as {fmt.upper()}; the data dictionary is on the open "
                    "data page.",
                ),
                download=True,
            )  # fmt: skip
        distribution(
            node, "api", "json", f"{api}{ds.name}/",
            (f"{title[0]} in de openbare API", f"{title[1]} in the public API"),
            (
                f"{title[0]} per pagina als JSON uit de openbare API "
                "(OpenAPI-beschrijving: /api/v1/schema/).",
                f"{title[1]} page by page as JSON from the public API "
                "(OpenAPI description: /api/v1/schema/).",
            ),
            download=False,
        )  # fmt: skip

    if iati.available(deal):
        title = ("IATI-activiteitenbestand", "IATI activity file")
        node = dataset_node(
            "iati",
            title,
            (
                "De deal en zijn openbare projecten in de IATI-standaard 2.03: deelnemende organisaties, "
                "begroting per jaar, transacties uit het grootboek, resultaten en gebieden; "
                "excl. vertrouwelijke projecten (art. 10).",
                "The deal and its public projects in the IATI Standard 2.03: participating organisations, "
                "budget per year, transactions from the ledger, results and areas; excluding "
                "confidential projects (Art. 10).",
            ),
            [THEME_FINANCE, THEME_GOVERNANCE],
        )
        g.add((node, DCTERMS.conformsTo, IATI_STANDARD))
        url = base_url + _path("portal:open-data-iati", slug=deal.slug)
        distribution(
            node, "xml", "xml", url, ("IATI-activiteitenbestand (XML)", "IATI activity file (XML)"),
            ("Het hele bestand, IATI 2.03 XML.", "The whole file, IATI 2.03 XML."), download=True,
        )  # fmt: skip
        g.add((URIRef(f"{node}-xml"), DCTERMS.conformsTo, IATI_STANDARD))
    return g


def as_turtle(graph: Graph) -> str:
    return graph.serialize(format="turtle")


def as_jsonld(graph: Graph) -> str:
    """JSON-LD with short prefixes; the graph's nodes sorted by @id, so it reads the same each time."""
    data = json.loads(graph.serialize(format="json-ld", context=CONTEXT, auto_compact=True))
    if "@graph" in data:
        data["@graph"] = sorted(data["@graph"], key=lambda n: n.get("@id", ""))
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
