"""The upload pages: one flow for every import (kinds.py): upload, check, confirm, result; a
background job's page shows its progress, refreshed by htmx (or a link without JavaScript).
Each kind needs its own capability; an upload is seen only by its own user in its own deal."""

from __future__ import annotations

import logging

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from regiodeal.accounts.access import deal_capability_required
from regiodeal.common.forms import UtrechtForm

from . import services
from .kinds import KINDS, Kind
from .models import Upload, UploadStatus

logger = logging.getLogger(__name__)


def _kind(key: str) -> Kind:
    try:
        return KINDS[key]
    except KeyError:
        raise Http404(f"No import {key!r}.") from None


def _with_capability(view):
    """Run `view` behind the capability of the import's kind (from the URL or the upload)."""

    def wrapped(request, slug, kind=None, token=None):
        if token is not None:
            upload = Upload.objects.filter(token=token).only("kind").first()
            if upload is None:
                raise Http404("No such upload.")
            kind = upload.kind
        spec = _kind(kind)
        inner = deal_capability_required(spec.capability)(
            lambda request, slug: view(request, slug=slug, spec=spec, token=token)
        )
        return inner(request, slug=slug)

    return wrapped


def _page(request, spec: Kind, upload: Upload | None, template: str, status=200, **extra):
    context = {
        "deal": request.deal,
        "kind": spec,
        "back_url": reverse(spec.back_url, kwargs={"slug": request.deal.slug}),
        "upload": upload,
        **extra,
    }
    return render(request, template, context, status=status)


@_with_capability
def upload_new(request, slug, spec: Kind, token=None):
    posted = request.method == "POST"
    form = spec.form(request.POST if posted else None, request.FILES if posted else None)
    status = 400 if posted else 200
    if posted and form.is_valid():
        try:
            upload = services.upload_receive(
                user=request.user,
                deal=request.deal,
                kind=spec.key,
                uploaded_file=form.cleaned_data["file"],
                options=form.options(),
                language=get_language() or "nl",
            )
        except OSError:
            # The data folder is full or read-only: nothing was kept (common/storage.py).
            logger.exception("upload could not be stored")
            status = 503
            form.add_error(
                "file",
                _(
                    "De server kan het bestand nu niet opslaan (de opslag is vol of niet schrijfbaar). "
                    "Er is niets opgeslagen; probeer het later opnieuw of meld het aan de beheerder."
                ),
            )
        else:
            return redirect("imports:upload", slug=slug, token=upload.token)
    return _page(
        request,
        spec,
        None,
        "imports/upload.html",
        status=status,
        form=form,
        help=spec.help(),
    )


def _own(request, token) -> Upload:
    """The upload, only for its own user in its own deal (anyone else: not found)."""
    return get_object_or_404(Upload, token=token, deal=request.deal, user=request.user)


@_with_capability
def upload_page(request, slug, spec: Kind, token):
    upload = _own(request, token)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "abandon":
            services.upload_abandon(upload=upload, user=request.user)
            return redirect("imports:new", slug=slug, kind=spec.key)
        try:
            services.upload_confirm(upload=upload, user=request.user)
        except services.TokenUsed:
            upload.refresh_from_db()
            return _status(request, spec, upload, status=409, token_used=True)
        return redirect("imports:upload", slug=slug, token=token)
    return _status(request, spec, upload)


def _status(request, spec: Kind, upload: Upload, status=200, **extra):
    done, total = services.live_progress(upload)
    problems_more = max(upload.problem_count - len(upload.problems), 0)
    return _page(
        request,
        spec,
        upload,
        "imports/status.html",
        status=status,
        done=done,
        total=total,
        lines=spec.lines(upload.summary, upload.options) if upload.summary else [],
        links=spec.links(request.deal, upload.summary) if upload.status == UploadStatus.DONE else [],
        problems=[{**p, "hint": spec.hints.get(p["column"], "")} for p in upload.problems],
        problems_more=problems_more,
        confirm_form=UtrechtForm(),
        help=spec.help() if upload.problems else [],
        statline=upload.file_name.lower().endswith(".json"),
        **extra,
    )


@_with_capability
def upload_progress(request, slug, spec: Kind, token):
    """The progress part of a background upload's page, fetched by htmx every two seconds; when
    the job has ended, the whole page is loaded again to show its result."""
    upload = _own(request, token)
    if not upload.busy:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    done, total = services.live_progress(upload)
    return render(
        request,
        "imports/_progress.html",
        {"deal": request.deal, "upload": upload, "done": done, "total": total},
    )
