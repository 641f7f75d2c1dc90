"""Screens of evaluation and steering (Art. 2.4, 7.1, 7.5, 7.6, Bijlage 1 §2.D) and of the
communication duty (Art. 8). Everyone who reads the deal internally sees them; the programme
office, who writes the yearly report, records them."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from regiodeal.accounts.access import deal_capability_required
from regiodeal.accounts.permissions import can
from regiodeal.accounts.roles import Capability
from regiodeal.audit.services import Actor
from regiodeal.common.downloads import xlsx_response
from regiodeal.common.lookups import found_or_404
from regiodeal.common.submit import submitted
from regiodeal.deals.selectors import version_in_force
from regiodeal.disclosure.access import shows
from regiodeal.governance.selectors import meeting_list
from regiodeal.projects.models import Project
from regiodeal.results.constants import VERDICT_LABELS
from regiodeal.results.selectors import dashboard
from regiodeal.results.verdict import Verdict

from . import exports, selectors, services
from .constants import ARTICLE, REQUIRED_ONCE, DocumentKind
from .forms import AdjustmentForm, CreditLineForm, DocumentForm
from .models import EvaluationDocument

VIEW = Capability.VIEW_INTERNAL
MANAGE = Capability.MANAGE_REPORT


def _context(request, section: str, **extra) -> dict:
    return {
        "deal": request.deal,
        "section": section,
        "can_manage": can(request.user, MANAGE, request.deal),
        **extra,
    }


def _result_title(result) -> str:
    if (get_language() or "nl").startswith("en") and result.title_en:
        return result.title_en
    return result.title


@deal_capability_required(VIEW)
def overview(request, slug):
    deal = request.deal
    # Art. 10.1: without the documents and adjustments kept from the user (disclosure/access.py).
    in_force = selectors.documents_in_force(deal=deal, viewer=request.user)
    required = [
        {
            "kind": kind,
            "label": DocumentKind(kind).label,
            "article": ARTICLE[kind],
            "document": in_force.get(kind),
        }
        for kind in REQUIRED_ONCE
    ]
    return render(
        request,
        "evaluation/overview.html",
        _context(
            request,
            "overview",
            required=required,
            documents=list(selectors.document_list(deal=deal, viewer=request.user)),
            adjustments=list(selectors.adjustment_list(deal=deal, viewer=request.user)),
            verdict_labels={str(v): VERDICT_LABELS[v] for v in Verdict},
        ),
    )


def _document(request, pk) -> EvaluationDocument:
    return found_or_404(selectors.document_get, deal=request.deal, pk=pk)


def _form_page(request, form, call, done, *, back: str, section: str, **page):
    """A form of evaluation: the service decides (`common.submit`); saved, back to `back` with
    the message `done`; refused or not yet sent, the form (again) with its errors."""
    if request.method == "POST" and form.is_valid() and submitted(request, form, call, done):
        return redirect(back, slug=request.deal.slug)
    return render(request, "evaluation/form.html", _context(request, section, form=form, **page))


@deal_capability_required(MANAGE)
def document_new(request, slug):
    form = DocumentForm(
        request.POST or None, request.FILES or None, initial={"kind": request.GET.get("kind", "")}
    )
    return _form_page(
        request,
        form,
        lambda: services.document_add(
            actor=Actor.from_request(request), deal=request.deal, **form.cleaned_data
        ),
        _("Het document is vastgelegd."),
        back="evaluation:overview",
        section="overview",
        title=_("Een evaluatiedocument vastleggen"),
        multipart=True,
    )


@deal_capability_required(MANAGE)
def document_edit(request, slug, pk):
    document = _document(request, pk)
    initial = {"title": document.title, "dated": document.dated, "summary": document.summary}
    form = DocumentForm(request.POST or None, request.FILES or None, initial=initial, editing=True)
    return _form_page(
        request,
        form,
        lambda: services.document_update(
            actor=Actor.from_request(request), document=document, **form.cleaned_data
        ),
        _("Het document is bijgewerkt."),
        back="evaluation:overview",
        section="overview",
        title=_("%(kind)s bijwerken") % {"kind": document.get_kind_display().capitalize()},
        multipart=True,
        document=document,
    )


@deal_capability_required(VIEW)
def document_file(request, slug, pk):
    document = _document(request, pk)
    if not shows(request.user, request.deal, document):
        raise Http404  # Art. 10.1: kept from a third party
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename)


def _adjustment_form(request, data=None, initial=None):
    deal = request.deal
    board = dashboard(deal=deal, with_projects=False, latest_only=True)
    choices = []
    for result in version_in_force(deal).results.order_by("position"):
        try:
            verdict = VERDICT_LABELS[board.result(result.code).rollup.verdict]
        except KeyError:
            verdict = VERDICT_LABELS[Verdict.NO_DATA]
        choices.append(
            (
                result.code,
                _("%(code)s. %(title)s (nu: %(verdict)s)")
                % {"code": result.code, "title": _result_title(result), "verdict": verdict},
            )
        )
    return AdjustmentForm(
        data,
        initial=initial,
        results=choices,
        meetings=list(meeting_list(deal)),
        evaluations=list(selectors.document_list(deal=deal, kind=DocumentKind.INTERIM_EVALUATION)),
    )


def _adjustment_values(request, form) -> dict:
    deal = request.deal
    data = dict(form.cleaned_data)
    data["meeting"] = meeting_list(deal).get(pk=data["meeting"]) if data["meeting"] else None
    data["evaluation"] = (
        selectors.document_get(deal=deal, pk=data["evaluation"]) if data["evaluation"] else None
    )
    return data


@deal_capability_required(MANAGE)
def adjustment_new(request, slug):
    form = _adjustment_form(request, request.POST or None)
    return _form_page(
        request,
        form,
        lambda: services.adjustment_record(
            actor=Actor.from_request(request), deal=request.deal, **_adjustment_values(request, form)
        ),
        _("De bijsturing is vastgelegd."),
        back="evaluation:overview",
        section="overview",
        title=_("Een bijsturing vastleggen"),
    )


@deal_capability_required(MANAGE)
def adjustment_edit(request, slug, pk):
    adjustment = found_or_404(selectors.adjustment_get, deal=request.deal, pk=pk)
    initial = {
        "decided_on": adjustment.decided_on,
        "title": adjustment.title,
        "change": adjustment.change,
        "reason": adjustment.reason,
        "results": adjustment.result_codes,
        "meeting": adjustment.meeting_id,
        "evaluation": adjustment.evaluation_id,
    }
    form = _adjustment_form(request, request.POST or None, initial=initial)
    return _form_page(
        request,
        form,
        lambda: services.adjustment_update(
            actor=Actor.from_request(request), adjustment=adjustment, **_adjustment_values(request, form)
        ),
        _("De bijsturing is bijgewerkt."),
        back="evaluation:overview",
        section="overview",
        title=_("Bijsturing bijwerken"),
    )


@deal_capability_required(VIEW)
def communication(request, slug):
    return render(
        request,
        "evaluation/communication.html",
        _context(
            request,
            "communication",
            plan=selectors.documents_in_force(deal=request.deal, viewer=request.user).get(
                DocumentKind.COMMUNICATION_PLAN
            ),
            rows=selectors.credit_lines(deal=request.deal, viewer=request.user),  # Art. 10.1
        ),
    )


@deal_capability_required(MANAGE)
def credit_line_new(request, slug, code):
    project = found_or_404(Project.objects.get, deal=request.deal, code=code)
    form = CreditLineForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda: services.credit_line_request_record(
            actor=Actor.from_request(request), project=project, **form.cleaned_data
        ),
        _("Vastgelegd dat project %(code)s is gevraagd.") % {"code": project.code},
        back="evaluation:communication",
        section="communication",
        title=_("Vermelding Rijk en regio gevraagd: %(p)s") % {"p": f"{project.code} {project.title}"},
    )


@deal_capability_required(VIEW)
def lessons_xlsx(request, slug):
    return xlsx_response(
        exports.lessons_workbook(request.deal, viewer=request.user), f"{slug}-lessen-en-bijsturing.xlsx"
    )
