"""The forms of accounts: inviting, changing a role, and the password forms (Django's own, in the
one family of forms, common/forms.py). Rules live in accounts/services.py."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from regiodeal.common.forms import UtrechtForm

from .roles import DEAL_ROLES, Role


class _RoleFields(UtrechtForm):
    role = forms.ChoiceField(label=_("Rol"), widget=forms.RadioSelect)
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=None,
        required=False,
        help_text=_("Verplicht voor een vertegenwoordiger: de Partij die hij of zij vertegenwoordigt."),
    )
    projects = forms.ModelMultipleChoiceField(
        label=_("Projecten"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Alleen voor een projectleider: de projecten waarvan hij of zij de voortgang vastlegt."),
    )

    def __init__(self, *args, deal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.value, r.label) for r in DEAL_ROLES]
        self.fields["organisation"].queryset = deal.organisations.order_by("name")
        self.fields["organisation"].empty_label = _("(geen organisatie)")
        self.fields["projects"].queryset = deal.projects.order_by("code")


class InviteForm(_RoleFields):
    email = forms.EmailField(
        label=_("E-mailadres"),
        help_text=_("Hierheen gaat de uitnodiging; het is ook de gebruikersnaam om in te loggen."),
    )
    first_name = forms.CharField(label=_("Voornaam"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150, required=False)
    language = forms.ChoiceField(
        label=_("Taal van de uitnodiging"), choices=settings.LANGUAGES, widget=forms.RadioSelect
    )
    field_order = ["email", "first_name", "last_name", "role", "organisation", "projects", "language"]


class MembershipForm(_RoleFields):
    pass


class MinistryInviteForm(UtrechtForm):
    email = forms.EmailField(
        label=_("E-mailadres"),
        help_text=_("Hierheen gaat de uitnodiging; het is ook de gebruikersnaam om in te loggen."),
    )
    first_name = forms.CharField(label=_("Voornaam"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150, required=False)
    language = forms.ChoiceField(
        label=_("Taal van de uitnodiging"), choices=settings.LANGUAGES, widget=forms.RadioSelect
    )

    role = Role.MINISTRY


class SetPasswordForm(UtrechtForm, auth_forms.SetPasswordForm):
    """A new password twice, checked by Django's password validators (settings)."""


class PasswordChangeForm(UtrechtForm, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(UtrechtForm, auth_forms.PasswordResetForm):
    """Mails a reset link to the accounts with this address and a password (an invitee who has
    not chosen one yet asks for a new invitation instead). `on_mailed(user)` records it."""

    on_mailed = None

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kw):
        super().send_mail(subject_template_name, email_template_name, context, from_email, to_email, **kw)
        if self.on_mailed is not None:
            self.on_mailed(context["user"])
