"""The person's own notifications (/meldingen/) and their preference (/meldingen/voorkeuren/)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from regiodeal.audit.services import Actor

from . import selectors, services
from .forms import PreferenceForm
from .models import NotificationPreference


@login_required
def notification_list(request):
    page = Paginator(selectors.notifications_for(request.user, limit=None), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/list.html",
        {
            "page_obj": page,
            "notifications": page.object_list,
            "unread": selectors.unread_count(request.user),
            "preference": selectors.preference_of(request.user),
        },
    )


@login_required
@require_POST
def mark_read(request):
    raw = request.POST.get("notification", "")
    services.mark_read(user=request.user, notification_id=int(raw) if raw.isdigit() else None)
    return redirect(reverse("notifications:list"))


@login_required
def preferences(request):
    stored = NotificationPreference.objects.filter(user=request.user).first()
    initial = {
        "delivery": stored.delivery if stored else "immediate",
        "language": stored.language if stored else (get_language() or "nl")[:2],
    }
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_set(
                actor=Actor.from_request(request),
                user=request.user,
                delivery=form.cleaned_data["delivery"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            return redirect(reverse("notifications:preferences") + "?saved=1")
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "saved": request.GET.get("saved") == "1" and request.method == "GET",
            "has_email": bool(request.user.email),
        },
    )
