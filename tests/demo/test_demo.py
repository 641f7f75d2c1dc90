"""`regiodeal demo`: a living example portfolio, marked as example data, that never mixes into
real data."""

import pytest
from django.core.management import CommandError, call_command

from regiodeal.common.findings import ERROR, findings_for
from regiodeal.finance.models import LedgerEntry
from regiodeal.projects.models import Project
from regiodeal.results.models import Measurement

pytestmark = pytest.mark.django_db


def test_the_demo_fills_every_pillar_and_gemeente_and_keeps_the_covenant(waterwegregio, capsys):
    call_command("demo", "--deal", "waterwegregio")
    assert "Example portfolio for waterwegregio: 12 projects" in capsys.readouterr().out
    projects = Project.objects.filter(deal=waterwegregio)
    assert projects.count() == 12 and all(p.is_example for p in projects)
    assert {code for p in projects for code in p.pillars.values_list("code", flat=True)} == {"1", "2", "3"}
    assert {p.lead.code for p in projects} >= {"MAASSLUIS", "ROTTERDAM", "SCHIEDAM", "VLAARDINGEN"}
    assert set(projects.values_list("status", flat=True)) >= {"proposed", "approved", "running", "completed"}
    assert all(
        e.source_document.startswith("VOORBEELD-") for e in LedgerEntry.objects.filter(deal=waterwegregio)
    )
    assert Measurement.objects.filter(deal=waterwegregio, area_code__startswith="WK").exists()
    # A realistic portfolio: no breach of the covenant's rules, a few warnings to act on.
    assert [f for f in findings_for(waterwegregio) if f.severity == ERROR] == []


def test_running_the_demo_twice_changes_nothing(waterwegregio, capsys):
    call_command("demo", "--deal", "waterwegregio")
    entries = LedgerEntry.objects.count()
    call_command("demo", "--deal", "waterwegregio")
    assert "already there: nothing changed" in capsys.readouterr().out
    assert LedgerEntry.objects.count() == entries and Project.objects.count() == 12


def test_the_demo_refuses_a_deal_with_real_projects(waterwegregio):
    from regiodeal.audit.services import Actor
    from regiodeal.projects.services import project_create

    project_create(
        actor=Actor(label="t"),
        deal=waterwegregio,
        code="ECHT-1",
        title="Echt project",
        lead=waterwegregio.organisations.get(code="SCHIEDAM"),
    )
    with pytest.raises(CommandError) as caught:
        call_command("demo", "--deal", "waterwegregio")
    assert "holds real projects or ledger entries: example data never mixes into real data" in str(
        caught.value
    )
    assert Project.objects.count() == 1 and LedgerEntry.objects.count() == 0


def test_the_demo_names_an_unknown_deal(waterwegregio):
    with pytest.raises(CommandError, match=r"--deal twente: no such deal \(loaded: waterwegregio\)"):
        call_command("demo", "--deal", "twente")
