"""The API's one error handler (regiodeal/api/handler.py): each kind of service error gets its
status, the JSON shape a client reads, a message in Dutch (or English with Accept-Language: en)
and the rule that refused it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.utils import translation
from rest_framework.exceptions import NotFound

from regiodeal.api.handler import exception_handler
from regiodeal.common.limits import InputRefused
from regiodeal.common.params import BadParameter
from regiodeal.results.importing import ImportRejected, RowError
from tests.factories import make_project

API = "/api/v1/deals/waterwegregio/"


def client_for(user, language: str | None = None) -> Client:
    client = Client(headers={"Accept-Language": language} if language else {})
    client.force_login(user)
    return client


@pytest.fixture
def projects(waterwegregio):
    return [make_project(waterwegregio, "WW-001"), make_project(waterwegregio, "WW-002")]


@pytest.mark.django_db
def test_art_11_a_refused_transition_answers_400_with_the_message_and_its_rule(role_users, projects):
    """The lifecycle's table refuses idea -> completed: 400, the message at `to_status`."""
    url = API + "projects/WW-001/transitions/"
    body = {"to_status": "completed", "reason": "klaar"}
    dutch = client_for(role_users["programme_office"]).post(url, body, content_type="application/json")
    english = client_for(role_users["programme_office"], "en").post(
        url, body, content_type="application/json"
    )
    assert dutch.status_code == english.status_code == 400
    assert dutch.json()["rule"] == english.json()["rule"] == "invalid"
    [nl] = dutch.json()["to_status"]
    [en] = english.json()["to_status"]
    assert nl.startswith("Een project dat") and "kan niet" in nl
    assert en.startswith("A project that") and "cannot become" in en


@pytest.mark.django_db
def test_a_serializers_error_is_in_the_clients_language_with_its_code_as_rule(role_users, projects):
    url = API + "projects/WW-001/transitions/"
    body = {"to_status": "proposed", "reason": ""}
    dutch = client_for(role_users["programme_office"]).post(url, body, content_type="application/json")
    english = client_for(role_users["programme_office"], "en").post(
        url, body, content_type="application/json"
    )
    assert dutch.status_code == english.status_code == 400
    assert dutch.json() == {"reason": ["Dit veld mag niet leeg zijn."], "rule": "blank"}
    assert english.json() == {"reason": ["This field may not be blank."], "rule": "blank"}
    assert english["Content-Language"] == "en"


@pytest.mark.django_db
def test_a_stale_lock_version_answers_409_with_the_current_version(role_users, projects):
    url = API + "projects/WW-001/"
    office = client_for(role_users["programme_office"])
    first = office.patch(url, {"title": "Nieuw", "lock_version": 1}, content_type="application/json")
    assert first.status_code == 200
    dutch = office.patch(url, {"title": "Oud", "lock_version": 1}, content_type="application/json")
    english = client_for(role_users["programme_office"], "en").patch(
        url, {"title": "Oud", "lock_version": 1}, content_type="application/json"
    )
    assert dutch.status_code == english.status_code == 409
    assert dutch.json()["lock_version"] == 2 and dutch.json()["rule"] == "edit_conflict"
    assert "is intussen door iemand anders gewijzigd" in dutch.json()["detail"]
    assert "has meanwhile been changed by someone else" in english.json()["detail"]


@pytest.mark.django_db
def test_permission_denied_answers_403_with_a_message_in_the_clients_language(role_users, projects):
    """A project lead adds milestones only to the projects they lead (the view's object check)."""
    url = API + "projects/WW-002/milestones/"
    body = {"title": "Start", "due_on": "2026-03-01"}
    dutch = client_for(role_users["project_lead"]).post(url, body, content_type="application/json")
    english = client_for(role_users["project_lead"], "en").post(url, body, content_type="application/json")
    assert dutch.status_code == english.status_code == 403
    assert dutch.json() == {
        "detail": "U mag dit hier niet doen met dit account.",
        "rule": "permission_denied",
    }
    assert english.json() == {
        "detail": "You may not do this here with this account.",
        "rule": "permission_denied",
    }


@pytest.mark.django_db
def test_a_role_without_the_right_gets_the_same_403(role_users, projects):
    """DRF's own refusal (DealCapability) reads the same as a service's."""
    refused = client_for(role_users["auditor"]).post(
        API + "projects/WW-001/transitions/",
        {"to_status": "proposed", "reason": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert refused.json() == {
        "detail": "U mag dit hier niet doen met dit account.",
        "rule": "permission_denied",
    }


# The mapping itself, kind by kind (no request needed).


def test_a_validation_error_keeps_its_fields_and_names_the_code_the_service_gave():
    response = exception_handler(
        ValidationError({"ends_on": ValidationError("te laat", code="art_19_2")}), {}
    )
    assert response.status_code == 400
    assert response.data == {"ends_on": ["te laat"], "rule": "art_19_2"}
    plain = exception_handler(ValidationError(["een", "twee"]), {})
    assert plain.data == {"detail": ["een", "twee"], "rule": "invalid"}


def test_an_error_type_with_a_rule_attribute_names_that_rule():
    class TransitionRefused(ValidationError):
        rule = "transition"

    response = exception_handler(TransitionRefused("Dat kan niet vanuit deze stap."), {})
    assert (response.status_code, response.data) == (
        400,
        {"detail": ["Dat kan niet vanuit deze stap."], "rule": "transition"},
    )


def test_input_outside_the_limits_and_a_refused_import_answer_400():
    refused = exception_handler(InputRefused("Te groot bestand.", rule="limit"), {})
    assert (refused.status_code, refused.data) == (
        400,
        {"detail": "Te groot bestand.", "rule": "import.limit"},
    )
    rejected = exception_handler(ImportRejected("metingen.csv", [RowError(3, "waarde", "geen getal")]), {})
    assert rejected.status_code == 400
    assert rejected.data["errors"] == [{"row": 3, "column": "waarde", "message": "geen getal"}]
    assert rejected.data["error_count"] == 1 and rejected.data["rule"] == "import.rejected"


def test_a_bad_date_parameter_names_the_parameter_and_the_format():
    with translation.override("nl"):
        response = exception_handler(BadParameter("on", "schrijf JJJJ-MM-DD"), {})
    assert (response.status_code, response.data) == (
        400,
        {"on": ["schrijf JJJJ-MM-DD"], "rule": "parameter.date"},
    )


def test_a_django_permission_denied_with_its_own_message_keeps_it():
    response = exception_handler(PermissionDenied("Alleen voor de eigen Partij."), {})
    assert (response.status_code, response.data["detail"]) == (403, "Alleen voor de eigen Partij.")


def test_drfs_own_errors_keep_their_answer_and_get_their_code_as_rule():
    response = exception_handler(NotFound(), {})
    assert response.status_code == 404 and response.data["rule"] == "not_found"
    missing = exception_handler(Http404("Die deal bestaat niet."), {})
    assert (missing.status_code, missing.data) == (
        404,
        {"detail": "Die deal bestaat niet.", "rule": "not_found"},
    )
    assert exception_handler(RuntimeError("kapot"), {}) is None  # a 500: Django's own handler answers
