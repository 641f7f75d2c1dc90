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

from regiodeal.audit.services import Actor

from .definition import read_definition
from .forms import DefinitionUploadForm
from .selectors import deal_list, version_in_force
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
