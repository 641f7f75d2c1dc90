"""Active publication under the Wet open overheid (Woo; docs/standards.md
"Woo / DiWoo" says what each element holds and where the platform deviates).

The documents the Woo asks a body to publish actively, per public deal:

    the covenant                          information category "convenanten"
    the public editions of the submitted  "jaarplannen en jaarverslagen"
      reports (current editions only)
    the adopted changes of the covenant   "convenanten" (a change is a covenant of its own)
      (versions 2 and later)
    the decisions of the Rijk-Regio-      "overige besluiten van algemene strekking"
      overleg the office marked public

Each gets DiWoo metadata (namespace https://standaarden.overheid.nl/diwoo/metadata/) at its own
address, and a sitemap lists them; robots.txt names the sitemap index. Everything is read
through the one public layer (disclosure/public.py, portal/selectors.py, the reporting
selectors): a confidential meeting's decisions, a decision the office marked not public and a
withdrawn edition are in none of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from lxml import etree

from regiodeal.common.dataversion import cached_fragment
from regiodeal.deals import models as dm
from regiodeal.deals.constants import VersionOrigin
from regiodeal.disclosure.public import public_decisions
from regiodeal.reporting.selectors import public_reports_of

from . import selectors as public

DIWOO_NS = "https://standaarden.overheid.nl/diwoo/metadata/"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"

# TOOI "informatiecategorieën" of the Woo (thesaurus kern); the office checks these against the
# TOOI lists (docs/standards.md).
TOOI = "https://identifier.overheid.nl/tooi/def/thes/kern/"
CAT_CONVENANTEN = (TOOI + "c_8fc2335c", "convenanten")
CAT_JAARVERSLAGEN = (TOOI + "c_c76862ab", "jaarplannen en jaarverslagen")
CAT_BESLUITEN = (TOOI + "c_9076e5fd", "overige besluiten van algemene strekking")

# EU vocabularies (Publications Office) for language and file type, as DiWoo uses them.
LANG_NL = ("http://publications.europa.eu/resource/authority/language/NLD", "Nederlands")
FORMAT_PDF = ("http://publications.europa.eu/resource/authority/file-type/PDF", "pdf")
FORMAT_HTML = ("http://publications.europa.eu/resource/authority/file-type/HTML", "html")
FORMAT_TXT = ("http://publications.europa.eu/resource/authority/file-type/TXT", "txt")


@dataclass(frozen=True)
class WooDocument:
    key: str  # in the deal's addresses: convenant, jaarverslag-2024, wijziging-2, besluit-17
    identifier: str  # unique across the platform
    title: str
    category: tuple[str, str]
    file_format: tuple[str, str]
    location: str  # path of the document itself
    actions: tuple[tuple[str, dt.date], ...]  # (soort handeling, date)
    lastmod: dt.date


def _path(name: str, **kwargs) -> str:
    with translation.override("nl"):
        return reverse(name, kwargs=kwargs)


def _signed_on(deal: dm.Deal) -> dt.date | None:
    return (
        dm.Signature.objects.filter(deal=deal)
        .order_by("-signed_on")
        .values_list("signed_on", flat=True)
        .first()
    )


def documents(deal: dm.Deal, on: dt.date | None = None) -> list[WooDocument]:
    """The deal's documents for active publication on `on` (default today), in a fixed order.
    Today's are cached under the version the public is served of what they are made from (the
    covenant's versions and signatures, the reports, the decisions: `PUBLIC_READS`; a
    confidentiality decision at once): the sitemap index, which crawlers fetch, read every deal's
    anew, 277 ms for the 40 deals of the national portfolio."""
    today = timezone.localdate()
    if on is not None and on != today:
        return _documents(deal, on)
    return cached_fragment(deal, "portal:woo", lambda: _documents(deal, today), public=True)


def _documents(deal: dm.Deal, on: dt.date) -> list[WooDocument]:
    slug = deal.slug
    out: list[WooDocument] = []
    with translation.override("nl"):  # the covenant's language, whoever asks
        version = public.public_deal_version(deal)
        first = dm.DealVersion.objects.filter(deal=deal).order_by("number").first()
        signed = _signed_on(deal)
        made = (first.loaded_at.date() if first else on) if signed is None else signed
        out.append(
            WooDocument(
                key="convenant",
                identifier=f"regiodeal:{slug}:convenant",
                title=(first or version).citation_title,
                category=CAT_CONVENANTEN,
                file_format=FORMAT_HTML,
                location=_path("portal:deal", slug=slug),
                actions=(("ondertekening", made),),
                lastmod=made,
            )
        )
        for report in public_reports_of([deal])[deal.pk]:
            out.append(
                WooDocument(
                    key=f"jaarverslag-{report.year}",
                    identifier=f"regiodeal:{slug}:jaarverslag:{report.year}:editie:{report.edition}",
                    title=_("Voortgangsrapportage %(year)s, %(deal)s (openbare versie, editie %(e)s)")
                    % {"year": report.year, "deal": version.name, "e": report.edition},
                    category=CAT_JAARVERSLAGEN,
                    file_format=FORMAT_PDF,
                    location=report.public_pdf_url,
                    actions=(("vaststelling", report.submitted_on),),
                    lastmod=report.withdrawn[-1].on if report.withdrawn else report.submitted_on,
                )
            )
        changes = (
            dm.DealVersion.objects.filter(deal=deal, number__gt=1)
            .exclude(origin=VersionOrigin.DEFINITION)
            .only("number", "origin", "effective_from", "name", "loaded_at")
            .order_by("number")
        )
        for v in changes:
            adopted = v.loaded_at.date()
            if v.effective_from and v.effective_from > on:
                continue  # published when it takes effect
            out.append(
                WooDocument(
                    key=f"wijziging-{v.number}",
                    identifier=f"regiodeal:{slug}:versie:{v.number}",
                    title=_("%(deal)s, versie %(n)s: %(origin)s")
                    % {"deal": v.name, "n": v.number, "origin": v.get_origin_display()},
                    category=CAT_CONVENANTEN,
                    file_format=FORMAT_TXT,
                    location=_path("woo-text", slug=slug, key=f"wijziging-{v.number}"),
                    actions=(("vaststelling", adopted),),
                    lastmod=adopted,
                )
            )
        for d in public_decisions(deal, on):
            held = d.meeting.held_on
            out.append(
                WooDocument(
                    key=f"besluit-{d.pk}",
                    identifier=f"regiodeal:{slug}:besluit:{d.pk}",
                    title=_("Besluit %(n)s van het %(meeting)s van %(date)s")
                    % {"n": d.number, "meeting": d.meeting.title, "date": held.isoformat()},
                    category=CAT_BESLUITEN,
                    file_format=FORMAT_TXT,
                    location=_path("woo-text", slug=slug, key=f"besluit-{d.pk}"),
                    actions=(("vaststelling", held),),
                    lastmod=held,
                )
            )
    return out


def document(deal: dm.Deal, key: str, on: dt.date | None = None) -> WooDocument:
    """One public document of the deal; LookupError for any other key (confidential, not public,
    withdrawn or unknown alike)."""
    for doc in documents(deal, on):
        if doc.key == key:
            return doc
    raise LookupError(key)


def document_text(deal: dm.Deal, key: str) -> str:
    """The plain-text edition of a decision or a change of the covenant (those have no public
    page of their own)."""
    doc = document(deal, key)
    with translation.override("nl"):
        lines = [doc.title, ""]
        if key.startswith("besluit-"):
            d = public_decisions(deal).get(pk=int(key.removeprefix("besluit-")))
            lines += [
                _("Vergadering: %(m)s, %(date)s")
                % {"m": d.meeting.title, "date": d.meeting.held_on.isoformat()},
                _("Besluit %(n)s:") % {"n": d.number},
                "",
                d.text,
            ]
        else:
            v = dm.DealVersion.objects.get(deal=deal, number=int(key.removeprefix("wijziging-")))
            lines += [
                _("Soort: %(o)s") % {"o": v.get_origin_display()},
                _("Geldt vanaf: %(d)s") % {"d": v.effective_from.isoformat() if v.effective_from else "—"},
                _("Naam: %(n)s") % {"n": v.name},
                _("Citeertitel: %(n)s") % {"n": v.citation_title},
                _("Eindigt op: %(d)s") % {"d": v.ends_on.isoformat()},
                _("Controlegetal van de definitie (SHA-256): %(c)s") % {"c": v.checksum},
                "",
                v.aim,
            ]
    return "\n".join(lines) + "\n"


def _base(base_url: str | None) -> str:
    return (base_url or settings.BASE_URL).rstrip("/")


def _publisher(deal: dm.Deal) -> tuple[str, str]:
    """The publisher: the deal's own address and name (deviation: DiWoo asks a TOOI organisation
    URI, which the platform does not hold; docs/standards.md)."""
    version = public.public_deal_version(deal)
    return _path("portal:deal", slug=deal.slug), version.name


def _sub(parent, tag: str, text: str | None = None, **attrs) -> etree._Element:
    el = etree.SubElement(parent, f"{{{DIWOO_NS}}}{tag}", **attrs)
    if text is not None:
        el.text = text
    return el


def metadata_element(deal: dm.Deal, doc: WooDocument, *, base_url: str | None = None) -> etree._Element:
    """`diwoo:Document` with its `diwoo:DiWoo` block for one document."""
    base = _base(base_url)
    root = etree.Element(f"{{{DIWOO_NS}}}Document", nsmap={"diwoo": DIWOO_NS})
    meta = _sub(root, "DiWoo")
    ids = _sub(meta, "identifiers")
    _sub(ids, "identifier", doc.identifier)
    _sub(ids, "identifier", base + doc.location)
    publisher_path, publisher_name = _publisher(deal)
    _sub(meta, "publisher", publisher_name, resource=base + publisher_path)
    titles = _sub(meta, "titelcollectie")
    _sub(titles, "officieleTitel", doc.title)
    classification = _sub(meta, "classificatiecollectie")
    categories = _sub(classification, "informatiecategorieen")
    _sub(categories, "informatiecategorie", doc.category[1], resource=doc.category[0])
    _sub(meta, "language", LANG_NL[1], resource=LANG_NL[0])
    _sub(meta, "format", doc.file_format[1], resource=doc.file_format[0])
    actions = _sub(meta, "documenthandelingen")
    for kind, on in doc.actions:
        action = _sub(actions, "documenthandeling")
        _sub(action, "soortHandeling", kind)
        _sub(action, "atTime", dt.datetime.combine(on, dt.time()).isoformat())
    return root


def metadata_xml(deal: dm.Deal, key: str, *, base_url: str | None = None) -> bytes:
    """The DiWoo metadata of one public document (UTF-8 XML); LookupError for any other key."""
    doc = document(deal, key)
    return etree.tostring(
        metadata_element(deal, doc, base_url=base_url),
        xml_declaration=True,
        encoding="UTF-8",
        pretty_print=True,
    )


def sitemap_xml(deal: dm.Deal, *, base_url: str | None = None) -> bytes:
    """The deal's Woo sitemap: per document a `<url>` with `<loc>` (the document), `<lastmod>`
    and a link to its DiWoo metadata."""
    base = _base(base_url)
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "xhtml": XHTML_NS})
    for doc in documents(deal):
        url = etree.SubElement(root, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = base + doc.location
        etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = doc.lastmod.isoformat()
        etree.SubElement(
            url,
            f"{{{XHTML_NS}}}link",
            rel="alternate",
            type="application/xml",
            href=base + _path("woo-metadata", slug=deal.slug, key=doc.key),
        )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def sitemap_index_xml(*, base_url: str | None = None) -> bytes:
    """The sitemap index (sitemaps.org) naming each public deal's Woo sitemap."""
    base = _base(base_url)
    root = etree.Element(f"{{{SITEMAP_NS}}}sitemapindex", nsmap={None: SITEMAP_NS})
    for deal in public.public_deals():
        docs = documents(deal)
        sitemap = etree.SubElement(root, f"{{{SITEMAP_NS}}}sitemap")
        etree.SubElement(sitemap, f"{{{SITEMAP_NS}}}loc").text = base + _path("woo-sitemap", slug=deal.slug)
        if docs:
            etree.SubElement(sitemap, f"{{{SITEMAP_NS}}}lastmod").text = max(
                d.lastmod for d in docs
            ).isoformat()
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def robots_txt(*, base_url: str | None = None) -> str:
    """robots.txt: everyone may read the public site; the Woo sitemap index is named."""
    base = _base(base_url)
    return (
        "User-agent: *\n"
        "Disallow: /admin/\n"
        "Disallow: /api/\n"
        "Disallow: /accounts/\n"
        f"Sitemap: {base}{reverse('woo-sitemap-index')}\n"
    )
