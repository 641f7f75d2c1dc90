"""Every endpoint in the OpenAPI schema, for every role (including anonymous and a user of
another deal): reads answer 200 exactly when the role may read; writes are refused (401/403)
exactly when the role may not write, and never fail with a server error."""

from __future__ import annotations

import re

import pytest
from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from regiodeal.accounts.permissions import can
from tests.factories import ROLES

pytestmark = pytest.mark.django_db

WRITE_METHODS = ("post", "put", "patch", "delete")


def schema_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, item in schema["paths"].items():
        for method in item:
            if method in ("get", *WRITE_METHODS):
                yield path, method


def fill(path: str, client: APIClient) -> str | None:
    """The path with `{slug}` set to the Waterwegregio deal and other parameters taken from the
    first item of the list endpoint above it; None when no such item exists."""
    path = path.replace("{slug}", "waterwegregio")
    while match := re.search(r"\{(\w+)\}", path):
        parent = path[: match.start()]
        response = client.get(parent)
        if response.status_code != 200:
            return None
        data = response.json()
        items = data.get("results", data) if isinstance(data, dict) else data
        if not items or match.group(1) not in items[0]:
            return None
        path = path[: match.start()] + str(items[0][match.group(1)]) + path[match.end() :]
    return path


def view_class(path: str):
    return resolve(path).func.cls


@pytest.fixture
def office_client(role_users):
    client = APIClient()
    client.force_authenticate(role_users["programme_office"])
    return client


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_the_schema_lists_the_deal_endpoints():
    paths = {p for p, _ in schema_operations()}
    assert "/api/v1/deals/{slug}/budget-lines/" in paths


def test_every_read_endpoint_answers_each_role_as_the_role_table_says(
    role_users, waterwegregio, office_client
):
    unchecked, failures = [], []
    for template, method in schema_operations():
        if method != "get" or template.endswith(("/schema/", "/docs/")):
            continue
        path = fill(template, office_client)
        if path is None:
            unchecked.append(template)
            continue
        view = view_class(path)
        capability = getattr(view, "read_capability", None)
        for role in ROLES:
            user = role_users[role]
            status = client_for(user).get(path).status_code
            if capability is None:
                expected = {200}
            elif user is None:
                expected = {401, 403}
            else:
                expected = {200} if can(user, capability, waterwegregio) else {403}
            if status not in expected:
                failures.append(f"GET {path} as {role}: {status}, expected {sorted(expected)}")
    assert failures == []
    print(f"unchecked (no item to fill the path): {unchecked}")


def test_every_write_endpoint_is_refused_to_roles_without_the_capability(
    role_users, waterwegregio, office_client
):
    failures = []
    for template, method in schema_operations():
        if method == "get":
            continue
        path = fill(template, office_client)
        if path is None:
            continue
        view = view_class(path)
        capability = getattr(view, "write_capability", None)
        for role in ROLES:
            user = role_users[role]
            response = getattr(client_for(user), method)(path, {}, format="json")
            status = response.status_code
            may = capability is not None and user is not None and can(user, capability, waterwegregio)
            object_level = getattr(view, "object_level", False)
            if status >= 500:
                failures.append(f"{method.upper()} {path} as {role}: server error {status}")
            elif not may and not object_level and status not in (401, 403, 405):
                failures.append(f"{method.upper()} {path} as {role}: {status}, expected a refusal")
            elif may and status in (401, 403):
                failures.append(
                    f"{method.upper()} {path} as {role}: refused ({status}) but the role may write"
                )
    assert failures == []
