"""A public site with something to hide: two running projects with money, one of them made
confidential through the governance procedure (Art. 10), residents' ideas with contact details,
and internal notes. Markers are distinctive strings the tests search for."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import timezone

from regiodeal.audit.services import Actor
from regiodeal.governance import services as governance
from regiodeal.ideas.services import idea_submit, idea_transition
from regiodeal.projects.services import risk_add
from tests.deal_template import replayed
from tests.factories import book, make_project, run

ACTOR = Actor(label="test")

PUBLIC_TITLE = "Ontmoetingsplek Nieuwland"
SECRET_CODE = "WW-GHM7"
SECRET_TITLE = "Proefproject Havenkade Zwijgzaam"
CONTACT = {
    "name": "Jantine Verhoefstra",
    "email": "jantine.verhoefstra@voorbeeld.nl",
    "phone": "06 4711 0815",
}
INTERNAL_NOTE = "Interne notitie: bewoner belt vaak, eerst met wethouder afstemmen"
RISK_NOTE = "Risico intern: aannemer dreigt failliet te gaan"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
@replayed  # built once per worker, then its rows replayed (tests/deal_template.py)
def site(waterwegregio):
    deal = waterwegregio
    public = run(
        make_project(
            deal,
            "WW-001",
            title=PUBLIC_TITLE,
            lead="SCHIEDAM",
            pillars=["1"],
            results=["1A"],
            areas=["SCHIEDAM_NIEUWLAND"],
            description="Een plek om elkaar te ontmoeten.",
        )
    )
    secret = run(
        make_project(
            deal,
            SECRET_CODE,
            title=SECRET_TITLE,
            lead="VLAARDINGEN",
            pillars=["3"],
            areas=["VLAARDINGEN_WESTWIJK"],
            description="Bedrijfsgevoelige proef.",
        )
    )
    make_project(deal, "WW-003", title="Nog maar een idee", lead="MAASSLUIS", pillars=["2"])  # not approved
    risk_add(actor=ACTOR, project=public, description=RISK_NOTE, likelihood="high", impact="high")
    book(deal, "national_allocation", "125000.00", "P1", project="WW-001", organisation="SCHIEDAM")
    book(deal, "national_allocation", "777000.00", "P3", project=SECRET_CODE, organisation="VLAARDINGEN")
    book(deal, "spending", "40000.00", "P1", project="WW-001", funding="national")
    book(
        deal,
        "regional_contribution",
        "130000.00",
        "P1",
        organisation="SCHIEDAM",
        contribution_status="pledged",
        sector="public",
        form="cash",
    )
    request = governance.confidentiality_file(
        actor=ACTOR,
        deal=deal,
        filed_by=deal.organisations.get(code="VLAARDINGEN"),
        filed_on=timezone.localdate(),
        record=secret,
        grounds="Concurrentiegevoelig (art. 10.2).",
    )
    idea = idea_submit(
        actor=ACTOR,
        deal=deal,
        title="Moestuin bij de school",
        description="Een moestuin voor de buurt.",
        area_code="SCHIEDAM_NIEUWLAND",
        consent=True,
        **CONTACT,
    )
    idea_transition(actor=ACTOR, idea=idea, to_status="under_consideration", internal_note=INTERNAL_NOTE)
    in_secret = idea_submit(
        actor=ACTOR,
        deal=deal,
        title="Bankjes aan de kade",
        description="Meer bankjes langs het water.",
        area_code="VLAARDINGEN_WESTWIJK",
    )
    idea_transition(actor=ACTOR, idea=in_secret, to_status="taken_up", project=secret)
    return {"deal": deal, "public": public, "secret": secret, "request": request, "idea": idea}
