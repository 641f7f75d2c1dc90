"""Screens for the progress report's life: the list with "generate a draft", a report's page with
its state, its steps (who, when, why, late or not), the Parties' comments, the forms for the next
steps, the downloads in every format (internal and public) and the report itself on screen.

Reading needs VIEW_INTERNAL; writing the report (generate, lessons, send, finalise, reopen,
submit) MANAGE_REPORT (programme office); commenting COMMENT_REPORT, on behalf of the Party the
user represents. The public PDF of a submitted report is open to anyone (`public_pdf`).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render as render_page
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regiodeal.accounts.access import deal_capability_required, deal_from_slug
from regiodeal.accounts.permissions import can, organisations_represented
from regiodeal.accounts.roles import Capability
from regiodeal.audit.services import Actor
from regiodeal.common.dataversion import cached_for_deal
from regiodeal.common.forms import UtrechtForm
from regiodeal.common.locking import EditConflict

from . import document, selectors, services
from .constants import CONTENT_TYPES, Audience, Format, ReportStatus
from .models import Report
from .renderers import render
from .rendering import PdfWaiting, draft_pdf
from .workflow import COMMENTABLE, EDITABLE, TRANSITIONS


class GenerateForm(UtrechtForm):
    year = forms.TypedChoiceField(label=gettext_lazy("Verslagjaar"), coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in reversed(years)]
        # The last finished year: the running year's draft cannot be sent before it ends (Art. 7.3).
        finished = [y for y in years if y < timezone.localdate().year]
        if finished and not self.is_bound:
            self.initial.setdefault("year", finished[-1])


class DateForm(UtrechtForm):
    on = forms.DateField(label=gettext_lazy("Datum"))
    note = forms.CharField(
        label=gettext_lazy("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(UtrechtForm):
    note = forms.CharField(
        label=gettext_lazy("Reden"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LessonsForm(UtrechtForm):
    lessons = forms.CharField(
        label=gettext_lazy("Wat werkte, wat niet, wat gaat anders (Bijlage 1 §2)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)


class CommentForm(UtrechtForm):
    organisation = forms.TypedChoiceField(label=gettext_lazy("Namens"), coerce=int)
    text = forms.CharField(label=gettext_lazy("Commentaar"), widget=forms.Textarea(attrs={"rows": 5}))


def _step_forms(today) -> dict:
    """The forms of the next steps, each with its own ids (they share field names)."""
    send = DateForm(initial={"on": today}, auto_id="send-%s")
    send.fields["on"].label = _("Voorgelegd op")
    submit = DateForm(initial={"on": today}, auto_id="submit-%s")
    submit.fields["on"].label = _("Ingediend op")
    final = NoteForm(auto_id="final-%s")
    final.fields["note"].label = _("Toelichting")
    reopen = NoteForm(auto_id="reopen-%s")
    return {"send_form": send, "submit_form": submit, "final_form": final, "reopen_form": reopen}


def _report(request, year: int) -> Report:
    try:
        return selectors.report_get(request.deal, year)
    except Report.DoesNotExist as exc:
        raise Http404 from exc


def _fail(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _require(request, capability) -> None:
    if not can(request.user, capability, request.deal):
        raise PermissionDenied


@deal_capability_required(Capability.VIEW_INTERNAL)
def index(request, slug):
    deal = request.deal
    reports = list(selectors.report_list(deal))
    taken = {r.year for r in reports}
    form = GenerateForm(years=[y for y in selectors.reportable_years(deal) if y not in taken])
    return render_page(
        request,
        "reporting/index.html",
        {
            "deal": deal,
            "reports": reports,
            "form": form,
            "can_manage": can(request.user, Capability.MANAGE_REPORT, deal),
            "late": selectors.late_steps(deal),
        },
    )


@require_POST
@deal_capability_required(Capability.VIEW_INTERNAL)
def generate(request, slug):
    _require(request, Capability.MANAGE_REPORT)
    form = GenerateForm(request.POST, years=selectors.reportable_years(request.deal))
    if not form.is_valid():
        messages.error(request, _("Kies een verslagjaar."))
        return redirect("reporting:index", slug=slug)
    try:
        report = services.report_generate(
            actor=Actor.from_request(request), deal=request.deal, year=form.cleaned_data["year"]
        )
    except ValidationError as exc:
        _fail(request, exc)
        return redirect("reporting:index", slug=slug)
    messages.success(request, _("Het concept over %(year)s is gemaakt.") % {"year": report.year})
    return redirect("reporting:detail", slug=slug, year=report.year)


@deal_capability_required(Capability.VIEW_INTERNAL)
def detail(request, slug, year):
    deal = request.deal
    report = _report(request, year)
    user = request.user
    can_manage = can(user, Capability.MANAGE_REPORT, deal)
    represented = organisations_represented(user, deal) if can(user, Capability.COMMENT_REPORT, deal) else []
    comment_form = None
    if represented and report.status in COMMENTABLE:
        comment_form = CommentForm(auto_id="comment-%s")
        comment_form.fields["organisation"].choices = [(o.pk, o.name) for o in represented]
    frozen = selectors.snapshot_of(report)
    structure = selectors.report_document_for(report, Audience.INTERNAL, user)
    next_steps = [(to, _(e.reason)) for (frm, to), e in TRANSITIONS.items() if frm == report.status]
    today = timezone.localdate()
    return render_page(
        request,
        "reporting/detail.html",
        {
            "deal": deal,
            "report": report,
            "frozen": frozen,
            # A withdrawn edition holds what was made confidential: not for a third party (Art. 10.1).
            "editions": selectors.edition_list(report)
            if frozen and not selectors.hidden_from_reader(report, user)
            else [],
            "current_edition": selectors.current_edition(report),
            "doc": document.build(structure),
            "draft": report.status != ReportStatus.SUBMITTED,
            "can_manage": can_manage,
            "comment_form": comment_form,
            "lessons_form": LessonsForm(
                initial={"lessons": report.lessons, "expected_version": report.lock_version},
                auto_id="lessons-%s",
            )
            if can_manage and report.status in EDITABLE
            else None,
            "next": {to for to, _reason in next_steps} if can_manage else set(),
            "next_steps": next_steps,
            **_step_forms(today),
            "due_draft": selectors.deadline(deal, report.year, "report_draft_to_parties_before"),
            "due_submission": selectors.deadline(deal, report.year, "report_to_ministry_before"),
            "formats": [(f.value, f.label) for f in Format],
            "audiences": [(a.value, a.label) for a in Audience],
        },
    )


def _post_step(request, slug, year, step):
    _require(request, Capability.MANAGE_REPORT)
    report = _report(request, year)
    try:
        step(report)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("De rapportage is nu: %(s)s.") % {"s": report.get_status_display()})
    return redirect("reporting:detail", slug=slug, year=year)


@require_POST
@deal_capability_required(Capability.VIEW_INTERNAL)
def send(request, slug, year):
    form = DateForm(request.POST)

    def step(report):
        if not form.is_valid():
            raise ValidationError(_("Vul een geldige datum in."))
        services.report_send(
            actor=Actor.from_request(request),
            report=report,
            sent_on=form.cleaned_data["on"],
            note=form.cleaned_data["note"],
        )

    return _post_step(request, slug, year, step)


@require_POST
@deal_capability_required(Capability.VIEW_INTERNAL)
def finalise(request, slug, year):
    form = NoteForm(request.POST)
    form.is_valid()
    return _post_step(
        request,
        slug,
        year,
        lambda r: services.report_finalise(
            actor=Actor.from_request(request), report=r, note=form.cleaned_data.get("note", "")
        ),
    )


@require_POST
@deal_capability_required(Capability.VIEW_INTERNAL)
def reopen(request, slug, year):
    form = NoteForm(request.POST)
    form.is_valid()
    return _post_step(
        request,
        slug,
        year,
        lambda r: services.report_reopen(
            actor=Actor.from_request(request), report=r, note=form.cleaned_data.get("note", "")
        ),
    )


@require_POST
@deal_capability_required(Capability.VIEW_INTERNAL)
def submit(request, slug, year):
    form = DateForm(request.POST)

    def step(report):
        if not form.is_valid():
            raise ValidationError(_("Vul een geldige datum in."))
        services.report_submit(
            actor=Actor.from_request(request),
            report=report,
            submitted_on=form.cleaned_data["on"],
            note=form.cleaned_data["note"],
        )

    return _post_step(request, slug, year, step)


@require_POST
@deal_capability_required(Capability.VIEW_INTERNAL)
def lessons(request, slug, year):
    _require(request, Capability.MANAGE_REPORT)
    report = _report(request, year)
    form = LessonsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("De tekst kon niet worden opgeslagen."))
        return redirect("reporting:detail", slug=slug, year=year)
    try:
        services.report_lessons_set(
            actor=Actor.from_request(request),
            report=report,
            lessons=form.cleaned_data["lessons"],
            expected_version=form.cleaned_data["expected_version"],
        )
    except (ValidationError, EditConflict) as exc:
        messages.error(request, str(exc) if isinstance(exc, EditConflict) else " ".join(exc.messages))
    else:
        messages.success(request, _("De geleerde lessen zijn opgeslagen."))
    return redirect("reporting:detail", slug=slug, year=year)


@require_POST
@deal_capability_required(Capability.VIEW_INTERNAL)
def comment(request, slug, year):
    _require(request, Capability.COMMENT_REPORT)
    report = _report(request, year)
    represented = organisations_represented(request.user, request.deal)
    form = CommentForm(request.POST)
    form.fields["organisation"].choices = [(o.pk, o.name) for o in represented]
    if not form.is_valid():
        messages.error(request, _("Kies de Partij en schrijf het commentaar."))
        return redirect("reporting:detail", slug=slug, year=year)
    organisation = next(o for o in represented if o.pk == form.cleaned_data["organisation"])
    try:
        services.report_comment(
            actor=Actor.from_request(request),
            report=report,
            organisation=organisation,
            text=form.cleaned_data["text"],
            represented=represented,
        )
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Het commentaar namens %(o)s is vastgelegd.") % {"o": organisation.name})
    return redirect("reporting:detail", slug=slug, year=year)


def _file_name(deal_slug: str, year: int, audience: str, fmt: str) -> str:
    which = "openbaar" if audience == Audience.PUBLIC else "intern"
    return f"voortgangsrapportage-{deal_slug}-{year}-{which}.{fmt}"


def report_file(report: Report, audience: str, fmt: str, user=None) -> bytes:
    """The file for a report. A PDF is never rendered here (reporting/rendering.py): the frozen
    PDF of a submitted report (PdfNotReady until the worker has made it), else the worker's
    rendering for the current data (PdfWaiting until it is there).

    The other formats take a second at most and are rendered here, cached under the deal's data
    version, per language and reader: any change in the deal (a figure, a comment, the
    report's state) or a new day makes a new version, so a download never shows an outdated
    draft."""
    # Art. 10.1: a third party (a Partner's project lead) reads the internal version without
    # what it may not see: never the frozen internal PDF, which holds it.
    hidden = selectors.hidden_from_reader(report, user) if audience == Audience.INTERNAL and user else []
    if fmt == Format.PDF:
        frozen = None if hidden else selectors.frozen_pdf(report, audience)
        if frozen is not None:
            return frozen
        return draft_pdf(report, audience, get_language() or settings.LANGUAGE_CODE, hidden)
    reader = ",".join(str(c.pk) for c in hidden)
    key = f"reporting:file:{report.pk}:{audience}:{fmt}:{get_language() or ''}:{reader}"
    return cached_for_deal(
        report.deal, key, lambda: render(selectors.report_document_for(report, audience, user), fmt)
    )


def pdf_waiting(request, deal, report: Report, waiting: PdfWaiting | None = None):
    """The answer while the worker renders a PDF (rendering.py): what is happening, since when,
    a progress bar measured on the previous rendering, the previous file if there is one, and a
    part that asks every few seconds whether it is done (htmx) and then links to it.
    202 Accepted: the file will be there, it is not yet."""
    context = {"deal": deal, "year": report.year, "ready": False, "draft": waiting is not None}
    if waiting is None:
        frozen = selectors.snapshot_of(report)
        context["since"] = frozen.created_at if frozen else None
    else:
        rendering = waiting.rendering
        context["since"] = rendering.wanted_at if rendering else None
        if rendering and rendering.seconds and rendering.wanted_at:
            elapsed = (timezone.now() - rendering.wanted_at).total_seconds()
            context["expected"] = max(round(rendering.seconds), 1)
            context["elapsed"] = min(round(elapsed), context["expected"])
        if waiting.previous:
            context["previous_at"] = waiting.previous.made_at
            context["previous_url"] = f"{request.path}?vorige=1"
    partial = request.headers.get("HX-Request")
    template = "reporting/_pdf_waiting.html" if partial else "reporting/pdf_waiting.html"
    response = render_page(request, template, context, status=202)
    response["Retry-After"] = "5"
    return response


def pdf_ready(request, data: bytes, name: str):
    """The PDF, or for the waiting page's question (htmx) the part that links to it."""
    if request.headers.get("HX-Request"):
        return render_page(request, "reporting/_pdf_waiting.html", {"ready": True, "url": request.path})
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@deal_capability_required(Capability.VIEW_INTERNAL)
def download(request, slug, year, audience, fmt):
    if audience not in Audience.values or fmt not in Format.values:
        raise Http404
    report = _report(request, year)
    try:
        data = report_file(report, audience, fmt, request.user)
    except selectors.PdfNotReady:
        return pdf_waiting(request, report.deal, report)
    except PdfWaiting as waiting:
        if request.GET.get("vorige") and waiting.previous and not request.headers.get("HX-Request"):
            return pdf_ready(request, bytes(waiting.previous.pdf), _file_name(slug, year, audience, fmt))
        return pdf_waiting(request, report.deal, report, waiting)
    if fmt == Format.PDF:
        return pdf_ready(request, data, _file_name(slug, year, audience, fmt))
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if fmt in (Format.PDF, Format.HTML, Format.JSON) else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{_file_name(slug, year, audience, fmt)}"'
    return response


@deal_capability_required(Capability.VIEW_INTERNAL)
def edition_pdf(request, slug, year, number):
    """Any public edition, withdrawn ones included: for those who may read the internal report
    (a withdrawn edition holds what was made confidential later, Art. 10.1)."""
    report = _report(request, year)
    try:
        edition = selectors.edition_get(report, number)
    except selectors.PublicEdition.DoesNotExist as exc:
        raise Http404 from exc
    if edition.withdrawn_at is not None and selectors.hidden_from_reader(report, request.user):
        raise PermissionDenied  # it holds a record kept from third parties (Art. 10.1)
    if edition.pdf is None:
        return pdf_waiting(request, report.deal, report)
    name = f"voortgangsrapportage-{slug}-{year}-openbaar-editie-{number}.pdf"
    return pdf_ready(request, bytes(edition.pdf), name)


def public_pdf(request, slug, year):
    """Anyone may read the public version of a submitted report (Art. 10), exactly as frozen."""
    deal = deal_from_slug(slug)
    try:
        data = selectors.public_pdf(deal, year)
    except selectors.ReportSnapshot.DoesNotExist as exc:
        raise Http404 from exc
    except selectors.PdfNotReady:
        return pdf_waiting(request, deal, selectors.report_of(deal, year))
    return pdf_ready(request, data, _file_name(slug, year, Audience.PUBLIC, "pdf"))
