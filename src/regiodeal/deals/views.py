"""The platform administrator's screen (Django superuser, "beheerder" on screen): upload a deal
definition, see its problems by line, and load it as a new deal (`services.deal_load`, all or
nothing). A changed existing deal is refused (Art. 11: a deal changes only by amendment)."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from regiodeal.accounts.access import deal_capability_required
from regiodeal.accounts.permissions import can
from regiodeal.accounts.roles import Capability
from regiodeal.audit.services import Actor

from .definition import read_definition
from .forms import DefinitionUploadForm
from .selectors import deal_list, organisation_list, version_in_force
from .services import DealChangeRefused, deal_load


def administrator_required(view):
    """The login page for an anonymous visitor, 403 for anyone but the platform administrator."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_superuser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@administrator_required
def upload(request):
    form = DefinitionUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "problems": [], "valid": None, "refused": None}
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["file"].name
        deal_def, problems = read_definition(form.text, name)
        context["filename"] = name
        if problems:
            context["problems"] = problems
        elif request.POST.get("action") != "load":
            context["valid"] = deal_def
        else:
            try:
                outcome = deal_load(
                    deal_def=deal_def,
                    source_text=form.text,
                    source_name=name,
                    actor=Actor.from_request(request),
                )
            except DealChangeRefused as exc:
                context["refused"] = exc
            else:
                if outcome.created:
                    messages.success(
                        request,
                        _("%(name)s is geladen als nieuwe deal (versie 1).") % {"name": deal_def.name},
                    )
                else:
                    messages.info(
                        request,
                        _("%(name)s was al geladen met precies deze inhoud; er is niets veranderd.")
                        % {"name": deal_def.name},
                    )
                return redirect("deals:upload")
    context["deals"] = [(d, version_in_force(d)) for d in deal_list()]
    return render(request, "deals/upload.html", context, status=200)


CORRECTION_SESSION_KEY = "deals.correction"


def _refusal_text(exc) -> str:
    """The refusal of a correction in the reader's language (the command prints it in English)."""
    if exc.kind == "nothing":
        return _("Dit bestand verbetert niets: de deal leest al precies zo. Er is niets veranderd.")
    if exc.kind == "slug":
        return _("Dit bestand hoort bij een andere deal. Er is niets veranderd.")
    if exc.kind == "reason":
        return _("Geef de reden van de verbetering: die komt in het auditspoor.")
    return _(
        "Dit bestand verandert de afgesproken inhoud van de deal (Partijen, bedragen, data, codes of "
        "teksten), niet alleen een lezing. Dat is een wijziging van de Regio Deal, met instemming van "
        "alle Partijen (art. 11): dien daarvoor een wijzigingsverzoek in bij Bestuur, Verzoeken. Er is "
        "niets veranderd."
    )


@administrator_required
def correct(request, deal_slug):
    """Correcting a reading, not the covenant: upload a corrected file, see the readings it
    changes in words, give the reason, confirm (`services.deal_correct`; docs/definition-format.md)."""
    from django.http import Http404

    from .forms import CorrectionForm
    from .models import Deal
    from .services import CorrectionRefused, correction_preview, deal_correct

    deal = Deal.objects.filter(slug=deal_slug).first()
    if deal is None:
        raise Http404
    context = {
        "deal": deal,
        "version": version_in_force(deal),
        "changes": None,
        "refusal": None,
        "problems": [],
    }
    pending = request.session.get(CORRECTION_SESSION_KEY)
    if request.method == "POST" and request.POST.get("action") == "confirm":
        if not pending or pending.get("slug") != deal.slug:
            messages.error(request, _("Kies het verbeterde bestand opnieuw: de controle is verlopen."))
            return redirect("deals:correct", deal_slug=deal.slug)
        deal_def, problems = read_definition(pending["text"], pending["name"])
        try:
            if problems:
                raise CorrectionRefused("invalid", kind="nothing")
            outcome = deal_correct(
                deal=deal,
                deal_def=deal_def,
                source_text=pending["text"],
                source_name=pending["name"],
                reason=pending["reason"],
                actor=Actor.from_request(request),
            )
        except CorrectionRefused as exc:
            request.session.pop(CORRECTION_SESSION_KEY, None)
            context["refusal"], context["diff"] = _refusal_text(exc), exc.diff
            form = CorrectionForm()
        else:
            request.session.pop(CORRECTION_SESSION_KEY, None)
            messages.success(
                request,
                _(
                    "De lezing van %(name)s is verbeterd (%(n)s wijzigingen); de reden staat in het "
                    "auditspoor."
                )
                % {"name": context["version"].name, "n": len(outcome.changes)},
            )
            return redirect("deals:correct", deal_slug=deal.slug)
    else:
        form = CorrectionForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            name = form.cleaned_data["file"].name
            deal_def, problems = read_definition(form.text, name)
            if problems:
                context["problems"], context["filename"] = problems, name
            else:
                try:
                    context["changes"] = correction_preview(deal=deal, deal_def=deal_def)
                except CorrectionRefused as exc:
                    context["refusal"], context["diff"] = _refusal_text(exc), exc.diff
                else:
                    request.session[CORRECTION_SESSION_KEY] = {
                        "slug": deal.slug,
                        "text": form.text,
                        "name": name,
                        "reason": form.cleaned_data["reason"].strip(),
                    }
                    context["reason"] = form.cleaned_data["reason"].strip()
                    context["filename"] = name
    context["form"] = form
    return render(request, "deals/correct.html", context)


@deal_capability_required(Capability.VIEW_INTERNAL)
def settings_view(request, slug):
    """The programme office's settings of the deal (models.DealSettings): the deadlines the
    covenant does not set, and its reading of the seasons the covenant gives."""
    from django.core.exceptions import ValidationError

    from regiodeal.common.locking import EditConflict

    from .forms import DealPresentationForm, DealSettingsForm
    from .presentation import identity
    from .selectors import baseline_reading, deal_settings
    from .services import deal_presentation_update, deal_settings_update

    deal = request.deal
    settings = deal_settings(deal)
    may_edit = can(request.user, Capability.MANAGE_GOVERNANCE, deal)
    presentation_form = None
    if request.method == "POST" and request.POST.get("part") == "presentation":
        if not may_edit:
            raise PermissionDenied
        form = _settings_form(settings)
        presentation_form = DealPresentationForm(request.POST, request.FILES)
        if presentation_form.is_valid():
            data = presentation_form.cleaned_data
            try:
                deal_presentation_update(
                    actor=Actor.from_request(request),
                    deal=deal,
                    texts={name: data[name] or "" for name in DealPresentationForm.TEXTS},
                    accessibility_statement_on=data["accessibility_statement_on"],
                    colour_primary=data["colour_primary"],
                    colour_band=data["colour_band"],
                    logo=data["logo"],
                    remove_logo=data["remove_logo"],
                    expected_version=data["lock_version"],
                )
            except EditConflict as exc:
                presentation_form.add_error(None, str(exc))
            except ValidationError as exc:
                presentation_form.add_service_errors(exc)
            else:
                messages.success(request, _("De huisstijl en de verklaringen van de deal zijn opgeslagen."))
                return redirect("deal-settings", slug=deal.slug)
    elif request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        form = DealSettingsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                deal_settings_update(
                    actor=Actor.from_request(request),
                    deal=deal,
                    programme_due_month=data["programme_due_month"],
                    programme_due_day=data["programme_due_day"],
                    baseline_due_on=data["baseline_due_on"],
                    expected_version=data["lock_version"],
                )
            except EditConflict as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("De instellingen van de deal zijn opgeslagen."))
                return redirect("deal-settings", slug=deal.slug)
    else:
        form = _settings_form(settings)
    if presentation_form is None:
        presentation_form = DealPresentationForm(initial=DealPresentationForm.initial_from(settings))
    return render(
        request,
        "deals/settings.html",
        {
            "deal": deal,
            "form": form,
            "settings": settings,
            "may_edit": may_edit,
            "baseline": baseline_reading(deal),
            "organisations": organisation_list(deal),
            "presentation_form": presentation_form,
            "identity": identity(deal),
        },
    )


def _settings_form(settings):
    from .forms import DealSettingsForm

    return DealSettingsForm(
        initial={
            "programme_due_month": settings.programme_due_month,
            "programme_due_day": settings.programme_due_day,
            "baseline_due_on": settings.baseline_due_on,
            "lock_version": settings.lock_version,
        }
    )


@deal_capability_required(Capability.MANAGE_GOVERNANCE)
def organisation_edit(request, slug, code):
    """The programme office sets an organisation's identifier for open data (OIN or KvK number,
    as IATI writes it: docs/standards.md)."""
    from django.core.exceptions import ValidationError
    from django.http import Http404

    from .forms import OrganisationIdentifierForm
    from .services import organisation_identifier_update

    deal = request.deal
    organisation = organisation_list(deal).filter(code=code).first()
    if organisation is None:
        raise Http404
    if request.method == "POST":
        form = OrganisationIdentifierForm(request.POST)
        if form.is_valid():
            try:
                organisation_identifier_update(
                    actor=Actor.from_request(request),
                    organisation=organisation,
                    iati_ref=form.cleaned_data["iati_ref"],
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(
                    request, _("De identificatie van %(name)s is opgeslagen.") % {"name": organisation.name}
                )
                return redirect("deal-settings", slug=deal.slug)
    else:
        form = OrganisationIdentifierForm(initial={"iati_ref": organisation.iati_ref})
    return render(
        request, "deals/organisation_edit.html", {"deal": deal, "form": form, "organisation": organisation}
    )
