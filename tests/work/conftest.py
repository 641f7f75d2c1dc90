"""Hand-made work for "Mijn werk": on TODAY (1 July 2026) the Waterwegregio deal has an
action due in 10 days (Schiedam's) and one overdue (Vlaardingen's), the SPUK account due in 14
days, an amendment awaiting the consent of every Party but Rotterdam, the draft report on 2025
sent to the Parties (Rotterdam commented), a money finding of severity error, milestones of a
project lead's own project and of another project, and the same kinds of work in another deal."""

from __future__ import annotations

import datetime as dt

import pytest

from regiodeal.accounts.roles import Role
from regiodeal.audit.services import Actor
from regiodeal.deals.models import Signature
from regiodeal.governance import services as gov
from regiodeal.governance.constants import Answer
from regiodeal.projects.services import milestone_add
from regiodeal.reporting.services import report_comment, report_generate, report_send
from tests.deal_template import replayed
from tests.factories import book, make_project, run

TODAY = dt.date(2026, 7, 1)
ACTOR = Actor(label="test")
PARTIES = ["VRO", "BZK", "OCW", "SZW", "IENW", "MAASSLUIS", "ROTTERDAM", "SCHIEDAM", "VLAARDINGEN", "PZH"]


def sign(deal):
    for code in PARTIES:
        Signature.objects.create(
            deal=deal, organisation=deal.organisations.get(code=code), signed_on=dt.date(2025, 1, 6)
        )


def declaration():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("verklaring.pdf", b"%PDF-1.4 verklaring", content_type="application/pdf")


def work_in(deal, label: str):
    """The same kinds of due work in `deal`, each text naming `label`."""
    org = {o.code: o for o in deal.organisations.all()}
    meeting = gov.meeting_create(
        actor=ACTOR, deal=deal, held_on=dt.date(2026, 3, 1), title=f"Overleg {label}"
    )
    gov.action_add(
        actor=ACTOR,
        meeting=meeting,
        description=f"Nulmeting jongeren bijwerken ({label})",
        owner=org["SCHIEDAM"],
        due_on=TODAY + dt.timedelta(days=10),
    )
    gov.action_add(
        actor=ACTOR,
        meeting=meeting,
        description=f"Wijkhub aanbesteden ({label})",
        owner=org["VLAARDINGEN"],
        due_on=TODAY - dt.timedelta(days=5),
    )
    mine = run(make_project(deal, "WW-001", title=f"Eigen project ({label})", results=["1A"]))
    other = run(make_project(deal, "WW-002", title=f"Ander project ({label})", lead="VLAARDINGEN"))
    milestone_add(
        actor=ACTOR, project=mine, title=f"Plan van aanpak ({label})", due_on=TODAY + dt.timedelta(days=10)
    )
    milestone_add(
        actor=ACTOR, project=other, title=f"Aanbesteding ({label})", due_on=TODAY - dt.timedelta(days=20)
    )
    # Art. 11: an amendment in consultation; Rotterdam has consented, the other nine not yet.
    request = gov.amendment_file(
        actor=ACTOR,
        deal=deal,
        filed_by=org["SCHIEDAM"],
        filed_on=dt.date(2026, 6, 1),
        title=f"Een miljoen naar pijler 2 ({label})",
        reasons="Pijler 2 loopt sneller (art. 4.3).",
        changes={
            "budget": {
                "P1": {"rijk": "7400000", "regional": "7400000"},
                "P2": {"rijk": "7700000", "regional": "7700000"},
            }
        },
    )
    gov.request_receipt_record(actor=ACTOR, request=request, received_on=dt.date(2026, 6, 3))
    gov.consent_record(
        actor=ACTOR,
        request=request,
        organisation=org["ROTTERDAM"],
        answer=Answer.CONSENT,
        declared_on=dt.date(2026, 6, 10),
        declaration=declaration(),
    )
    # Art. 7.3: the draft on 2025 sent to the Parties; Rotterdam commented.
    report = report_generate(actor=ACTOR, deal=deal, year=2025)
    report_send(actor=ACTOR, report=report, sent_on=dt.date(2026, 6, 1))
    report_comment(
        actor=ACTOR,
        report=report,
        organisation=org["ROTTERDAM"],
        text="Akkoord.",
        represented=[org["ROTTERDAM"]],
    )
    # Art. 4.2: more national money on line P1 than its maximum (an error finding on money).
    book(
        deal,
        "national_allocation",
        "9000000.00",
        "P1",
        actor=ACTOR,
        project="WW-001",
        organisation="SCHIEDAM",
    )
    return {"mine": mine, "others": other, "request": request, "report": report}


@pytest.fixture
@replayed
def due(waterwegregio, other_deal, make_user):
    """The work above in both deals, and one account per role in the Waterwegregio deal (the project
    lead leads WW-001 only), plus the programme office of the other deal."""
    sign(waterwegregio)
    sign(other_deal)
    made = work_in(waterwegregio, "waterweg")
    work_in(other_deal, "proef")
    users = {
        "office": make_user(Role.PROGRAMME_OFFICE, waterwegregio, username="office"),
        "kassier": make_user(Role.REGIOKASSIER, waterwegregio, "ROTTERDAM", username="kassier"),
        "schiedam": make_user(Role.PARTY_REPRESENTATIVE, waterwegregio, "SCHIEDAM", username="rep-schiedam"),
        "rotterdam": make_user(
            Role.PARTY_REPRESENTATIVE, waterwegregio, "ROTTERDAM", username="rep-rotterdam"
        ),
        "lead": make_user(Role.PROJECT_LEAD, waterwegregio, "SCHIEDAM", username="lead"),
        "auditor": make_user(Role.AUDITOR, waterwegregio, username="auditor"),
        "ministry": make_user(Role.MINISTRY, username="ministry"),
        "other_office": make_user(Role.PROGRAMME_OFFICE, other_deal, username="office-proef"),
    }
    made["mine"].managers.add(users["lead"])
    return {"deal": waterwegregio, "other": other_deal, "users": users, **made}
