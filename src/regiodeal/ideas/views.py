"""Residents' ideas on the web: the public form (anyone), and moderation by the programme office
(MANAGE_PARTICIPATION: participation is theirs in the role table). Contact details are on a page
of their own (VIEW_PERSONAL_DATA), so that moderating does not read them; each view of that page
is recorded in the audit trail. The public list and status pages are the portal's
(portal/selectors.py is the one public read layer)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from regiodeal.accounts.access import deal_capability_required, deal_from_slug
from regiodeal.accounts.roles import Capability
from regiodeal.audit.services import Actor
from regiodeal.common.lookups import found_or_404
from regiodeal.deals.selectors import version_in_force
from regiodeal.projects.models import Project

from . import ratelimit, services
from .constants import IdeaStatus
from .forms import IdeaForm, TransitionForm
from .models import Idea
from .selectors import has_contact, idea_areas, idea_get, idea_list, retention_days, retention_months

MANAGE = deal_capability_required(Capability.MANAGE_PARTICIPATION)
PERSONAL = deal_capability_required(Capability.VIEW_PERSONAL_DATA)


def _refused(form, exc: ValidationError) -> None:
    """The service's refusal at the fields it names, else above the form."""
    for field, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@never_cache
def submit(request, slug):
    deal = deal_from_slug(slug)
    areas = idea_areas(deal)
    context = {
        "deal": deal,
        "version": version_in_force(deal),
        "retention_days": retention_days(),
        "retention_months": retention_months(),
    }
    ip = ratelimit.client_ip(request)
    if request.method == "POST":
        if ratelimit.is_limited(ip):
            return render(request, "ideas/limited.html", context, status=429)
        form = IdeaForm(request.POST, areas=areas)
        if request.POST.get("website"):
            # A robot filled in the hidden field: answer as if all went well, keep nothing.
            ratelimit.count(ip)
            return render(request, "ideas/thanks.html", {**context, "idea": None})
        if form.is_valid():
            if not ratelimit.take(ip):  # counted before it is stored: holds for posts at once
                return render(request, "ideas/limited.html", context, status=429)
            d = form.cleaned_data
            try:
                idea = services.idea_submit(
                    actor=Actor.from_request(request),
                    deal=deal,
                    title=d["title"],
                    description=d["description"],
                    area_code=d["area"],
                    name=d["name"],
                    email=d["email"],
                    phone=d["phone"],
                    consent=d["consent"],
                    notify_status=d["notify_status"],
                )
            except ValidationError as exc:
                ratelimit.give_back(ip)
                _refused(form, exc)
            else:
                return render(request, "ideas/thanks.html", {**context, "idea": idea})
    else:
        form = IdeaForm(areas=areas)
    return render(
        request,
        "ideas/submit.html",
        {
            **context,
            "form": form,
            "consent_text": services.CONSENT_TEXT,
            "notify_text": _(services.NOTIFY_TEXT),
        },
    )


@MANAGE
def manage(request, slug):
    deal = request.deal
    status = request.GET.get("status") or None
    if status not in IdeaStatus.values:
        status = None
    return render(
        request,
        "ideas/manage.html",
        {
            "deal": deal,
            "version": version_in_force(deal),
            "ideas": idea_list(deal=deal, status=status),
            "statuses": IdeaStatus.choices,
            "status": status,
        },
    )


def _idea(deal, number) -> Idea:
    return found_or_404(idea_get, deal=deal, number=number)


@MANAGE
def manage_idea(request, slug, number):
    deal = request.deal
    idea = _idea(deal, number)
    projects = Project.objects.filter(deal=deal).order_by("code")
    form = TransitionForm(request.POST or None, idea=idea, projects=projects)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        project = projects.filter(code=d["project"]).first() if d["project"] else None
        try:
            services.idea_transition(
                actor=Actor.from_request(request),
                idea=idea,
                to_status=d["to_status"],
                public_reason=d["public_reason"],
                internal_note=d["internal_note"],
                project=project,
            )
        except ValidationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("De status is gewijzigd."))
            return redirect(reverse("ideas:manage-idea", kwargs={"slug": slug, "number": number}))
    return render(
        request,
        "ideas/manage_idea.html",
        {
            "deal": deal,
            "version": version_in_force(deal),
            "idea": idea,
            "form": form,
            "has_contact": has_contact(idea),
            "retention_days": retention_days(),
            "retention_months": retention_months(),
        },
    )


@never_cache
@PERSONAL
def contact(request, slug, number):
    deal = request.deal
    idea = _idea(deal, number)
    details = services.idea_contact_read(actor=Actor.from_request(request), idea=idea)
    return render(
        request,
        "ideas/contact.html",
        {"deal": deal, "version": version_in_force(deal), "idea": idea, "contact": details},
    )
