"""Art. 11.3, 13.3: a Party's consent or refusal that reached the programme office by letter is
recorded by the office on the Party's behalf, with the scanned letter, under the same rules as a
declaration the Party gives in the platform."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from regiodeal.accounts.roles import Role
from regiodeal.audit.models import AuditEvent
from regiodeal.governance import services as svc
from regiodeal.governance.constants import Answer, RequestStatus
from regiodeal.governance.models import Consent

from .conftest import ACTOR, declaration
from .test_amendment import consent_all, file_amendment

pytestmark = pytest.mark.django_db
BASE = "/deals/waterwegregio/governance/"
RECEIVED = dt.date(2025, 3, 5)
PZH = "Gedeputeerde Staten van de provincie Zuid-Holland"


@pytest.fixture
def asked(signed, org):
    """An amendment whose consultation has started: VRO asked every Party for its consent."""
    request = file_amendment(signed, org)
    svc.request_receipt_record(actor=ACTOR, request=request, received_on=RECEIVED)
    return request


def scan(name="brief.pdf", content=b"%PDF-1.7 brief van de Provincie"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def letter(request, organisation, answer=Answer.CONSENT, file=None, on=dt.date(2025, 3, 10), note=""):
    return svc.consent_record(
        actor=ACTOR,
        request=request,
        organisation=organisation,
        answer=answer,
        declared_on=on,
        declaration=file or scan(),
        note=note,
        on_behalf=True,
    )


def test_a_letter_is_recorded_on_the_partys_behalf_and_audited(asked, org):
    consent = letter(asked, org("PZH"), note="Brief van Gedeputeerde Staten, kenmerk PZH-2025-17.")
    assert consent.on_behalf and consent.organisation == org("PZH")
    assert consent.recorded_as == f"vastgelegd door het programmabureau namens {PZH}"
    assert consent.declaration.title == f"Brief van {PZH}"
    event = AuditEvent.objects.get(action="governance.consent.consent")
    assert event.after["on_behalf"] is True and event.after["organisation"] == "PZH"
    assert f"vastgelegd door het programmabureau namens {PZH}" in event.summary


def test_a_letter_refusal_rejects_the_request_as_any_refusal_does(asked, org):
    letter(asked, org("OCW"), answer=Answer.REFUSE)
    asked.refresh_from_db()
    assert asked.status == RequestStatus.REJECTED
    assert "OCW" in asked.transitions.last().reason or "per brief" in asked.transitions.last().reason


def test_the_same_rules_hold_one_answer_per_party_and_only_in_consultation(signed, org, asked):
    consent_all(asked, org, dt.date(2025, 3, 6), codes=["VRO"])
    with pytest.raises(ValidationError, match="al een verklaring gegeven"):
        letter(asked, org("VRO"))
    with pytest.raises(ValidationError, match="Vóór VRO om instemming vroeg"):
        letter(asked, org("PZH"), on=dt.date(2025, 3, 1))
    other = file_amendment(signed, org, filed_on=dt.date(2025, 3, 4))
    with pytest.raises(ValidationError, match="nadat VRO het verzoek heeft ontvangen"):
        letter(other, org("PZH"))
    assert Consent.objects.filter(on_behalf=True).count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("brief.docx", b"PK\x03\x04", "als PDF, PNG of JPEG"),
        ("brief.pdf", b"this is no pdf", "geen leesbaar PDF-bestand"),
        ("scan.png", b"%PDF-1.4 not a png", "geen leesbaar PNG-bestand"),
    ],
)
def test_a_letter_must_be_a_pdf_or_an_image(asked, org, name, content, message):
    with pytest.raises(ValidationError, match=message):
        letter(asked, org("PZH"), file=scan(name, content))
    assert not Consent.objects.exists()


def test_a_jpeg_scan_is_accepted(asked, org):
    assert letter(asked, org("PZH"), file=scan("scan.jpg", b"\xff\xd8\xff\xe0 JFIF")).pk


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_letter(client, number, pk, file, answer="consent", on="2025-03-10"):
    return client.post(
        f"{BASE}requests/{number}/letter/",
        {
            "letter-organisation": pk,
            "letter-answer": answer,
            "letter-declared_on": on,
            "letter-note": "Per post ontvangen.",
            "letter-declaration": file,
        },
    )


def test_only_the_programme_office_sees_and_uses_the_letter_form(asked, org, make_user, representatives):
    office = login(make_user(Role.PROGRAMME_OFFICE, asked.deal, username="office"))
    page = office.get(f"{BASE}requests/{asked.number}/").content.decode()
    assert "Verklaring per brief vastleggen" in page and 'id="letter-form"' in page
    for role in (Role.REGIOKASSIER, Role.AUDITOR):
        client = login(make_user(role, asked.deal, "ROTTERDAM" if role == Role.REGIOKASSIER else None))
        assert 'id="letter-form"' not in client.get(f"{BASE}requests/{asked.number}/").content.decode()
        assert post_letter(client, asked.number, org("PZH").pk, scan()).status_code == 403
    rep = login(representatives["SCHIEDAM"])
    assert 'id="letter-form"' not in rep.get(f"{BASE}requests/{asked.number}/").content.decode()
    assert post_letter(rep, asked.number, org("PZH").pk, scan()).status_code == 403
    assert not Consent.objects.exists()
    response = post_letter(office, asked.number, org("PZH").pk, scan())
    assert response.status_code == 302
    page = office.get(f"{BASE}requests/{asked.number}/").content.decode()
    assert f"vastgelegd door het programmabureau namens {PZH}" in page
    assert "Per post ontvangen." in page
    trail = office.get("/deals/waterwegregio/audit/").content.decode()
    assert f"vastgelegd door het programmabureau namens {PZH}" in trail


def test_a_second_letter_and_a_bad_file_are_refused_on_screen(asked, org, make_user):
    office = login(make_user(Role.PROGRAMME_OFFICE, asked.deal, username="office"))
    assert post_letter(office, asked.number, org("PZH").pk, scan()).status_code == 302
    page = post_letter(office, asked.number, org("PZH").pk, scan()).content.decode()
    assert f"{PZH} heeft al een verklaring gegeven." in page
    page = post_letter(office, asked.number, org("OCW").pk, scan("brief.exe", b"MZ")).content.decode()
    assert "Voeg de brief toe als PDF, PNG of JPEG" in page
    assert Consent.objects.count() == 1


def test_the_api_shows_and_takes_a_letter(asked, org, make_user, representatives):
    office = APIClient()
    office.force_authenticate(make_user(Role.PROGRAMME_OFFICE, asked.deal, username="office"))
    url = f"/api/v1/deals/waterwegregio/governance/requests/{asked.number}/letters/"
    data = {"organisation": "PZH", "answer": "consent", "declared_on": "2025-03-10", "declaration": scan()}
    rep = APIClient()
    rep.force_authenticate(representatives["SCHIEDAM"])
    assert rep.post(url, data, format="multipart").status_code == 403
    response = office.post(url, {**data, "declaration": scan()}, format="multipart")
    assert response.status_code == 200, response.content
    (row,) = response.json()["consents"]
    assert row["on_behalf"] is True and row["organisation"] == "PZH"
    assert row["recorded_as"] == f"vastgelegd door het programmabureau namens {PZH}"
    again = office.post(url, {**data, "declaration": scan()}, format="multipart")
    assert again.status_code == 400
    svc.consent_record(
        actor=ACTOR,
        request=asked,
        organisation=org("VRO"),
        answer=Answer.CONSENT,
        declared_on=dt.date(2025, 3, 10),
        declaration=declaration(),
    )
    body = office.get(f"/api/v1/deals/waterwegregio/governance/requests/{asked.number}/").json()
    assert {c["organisation"]: c["on_behalf"] for c in body["consents"]} == {"PZH": True, "VRO": False}
