"""An account and its roles kept in the cache between requests (accounts/kept.py): a warm request
reads neither from the database, and every change to them holds from the very next request."""

from __future__ import annotations

import pickle

import pytest
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from regiodeal.accounts import kept
from regiodeal.accounts import services as svc
from regiodeal.accounts.roles import Role
from regiodeal.audit.services import Actor

pytestmark = pytest.mark.django_db

RESULTS = "/deals/waterwegregio/results/"
PASSWORD = "een-lang-en-ongewoon-wachtwoord"


def tables_read(client, url: str) -> set[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    tables = ("auth_user", "accounts_membership")
    return {t for q in queries.captured_queries for t in tables if t in q["sql"]}


def test_a_second_request_reads_neither_the_account_nor_its_roles_from_the_database(client, role_users):
    client.force_login(role_users["programme_office"])
    assert tables_read(client, RESULTS) == {"auth_user", "accounts_membership"}  # kept now
    assert tables_read(client, RESULTS) == set()


def test_a_role_ended_is_refused_on_the_next_request(client, role_users):
    user = role_users["auditor"]
    client.force_login(user)
    assert client.get(RESULTS).status_code == 200  # the role is kept
    svc.membership_end(actor=Actor.cli(), membership=user.memberships.get())
    assert client.get(RESULTS).status_code == 403


def test_a_role_given_holds_on_the_next_request(client, role_users, other_deal):
    user = role_users["other_deal"]
    client.force_login(user)
    assert client.get(RESULTS).status_code == 403  # kept: no role in this deal
    waterwegregio = role_users["auditor"].memberships.get().deal
    svc.membership_add(actor=Actor.cli(), user=user, role=Role.AUDITOR, deal=waterwegregio, organisation=None)
    assert client.get(RESULTS).status_code == 200


def test_a_role_ended_in_a_transaction_that_rolls_back_still_holds(client, role_users):
    user = role_users["auditor"]
    client.force_login(user)
    assert client.get(RESULTS).status_code == 200
    with pytest.raises(RuntimeError), transaction.atomic():
        user.memberships.get().delete()
        raise RuntimeError("rolled back")
    assert client.get(RESULTS).status_code == 200


def test_an_account_switched_off_is_signed_out_on_the_next_request(client, role_users):
    user = role_users["programme_office"]
    client.force_login(user)
    assert client.get(RESULTS).status_code == 200
    user.is_active = False
    user.save()
    answer = client.get(RESULTS)
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


def test_a_password_changed_elsewhere_signs_out_the_other_sessions(client, role_users):
    user = role_users["programme_office"]
    client.force_login(user)
    assert client.get(RESULTS).status_code == 200
    svc.password_change(actor=Actor.cli(), user=User.objects.get(pk=user.pk), password=PASSWORD)
    answer = client.get(RESULTS)
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]
    assert SESSION_KEY not in client.session  # Django's own check ended the session


def test_a_session_whose_hash_is_not_the_accounts_is_signed_out(client, role_users):
    client.force_login(role_users["programme_office"])
    assert client.get(RESULTS).status_code == 200  # the account is kept
    session = client.session
    session[HASH_SESSION_KEY] = "0" * 64
    session.save()
    answer = client.get(RESULTS)
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


def kept_user(client):
    request = RequestFactory().get("/")
    request.session = client.session
    return kept.user_of(request)


def test_the_cache_holds_no_password_and_saving_the_kept_account_keeps_the_password(
    client, make_user, waterwegregio
):
    user = make_user(Role.PROGRAMME_OFFICE, waterwegregio, username="bureau")
    user.set_password(PASSWORD)
    user.save()
    client.force_login(user)
    kept_user(client)
    with CaptureQueriesContext(connection) as queries:
        account = kept_user(client)
    assert not queries.captured_queries and account.pk == user.pk and account.get_username() == "bureau"
    entry = kept._kept_account(user.pk)
    assert "password" not in entry[0] and entry[3]  # the row's fields, and its memberships
    assert user.password.encode() not in pickle.dumps(entry)  # as the cache stores it
    assert "password" in account.get_deferred_fields()
    account.first_name = "Bureau"
    account.save()
    stored = User.objects.get(pk=user.pk)
    assert stored.first_name == "Bureau" and stored.check_password(PASSWORD)
    assert account.check_password(PASSWORD)  # the password is read when asked for


def test_a_membership_kept_shows_its_organisation_as_it_is_now(role_users):
    user = role_users["party_representative"]
    (membership,) = kept.memberships(user.pk)
    organisation = membership.organisation
    organisation.name = "Gemeente Schiedam (nieuwe naam)"
    organisation.save()
    (membership,) = kept.memberships(user.pk)
    assert membership.organisation.name == "Gemeente Schiedam (nieuwe naam)"


OTHER_KEY = "another secret key, for the test of a rotation " * 2


def test_a_secret_key_rotated_signs_out_a_kept_session(client, role_users, settings):
    client.force_login(role_users["programme_office"])
    assert client.get(RESULTS).status_code == 200  # kept under the old key
    settings.SECRET_KEY = OTHER_KEY
    answer = client.get(RESULTS)
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


def test_a_session_of_a_fallback_key_is_moved_to_the_new_key_as_django_does(client, role_users, settings):
    user = role_users["programme_office"]
    client.force_login(user)
    assert client.get(RESULTS).status_code == 200  # kept under the old key
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = OTHER_KEY
    assert client.get(RESULTS).status_code == 200
    assert client.session[HASH_SESSION_KEY] == User.objects.get(pk=user.pk).get_session_auth_hash()
    assert client.get(RESULTS).status_code == 200  # and kept under the new one


@pytest.mark.django_db(transaction=True)
def test_a_role_ended_after_another_commit_callback_is_bumped_again_at_commit():
    """The generation is replaced once more at commit even when the transaction registered some
    other on-commit work first, after an earlier transaction at the same level."""
    from regiodeal.accounts.models import Membership
    from regiodeal.common import dataversion as dv

    user = User.objects.create_user("vro", password=PASSWORD)
    other = User.objects.create_user("vro-2", password=PASSWORD)
    ended = Membership.objects.create(user=user, role=Role.MINISTRY)
    earlier = Membership.objects.create(user=other, role=Role.MINISTRY)
    with transaction.atomic():  # an earlier transaction that ended a role (a delete: its own level)
        earlier.delete()
    with transaction.atomic():
        transaction.on_commit(lambda: None)  # other work, registered first
        ended.delete()
        during = dv.generation(kept.ACCOUNT_KEY.format(user.pk))
    assert dv.generation(kept.ACCOUNT_KEY.format(user.pk)) != during
    assert kept.memberships(user.pk) == []


def test_a_membership_given_to_another_account_leaves_the_first(role_users):
    from regiodeal.accounts.models import Membership

    first, second = role_users["auditor"], role_users["regiokassier"]
    membership = Membership.objects.get(user=first)
    assert kept.memberships(first.pk) == [membership]  # kept now
    membership.user = second
    membership.save()
    assert kept.memberships(first.pk) == []
