"""A signed-in account and its memberships, kept in the shared cache between its requests.

Every request of a signed-in account reads the account (Django's session check) and asks what
its memberships grant (permissions.py: the frame's navigation, the page's own check, what it may
see, Art. 10.1). Read from the database that was two queries and some 2 ms of the 4.5 ms a warm
results dashboard took (measured on the national portfolio, docs/performance.md). So both are
kept in the cache under the account's generation (`common.dataversion.generation`), which a save
or delete of the account or of any of its memberships replaces at once and again when the
transaction commits (`common.dataversion.key_changed`): a role given or ended, a password changed,
an account switched off, holds from the next request, on every server that shares the cache (with
Redis, docs/deployment.md). An entry is kept at most `KEEP_SECONDS`, so even a change made
without a signal (a queryset update in a shell) holds within that time.

What is kept:
- of the account, its row without the password hash (the password is read from the database if
  anything asks for it, and a save of the kept account writes only the fields it holds), and
  the session hash Django derives from the password, under the secret key it was made with (a
  key rotated or retired is never answered from an entry of the old one): a session whose hash
  differs (the password changed, an older secret key) goes the whole way through Django's own
  check, which signs it out or, for a fallback key, moves it to the new one;
- of the memberships, their rows alone: an organisation or a deal a page shows of them is read
  when it is used, so nothing renamed is shown from here.
Only an active account signed in with a password (Django's ModelBackend) is kept; any other
session (single sign-on, an account switched off, a session without a hash) is read as Django
reads it.
"""

from __future__ import annotations

from functools import partial

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import router
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.functional import SimpleLazyObject

from regiodeal.common import dataversion as dv

from .models import Membership

ACCOUNT_KEY = "dataversion:account:{}"  # the generation of one account and its memberships
KEEP_SECONDS = 300
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"  # signing in with a password


def _membership_rows(user_id: int) -> list[Membership]:
    return list(Membership.objects.filter(user_id=user_id).order_by("pk"))


def memberships(user_id: int) -> list[Membership]:
    """The memberships of this account as they are now (see the module's docstring). The account
    of a request has them already (`user_of`): one entry of the cache for both."""
    key = f"accounts:memberships:{user_id}:{dv.generation(ACCOUNT_KEY.format(user_id))}"
    kept = cache.get(key)
    if kept is None:
        kept = _membership_rows(user_id)
        cache.set(key, kept, KEEP_SECONDS)
    return kept


def membership_changed(sender, instance, **kwargs) -> None:
    """post_save and post_delete of a membership (apps.py connects it)."""
    dv.key_changed(ACCOUNT_KEY.format(instance.user_id))


def membership_moving(sender, instance, raw=False, **kwargs) -> None:
    """pre_save of a membership: a membership given to another account (nothing in the platform
    does so, the admin or a shell could) changes the account it leaves too."""
    if instance.pk is None or raw:
        return
    before = Membership.objects.filter(pk=instance.pk).values_list("user_id", flat=True).first()
    if before is not None and before != instance.user_id:
        dv.key_changed(ACCOUNT_KEY.format(before))


def account_changed(sender, instance, **kwargs) -> None:
    """post_save and post_delete of an account (apps.py connects it)."""
    dv.key_changed(ACCOUNT_KEY.format(instance.pk))


def _kept_account(user_id) -> tuple | None:
    """(the row's field names, its values, the session hash, its memberships) of an active
    account; None for no such account or one switched off (nothing is kept of those)."""
    # Under the secret key too: the session hash is derived from it, so a key rotated to end every
    # session (or a fallback key retired) is never answered from an entry made under the old one.
    signed = salted_hmac("regiodeal.accounts.kept", "").hexdigest()[:16]
    key = f"accounts:user:{user_id}:{signed}:{dv.generation(ACCOUNT_KEY.format(user_id))}"
    kept = cache.get(key)
    if kept is None:
        model = auth.get_user_model()
        user = model._default_manager.filter(pk=user_id).first()
        if user is None or not user.is_active:
            return None
        fields = [f.attname for f in model._meta.concrete_fields if f.attname != "password"]
        values = tuple(getattr(user, f) for f in fields)
        kept = (tuple(fields), values, user.get_session_auth_hash(), _membership_rows(user_id))
        cache.set(key, kept, KEEP_SECONDS)
    return kept


def user_of(request):
    """The account of this request's session: as Django's `auth.get_user`, from the cache for an
    active account signed in with a password whose session hash is the kept one, else through
    Django's own check (which also signs out a session whose password changed)."""
    session = request.session
    model = auth.get_user_model()
    try:
        user_id = model._meta.pk.to_python(session[auth.SESSION_KEY])
        backend = session[auth.BACKEND_SESSION_KEY]
    except (KeyError, ValidationError):
        return auth.get_user(request)
    session_hash = session.get(auth.HASH_SESSION_KEY)
    if backend != MODEL_BACKEND or backend not in settings.AUTHENTICATION_BACKENDS or not session_hash:
        return auth.get_user(request)
    kept = _kept_account(user_id)
    if kept is None or not constant_time_compare(session_hash, kept[2]):
        return auth.get_user(request)
    # The password is deferred: read from the database if anything asks for it.
    user = model.from_db(router.db_for_read(model), kept[0], kept[1])
    user._regiodeal_memberships = kept[3]  # what permissions.memberships_of reads
    return user


def _user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = user_of(request)
    return request._cached_user


async def _auser(request):
    if not hasattr(request, "_acached_user"):
        request._acached_user = await sync_to_async(user_of)(request)
    return request._acached_user


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, with `request.user` and `request.auser()` read through `user_of` (the kept
    account)."""

    def process_request(self, request):
        super().process_request(request)  # also checks that sessions come first
        request.user = SimpleLazyObject(lambda: _user(request))
        request.auser = partial(_auser, request)
