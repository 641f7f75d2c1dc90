from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from regiodeal.audit.services import Actor
from regiodeal.common.http import client_ip

from . import forms as f
from . import selectors as sel
from . import services as svc
from .access import deal_capability_required
from .kept import MODEL_BACKEND
from .models import Membership
from .permissions import memberships_of
from .roles import Capability

INVITATION_SESSION_KEY = "_invitation_token"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "oidc_enabled": settings.OIDC_ENABLED}


@login_required
def me(request):
    return render(
        request,
        "accounts/me.html",
        {
            "memberships": memberships_of(request.user),
            "managed_deals": sel.deals_managed_by(request.user),
            "has_password": request.user.has_usable_password(),
        },
    )


def _onto_form(form, exc: ValidationError) -> None:
    """A service's ValidationError onto the form: at the field it names, else at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, [m for e in errors for m in e.messages])
    else:
        form.add_error(None, exc.messages)


# ---------------------------------------------------------------------------------------------
# Passwords (Django's views with the site's forms and templates, and the audit trail)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = f.PasswordChangeForm
    success_url = reverse_lazy("accounts:me")

    def form_valid(self, form):
        try:
            svc.password_change(
                actor=Actor.from_request(self.request),
                user=self.request.user,
                password=form.cleaned_data["new_password1"],
            )
        except ValidationError as exc:
            form.add_error("new_password1", exc)
            return self.form_invalid(form)
        from django.contrib.auth import update_session_auth_hash

        update_session_auth_hash(self.request, self.request.user)
        messages.success(self.request, _("Uw wachtwoord is gewijzigd."))
        return redirect(self.get_success_url())


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = f.PasswordResetForm
    email_template_name = "accounts/mail/password_reset.txt"
    subject_template_name = "accounts/mail/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        actor = Actor.from_request(self.request)
        form.on_mailed = lambda user: svc.password_reset_requested(actor=actor, user=user)
        return form

    def form_valid(self, form):
        self.extra_email_context = {"base_url": settings.BASE_URL}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = f.SetPasswordForm
    success_url = reverse_lazy("accounts:me")

    def form_valid(self, form):
        user = form.user
        try:
            svc.password_change(
                actor=Actor(user=user, label=user.get_username(), source=client_ip(self.request)),
                user=user,
                password=form.cleaned_data["new_password1"],
                action="user.password_reset",
            )
        except ValidationError as exc:
            form.add_error("new_password1", exc)
            return self.form_invalid(form)
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        login(self.request, user, MODEL_BACKEND)
        messages.success(self.request, _("Uw nieuwe wachtwoord is ingesteld en u bent ingelogd."))
        return redirect(self.get_success_url())


# ---------------------------------------------------------------------------------------------
# Accepting an invitation


@never_cache
def invitation(request, token):
    """The link from the mail: checked, then kept in the session and the address without the
    token shown (as Django's password reset does), so the token is not sent on as a Referer."""
    try:
        svc.invitation_check(token)
    except svc.InvitationInvalid as exc:
        return _invitation_invalid(request, exc)
    request.session[INVITATION_SESSION_KEY] = token
    return redirect("accounts:invitation_accept")


def _invitation_invalid(request, exc):
    return render(
        request,
        "accounts/invitation_invalid.html",
        {"reason": exc.reason, "days": svc.INVITATION_VALID_DAYS},
        status=410 if exc.reason in {"used", "expired", "revoked"} else 404,
    )


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def invitation_accept(request):
    token = request.session.get(INVITATION_SESSION_KEY, "")
    try:
        invitation = svc.invitation_check(token)
    except svc.InvitationInvalid as exc:
        return _invitation_invalid(request, exc)
    user = invitation.user
    form = f.SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = svc.invitation_accept(
                token=token,
                password=form.cleaned_data["new_password1"],
                source=client_ip(request),
            )
        except svc.InvitationInvalid as exc:
            return _invitation_invalid(request, exc)
        except ValidationError as exc:
            form.add_error("new_password1", exc)
        else:
            request.session.pop(INVITATION_SESSION_KEY, None)
            login(request, user, MODEL_BACKEND)
            messages.success(request, _("Welkom! Uw wachtwoord is ingesteld en u bent ingelogd."))
            return redirect("accounts:me")
    return render(request, "accounts/invitation_accept.html", {"form": form, "invitee": user})


# ---------------------------------------------------------------------------------------------
# The people of a deal (the programme office)

MANAGE = deal_capability_required(Capability.MANAGE_PEOPLE)


def _person_or_404(deal, pk):
    try:
        return sel.person_of_deal(deal, pk)
    except Membership.DoesNotExist as exc:
        raise Http404 from exc


@MANAGE
def people(request, slug):
    return render(
        request,
        "accounts/people.html",
        {"deal": request.deal, "people": sel.people_of_deal(request.deal), "days": svc.INVITATION_VALID_DAYS},
    )


@MANAGE
def person_invite(request, slug):
    deal = request.deal
    form = f.InviteForm(request.POST or None, deal=deal, initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user, invitation = svc.person_invite(
                actor=Actor.from_request(request),
                deal=deal,
                email=d["email"],
                role=d["role"],
                organisation=d["organisation"],
                projects=d["projects"],
                first_name=d["first_name"],
                last_name=d["last_name"],
                language=d["language"],
            )
        except ValidationError as exc:
            _onto_form(form, exc)
        else:
            if invitation is None:
                messages.success(
                    request,
                    _("%(email)s had al een account: de rol is toegevoegd en per e-mail gemeld.")
                    % {"email": user.email},
                )
            else:
                messages.success(
                    request,
                    _("Uitnodiging verstuurd naar %(email)s; de link is %(days)s dagen geldig.")
                    % {"email": user.email, "days": svc.INVITATION_VALID_DAYS},
                )
            return redirect("people:list", slug=slug)
    return render(request, "accounts/person_invite.html", {"deal": deal, "form": form})


@MANAGE
def person_edit(request, slug, pk):
    deal = request.deal
    person = _person_or_404(deal, pk)
    m = person.membership
    initial = {"role": m.role, "organisation": m.organisation, "projects": person.projects}
    form = f.MembershipForm(request.POST or None, deal=deal, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            svc.membership_change(
                actor=Actor.from_request(request),
                membership=m,
                role=d["role"],
                organisation=d["organisation"],
                projects=d["projects"],
            )
        except ValidationError as exc:
            _onto_form(form, exc)
        else:
            messages.success(request, _("De rol van %(name)s is gewijzigd.") % {"name": _name(m.user)})
            return redirect("people:list", slug=slug)
    return render(
        request,
        "accounts/person_edit.html",
        {"deal": deal, "person": person, "form": form, "days": svc.INVITATION_VALID_DAYS},
    )


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


@require_POST
@MANAGE
def person_end(request, slug, pk):
    person = _person_or_404(request.deal, pk)
    try:
        svc.membership_end(actor=Actor.from_request(request), membership=person.membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("people:edit", slug=slug, pk=pk)
    messages.success(
        request,
        _("De rol %(role)s van %(name)s is beëindigd.")
        % {"role": person.membership.get_role_display(), "name": _name(person.user)},
    )
    return redirect("people:list", slug=slug)


@require_POST
@MANAGE
def person_resend(request, slug, pk):
    person = _person_or_404(request.deal, pk)
    if person.user.has_usable_password():
        messages.error(request, _("%(name)s heeft al een wachtwoord gekozen.") % {"name": _name(person.user)})
        return redirect("people:edit", slug=slug, pk=pk)
    language = person.invitation.language if person.invitation else get_language()
    svc.invitation_send(
        actor=Actor.from_request(request), user=person.user, deal=request.deal, language=language
    )
    messages.success(
        request,
        _("Een nieuwe uitnodiging is verstuurd naar %(email)s; eerdere links werken niet meer.")
        % {"email": person.user.email},
    )
    return redirect("people:edit", slug=slug, pk=pk)


# ---------------------------------------------------------------------------------------------
# The ministry (the platform administrator, Django's superuser)


def _administrator(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_active and request.user.is_superuser):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


@_administrator
def ministry(request):
    form = f.MinistryInviteForm(request.POST or None, initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user, _invitation = svc.person_invite(
                actor=Actor.from_request(request),
                deal=None,
                email=d["email"],
                role=form.role,
                first_name=d["first_name"],
                last_name=d["last_name"],
                language=d["language"],
            )
        except ValidationError as exc:
            _onto_form(form, exc)
        else:
            messages.success(
                request,
                _("%(email)s heeft de rol ministerie gekregen en is per e-mail bericht.")
                % {"email": user.email},
            )
            return redirect("accounts:ministry")
    return render(request, "accounts/ministry.html", {"form": form, "people": sel.ministry_people()})


@require_POST
@_administrator
def ministry_end(request, pk):
    try:
        membership = Membership.objects.select_related("user").get(pk=pk, deal__isnull=True)
    except Membership.DoesNotExist as exc:
        raise Http404 from exc
    svc.membership_end(actor=Actor.from_request(request), membership=membership)
    messages.success(
        request, _("De rol ministerie van %(name)s is beëindigd.") % {"name": _name(membership.user)}
    )
    return redirect(reverse("accounts:ministry"))
