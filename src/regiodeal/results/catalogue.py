"""The indicator catalogue shipped with the platform: the CBS Regionale Monitor Brede Welvaart
indicators at gemeente level (data/brede-welvaart-indicators.csv). The CSV's `sdg_proposed`
column is a proposed SDG link, not a CBS table; screens show it as a proposal."""

from __future__ import annotations

import csv
from pathlib import Path

CATALOGUE_PATH = Path(__file__).parent / "data" / "brede-welvaart-indicators.csv"
COLUMNS = ["code", "name_nl", "name_en", "unit_nl", "unit_en", "dimension", "theme", "better", "sdg_proposed"]


def read_catalogue(path: Path = CATALOGUE_PATH) -> list[dict[str, str]]:
    """The rows as field values for `Indicator` (origin 'catalogue'); refuses a changed layout."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != COLUMNS:
            raise ValueError(f"{path.name}: expected columns {COLUMNS}, found {reader.fieldnames}")
        rows = []
        for number, row in enumerate(reader, start=2):
            if row["better"] not in ("higher", "lower"):
                raise ValueError(f"{path.name}:{number}: better: {row['better']!r} is not higher or lower")
            rows.append(
                {
                    "code": row["code"],
                    "name": row["name_nl"],
                    "name_en": row["name_en"],
                    "unit": row["unit_nl"],
                    "unit_en": row["unit_en"],
                    "dimension": row["dimension"],
                    "theme": row["theme"],
                    "better": row["better"],
                    "sdg_proposed": row["sdg_proposed"],
                }
            )
    return rows


def sync_catalogue(indicator_model) -> tuple[int, int]:
    """Create or update the catalogue rows (deal empty); works with a migration's historical model.
    Returns (created, updated)."""
    created = updated = 0
    # A migration's historical model may not have every column yet (unit_en came later).
    known = {f.name for f in indicator_model._meta.get_fields()}
    for row in read_catalogue():
        row = {k: v for k, v in row.items() if k in known}
        code = row.pop("code")
        obj, was_created = indicator_model.objects.get_or_create(
            deal=None, code=code, defaults={**row, "origin": "catalogue"}
        )
        if was_created:
            created += 1
            continue
        changed = [k for k, v in row.items() if getattr(obj, k) != v]
        if changed:
            for k in changed:
                setattr(obj, k, row[k])
            obj.lock_version += 1
            obj.save(update_fields=[*changed, "lock_version"])
            updated += 1
    return created, updated
