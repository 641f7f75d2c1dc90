"""Everything an anonymous visitor can read: public pages (Dutch and English), open-data downloads,
the public API (every path of the schema under /api/v1/public/) and the public reports."""

from __future__ import annotations

import shutil
import subprocess
import tempfile

from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from regiodeal.portal import opendata
from regiodeal.portal.selectors import public_ideas, public_projects, public_reports

BASE = "/deals/{slug}"


def public_api_paths(slug: str) -> list[str]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = [p.replace("{slug}", slug) for p in schema["paths"] if p.startswith("/api/v1/public/")]
    return [*paths, f"/api/v1/public/deals/{slug}/projects/?pillar=3&wijk=VLAARDINGEN_WESTWIJK"]


def pdf_text(content: bytes) -> str:
    if not shutil.which("pdftotext"):
        raise RuntimeError("pdftotext (poppler-utils) is needed to read the public reports")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(content)
        f.flush()
        return subprocess.run(["pdftotext", f.name, "-"], capture_output=True, check=True, text=True).stdout


def public_surface(deal) -> dict[str, str]:
    """path -> text, for every public page, download, API answer and report of the deal."""
    client = Client()
    base = BASE.format(slug=deal.slug)
    pages = [
        "/",
        f"{base}/",
        f"{base}/public/projects/",
        f"{base}/public/projects/?pillar=3",
        f"{base}/public/projects/?wijk=VLAARDINGEN_WESTWIJK",
        f"{base}/public/money/",
        f"{base}/public/results/",
        f"{base}/public/ideas/",
        f"{base}/public/open-data/",
        f"{base}/ideas/",
    ]
    pages += [f"{base}/public/projects/{p.code}/" for p in public_projects(deal)]
    pages += [f"{base}/public/ideas/{i.number}/" for i in public_ideas(deal)]
    pages += ["/en" + p for p in pages if p != "/"]
    pages += [
        f"{base}/public/open-data/{name}.{fmt}" for name in opendata.DATASETS for fmt in ("csv", "json")
    ] + [
        f"{base}/public/open-data/iati.xml",
        f"{base}/public/open-data/catalogus.ttl",
        f"{base}/public/open-data/catalogus.jsonld",
    ]
    pages += public_api_paths(deal.slug)
    out = {}
    for path in pages:
        response = client.get(path, follow=True)
        assert response.status_code == 200, (path, response.status_code)
        out[path] = response.content.decode()
    for report in public_reports(deal):
        response = client.get(report.url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        out[report.url] = pdf_text(content) if content.startswith(b"%PDF") else content.decode()
    return out
