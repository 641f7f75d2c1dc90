"""Write docs/samples/ (iati.xml, catalogue.ttl, catalogue.jsonld, woo-sitemap.xml,
woo-convenant.xml) from the example portfolio, in a
throwaway SQLite database: `make samples` (or `.venv/bin/python scripts/samples.py`). Run it after
changing portal/iati.py, portal/dcat.py, portal/woo.py, the example portfolio or the bundled definition;
tests/portal/test_standards.py fails while the samples are stale."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    with tempfile.TemporaryDirectory() as data:
        os.environ["REGIODEAL_DATA_DIR"] = data
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regiodeal.conf.settings")
        os.environ.setdefault("DJANGO_DEBUG", "true")  # a throwaway database: no secret key needed
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        from django.core.cache import cache

        from regiodeal.audit.services import Actor
        from regiodeal.deals.services import bundled_definition_path, deal_load, definition_read_file
        from regiodeal.demo.portfolio import demo_portfolio_create
        from regiodeal.portal.samples import SAMPLE_TODAY, sample_files

        deal_def, text = definition_read_file(bundled_definition_path())
        actor = Actor(label="samples")
        deal = deal_load(
            deal_def=deal_def, source_text=text, source_name="waterwegregio.yaml", actor=actor
        ).deal
        demo_portfolio_create(deal=deal, actor=actor, today=SAMPLE_TODAY)
        cache.clear()
        out = ROOT / "docs" / "samples"
        out.mkdir(parents=True, exist_ok=True)
        for name, content in sample_files(deal).items():
            (out / name).write_bytes(content)
            print(f"wrote docs/samples/{name} ({len(content)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
