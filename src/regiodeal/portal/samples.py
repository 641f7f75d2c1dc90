"""The samples of docs/samples/: the IATI file, the DCAT catalogue, the Woo sitemap and
the DiWoo metadata of the covenant, of the example portfolio (`regiodeal.demo.portfolio`), made
with a fixed date, time and address so that the same code gives the same files.
`scripts/samples.py` (`make samples`) writes them; tests/portal/test_standards.py fails when they
are stale."""

from __future__ import annotations

import datetime as dt

from regiodeal.deals import models as dm

from . import dcat, iati, woo

SAMPLE_TODAY = dt.date(2026, 9, 30)  # the example portfolio's "today"
SAMPLE_GENERATED = dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC)
SAMPLE_BASE_URL = "https://regiodeal.example.nl"
# Checked for staleness; the Woo files are written too but name decisions by database id, which
# differs between databases, so they are samples to read, not to compare.
SAMPLE_FILES = ("iati.xml", "catalogue.ttl", "catalogue.jsonld")


def sample_files(deal: dm.Deal) -> dict[str, bytes]:
    kw = {"base_url": SAMPLE_BASE_URL, "generated": SAMPLE_GENERATED}
    graph = dcat.build(deal, **kw)
    return {
        "iati.xml": iati.build(deal, **kw),
        "catalogue.ttl": dcat.as_turtle(graph).encode(),
        "catalogue.jsonld": dcat.as_jsonld(graph).encode(),
        "woo-sitemap.xml": woo.sitemap_xml(deal, base_url=SAMPLE_BASE_URL),
        "woo-convenant.xml": woo.metadata_xml(deal, "convenant", base_url=SAMPLE_BASE_URL),
    }
