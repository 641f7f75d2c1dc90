"""Fixtures for the upload flow: the other apps' own fixtures (projects to book on, a measurable
deal with wijken and themes), files made in the test (CSV and .xlsx), and a logged-in client."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.finance.conftest import projects  # noqa: F401 - a fixture
from tests.finance.test_import import xlsx as xlsx_bytes  # noqa: F401 - a .xlsx made in the test
from tests.participation.conftest import measurable, themes, wijken, with_baseline  # noqa: F401 - fixtures

ALLOCATIONS = [
    ["datum", "bedrag", "begrotingsregel", "project", "partij", "brondocument", "omschrijving"],
    ["2026-02-01", "€ 125.000,00", "P1", "WW-001", "SCHIEDAM", "besluit 2026-01", "Ontmoetingsplek"],
    ["15-03-2026", "1.000,50", "P2", "WW-002", "VLAARDINGEN", "besluit 2026-02", ""],
]
MEASUREMENTS = "indicator,on,value,source,area\njongeren_steunnetwerk,2025-12-31,44.5,GGD monitor,\n" + (
    'jongeren_steunnetwerk,2025-12-31,"38,5",GGD monitor,SCHIEDAM\n'
)
OUTREACH = [
    ["wijk", "held_on", "organisation", "residents", "form", "groups", "themes"],
    ["WK060601", "2025-03-01", "SCHIEDAM", 18, "door_to_door", "jongeren=5", "veiligheid"],
    ["WK062205", "2025-03-08", "VLAARDINGEN", 9, "street", "", ""],
]
POPULATION = (
    "ID;WijkenEnBuurten;Gemeentenaam_1;SoortRegio_2;Codering_3;AantalInwoners_5;k_15Tot25Jaar_9\n"
    "1;NL00      ;Nederland;Land;NL00      ;17942942;2206339\n"
    "2;WK060601  ;Schiedam;Wijk;WK060601  ;2000;400\n"
    "3;WK060602  ;Schiedam;Wijk;WK060602  ;5000;500\n"
)


def csv_bytes(rows, delimiter=";") -> bytes:
    return "\n".join(delimiter.join(str(c) for c in row) for row in rows).encode()


def upload_file(name: str, content: bytes | str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode() if isinstance(content, str) else content)


@pytest.fixture
def office(waterwegregio, make_user):
    from regiodeal.accounts.roles import Role

    return make_user(Role.PROGRAMME_OFFICE, waterwegregio, username="bureau")


@pytest.fixture
def office_client(office) -> Client:
    client = Client()
    client.force_login(office)
    return client
