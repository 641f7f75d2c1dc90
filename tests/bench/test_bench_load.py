"""The load benchmark's own parts (bench/bench_load.py), without starting a server: it finds the
deal's public addresses in the database, those addresses answer, the import file it writes is
accepted whole by the real import, and it counts errors and percentiles the way it says."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from bench import bench_load
from regiodeal.audit.services import Actor
from regiodeal.finance.importing import ledger_import
from regiodeal.finance.models import LedgerEntry
from tests.factories import make_project, run

ACTOR = Actor(label="test")


@pytest.fixture
def facts(waterwegregio, capsys, monkeypatch):
    """What the benchmark's discovery script prints for a deal with one running project and one
    proposed (not public) project."""
    cache.clear()
    shown = make_project(
        waterwegregio, "WW-001", lead="SCHIEDAM", pillars=["1"], results=["1A"], areas=["SCHIEDAM_NIEUWLAND"]
    )
    run(shown)
    make_project(waterwegregio, "WW-002", pillars=["2"])
    monkeypatch.setenv("BENCH_LOAD_DEAL", "")
    monkeypatch.setenv("BENCH_LOAD_SAMPLE", "5")
    capsys.readouterr()
    exec(bench_load.DISCOVER, {})  # noqa: S102 - the benchmark's own script, run as `regiodeal shell` would
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


@pytest.mark.django_db
def test_discovery_finds_the_deal_a_public_project_filters_and_budget_lines(facts):
    deal = facts["deals"][0]
    assert deal["slug"] == "waterwegregio"
    assert deal["projects"] == 2 and deal["project_codes"] == ["WW-001", "WW-002"]
    assert deal["public_project"] == "WW-001"
    assert (deal["pillar"], deal["gemeente"], deal["wijk"]) == ("1", "SCHIEDAM", "SCHIEDAM_NIEUWLAND")
    assert deal["lines"] and "VAT" not in deal["lines"]
    assert facts["size"]["deals"] == 1


@pytest.mark.django_db
def test_every_public_address_the_readers_use_answers_without_login(facts, client):
    pages, api = bench_load.public_urls(facts["deals"])
    assert any("/public/projects/?pillar=" in u for u in pages)
    assert "/deals/waterwegregio/public/projects/WW-001/" in pages
    assert "/deals/waterwegregio/public/money/" in pages
    assert "/api/v1/public/deals/waterwegregio/projects/" in api
    for url in pages + api:
        response = client.get(url)
        assert response.status_code in (200, 302), f"{url}: HTTP {response.status_code}"


@pytest.mark.django_db
def test_the_import_file_is_accepted_whole_by_the_real_import(facts, tmp_path, waterwegregio):
    path = tmp_path / "spending.csv"
    bench_load.write_import_csv(path, 300, facts["deals"][0], "T1")
    with path.open("rb") as binary:
        result = ledger_import(
            actor=ACTOR, deal=waterwegregio, kind="spending", binary=binary, file_name="s.csv"
        )
    assert result.rows == 300
    assert LedgerEntry.objects.filter(source_document__startswith="IMPORT-T1-").count() == 300


def test_a_write_is_an_error_unless_answered_201_and_a_read_when_4xx_or_5xx():
    path = "/api/v1/deals/waterwegregio/finance/entries/"
    writes = [(0.0, 0.1, 201, path), (0.1, 0.2, 201, path), (0.2, 20.0, 500, path), (0.3, 0.1, 400, path)]
    row = bench_load._row("SQLite", "during import", "write", writes, 2.0, {500: "POST ...: locked"})
    assert (row["requests"], row["errors"], row["rps"]) == (4, 2, 2.0)
    assert row["statuses"] == "201:2 400:1 500:1"
    assert row["note"] == "POST ...: locked"
    reads = [(0.0, 0.1, 200, "/"), (0.1, 0.1, 302, "/"), (0.2, 0.1, 404, "/x/")]
    assert bench_load._row("SQLite", "steady", "public page", reads, 1.0)["errors"] == 1


def test_percentiles_are_taken_from_the_sorted_latencies():
    values = [0.5, 0.1, 0.3, 0.2, 0.4]
    assert bench_load.percentile(values, 50) == 0.3
    assert bench_load.percentile(values, 99) == 0.5
    assert bench_load.percentile([], 50) is None
