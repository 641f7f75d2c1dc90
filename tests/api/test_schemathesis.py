"""schemathesis against our own OpenAPI schema: generated requests to every operation, as
anonymous and as the programme office; no server errors, responses (status, content type, body)
that match the schema, and requests that break the schema refused. The application is
called in-process through WSGI.

Not checked: that every schema-valid request is accepted. A request can fit the schema and still
name a record that does not exist (organisation "0"); refusing it with a 400 that says so is right.
"""

import base64
import os

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.core.failures import FailureGroup

pytestmark = [pytest.mark.django_db, pytest.mark.schemathesis]


# Loaded at collection (pytest-django has set Django up by then); the schema needs no database.
# Our own credentials are sent with each case; schemathesis must not invent Authorization headers
# (failed logins would lock the account, which the throttling test covers on its own).
# The coverage phase's cases are built at collection, some 40 s per worker: on PostgreSQL, where
# these tests do not run (the Makefile's test-postgres; REGIODEAL_TEST_ALL runs them), it is off.
ELSEWHERE = "postgresql" in django_settings.DATABASES["default"]["ENGINE"] and not os.environ.get(
    "REGIODEAL_TEST_ALL"
)
SCHEMA_URL = "/api/v1/schema/?format=json"
SETTINGS = {
    "generation": {"with-security-parameters": False},
    "phases": {"coverage": {"enabled": not ELSEWHERE}},
}
schema = schemathesis.openapi.from_wsgi(
    SCHEMA_URL, get_wsgi_application(), config=schemathesis.config.SchemathesisConfig.from_dict(SETTINGS)
)


def _needs_an_account() -> list[str]:
    """The operations whose security in the schema has no anonymous alternative (`{}`)."""
    return [
        o.definition.raw["operationId"]
        for o in (r.ok() for r in schema.get_all_operations())
        if {} not in o.definition.raw.get("security", [{}])
    ]


# Anonymously, an operation that needs an account answers 401 before it reads any input, so the
# coverage phase's hundreds of boundary cases per operation would all take that same path: there
# it is off, and the 8 generated cases (valid and invalid) check the 401. The 18 operations open
# to everybody (the public API and the covenant's reads) get the whole coverage phase as anonymous
# too, as every operation does for the programme office below.
anonymous_schema = schemathesis.openapi.from_wsgi(
    SCHEMA_URL,
    get_wsgi_application(),
    config=schemathesis.config.SchemathesisConfig.from_dict(
        {
            **SETTINGS,
            "operations": [
                {"include-operation-id": _needs_an_account(), "phases": {"coverage": {"enabled": False}}}
            ],
        }
    ),
)


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


@anonymous_schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_never_fails_anonymously(case, waterwegregio):
    case.call_and_validate(excluded_checks=EXCLUDED)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_never_fails_for_the_programme_office(case, fuzzer):
    case.call_and_validate(headers=OFFICE, excluded_checks=EXCLUDED)


def _reads():
    """Every GET of the API, the lists before the records they list."""
    operations = [r.ok() for r in schema.get_all_operations()]
    gets = [o for o in operations if o.method.upper() == "GET"]
    return sorted(gets, key=lambda o: (o.path.count("{"), o.path))


SHAPE = [
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.response_headers_conformance,
]


def _first_row(answer) -> dict | None:
    rows = answer.get("results", answer) if isinstance(answer, dict) else answer
    return rows[0] if isinstance(rows, list) and rows else None


def _one_of_what_the_demo_lacks(deal):
    """A wijk with a conversation, an initiative, a resident's idea and an amendment request: the
    example portfolio has none, and their records' reads are checked too. Made with the helpers
    of those apps' own tests."""
    import datetime as dt

    from regiodeal.participation.services import wijk_add
    from tests.governance.test_amendment import file_amendment
    from tests.ideas.conftest import submit_idea
    from tests.participation.conftest import ACTOR, garden, talk

    on = dt.date(2025, 3, 1)
    wijk = wijk_add(
        actor=ACTOR, deal=deal, code="WK060601", name="Nieuwland", gemeente="SCHIEDAM", listed_on=on
    )
    talk(deal, wijk, 12, on)
    garden(deal, wijk)
    submit_idea(deal)
    file_amendment(deal, lambda code: deal.organisations.get(code=code))


def test_every_read_answers_as_its_schema_says(example_portfolio, fuzzer):
    """Not left to chance: the generated cases above seldom name an existing deal or record, so a
    response that differs from its schema (a list where the schema says object) could pass
    unnoticed for many runs. Here every read is called on the Waterwegregio with the example
    portfolio (rows in every list, so their items are checked too): a record's read with the first
    record of its list. Each answer must be 200 and match the schema."""
    _one_of_what_the_demo_lacks(example_portfolio)
    answers: dict[str, object] = {}  # path -> JSON of the lists read so far
    problems, checked, no_rows = [], [], []
    for operation in _reads():
        parameters = {"slug": "waterwegregio"} if "{slug}" in operation.path else {}
        for name in [p.name for p in operation.path_parameters if p.name != "slug"]:
            listing = operation.path.split("{" + name + "}")[0]
            row = _first_row(answers.get(listing))
            if row is None or name not in row:
                break
            parameters[name] = row[name]
        else:
            case = schema.make_case(operation=operation, path_parameters=parameters or None)
            response = case.call(headers=OFFICE)
            checked.append(operation.label)
            if response.status_code != 200:
                problems.append(f"{operation.label}: {response.status_code} {response.text[:300]}")
                continue
            if response.headers.get("content-type", [""])[0].startswith("application/json"):
                answers[operation.path] = response.json()
            try:
                case.validate_response(response, checks=SHAPE)
            except FailureGroup as failures:
                problems.append(f"{operation.label}: {failures}")
            continue
        no_rows.append(operation.label)
    assert problems == [], "\n\n".join(problems)
    # A read whose record could not be taken from a list (none made, or the list names it
    # otherwise) shows up here instead of passing unchecked.
    assert no_rows == [], no_rows
    assert len(checked) > 50
