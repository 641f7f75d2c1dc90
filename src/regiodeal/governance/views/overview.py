"""The governance overview, signatures, the publication in the Staatscourant (Art. 20.1), the
covenant check on screen, the deal's versions and the files."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from regiodeal.accounts.permissions import can
from regiodeal.accounts.roles import Capability as C
from regiodeal.common.lookups import found_or_404
from regiodeal.deals.selectors import (
    deal_entry_into_force,
    version_diff,
    version_get,
    version_in_force,
    version_list,
    version_with_content,
)
from regiodeal.disclosure.access import shows, visible_to, without_pointers_to_hidden

from .. import check_selectors
from .. import forms as f
from .. import models as gm
from .. import selectors as sel
from .. import services as svc
from ..constants import ObligationStatus
from ..constants import RequestStatus as S
from .common import VIEW, _page, _require, _saved


@VIEW
def index(request, slug):
    deal = request.deal
    today = timezone.localdate()
    items = sel.obligations_for(deal, today, request.user)  # Art. 10.1
    return _page(
        request,
        "index.html",
        force=deal_entry_into_force(deal),
        version=version_in_force(deal),
        obligations=[o for o in items if o.status != ObligationStatus.DONE][:8],
        open_requests=[
            r
            for r in without_pointers_to_hidden(sel.request_list(deal), request.user, deal)  # Art. 10.1
            if r.status in (S.FILED, S.CONSULTATION)
        ],
        meetings=visible_to(sel.meeting_list(deal), request.user, deal)[:5],  # Art. 10.1
        short_years=sel.years_without_enough_meetings(deal, today),
        open_items=visible_to(sel.register_list(deal), request.user, deal).filter(status="open").count(),
    )


@VIEW
def signatures(request, slug):
    deal = request.deal
    form = f.SignatureForm(request.POST or None, deal=deal)
    if request.method == "POST":
        _require(request, C.MANAGE_GOVERNANCE)
        if _saved(request, form, svc.signature_record, _("Ondertekening vastgelegd.")):
            return redirect("governance:signatures", slug=slug)
    first = deal.versions.order_by("number").first()
    signed = dict(deal.signatures.values_list("organisation_id", "signed_on"))
    rows = [(p, signed.get(p.organisation_id)) for p in first.parties.select_related("organisation")]
    return _page(
        request, "signatures.html", force=deal_entry_into_force(deal), rows=rows, form=form, rules=first.rules
    )


@VIEW
def publications(request, slug):
    deal = request.deal
    form = f.PublicationForm(request.POST or None, deal=deal)
    if request.method == "POST":
        _require(request, C.MANAGE_GOVERNANCE)
        if _saved(request, form, svc.publication_record, _("Publicatie vastgelegd.")):
            return redirect("governance:publications", slug=slug)
    return _page(request, "publications.html", publications=sel.publication_list(deal), form=form)


@VIEW
def covenant_check(request, slug):
    """Every domain's findings (the same checks as `regiodeal check --deal`), per domain and
    severity, each with its article and the page where it is resolved. Every role that reads the
    deal's internal pages sees it; the money findings only those who may see the finances."""
    deal = request.deal
    today = timezone.localdate()
    form = f.CheckDateForm(request.GET if "on" in request.GET else None)
    on, groups, hidden, status = today, [], 0, 200
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        if form.is_bound and form.cleaned_data["on"]:
            on = form.cleaned_data["on"]
        groups, hidden = check_selectors.covenant_check(
            deal,
            on,
            with_finance=can(request.user, C.VIEW_FINANCE, deal),
            viewer=request.user,  # Art. 10.1
        )
    response = _page(
        request,
        "check.html",
        form=form,
        on=on,
        today=today,
        groups=groups,
        hidden=hidden,
        errors=sum(len(g.errors) for g in groups),
        warnings=sum(len(g.warnings) for g in groups),
        checked=status == 200,
    )
    response.status_code = status
    return response


@VIEW
def versions(request, slug):
    deal = request.deal
    today = timezone.localdate()
    in_force = version_in_force(deal, today)
    made_by = {
        r.adopted_version_id: r for r in gm.Request.objects.filter(deal=deal, adopted_version__isnull=False)
    }
    return _page(request, "versions.html", versions=version_list(deal), in_force=in_force, made_by=made_by)


@VIEW
def version_detail(request, slug, number):
    deal = request.deal
    v = found_or_404(lambda: version_with_content(version_get(deal, number)))
    return _page(
        request,
        "version.html",
        v=v,
        lines=list(v.budget_lines.all()),
        annexes=gm.Request.objects.filter(deal=deal, adopted_version=v).prefetch_related("attachments"),
    )


@VIEW
def version_compare(request, slug):
    deal = request.deal
    form = f.DiffForm(request.GET or None)
    numbers = list(deal.versions.values_list("number", flat=True))
    diff, comparison, a, b = [], [], None, None
    technical = request.GET.get("weergave") == "yaml"
    if form.is_valid():
        try:
            a, b = version_get(deal, form.cleaned_data["a"]), version_get(deal, form.cleaned_data["b"])
        except deal.versions.model.DoesNotExist as exc:
            raise Http404 from exc
        comparison = sel.version_comparison(a, b)
        if technical:
            diff = version_diff(a, b)
    return _page(
        request,
        "compare.html",
        numbers=numbers,
        diff=diff,
        comparison=comparison,
        technical=technical,
        a=a,
        b=b,
        old_number=a.number if a else None,
        new_side=_("versie %(n)s") % {"n": b.number} if b else "",
    )


@VIEW
def attachment(request, slug, pk):
    a = found_or_404(gm.Attachment.objects.get, deal=request.deal, pk=pk)
    if not shows(request.user, request.deal, a) or (
        a.meeting_id and not shows(request.user, request.deal, a.meeting)
    ):
        raise Http404  # Art. 10.1: a confidential document, or one of a confidential meeting
    return FileResponse(a.file.open("rb"), as_attachment=True, filename=a.filename)
