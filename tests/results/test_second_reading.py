"""A second reading of the covenant: misreading 6 (result 1C counts young people; the
outreach norm of Art. 2.1 is the approach's, not result 1B's; 1B is judged by its deliverable),
misreading 9 (deadlines the covenant does not set are not errors; a season is the office's
reading), correcting a reading without an amendment (`regiodeal deal correct`), and an indicator
or a milestone for every intended result."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from regiodeal.audit.models import AuditEvent
from regiodeal.common.findings import ERROR, WARNING, findings_for
from regiodeal.deals.definition import read_definition
from regiodeal.deals.models import Signature
from regiodeal.deals.selectors import version_in_force
from regiodeal.deals.services import (
    CorrectionRefused,
    bundled_definition_path,
    deal_correct,
    deal_load,
    deal_settings_update,
)
from regiodeal.results.models import Indicator, Milestone, ResultIndicator
from regiodeal.results.selectors import approach_norms, dashboard, unjudged
from regiodeal.results.services import milestone_create, result_indicator_update, results_setup

from .conftest import ACTOR

NORM_IN_1B = """        # Judged by its delivery: the guide itself (a milestone with its document).
        deliverable: Handreiking outreachend werken in de wijken voor overheden
"""
NORM_AS_TARGET = """        targets:
          - indicator: bewoners_gesproken_per_wijk
            kind: per_area
            area_kind: wijk
            operator: at_least
            value: 30
            article: "2.1"
            text: >-
              Inwonersbetrokkenheid krijgt vorm in een outreachende benadering, waarbij Partijen
              beogen minimaal dertig bewoners per wijk spreken.
"""
NORM_OF_APPROACH = """    norms:
      - indicator: bewoners_gesproken_per_wijk
        kind: per_area
        area_kind: wijk
        operator: at_least
        value: 30
        article: "2.1"
        text: >-
          Inwonersbetrokkenheid krijgt vorm in een outreachende benadering, waarbij Partijen
          beogen minimaal dertig bewoners per wijk spreken.
"""


def corrected_text() -> str:
    return bundled_definition_path().read_text(encoding="utf-8")


def old_reading_text() -> str:
    """The bundled definition as it read before the second reading of the covenant: 1C a share,
    the norm result 1B's."""
    text = corrected_text()
    for old, new in [
        (NORM_OF_APPROACH, ""),
        (NORM_IN_1B, NORM_AS_TARGET),
        ("    unit: aantal jongeren\n", '    unit: "% van jongeren"\n'),
    ]:
        assert old in text
        text = text.replace(old, new, 1)
    return text


def load(text: str, name: str = "waterwegregio.yaml"):
    deal_def, problems = read_definition(text, name)
    assert not problems, problems
    return deal_load(deal_def=deal_def, source_text=text, source_name=name, actor=ACTOR).deal


def correct(deal, text: str, reason: str = "resultaat 1C telt jongeren; de norm hoort bij de aanpak"):
    deal_def, problems = read_definition(text, "waterwegregio.yaml")
    assert not problems, problems
    return deal_correct(
        deal=deal,
        deal_def=deal_def,
        source_text=text,
        source_name="waterwegregio.yaml",
        reason=reason,
        actor=ACTOR,
    )


def sign(deal, on=dt.date(2024, 10, 1)):
    for party in version_in_force(deal).parties.all():
        Signature.objects.create(deal=deal, organisation=party.organisation, signed_on=on)
    return deal


# --- Misreading 6: result 1C counts; the norm is the approach's; 1B is delivered --------------


def test_art_3_1_c_result_1c_counts_young_people_not_a_share(waterwegregio):
    results_setup(actor=ACTOR, deal=waterwegregio)
    indicator = version_in_force(waterwegregio).indicators.get(code="jongeren_steunnetwerk")
    assert indicator.unit == "aantal jongeren"
    assert Indicator.objects.get(deal=waterwegregio, code="jongeren_steunnetwerk").unit == "aantal jongeren"


def test_art_2_1_the_outreach_norm_belongs_to_the_approach_not_to_result_1b(waterwegregio):
    results_setup(actor=ACTOR, deal=waterwegregio)
    board = dashboard(deal=waterwegregio, on=dt.date(2026, 1, 1))
    assert board.result("1B").links == []  # 1B is not judged by the residents spoken
    [norm] = approach_norms(deal=waterwegregio, on=dt.date(2026, 1, 1))
    assert (norm.norm.pillar.code, norm.norm.article, norm.norm.value, norm.norm.area_kind) == (
        "1",
        "2.1",
        D("30"),
        "wijk",
    )
    assert norm.link.result is None and norm.link.target_kind == "per_area"


def test_art_3_1_b_the_guide_is_judged_by_its_delivery(waterwegregio):
    results_setup(actor=ACTOR, deal=waterwegregio)
    results_setup(actor=ACTOR, deal=waterwegregio)  # idempotent: one milestone
    [milestone] = Milestone.objects.filter(deal=waterwegregio, result_code="1B")
    assert milestone.title == "Handreiking outreachend werken in de wijken voor overheden"
    assert milestone.due_on == dt.date(2028, 12, 31) and milestone.delivered_on is None
    assert "result 1B" not in {f.subject for f in findings_for(waterwegregio, dt.date(2026, 1, 1))}


def test_the_participation_page_shows_the_norm_as_the_approachs(waterwegregio, make_user):
    results_setup(actor=ACTOR, deal=waterwegregio)
    client = Client()
    client.force_login(make_user("programme_office", waterwegregio))
    page = client.get("/deals/waterwegregio/participation/").content.decode()
    assert "hoort bij de outreachende aanpak van pijler 1" in page
    assert "resultaat 1B" not in page
    board = client.get("/deals/waterwegregio/results/").content.decode()
    assert "Normen van de aanpak (art. 2)" in board and 'data-norm="bewoners_gesproken_per_wijk"' in board


# --- Correcting a reading, not the covenant ----------------------------------------------------


def test_a_correction_moves_the_norm_with_its_baseline_and_records_its_reason(db):
    deal = load(old_reading_text())
    results_setup(actor=ACTOR, deal=deal)
    old = ResultIndicator.objects.get(deal=deal, result__code="1B")
    result_indicator_update(
        actor=ACTOR,
        link=old,
        expected_version=old.lock_version,
        baseline_value=D(0),
        baseline_on=dt.date(2025, 1, 1),
        baseline_source="start",
    )
    outcome = correct(deal, corrected_text())
    assert outcome.versions == [1]
    assert any("van jongeren" in c and "aantal jongeren" in c for c in outcome.changes)
    assert any("beoogd resultaat 1B" in c and "de aanpak van pijler 1" in c for c in outcome.changes)
    link = ResultIndicator.objects.get(pk=old.pk)
    assert link.result is None and link.norm.article == "2.1" and link.baseline_value == D(0)
    assert Indicator.objects.get(deal=deal, code="jongeren_steunnetwerk").unit == "aantal jongeren"
    assert Milestone.objects.filter(deal=deal, result_code="1B", from_definition=True).count() == 1
    assert version_in_force(deal).number == 1  # not a new version: the covenant did not change
    event = AuditEvent.objects.get(action="deal.corrected")
    assert event.after["reason"] == "resultaat 1C telt jongeren; de norm hoort bij de aanpak"
    assert AuditEvent.objects.filter(
        action="results.link.updated", summary__contains="reading corrected"
    ).exists()
    # Loading the corrected file now finds it loaded with this content.
    assert load(corrected_text()) == deal


@pytest.mark.parametrize(
    "old,new",
    [
        ("    short_name: gemeente Schiedam", "    short_name: Schiedam"),  # a Party
        ("ends_on: 2028-12-31", "ends_on: 2029-12-31"),  # a date
        (
            "          Realisatie van betekenisvolle ontmoetingsplekken (minimaal drie",
            "          Realisatie van vier",
        ),
        ("value: 25", "value: 30"),  # a number of the covenant
    ],
)
def test_art_11_a_correction_that_changes_the_agreed_content_is_refused(db, old, new):
    deal = load(old_reading_text())
    text = corrected_text()
    assert old in text
    with pytest.raises(CorrectionRefused) as refused:
        correct(deal, text.replace(old, new, 1))
    assert "Art. 11" in str(refused.value) and refused.value.kind == "amendment"
    assert version_in_force(deal).indicators.get(code="jongeren_steunnetwerk").unit == "% van jongeren"
    assert not AuditEvent.objects.filter(action="deal.corrected").exists()


def test_a_correction_needs_a_reason_and_something_to_correct(waterwegregio):
    with pytest.raises(CorrectionRefused) as no_reason:
        correct(waterwegregio, old_reading_text(), reason="  ")
    assert no_reason.value.kind == "reason"
    with pytest.raises(CorrectionRefused) as nothing:
        correct(waterwegregio, corrected_text())
    assert nothing.value.kind == "nothing"


def test_the_command_corrects_and_refuses_with_art_11(db, tmp_path, capsys):
    deal = load(old_reading_text())
    good = tmp_path / "waterwegregio.yaml"
    good.write_text(corrected_text(), encoding="utf-8")
    with pytest.raises(CommandError) as no_reason:
        call_command("deal", "correct", str(good))
    assert "--reason" in str(no_reason.value)
    bad = tmp_path / "amended.yaml"
    bad.write_text(
        corrected_text().replace("ends_on: 2028-12-31", "ends_on: 2029-12-31", 1), encoding="utf-8"
    )
    with pytest.raises(CommandError) as refused:
        call_command("deal", "correct", str(bad), "--reason", "langer")
    assert "Art. 11" in str(refused.value)
    call_command("deal", "correct", str(good), "--reason", "1C telt jongeren")
    out = capsys.readouterr().out
    assert "Corrected waterwegregio (version 1)" in out and "aantal jongeren" in out
    assert version_in_force(deal).indicators.get(code="jongeren_steunnetwerk").unit == "aantal jongeren"


# --- Misreading 9: deadlines the covenant does not set; a season read by the office -----------


def test_bijlage_1_b_the_programme_without_a_covenant_date_is_a_warning_until_the_office_sets_one(
    waterwegregio,
):
    sign(waterwegregio)
    on = dt.date(2026, 2, 1)
    found = [f for f in findings_for(waterwegregio, on) if f.subject == "uitvoeringsprogramma-2026"]
    assert [(f.rule, f.severity) for f in found] == [("governance.obligation-date-unset", WARNING)]
    assert "het convenant noemt geen datum" in found[0].message
    deal_settings_update(
        actor=ACTOR, deal=waterwegregio, programme_due_month=3, programme_due_day=31, baseline_due_on=None
    )
    assert not [f for f in findings_for(waterwegregio, on) if f.subject == "uitvoeringsprogramma-2026"]
    late = [
        f
        for f in findings_for(waterwegregio, dt.date(2026, 4, 2))
        if f.subject == "uitvoeringsprogramma-2026"
    ]
    assert [(f.severity, f.data["due_on"]) for f in late] == [(ERROR, "2026-03-31")]
    assert "de datum die het programmabureau bepaalde" in late[0].message


def test_art_7_1_the_spring_of_2025_is_the_offices_reading(waterwegregio):
    sign(waterwegregio)
    results_setup(actor=ACTOR, deal=waterwegregio)
    on = dt.date(2025, 7, 1)
    [baseline] = [f for f in findings_for(waterwegregio, on) if f.subject == "beginsituatie"]
    assert "voorjaar 2025" in baseline.message and "20 juni 2025" in baseline.message
    assert "zoals het programmabureau die woorden leest" in baseline.message
    missing = [f for f in findings_for(waterwegregio, on) if f.rule == "results.baseline-missing"]
    assert missing and all("gelezen als 20 juni 2025" in f.message for f in missing)
    deal_settings_update(
        actor=ACTOR,
        deal=waterwegregio,
        programme_due_month=None,
        programme_due_day=None,
        baseline_due_on=dt.date(2025, 7, 15),
    )
    assert not [f for f in findings_for(waterwegregio, on) if f.subject == "beginsituatie"]
    assert not [f for f in findings_for(waterwegregio, on) if f.rule == "results.baseline-missing"]
    event = AuditEvent.objects.get(action="deal.settings.updated")
    assert event.after["baseline_due_on"] == "2025-07-15"


def test_the_settings_refuse_a_day_that_does_not_exist_and_half_a_date(waterwegregio):
    from django.core.exceptions import ValidationError

    for month, day in [(2, 30), (None, 5)]:
        with pytest.raises(ValidationError) as caught:
            deal_settings_update(
                actor=ACTOR,
                deal=waterwegregio,
                programme_due_month=month,
                programme_due_day=day,
                baseline_due_on=None,
            )
        assert "programme_due_day" in caught.value.message_dict
    assert not AuditEvent.objects.filter(action="deal.settings.updated").exists()


# --- An indicator or a milestone for every intended result -------------------------------------


def test_art_7_2_b_a_result_without_indicator_or_milestone_is_a_warning_that_names_it(waterwegregio):
    results_setup(actor=ACTOR, deal=waterwegregio)
    on = dt.date(2026, 1, 1)
    named = {
        f.subject: f for f in findings_for(waterwegregio, on) if f.rule == "results.result-without-indicator"
    }
    expected = {
        f"result {c}" for c in ["1D", "2A", "2B", "2C", "2D", "2E", "3A", "3B", "3C", "3D", "3E", "3F"]
    }
    assert expected | {"pillar 1", "pillar 2", "pillar 3"} == set(named)
    assert all(f.severity == WARNING for f in named.values())
    assert "Beoogd resultaat 1D heeft geen indicator en geen mijlpaal" in named["result 1D"].message
    milestone_create(
        actor=ACTOR, deal=waterwegregio, result_code="1D", title="Lerende aanpak vastgesteld", due_on=on
    )
    milestone_create(
        actor=ACTOR, deal=waterwegregio, pillar_code="2", title="Enquête onder werkgevers", due_on=on
    )
    left = {u.kind + " " + u.code for u in unjudged(deal=waterwegregio, on=on)}
    assert "result 1D" not in left and "pillar 2" not in left and "result 2A" in left


def test_the_results_page_names_each_unjudged_result(waterwegregio, make_user):
    results_setup(actor=ACTOR, deal=waterwegregio)
    client = Client()
    client.force_login(make_user("ministry"))
    page = client.get("/deals/waterwegregio/results/").content.decode()
    assert 'id="unjudged"' in page and 'data-unjudged="result-3F"' in page
    assert 'data-unjudged="result-1B"' not in page  # its milestone judges it


def test_a_delivered_milestone_has_its_document(waterwegregio):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        milestone_create(
            actor=ACTOR,
            deal=waterwegregio,
            result_code="1D",
            title="Aanpak",
            due_on=dt.date(2026, 1, 1),
            delivered_on=dt.date(2025, 12, 1),
        )
    assert "document" in caught.value.message_dict
    m = milestone_create(
        actor=ACTOR,
        deal=waterwegregio,
        result_code="1D",
        title="Aanpak",
        due_on=dt.date(2026, 1, 1),
        delivered_on=dt.date(2025, 12, 1),
        document=SimpleUploadedFile("aanpak.pdf", b"%PDF-1.4 aanpak", content_type="application/pdf"),
    )
    assert (
        m.filename.startswith("aanpak")
        and AuditEvent.objects.filter(action="results.milestone.created").exists()
    )


# --- Who may do it -------------------------------------------------------------------------------


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    "role,expected",
    [
        ("programme_office", 200),
        ("party_representative", 403),
        ("project_lead", 403),
        ("other_deal", 403),
        ("anonymous", 302),
    ],
)
def test_only_those_who_manage_results_add_a_milestone(role_users, role, expected):
    response = _client(role_users[role]).get("/deals/waterwegregio/results/milestones/new/")
    assert response.status_code == expected
    if role == "anonymous":
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "role,get,post",
    [
        ("programme_office", 200, 302),
        ("party_representative", 200, 403),
        ("regiokassier", 200, 403),
        ("other_deal", 403, 403),
        ("anonymous", 302, 302),
    ],
)
def test_the_programme_office_sets_the_deals_settings(role_users, role, get, post):
    client = _client(role_users[role])
    url = "/deals/waterwegregio/settings/"
    assert client.get(url).status_code == get
    response = client.post(
        url, {"programme_due_day": "31", "programme_due_month": "3", "baseline_due_on": ""}
    )
    assert response.status_code == post
    changed = AuditEvent.objects.filter(action="deal.settings.updated").exists()
    assert changed == (role == "programme_office")


@pytest.mark.parametrize("role", ["programme_office", "ministry", "anonymous"])
def test_only_the_platform_administrator_corrects_a_reading(role_users, role):
    response = _client(role_users[role]).get("/beheer/deals/waterwegregio/verbeteren/")
    assert response.status_code == (302 if role == "anonymous" else 403)


def test_the_api_gives_the_norms_milestones_and_what_nothing_judges(waterwegregio, role_users):
    results_setup(actor=ACTOR, deal=waterwegregio)
    client = _client(role_users["ministry"])
    norms = client.get("/api/v1/deals/waterwegregio/monitoring/norms/?on=2026-01-01").json()
    assert [(n["pillar"], n["article"], n["value"], n["area_kind"]) for n in norms["norms"]] == [
        ("1", "2.1", "30", "wijk")
    ]
    assert {"kind": "result", "code": "1D"} in norms["unjudged"]
    assert {"kind": "result", "code": "1B"} not in norms["unjudged"]
    [milestone] = client.get("/api/v1/deals/waterwegregio/monitoring/milestones/").json()["results"]
    assert (milestone["result_code"], milestone["has_document"]) == ("1B", False)
    assert (
        _client(role_users["other_deal"]).get("/api/v1/deals/waterwegregio/monitoring/norms/").status_code
        == 403
    )
    assert _client(None).get("/api/v1/deals/waterwegregio/monitoring/milestones/").status_code in (401, 403)
