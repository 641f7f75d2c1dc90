"""Writes for accounts: making users and memberships (also from `regiodeal createuser`)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from regiodeal.audit.services import Actor, audit_record
from regiodeal.deals.models import Deal, Organisation

from .models import Membership
from .roles import Role


def user_create(
    *,
    actor: Actor,
    username: str,
    email: str,
    password: str | None,
    role: str,
    deal: Deal | None,
    organisation: Organisation | None = None,
    first_name: str = "",
    last_name: str = "",
):
    User = get_user_model()
    with transaction.atomic():
        user = User(username=username, email=email, first_name=first_name, last_name=last_name)
        if password:
            validate_password(password, user)
            user.set_password(password)
        else:
            user.set_unusable_password()  # signs in through OpenID Connect only
        user.full_clean()
        user.save()
        membership = membership_add(actor=actor, user=user, role=role, deal=deal, organisation=organisation)
        audit_record(
            actor=actor,
            action="user.created",
            obj=user,
            deal_slug=deal.slug if deal else "",
            summary=f"account {username} as {membership.get_role_display()}",
            after={"username": username, "email": email, "role": role},
        )
    return user


def membership_add(*, actor: Actor, user, role: str, deal: Deal | None, organisation: Organisation | None):
    membership = Membership(user=user, role=role, deal=deal, organisation=organisation)
    membership.full_clean()
    membership.save()
    audit_record(
        actor=actor,
        action="membership.added",
        obj=membership,
        deal_slug=deal.slug if deal else "",
        after={
            "user": user.get_username(),
            "role": role,
            "organisation": organisation.code if organisation else None,
        },
    )
    return membership


ROLE_CODES = [r.value for r in Role]
