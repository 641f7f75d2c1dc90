"""The Django admin changes nothing behind the audit trail's back: every ModelAdmin is read-only
or records each change as an audit event."""

import json

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from regiodeal.accounts.models import Membership
from regiodeal.audit.admin import AuditedAdminMixin
from regiodeal.audit.models import AuditEvent
from tests.factories import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        username="beheer", email="beheer@example.nl", password="a-long-test-password"
    )


def test_every_model_admin_is_read_only_or_audited(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    editable_unaudited = []
    for model, model_admin in admin.site._registry.items():
        writes = (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
        )
        if writes and not isinstance(model_admin, AuditedAdminMixin):
            editable_unaudited.append(model._meta.label)
    assert editable_unaudited == []


def test_a_projects_title_cannot_be_changed_in_the_admin(client, superuser, waterwegregio):
    project = make_project(waterwegregio, "P-ADMIN")
    client.force_login(superuser)
    url = f"/admin/projects/project/{project.pk}/change/"
    assert client.get(url).status_code == 200  # it can be looked up
    response = client.post(url, {"title": "Door de beheerder", "code": project.code})
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.title != "Door de beheerder"


def test_a_membership_cannot_be_granted_in_the_admin(client, superuser, waterwegregio, make_user):
    user = make_user("auditor", waterwegregio)
    client.force_login(superuser)
    response = client.post(
        "/admin/accounts/membership/add/",
        {"user": user.pk, "role": "programme_office", "deal": waterwegregio.pk},
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(user=user, role="programme_office").exists()


def test_making_someone_superuser_in_the_admin_is_audited(client, superuser, waterwegregio, make_user):
    user = make_user("auditor", waterwegregio, username="bert")
    client.force_login(superuser)
    url = f"/admin/auth/user/{user.pk}/change/"
    data = {
        "username": "bert",
        "email": "bert@example.nl",
        "first_name": "",
        "last_name": "",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.is_superuser
    event = AuditEvent.objects.filter(action="admin.auth.user.changed").latest("id")
    assert event.actor == superuser
    assert event.object_id == str(user.pk)
    assert event.before["is_superuser"] is False and event.after["is_superuser"] is True
    assert not AuditEvent.objects.filter(action="user.privileges_changed").exists()  # one event, the admin's
    assert event.after["password"] is True  # a password is set; its hash never enters the trail
    assert user.password not in json.dumps(event.after)


def test_a_password_set_in_the_admin_is_audited(client, superuser, waterwegregio, make_user):
    user = make_user("auditor", waterwegregio, username="carla")
    client.force_login(superuser)
    response = client.post(
        f"/admin/auth/user/{user.pk}/password/",
        {"password1": "een-nieuw-lang-wachtwoord-42", "password2": "een-nieuw-lang-wachtwoord-42"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="admin.auth.user.password_changed").latest("id")
    assert event.object_id == str(user.pk) and event.actor == superuser
    assert event.after == {"password": "changed"}


def test_deleting_a_user_in_the_admin_is_audited(client, superuser):
    user = get_user_model().objects.create_user(username="weg", email="weg@example.nl")
    client.force_login(superuser)
    response = client.post(f"/admin/auth/user/{user.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="admin.auth.user.deleted").latest("id")
    assert event.before["username"] == "weg"


def test_createsuperuser_is_audited(monkeypatch):
    from django.core.management import call_command

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "een-lang-wachtwoord-voor-beheer")
    call_command(
        "createsuperuser", "--noinput", "--username", "root2", "--email", "root2@example.nl", verbosity=0
    )
    event = AuditEvent.objects.get(action="user.superuser_created")
    assert event.actor_label.startswith("cli:") and event.source == "cli"
    assert event.after == {"username": "root2", "is_superuser": True, "is_staff": True}


def test_turning_on_superuser_outside_the_admin_is_audited(make_user, waterwegregio):
    user = make_user("auditor", waterwegregio, username="dirk")
    assert not AuditEvent.objects.filter(object_type="auth.user", object_id=str(user.pk)).exists()
    user.is_superuser = True
    user.save()
    event = AuditEvent.objects.get(action="user.privileges_changed", object_id=str(user.pk))
    assert event.before == {"is_superuser": False, "is_staff": False}
    assert event.after["is_superuser"] is True
