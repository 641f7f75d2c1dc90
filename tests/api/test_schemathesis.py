"""schemathesis against our own OpenAPI schema: generated requests to every operation, as
anonymous and as the programme office; no server errors, responses (status, content type, body)
that match the schema, and requests that break the schema refused (issue 8). The application is
called in-process through WSGI.

Not checked: that every schema-valid request is accepted. A request can fit the schema and still
name a record that does not exist (organisation "0"); refusing it with a 400 that says so is right.
"""

import base64
import os

import pytest
import schemathesis
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.core.failures import FailureGroup

pytestmark = pytest.mark.django_db


# Loaded at collection (pytest-django has set Django up by then); the schema needs no database.
# Our own credentials are sent with each case; schemathesis must not invent Authorization headers
# (failed logins would lock the account, which the throttling test covers on its own).
CONFIG = schemathesis.config.SchemathesisConfig.from_dict({"generation": {"with-security-parameters": False}})
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application(), config=CONFIG)


@pytest.fixture(autouse=True)
def keep_the_test_connection_open():
    """Like Django's test client: a request must not close the test's database connection."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzzer(db, waterwegregio, make_user):
    return make_user("programme_office", waterwegregio, username="fuzzer")


# 8 cases per operation in the suite; `FUZZ_EXAMPLES=100` for a deeper run by hand.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
EXCLUDED = [schemathesis.checks.positive_data_acceptance]
OFFICE = {"Authorization": "Basic " + base64.b64encode(b"fuzzer:a-long-test-password").decode()}


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_never_fails_anonymously(case, waterwegregio):
    case.call_and_validate(excluded_checks=EXCLUDED)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_never_fails_for_the_programme_office(case, fuzzer):
    case.call_and_validate(headers=OFFICE, excluded_checks=EXCLUDED)


def _deal_reads():
    """Every GET whose only path parameter is the deal's slug: the reads a client makes first."""
    for result in schema.get_all_operations():
        operation = result.ok()
        names = {p.name for p in operation.path_parameters}
        if operation.method.upper() == "GET" and names <= {"slug"}:
            yield operation


SHAPE = [
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.response_headers_conformance,
]


def test_every_read_of_the_deal_answers_as_its_schema_says(fuzzer):
    """Not left to chance: the generated cases above seldom name an existing deal, so a response
    that differs from its schema (a list where the schema says object) could pass for weeks.
    Here each read is called once on the Waterwegregio with the example portfolio (rows in every
    list, so their items are checked too) and its answer checked against the schema."""
    call_command("demo", "--deal", "waterwegregio")
    problems, checked = [], 0
    for operation in _deal_reads():
        slug = {"slug": "waterwegregio"} if "{slug}" in operation.path else None
        case = schema.make_case(operation=operation, path_parameters=slug)
        response = case.call(headers=OFFICE)
        checked += 1
        if response.status_code != 200:
            problems.append(f"{operation.label}: {response.status_code} {response.text[:300]}")
            continue
        try:
            case.validate_response(response, checks=SHAPE)
        except FailureGroup as failures:
            problems.append(f"{operation.label}: {failures}")
    assert checked > 40
    assert problems == []
