"""The bundled definition is the covenant: its budget table, counts and dates, exactly."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from regiodeal.deals import models as m
from regiodeal.deals.selectors import deal_as_dict, deal_entry_into_force

pytestmark = pytest.mark.django_db


def test_the_budget_table_is_that_of_article_4_2(waterwegregio):
    data = deal_as_dict(waterwegregio)
    assert [
        (b["code"], b["name"], b["rijk"], b["regional"], b["total"]) for b in data["budget"]["lines"]
    ] == [
        ("P1", "Pijler 1: Impuls leefbaarheid in wijken", "8400000.00", "8400000.00", "16800000.00"),
        ("P2", "Pijler 2: Bestendig en kwalitatief werk", "6700000.00", "6700000.00", "13400000.00"),
        ("P3", "Pijler 3: Duurzaam wonen, werken en bouwen", "2070000.00", "2070000.00", "4140000.00"),
        ("VAT", "Uitvoeringskosten (VAT)", "530000.00", "530000.00", "1060000.00"),
    ]
    assert data["budget"]["totals"] == {
        "rijk": "17700000.00",
        "regional": "17700000.00",
        "total": "35400000.00",
    }


def test_amounts_are_stored_as_decimals_with_cents(waterwegregio):
    line = m.BudgetLine.objects.get(code="VAT")
    assert line.rijk == Decimal("530000.00")
    assert isinstance(line.rijk, Decimal)


def test_the_deal_has_ten_parties_eleven_partners_three_pillars(waterwegregio):
    data = deal_as_dict(waterwegregio)
    kinds = [p["kind"] for p in data["parties"]]
    assert len(data["parties"]) == 10
    assert kinds.count("rijk") == 5 and kinds.count("regio") == 5
    assert [p["code"] for p in data["parties"]] == [
        "VRO",
        "BZK",
        "OCW",
        "SZW",
        "IENW",
        "MAASSLUIS",
        "ROTTERDAM",
        "SCHIEDAM",
        "VLAARDINGEN",
        "PZH",
    ]
    assert len(data["partners"]) == 11
    assert {p["name"] for p in data["partners"]} >= {"Albeda College", "TNO", "Zadkine", "Stichting TeamNXT"}
    assert len(data["pillars"]) == 3
    assert sum(len(p["objectives"]) for p in data["pillars"]) == 14
    assert sum(len(p["results"]) for p in data["pillars"]) == 15
    assert [o["code"] for o in data["pillars"][1]["objectives"]] == ["2A", "2B", "2C", "2D", "2E", "2F", "2G"]
    assert [r["code"] for r in data["pillars"][2]["results"]] == ["3A", "3B", "3C", "3D", "3E", "3F"]


def test_signatories_are_named_as_in_the_covenant(waterwegregio):
    parties = {p["code"]: p for p in deal_as_dict(waterwegregio)["parties"]}
    assert parties["VRO"]["signatory"] == {
        "name": "M.C.G. Keijzer",
        "function": "Minister van Volkshuisvesting en Ruimtelijke Ordening",
    }
    assert parties["PZH"]["signatory"] == {"name": "A.W. Kolff", "function": "Commissaris van de Koning"}
    assert parties["ROTTERDAM"]["signatory"]["name"] == "F. Achbar"


def test_the_key_dates_and_the_regiokassier(waterwegregio):
    data = deal_as_dict(waterwegregio)
    assert data["ends_on"] == "2028-12-31"
    assert data["starts_on"] is None  # Art. 19: not before every Party has signed
    assert data["status"] == "not_in_force"
    assert len(data["unsigned_parties"]) == 10
    assert data["regiokassier"] == "ROTTERDAM"
    rules = data["rules"]
    assert rules["progress_report"]["draft_to_parties_before"] == "06-15"
    assert rules["progress_report"]["to_ministry_before"] == "07-15"
    assert rules["evaluation"]["baseline_due_on"] == "2025-06-20"
    assert rules["amendment"]["consultation_weeks"] == 6
    assert rules["withdrawal"]["notice_months"] == 3
    assert rules["overleg"]["meets_at_least_per_year"] == 1
    assert len(rules["overleg"]["members"]) == 10
    assert rules["execution_costs_max_share"] == "0.03"
    assert rules["regional_match_min_ratio"] == "1"


def test_the_covenants_numbers_are_measurable_targets(waterwegregio):
    targets = {r["code"]: r["targets"] for p in deal_as_dict(waterwegregio)["pillars"] for r in p["results"]}
    assert targets["1A"] == [
        {
            "indicator": "ontmoetingsplekken",
            "kind": "absolute",
            "operator": "at_least",
            "value": "3",
            "area_kind": None,
            "article": "3.1.A",
        }
    ]
    assert targets["1C"][0]["kind"] == "relative" and targets["1C"][0]["value"] == "25"
    # Result 1B is "een ontwikkelde handreiking": judged by its delivery, not by a number.
    assert targets["1B"] == []
    pillar_1 = deal_as_dict(waterwegregio)["pillars"][0]
    assert [r["deliverable"] for r in pillar_1["results"] if r["code"] == "1B"] == [
        "Handreiking outreachend werken in de wijken voor overheden"
    ]
    # The norm of thirty residents per wijk belongs to the approach of Art. 2.1.
    assert pillar_1["norms"] == [
        {
            "indicator": "bewoners_gesproken_per_wijk",
            "kind": "per_area",
            "operator": "at_least",
            "value": "30",
            "area_kind": "wijk",
            "article": "2.1",
        }
    ]


def test_the_area_keeps_unconfirmed_wijk_codes_empty(waterwegregio):
    areas = {a["code"]: a for a in deal_as_dict(waterwegregio)["areas"]}
    assert areas["MAASSLUIS"]["cbs_code"] == "GM0556"
    assert areas["VLAARDINGEN"]["cbs_code"] == "GM0622"
    nplv = [a for a in areas.values() if a["nplv_focus_area"]]
    assert {a["name"] for a in nplv} == {"Schiedam Nieuwland", "Schiedam-Oost", "Vlaardingen Westwijk"}
    assert all(a["cbs_code"] is None for a in nplv)


def test_the_glossary_is_content(waterwegregio):
    terms = [g["term"] for g in deal_as_dict(waterwegregio)["glossary"]]
    assert "Regiokassier" in terms and "Wijkhub" in terms and "Outreachende aanpak" in terms


def test_the_deal_enters_into_force_the_day_after_the_last_signature(waterwegregio):
    import datetime as dt

    version = waterwegregio.versions.get()
    parties = list(version.parties.all())
    for i, party in enumerate(parties):
        m.Signature.objects.create(
            deal=waterwegregio,
            organisation=party.organisation,
            signed_on=dt.date(2025, 1, 10) + dt.timedelta(days=i),
        )
        force = deal_entry_into_force(waterwegregio)
        if i < len(parties) - 1:
            assert force.starts_on is None
    assert force.starts_on == dt.date(2025, 1, 20)  # last signature 19 January
    assert force.status(dt.date(2025, 1, 19)) == "not_in_force"
    assert force.status(dt.date(2025, 1, 20)) == "in_force"
    assert force.status(dt.date(2029, 1, 1)) == "ended"


def test_setup_is_idempotent(db, capsys):
    call_command("setup", "--no-static")
    counts = (m.Deal.objects.count(), m.DealVersion.objects.count(), m.Party.objects.count())
    call_command("setup", "--no-static")
    assert (
        (m.Deal.objects.count(), m.DealVersion.objects.count(), m.Party.objects.count())
        == counts
        == (1, 1, 10)
    )
    from regiodeal.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="deal.loaded").count() == 1


def test_deal_show_json_has_the_documented_shape(waterwegregio, capsys):
    import json

    call_command("deal", "show", "waterwegregio", "--json")
    data = json.loads(capsys.readouterr().out)
    for key in (
        "slug",
        "name",
        "starts_on",
        "ends_on",
        "regiokassier",
        "parties",
        "partners",
        "pillars",
        "budget",
    ):
        assert key in data
    assert data["slug"] == "waterwegregio"
    assert data["name"] == "Regio Deal Waterwegregio"
    assert set(data["parties"][0]) >= {"code", "name", "kind"}
    assert set(data["pillars"][0]) >= {"code", "name", "objectives", "results"}
    assert set(data["budget"]["lines"][0]) >= {"code", "name", "rijk", "regional", "total"}


def test_deal_show_as_text_prints_the_budget(waterwegregio, capsys):
    call_command("deal", "show", "waterwegregio")
    out = capsys.readouterr().out
    assert "17700000.00" in out and "Parties (10)" in out
