"""A portfolio for the progress report on 2025, built through the other apps' services the way
the screens and `regiodeal demo` build it: projects with milestones, risks and measured outputs,
the covenant's targets with baselines and measurements (every verdict), a ledger with national
allocations, co-financing, spending and execution costs, and a Rijk-Regio-overleg with decisions,
actions and an escalated risk.

Expected figures (asserted in the tests):
  national allocations 2025: P1 1.250.000,00 (WW-001) + 400.000,00 (WW-002) + 350.000,00 (WW-003)
  national spent 2025: 312.500,00 (WW-001, P1) ; execution costs 2025: 60.000,00 (VAT, national)
  regional paid in kind 2025: 200.000,00 ; regional spending 2025: 180.000,00
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from regiodeal.audit.services import Actor
from regiodeal.governance import services as gov
from regiodeal.projects.services import milestone_add, milestone_update, project_transition, risk_add
from regiodeal.results.services import results_setup
from tests.deal_template import replayed
from tests.factories import book, link_of, make_project, measure, set_baseline

ACTOR = Actor(label="test-programmabureau")
YEAR = 2025
SECRET_TITLE = "Geheim woningproject Oostwijk"
SECRET_CODE = "WW-003"


@pytest.fixture
@replayed
def portfolio(waterwegregio):
    deal = waterwegregio
    results_setup(actor=ACTOR, deal=deal)
    orgs = {o.code: o for o in deal.organisations.all()}

    # Projects (Art. 7.2.A)
    p1 = make_project(
        deal,
        "WW-001",
        lead="SCHIEDAM",
        title="Ontmoetingsplekken Nieuwland",
        pillars=["1"],
        results=["1A", "1C"],
        areas=["SCHIEDAM"],
        groups=["jongeren"],
        residents_participation="Bewoners ontwerpen de plekken mee in drie ateliers.",
        credits_rijk_regio=True,
        credits_evidence="bord bij de ingang",
    )
    p2 = make_project(
        deal, "WW-002", lead="VLAARDINGEN", title="Wijkgesprekken Westwijk", pillars=["1"], results=["1B"]
    )
    p3 = make_project(deal, SECRET_CODE, lead="ROTTERDAM", title=SECRET_TITLE, pillars=["3"])
    for p in (p1, p2, p3):
        project_transition(actor=ACTOR, project=p, to_status="proposed", reason="uitgewerkt")
        project_transition(actor=ACTOR, project=p, to_status="approved", reason="in het uitvoeringsprogramma")
    project_transition(actor=ACTOR, project=p1, to_status="running", reason="gestart")
    m1 = milestone_add(actor=ACTOR, project=p1, title="Eerste plek open", due_on=dt.date(2025, 6, 1))
    milestone_update(actor=ACTOR, milestone=m1, expected_version=m1.lock_version, done_on=dt.date(2025, 9, 1))
    milestone_add(actor=ACTOR, project=p1, title="Tweede plek open", due_on=dt.date(2025, 11, 1))
    milestone_add(actor=ACTOR, project=p3, title="Bouwvergunning Oostwijk", due_on=dt.date(2025, 10, 1))
    risk_add(
        actor=ACTOR, project=p1, description="Te weinig vrijwilligers", likelihood="medium", impact="high"
    )
    risk_add(
        actor=ACTOR, project=p3, description="Grondpositie Oostwijk onzeker", likelihood="high", impact="high"
    )

    # Results (Art. 7.2.B): 1A achieved, 1C at risk, 1B behind in one wijk
    a = set_baseline(link_of(deal, "1A"), "0", source="nulmeting 2025")
    measure(deal, a.indicator, "3", dt.date(2025, 10, 1), project=p1)
    c = set_baseline(link_of(deal, "1C"), "40", source="nulmeting 2025")
    measure(deal, c.indicator, "44", dt.date(2025, 12, 1))
    measure(deal, c.indicator, "38", dt.date(2025, 12, 1), group_code="jongeren")
    # The covenant names no number for 1B; the office chose the per-wijk count for it.
    from regiodeal.deals.selectors import version_in_force
    from regiodeal.results.models import Indicator
    from regiodeal.results.services import result_indicator_create

    result_indicator_create(
        actor=ACTOR,
        deal=deal,
        result=version_in_force(deal).results.get(code="1B"),
        indicator=Indicator.objects.get(deal=deal, code="bewoners_gesproken_per_wijk"),
        target_kind="per_area",
        target_value=D("30"),
        target_on=dt.date(2028, 12, 31),
        area_kind="wijk",
    )
    b = set_baseline(link_of(deal, "1B"), "0", source="nulmeting 2025")
    measure(deal, b.indicator, "20", dt.date(2025, 11, 1), area_code="WK060601", project=p2)
    measure(deal, b.indicator, "5", dt.date(2025, 11, 1), area_code="WK062201", project=p2)

    # Money (Art. 4.2, 5)
    book(
        deal,
        "national_allocation",
        "1250000.00",
        "P1",
        dt.date(2025, 3, 1),
        project="WW-001",
        organisation="SCHIEDAM",
    )
    book(
        deal,
        "national_allocation",
        "400000.00",
        "P1",
        dt.date(2025, 4, 1),
        project="WW-002",
        organisation="VLAARDINGEN",
    )
    book(
        deal,
        "national_allocation",
        "350000.00",
        "P3",
        dt.date(2025, 5, 1),
        project=SECRET_CODE,
        organisation="ROTTERDAM",
    )
    book(
        deal,
        "regional_contribution",
        "1500000.00",
        "P1",
        dt.date(2025, 3, 1),
        organisation="SCHIEDAM",
        contribution_status="pledged",
        sector="public",
        form="cash",
    )
    book(
        deal,
        "regional_contribution",
        "200000.00",
        "P1",
        dt.date(2025, 8, 1),
        organisation="SCHIEDAM",
        contribution_status="paid",
        sector="public",
        form="in_kind",
        valuation_basis="2000 uur à € 100",
    )
    book(deal, "spending", "312500.00", "P1", dt.date(2025, 9, 1), project="WW-001", funding="national")
    book(deal, "spending", "180000.00", "P1", dt.date(2025, 9, 15), project="WW-001", funding="regional")
    book(deal, "execution_costs", "60000.00", "VAT", dt.date(2025, 12, 1), funding="national")
    # 2026: must not count in the 2025 figures
    book(deal, "spending", "99999.99", "P1", dt.date(2026, 2, 1), project="WW-001", funding="national")

    # The Rijk-Regio-overleg (Art. 6)
    members = [orgs[c] for c in ("VRO", "SCHIEDAM", "ROTTERDAM") if c in orgs]
    meeting = gov.meeting_create(actor=ACTOR, deal=deal, held_on=dt.date(2025, 5, 20), attendees=members)
    gov.decision_add(actor=ACTOR, meeting=meeting, text="Het uitvoeringsprogramma 2025 is vastgesteld.")
    gov.action_add(
        actor=ACTOR,
        meeting=meeting,
        description="Plan voor extra vrijwilligers",
        owner=orgs["SCHIEDAM"],
        owner_person="Jan Jansen",
        due_on=dt.date(2025, 9, 1),
    )
    level = gov.escalation_level_save(
        actor=ACTOR, deal=deal, position=1, name="Ambtelijk", handled_by="programmamanagers"
    )
    item = gov.register_item_create(
        actor=ACTOR,
        deal=deal,
        kind="risk",
        title="Bouwkosten stijgen",
        description="Aanbestedingen vallen hoger uit.",
        raised_by=orgs["ROTTERDAM"],
        raised_on=dt.date(2025, 6, 1),
        meeting=meeting,
    )
    gov.register_item_escalate(actor=ACTOR, item=item, to_level=level, reason="Raakt alle pijlers")
    return deal


@pytest.fixture
def make_secret():
    """Keep WW-003 confidential from today, through the disclosure service (Art. 10.1)."""
    from regiodeal.disclosure.services import confidentiality_start
    from regiodeal.projects.models import Project

    def make(deal):
        project = Project.objects.get(deal=deal, code=SECRET_CODE)
        return confidentiality_start(
            actor=ACTOR,
            deal=deal,
            record=project,
            starts_on=dt.date(2025, 1, 1),
            grounds="grondaankoop loopt nog",
            source="verzoek 1",
        )

    return make
