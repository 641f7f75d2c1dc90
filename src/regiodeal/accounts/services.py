"""Writes for accounts: making users and memberships (also from `regiodeal createuser`),
inviting people by e-mail, changing and ending their roles, and their passwords.

No password and no token ever goes into the audit trail or a log: an invitation stores only the
SHA-256 of its token, and the events say what happened, not with what secret."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from regiodeal.audit.services import Actor, audit_record
from regiodeal.deals.models import Deal, Organisation

from .models import Invitation, Membership
from .roles import ACROSS_DEALS, DEAL_ROLES, Role

# How long an invitation link works. Seven days: long enough for a holiday week, short enough
# that a forwarded or forgotten mail is soon worthless (docs/accounts.md).
INVITATION_VALID_DAYS = 7


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


# ---------------------------------------------------------------------------------------------
# Invitations


class InvitationInvalid(Exception):
    """The link cannot be used; `reason` is "unknown", "used", "revoked" or "expired"."""

    def __init__(self, reason: str, invitation: Invitation | None = None):
        super().__init__(reason)
        self.reason = reason
        self.invitation = invitation


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _deal_projects(user, deal: Deal | None) -> list:
    if deal is None:
        return []
    return list(user.managed_projects.filter(deal=deal).order_by("code"))


def _check_membership(*, role: str, deal: Deal | None, organisation: Organisation | None, projects) -> None:
    """The rules of a membership beyond the model's own: a representative represents a Party
    (Art. 11: the Parties consent), projects belong to a project lead of the same deal."""
    errors: dict[str, list[str]] = {}
    if deal is not None and role not in DEAL_ROLES:
        errors.setdefault("role", []).append(_("Deze rol kan in een deal niet worden gegeven."))
    if deal is None and role not in ACROSS_DEALS:
        errors.setdefault("role", []).append(_("Deze rol hoort bij één deal: kies de deal."))
    if organisation is not None and deal is not None and organisation.deal_id != deal.pk:
        errors.setdefault("organisation", []).append(_("De organisatie hoort bij een andere deal."))
    if role == Role.PARTY_REPRESENTATIVE:
        if organisation is None:
            errors.setdefault("organisation", []).append(
                _("Kies de Partij die deze vertegenwoordiger vertegenwoordigt (art. 11).")
            )
        elif not organisation.party_roles.exists():
            errors.setdefault("organisation", []).append(
                _("%(name)s is geen Partij: een vertegenwoordiger vertegenwoordigt een Partij (art. 11).")
                % {"name": organisation.name}
            )
    if projects and role != Role.PROJECT_LEAD:
        errors.setdefault("projects", []).append(
            _("Alleen een projectleider heeft projecten: kies de rol projectleider of vink de projecten uit.")
        )
    for project in projects or []:
        if deal is None or project.deal_id != deal.pk:
            errors.setdefault("projects", []).append(
                _("%(project)s hoort bij een andere deal.") % {"project": project}
            )
    if errors:
        raise ValidationError(errors)


def _set_projects(*, user, deal: Deal | None, projects) -> None:
    """The projects this user leads in this deal become exactly `projects` (Project.managers)."""
    if deal is None:
        return
    wanted = {p.pk for p in projects}
    for project in user.managed_projects.filter(deal=deal):
        if project.pk not in wanted:
            project.managers.remove(user)
    for project in projects:
        project.managers.add(user)


def _membership_view(membership: Membership) -> dict:
    return {
        "user": membership.user.get_username(),
        "role": membership.role,
        "organisation": membership.organisation.code if membership.organisation_id else None,
        "projects": [p.code for p in _deal_projects(membership.user, membership.deal)],
    }


def _role_line(membership: Membership) -> str:
    """ "projectleider in Regio Deal Waterwegregio (gemeente Vlaardingen)", in the active language."""
    from regiodeal.deals.models import DealVersion
    from regiodeal.deals.selectors import version_in_force

    where = _("alle deals")
    if membership.deal_id:
        try:
            where = version_in_force(membership.deal).name
        except DealVersion.DoesNotExist:  # not yet in force: its slug names it
            where = membership.deal.slug
    line = _("%(role)s in %(where)s") % {"role": membership.get_role_display(), "where": where}
    if membership.organisation_id:
        line += f" ({membership.organisation.name})"
    return line


def _absolute(path: str) -> str:
    return f"{settings.BASE_URL}{path}"


def _mail(*, template: str, to: str, language: str, context: dict) -> None:
    """Send a platform mail in `language`: subject and body from accounts/mail/<template>."""
    with translation.override(language):
        context = {**context, "base_url": settings.BASE_URL}
        if "roles" in context:
            context["roles"] = [_role_line(m) for m in context["roles"]]
        if "membership" in context:
            context["role"] = _role_line(context["membership"])
        subject = " ".join(render_to_string(f"accounts/mail/{template}_subject.txt", context).split())
        body = render_to_string(f"accounts/mail/{template}.txt", context)
    send_mail(subject, body, None, [to])


def invitation_send(*, actor: Actor, user, deal: Deal | None, language: str = "nl") -> Invitation:
    """A new one-time link for `user`, valid INVITATION_VALID_DAYS days, mailed to them. Earlier
    links that were not used stop working (only the newest mail counts)."""
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        user.invitations.filter(used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
        invitation = Invitation(
            user=user,
            deal=deal,
            token_hash=_hash(token),
            language=language,
            invited_by=actor.user,
            expires_at=now + dt.timedelta(days=INVITATION_VALID_DAYS),
        )
        invitation.full_clean()
        invitation.save()
        audit_record(
            actor=actor,
            action="invitation.sent",
            obj=invitation,
            deal_slug=deal.slug if deal else "",
            summary=f"invitation for {user.get_username()}",
            after={
                "user": user.get_username(),
                "email": user.email,
                "expires_at": invitation.expires_at.isoformat(),
            },
        )
        with translation.override(language):
            link = _absolute(reverse("accounts:invitation", kwargs={"token": token}))
        _mail(
            template="invitation",
            to=user.email,
            language=language,
            context={
                "user": user,
                "deal": deal,
                "roles": list(user.memberships.select_related("deal", "organisation")),
                "link": link,
                "expires_at": invitation.expires_at,
                "days": INVITATION_VALID_DAYS,
                "invited_by": actor.user,
            },
        )
    return invitation


def person_invite(
    *,
    actor: Actor,
    deal: Deal | None,
    email: str,
    role: str,
    organisation: Organisation | None = None,
    projects=(),
    first_name: str = "",
    last_name: str = "",
    language: str = "nl",
):
    """Invite someone by e-mail into a role of `deal` (None: a role across deals, given by the
    platform administrator). A new person gets an account without a password and a one-time link
    to choose one; someone who already has an account (same e-mail address) gets the role added
    and a mail saying so. Returns (user, invitation or None)."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": _("Vul een geldig e-mailadres in, zoals naam@gemeente.nl.")}) from exc
    projects = list(projects or [])
    _check_membership(role=role, deal=deal, organisation=organisation, projects=projects)
    User = get_user_model()
    with transaction.atomic():
        existing = list(User.objects.filter(email__iexact=email))
        if len(existing) > 1:
            raise ValidationError(
                {
                    "email": _(
                        "Meer dan één account heeft dit e-mailadres; vraag de beheerder dat op te lossen."
                    )
                }
            )
        if existing:
            user = existing[0]
            if user.memberships.filter(role=role, deal=deal).exists():
                raise ValidationError(
                    {
                        "email": _("%(email)s heeft deze rol al; wijzig de rol op de pagina Mensen.")
                        % {"email": email}
                    }
                )
            membership = _grant_invited(
                actor=actor,
                user=user,
                role=role,
                deal=deal,
                organisation=organisation,
                projects=projects,
                summary=f"role {role} added to existing account {user.get_username()}",
            )
            if user.has_usable_password():
                _mail(
                    template="role_added",
                    to=user.email,
                    language=language,
                    context={
                        "user": user,
                        "membership": membership,
                        "login": _absolute(_login_path(language)),
                    },
                )
                return user, None
            return user, invitation_send(actor=actor, user=user, deal=deal, language=language)
        if User.objects.filter(username__iexact=email).exists():
            raise ValidationError(
                {
                    "email": _(
                        "Er is al een account met deze gebruikersnaam; vraag de beheerder dat op te lossen."
                    )
                }
            )
        user = User(username=email, email=email, first_name=first_name.strip(), last_name=last_name.strip())
        user.set_unusable_password()
        user.full_clean()
        user.save()
        membership = _grant_invited(
            actor=actor,
            user=user,
            role=role,
            deal=deal,
            organisation=organisation,
            projects=projects,
            summary=f"account {email} invited as {Role(role).label}",
            email=email,
        )
        return user, invitation_send(actor=actor, user=user, deal=deal, language=language)


def _grant_invited(*, actor, user, role, deal, organisation, projects, summary, email=None) -> Membership:
    """The role an invitation gives, with a lead's projects, and its one audit event."""
    membership = membership_add(actor=actor, user=user, role=role, deal=deal, organisation=organisation)
    _set_projects(user=user, deal=deal, projects=projects)
    audit_record(
        actor=actor,
        action="user.invited",
        obj=user,
        deal_slug=deal.slug if deal else "",
        summary=summary,
        after={"email": email, **_membership_view(membership)} if email else _membership_view(membership),
    )
    return membership


def _login_path(language: str) -> str:
    with translation.override(language):
        return reverse("accounts:login")


def invitation_check(token: str) -> Invitation:
    """The open invitation of this token, or InvitationInvalid saying why not."""
    try:
        invitation = Invitation.objects.select_related("user", "deal").get(token_hash=_hash(token or ""))
    except Invitation.DoesNotExist as exc:
        raise InvitationInvalid("unknown") from exc
    if not invitation.user.is_active:  # the administrator closed the account meanwhile
        raise InvitationInvalid("unknown", invitation)
    if invitation.used_at is not None:
        raise InvitationInvalid("used", invitation)
    if invitation.revoked_at is not None:
        raise InvitationInvalid("revoked", invitation)
    if invitation.expires_at <= timezone.now():
        raise InvitationInvalid("expired", invitation)
    return invitation


def invitation_accept(*, token: str, password: str, source: str = ""):
    """The invitee chooses a password (Django's validators); the link is used up."""
    with transaction.atomic():
        invitation = invitation_check(token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.used_at is not None:
            raise InvitationInvalid("used", invitation)
        user = invitation.user
        validate_password(password, user)
        user.set_password(password)
        user.save(update_fields=["password"])
        now = timezone.now()
        invitation.used_at = now
        invitation.save(update_fields=["used_at"])
        user.invitations.filter(used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
        audit_record(
            actor=Actor(user=user, label=user.get_username(), source=source),
            action="invitation.accepted",
            obj=invitation,
            deal_slug=invitation.deal.slug if invitation.deal else "",
            summary=f"{user.get_username()} chose a password",
            after={"user": user.get_username()},
        )
    return user


# ---------------------------------------------------------------------------------------------
# Changing and ending roles


def _is_last_office(membership: Membership) -> bool:
    return (
        membership.role == Role.PROGRAMME_OFFICE
        and not Membership.objects.filter(deal=membership.deal_id, role=Role.PROGRAMME_OFFICE)
        .exclude(pk=membership.pk)
        .exists()
    )


LAST_OFFICE = _l(
    "Dit is de laatste rol programmabureau van de deal. Zonder programmabureau kan niemand meer "
    "mensen uitnodigen of rollen wijzigen: nodig eerst een collega uit als programmabureau."
)


def membership_change(
    *, actor: Actor, membership: Membership, role: str, organisation: Organisation | None, projects=()
) -> Membership:
    """Change a role in a deal: the role, the organisation, and for a project lead the projects."""
    projects = list(projects or [])
    deal = membership.deal
    _check_membership(role=role, deal=deal, organisation=organisation, projects=projects)
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update(of=("self",))
            .select_related("user", "deal")
            .get(pk=membership.pk)
        )
        before = _membership_view(membership)
        if role != membership.role and _is_last_office(membership):
            raise ValidationError({"role": str(LAST_OFFICE)})
        if role != membership.role and membership.user.memberships.filter(role=role, deal=deal).exists():
            raise ValidationError({"role": _("Deze persoon heeft deze rol al in de deal.")})
        membership.role = role
        membership.organisation = organisation
        membership.full_clean()
        membership.save(update_fields=["role", "organisation"])
        lead_elsewhere = membership.user.memberships.filter(deal=deal, role=Role.PROJECT_LEAD).exclude(
            pk=membership.pk
        )
        if role == Role.PROJECT_LEAD or not lead_elsewhere.exists():
            _set_projects(user=membership.user, deal=deal, projects=projects)
        audit_record(
            actor=actor,
            action="membership.changed",
            obj=membership,
            deal_slug=deal.slug if deal else "",
            summary=f"{membership.user.get_username()}: {membership.get_role_display()}",
            before=before,
            after=_membership_view(membership),
        )
    return membership


def membership_end(*, actor: Actor, membership: Membership) -> None:
    """End a role. The account stays (with its history in the audit trail); with no role left it
    may read nothing internal. A project lead's projects are unlinked."""
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update(of=("self",))
            .select_related("user", "deal")
            .get(pk=membership.pk)
        )
        if membership.deal_id is not None and _is_last_office(membership):
            raise ValidationError(str(LAST_OFFICE))
        before = _membership_view(membership)
        user, deal = membership.user, membership.deal
        if membership.role == Role.PROJECT_LEAD:
            _set_projects(user=user, deal=deal, projects=[])
        audit_record(
            actor=actor,
            action="membership.ended",
            obj=membership,
            deal_slug=deal.slug if deal else "",
            summary=f"{user.get_username()}: {membership.get_role_display()} ended",
            before=before,
        )
        membership.delete()
        user.invitations.filter(deal=deal, used_at__isnull=True, revoked_at__isnull=True).exclude(
            user__memberships__deal=deal
        ).update(revoked_at=timezone.now())


# ---------------------------------------------------------------------------------------------
# Passwords


def password_change(*, actor: Actor, user, password: str, action: str = "user.password_changed") -> None:
    """Set a new password (validated by Django's validators). The event records that it changed,
    never the password."""
    if action not in {"user.password_changed", "user.password_reset"}:
        raise ValueError(action)
    with transaction.atomic():
        validate_password(password, user)
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(
            actor=actor,
            action=action,
            obj=user,
            summary=f"{user.get_username()}: new password",
            after={"user": user.get_username()},
        )


def password_reset_requested(*, actor: Actor, user) -> None:
    """A reset link was mailed to `user` (the link itself is not recorded)."""
    audit_record(
        actor=actor,
        action="user.password_reset_requested",
        obj=user,
        summary=f"reset link mailed to {user.get_username()}",
        after={"user": user.get_username()},
    )
