"""Fixtures for governance: the deal signed by all ten Parties, one representative per Party,
and a declaration file as a Party would upload it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from regiodeal.accounts.roles import Role
from regiodeal.audit.services import Actor
from regiodeal.deals.models import Signature

PARTIES = ["VRO", "BZK", "OCW", "SZW", "IENW", "MAASSLUIS", "ROTTERDAM", "SCHIEDAM", "VLAARDINGEN", "PZH"]
SIGNED_ON = dt.date(2024, 10, 1)
IN_FORCE_FROM = SIGNED_ON + dt.timedelta(days=1)
ACTOR = Actor(label="test")


@pytest.fixture
def signed(waterwegregio):
    """All ten Parties signed on 1 October 2024: in force from 2 October 2024."""
    for code in PARTIES:
        Signature.objects.create(
            deal=waterwegregio, organisation=waterwegregio.organisations.get(code=code), signed_on=SIGNED_ON
        )
    return waterwegregio


@pytest.fixture
def org(waterwegregio):
    def get(code):
        return waterwegregio.organisations.get(code=code)

    return get


@pytest.fixture
def representatives(waterwegregio, make_user):
    """One Party representative per Party, named rep-<code>."""
    return {
        code: make_user(Role.PARTY_REPRESENTATIVE, waterwegregio, code, username=f"rep-{code.lower()}")
        for code in PARTIES
    }


def declaration(name: str = "verklaring.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 declaration of consent", content_type="application/pdf")


def discussion(deal, org, on):
    """An overleg meeting whose agenda and minutes record the discussion (Art. 4.3, 19.2)."""
    from regiodeal.governance import services as svc

    return svc.meeting_create(
        actor=ACTOR,
        deal=deal,
        held_on=on,
        attendees=[org("VRO"), org("ROTTERDAM")],
        agenda="1. Verzoek tot wijziging van de verdeling",
        minutes="Het verzoek is besproken; de Partijen vragen het schriftelijk aan.",
    )
