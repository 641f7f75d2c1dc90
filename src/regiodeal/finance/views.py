"""Finance screens for the programme office, the regiokassier and the others who may read the
books (Capability.VIEW_FINANCE); corrections and submitting the SPUK account need
MANAGE_FINANCE. Internal: nothing here is public. Each table downloads as .xlsx."""

from __future__ import annotations

import datetime as dt
from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from regiodeal.accounts.access import deal_capability_required
from regiodeal.accounts.pages import kept_whole
from regiodeal.accounts.permissions import can
from regiodeal.accounts.roles import Capability
from regiodeal.audit.services import Actor
from regiodeal.common.dataversion import cached_fragment
from regiodeal.common.downloads import xlsx_response
from regiodeal.common.findings import findings_for
from regiodeal.common.formatting import money
from regiodeal.common.params import date_param
from regiodeal.common.submit import submitted
from regiodeal.deals.selectors import organisation_names, version_in_force, version_in_force_cached
from regiodeal.projects.models import Project

from . import selectors, tables
from .charts import planned_vs_actual
from .constants import EntryKind
from .exports import table_xlsx
from .forms import (
    SCREENS,
    ContributionSourceForm,
    CooperationAgreementForm,
    EntryForm,
    EuLawBasisForm,
    ProgrammeLineForm,
    ReverseForm,
    SpukDecisionForm,
    SpukPaymentForm,
    VatPaymentForm,
    localised,
    screen_of,
)
from .models import ContributionSource, CooperationAgreement, EuLawBasis, LedgerEntry, SpukDecision
from .services import (
    YEARS,
    contribution_source_set,
    cooperation_agreement_set,
    entry_correct,
    entry_record,
    entry_reverse,
    eu_law_basis_set,
    programme_budget_set,
    spuk_account_submit,
    spuk_decision_record,
    spuk_payment_record,
    vat_payment_record,
)


def _as_of(request) -> dt.date:
    """`?on=YYYY-MM-DD` looks at the books as they were (or will be) on that date; today without
    it; a value that is no date gets a 400 page saying how to write it (common/params.py)."""
    return date_param(request.GET, "on")


def finance_findings(deal, on: dt.date):
    return findings_for(deal, on, app="finance")


def _context(request, page: str, on: dt.date, **extra):
    deal = request.deal
    return {
        "deal": deal,
        "version": version_in_force_cached(deal, on=on),
        "page": page,
        "on": on,
        "on_param": request.GET.get("on", ""),
        "can_manage": can(request.user, Capability.MANAGE_FINANCE, deal),
        **extra,
    }


@deal_capability_required(Capability.VIEW_FINANCE)
@kept_whole("finance:overview")
def overview(request, slug):
    on = _as_of(request)
    context = _context(request, "overview", on)

    def body() -> str:
        ov = selectors.overview(request.deal, on)
        return render_to_string(
            "finance/_overview_body.html",
            {
                "deal": request.deal,
                "on_param": context["on_param"],
                "version": context["version"],
                "ov": ov,
                "chart": planned_vs_actual(ov),
                "tables": [tables.overview_table(ov), tables.years_table(ov)],
            },
        )

    # Read far more often than the ledger changes: cached under the deal's data version, so a
    # booking shows on the next request (common/dataversion.py).
    context["body"] = cached_fragment(
        request.deal, "finance:overview", body, on.isoformat(), context["on_param"]
    )
    return render(request, "finance/overview.html", context)


def _may_manage(request) -> None:
    if not can(request.user, Capability.MANAGE_FINANCE, request.deal):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
@deal_capability_required(Capability.VIEW_FINANCE)
def vat_split(request, slug):
    """Art. 4.2: the split of the execution costs, and the Parties' payments to the regiokassier
    beside their shares; the programme office or the regiokassier records a payment here."""
    on = _as_of(request)
    form = VatPaymentForm(request.POST or None, deal=request.deal)
    if request.method == "POST":
        _may_manage(request)
        if form.is_valid() and submitted(
            request,
            form,
            lambda: vat_payment_record(
                actor=Actor.from_request(request), deal=request.deal, **form.cleaned_data
            ),
            lambda payment: (
                _("De betaling van %(org)s (%(amount)s) is vastgelegd.")
                % {"org": payment.organisation.name, "amount": money(payment.amount)}
            ),
        ):
            return redirect("finance:vat", slug=slug)
    split = selectors.vat_split(request.deal, on)
    return render(
        request,
        "finance/vat.html",
        _context(
            request,
            "vat",
            on,
            split=split,
            form=form,
            tables=[tables.vat_table(split), tables.vat_payments_table(split)],
        ),
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@deal_capability_required(Capability.VIEW_FINANCE)
def agreement(request, slug):
    """Art. 4.2, Bijlage 1 A and C: the samenwerkingsovereenkomst, its file, the VAT level it
    fixes and its estimate."""
    row = CooperationAgreement.objects.filter(deal=request.deal).first()
    initial = {}
    if row is not None:
        initial = {
            "expected_version": row.lock_version,
            "signed_on": row.signed_on,
            "vat_level": row.vat_level,
            "vat_estimate": row.vat_estimate,
            "note": row.note,
        }
    form = CooperationAgreementForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST":
        _may_manage(request)
        if form.is_valid() and submitted(
            request,
            form,
            lambda: cooperation_agreement_set(
                actor=Actor.from_request(request), deal=request.deal, **form.cleaned_data
            ),
            _("De samenwerkingsovereenkomst is vastgelegd."),
        ):
            return redirect("finance:agreement", slug=slug)
    return render(
        request,
        "finance/agreement.html",
        _context(request, "agreement", timezone.localdate(), agreement=row, form=form),
        status=400 if form.is_bound and form.errors else 200,
    )


@deal_capability_required(Capability.VIEW_FINANCE)
def agreement_file(request, slug):
    row = CooperationAgreement.objects.filter(deal=request.deal).first()
    if row is None or not row.file:
        raise Http404("No file of the samenwerkingsovereenkomst.")
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=row.filename)


@deal_capability_required(Capability.VIEW_FINANCE)
def spuk_decision_file(request, slug, pk: int):
    decision = get_object_or_404(SpukDecision, deal=request.deal, pk=pk)
    if not decision.file:
        raise Http404("No file of this beschikking.")
    return FileResponse(decision.file.open("rb"), as_attachment=True, filename=decision.filename)


@deal_capability_required(Capability.VIEW_FINANCE)
def findings(request, slug):
    on = _as_of(request)
    found = finance_findings(request.deal, on)
    return render(
        request,
        "finance/findings.html",
        _context(
            request,
            "findings",
            on,
            findings=found,
            errors=sum(1 for f in found if f.severity == "error"),
            tables=[tables.findings_table(found)],
        ),
    )


@require_http_methods(["GET", "POST"])
@deal_capability_required(Capability.VIEW_FINANCE)
def spuk(request, slug):
    """Art. 5: the yearly account, beside VRO's beschikkingen and payments (recorded here by the
    programme office or the regiokassier: `action` is `decision` or `payment`)."""
    on = _as_of(request)
    action = request.POST.get("action") if request.method == "POST" else None
    decision_form = SpukDecisionForm(
        request.POST if action == "decision" else None,
        request.FILES if action == "decision" else None,
        prefix="decision",
    )
    payment_form = SpukPaymentForm(
        request.POST if action == "payment" else None, deal=request.deal, prefix="payment"
    )
    if request.method == "POST":
        _may_manage(request)
        form = {"decision": decision_form, "payment": payment_form}.get(action)
        if form is None:
            raise Http404(f"No form {action!r}.")
        record, done = {
            "decision": (
                spuk_decision_record,
                lambda d: _("De beschikking %(ref)s is vastgelegd.") % {"ref": d.reference},
            ),
            "payment": (
                spuk_payment_record,
                lambda p: _("De ontvangst van %(amount)s is vastgelegd.") % {"amount": money(p.amount)},
            ),
        }[action]
        if form.is_valid() and submitted(
            request,
            form,
            lambda: record(actor=Actor.from_request(request), deal=request.deal, **form.cleaned_data),
            done,
        ):
            return redirect("finance:spuk", slug=slug)
    years = selectors.spuk_years(request.deal, on)
    grant = selectors.spuk_grant(request.deal, on)
    failed = any(f.is_bound and f.errors for f in (decision_form, payment_form))
    return render(
        request,
        "finance/spuk.html",
        _context(
            request,
            "spuk",
            on,
            years=years,
            grant=grant,
            decision_form=decision_form,
            payment_form=payment_form,
            submittable=[y for y in years if y.submitted is None and y.year < on.year],
            today=timezone.localdate(),
            tables=[
                tables.spuk_table(years),
                tables.sisa_table(years),
                tables.spuk_decisions_table(grant),
                tables.spuk_payments_table(grant),
            ],
        ),
        status=400 if failed else 200,
    )


@require_POST
@deal_capability_required(Capability.MANAGE_FINANCE)
def spuk_submit(request, slug, year: int):
    try:
        submitted_on = dt.date.fromisoformat(request.POST.get("submitted_on", ""))
    except ValueError:
        messages.error(request, _("Vul de datum van indienen in als JJJJ-MM-DD."))
        return redirect("finance:spuk", slug=slug)
    try:
        spuk_account_submit(
            actor=Actor.from_request(request), deal=request.deal, year=year, submitted_on=submitted_on
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("De verantwoording over %(year)s is vastgelegd.") % {"year": year})
    return redirect("finance:spuk", slug=slug)


@deal_capability_required(Capability.VIEW_FINANCE)
def ledger(request, slug):
    on = _as_of(request)
    kind = request.GET.get("kind") or None
    line = request.GET.get("line") or None
    year = request.GET.get("year") or None
    entries = selectors.entry_list(
        deal=request.deal,
        kind=kind if kind in EntryKind.values else None,
        budget_line=line,
        year=int(year) if year and year.isdigit() and int(year) in YEARS else None,
    )
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    version = version_in_force(request.deal, on=on)
    names = organisation_names(version)
    for entry in page:
        entry.organisation_name = names.get(entry.organisation_id, "")
    return render(
        request,
        "finance/ledger.html",
        _context(
            request,
            "ledger",
            on,
            entries=page,
            kinds=EntryKind.choices,
            lines=[b.code for b in version.budget_lines.all()],
            filters={"kind": kind or "", "line": line or "", "year": year or ""},
            query=urlencode({"kind": kind or "", "line": line or "", "year": year or ""}),
            reversed_ids=set(
                LedgerEntry.objects.filter(reverses__in=[e.pk for e in page]).values_list(
                    "reverses_id", flat=True
                )
            ),
        ),
    )


def _entry(request, pk: int) -> LedgerEntry:
    return get_object_or_404(
        LedgerEntry.objects.select_related(
            "project", "organisation", "reverses", "replaces", "reversed_by", "replaced_by"
        ),
        deal=request.deal,
        pk=pk,
    )


def _correctable(entry: LedgerEntry) -> str:
    """Why `entry` cannot be corrected, or "" when it can."""
    if entry.reverses_id is not None:
        return _("Boeking #%(id)s is zelf een tegenboeking; die wordt niet gecorrigeerd.") % {"id": entry.pk}
    if hasattr(entry, "reversed_by"):
        return _("Boeking #%(id)s is al gecorrigeerd (tegenboeking #%(reversal)s).") % {
            "id": entry.pk,
            "reversal": entry.reversed_by.pk,
        }
    return ""


def _has_public_source(entry: LedgerEntry) -> bool:
    return (
        entry.kind == EntryKind.REGIONAL_CONTRIBUTION and entry.sector == "public" and not entry.reverses_id
    )


def _source_form(entry: LedgerEntry, data=None) -> ContributionSourceForm:
    row = ContributionSource.objects.filter(entry=entry).first()
    initial = {"source": row.source, "note": row.note, "expected_version": row.lock_version} if row else {}
    return ContributionSourceForm(data, initial=initial, prefix="source")


def _entry_page(request, entry: LedgerEntry, source_form=None, status: int = 200):
    public = _has_public_source(entry)
    return render(
        request,
        "finance/entry.html",
        _context(
            request,
            "ledger",
            timezone.localdate(),
            entry=entry,
            screen=screen_of(entry),
            not_correctable=_correctable(entry),
            public_source=ContributionSource.objects.filter(entry=entry).first() if public else None,
            source_form=(source_form or _source_form(entry)) if public else None,
            line_name=next(
                (
                    localised(b, "name")
                    for b in version_in_force(request.deal, on=entry.booked_on).budget_lines.all()
                    if b.code == entry.budget_line
                ),
                entry.budget_line,
            ),
        ),
        status=status,
    )


@deal_capability_required(Capability.VIEW_FINANCE)
def entry_detail(request, slug, pk: int):
    return _entry_page(request, _entry(request, pk))


@require_POST
@deal_capability_required(Capability.MANAGE_FINANCE)
def entry_source(request, slug, pk: int):
    """The Begripsbepaling: record where a regional public contribution comes from."""
    entry = _entry(request, pk)
    if not _has_public_source(entry):
        raise Http404("Only a public regional contribution has a source.")
    form = _source_form(entry, request.POST)
    if form.is_valid() and submitted(
        request,
        form,
        lambda: contribution_source_set(actor=Actor.from_request(request), entry=entry, **form.cleaned_data),
        _("De herkomst van boeking #%(id)s is vastgelegd.") % {"id": entry.pk},
    ):
        return redirect("finance:entry", slug=slug, pk=entry.pk)
    return _entry_page(request, entry, form, status=400)


@deal_capability_required(Capability.MANAGE_FINANCE)
def book_choose(request, slug):
    return render(
        request,
        "finance/book_choose.html",
        _context(request, "book", timezone.localdate(), screens=SCREENS.values()),
    )


@require_http_methods(["GET", "POST"])
@deal_capability_required(Capability.MANAGE_FINANCE)
def book(request, slug, screen: str):
    if screen not in SCREENS:
        raise Http404(f"No booking form {screen!r}.")
    screen = SCREENS[screen]
    form = EntryForm(request.POST or None, deal=request.deal, screen=screen)
    if request.method == "POST" and form.is_valid():
        saved = submitted(
            request,
            form,
            lambda: entry_record(actor=Actor.from_request(request), deal=request.deal, draft=form.draft()),
            lambda entry: _("Boeking #%(id)s is vastgelegd.") % {"id": entry.pk},
        )
        if saved:
            return redirect("finance:entry", slug=slug, pk=saved.result.pk)
    return render(
        request,
        "finance/book.html",
        _context(request, "book", timezone.localdate(), form=form, screen=screen, screens=SCREENS.values()),
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@deal_capability_required(Capability.MANAGE_FINANCE)
def correct_entry(request, slug, pk: int):
    """Correct an entry in one step: its values prefilled; on save the reversal and the right
    booking are written together (`entry_correct`). An entry booked wrongly altogether is only
    reversed (`reverse_entry`)."""
    entry = _entry(request, pk)
    screen = screen_of(entry)
    refused = _correctable(entry)
    today = timezone.localdate()
    initial = {**EntryForm.initial_from(entry), "reversed_on": max(today, entry.booked_on)}
    form = EntryForm(request.POST or None, initial=initial, deal=request.deal, screen=screen, correcting=True)
    reverse_form = ReverseForm(initial={"reversed_on": initial["reversed_on"]}, prefix="reverse")
    if request.method == "POST" and not refused and form.is_valid():
        saved = submitted(
            request,
            form,
            lambda: entry_correct(
                actor=Actor.from_request(request),
                entry=entry,
                draft=form.draft(),
                reason=form.cleaned_data["reason"],
                reversed_on=form.cleaned_data["reversed_on"],
            ),
            lambda made: (
                _(
                    "Boeking #%(id)s is gecorrigeerd: tegenboeking #%(reversal)s en de juiste "
                    "boeking #%(new)s."
                )
                % {"id": entry.pk, "reversal": made[0].pk, "new": made[1].pk}
            ),
        )
        if saved:
            return redirect("finance:entry", slug=slug, pk=saved.result[1].pk)
    status = 400 if request.method == "POST" and refused else None
    return _correct_page(request, entry, screen, form, reverse_form, refused, status=status)


def _correct_page(request, entry, screen, form, reverse_form, refused, status=None):
    bound = bool(form.errors) or bool(reverse_form.errors)
    return render(
        request,
        "finance/correct.html",
        _context(
            request,
            "ledger",
            timezone.localdate(),
            entry=entry,
            screen=screen,
            form=form,
            reverse_form=reverse_form,
            refused=refused,
        ),
        status=status or (400 if bound else 200),
    )


@require_POST
@deal_capability_required(Capability.MANAGE_FINANCE)
def reverse_entry(request, slug, pk: int):
    """Only reverse an entry that should not have been booked at all (a duplicate, say)."""
    entry = _entry(request, pk)
    screen = screen_of(entry)
    refused = _correctable(entry)
    reverse_form = ReverseForm(request.POST, prefix="reverse")
    if not refused and reverse_form.is_valid():
        saved = submitted(
            request,
            reverse_form,
            lambda: entry_reverse(
                actor=Actor.from_request(request),
                entry=entry,
                reason=reverse_form.cleaned_data["reason"],
                booked_on=reverse_form.cleaned_data["reversed_on"],
            ),
            lambda reversal: (
                _("Boeking #%(id)s is tegengeboekt met boeking #%(reversal)s.")
                % {"id": entry.pk, "reversal": reversal.pk}
            ),
        )
        if saved:
            return redirect("finance:entry", slug=slug, pk=saved.result.pk)
    today = timezone.localdate()
    initial = {**EntryForm.initial_from(entry), "reversed_on": max(today, entry.booked_on)}
    form = EntryForm(initial=initial, deal=request.deal, screen=screen, correcting=True)
    return _correct_page(request, entry, screen, form, reverse_form, refused, status=400)


@deal_capability_required(Capability.MANAGE_FINANCE)
def programme(request, slug):
    years = selectors.programme_years(request.deal)
    this_year = timezone.localdate().year
    return redirect("finance:programme-year", slug=slug, year=this_year if this_year in years else years[0])


@require_http_methods(["GET", "POST"])
@deal_capability_required(Capability.MANAGE_FINANCE)
def programme_year(request, slug, year: int):
    """Bijlage 1 B: the year's programme, one form per budget line, beside the covenant's table."""
    years = selectors.programme_years(request.deal)
    if year not in years:
        raise Http404(f"No programme year {year}.")
    plan = selectors.programme_year(request.deal, year)
    posted = request.POST.get("line") if request.method == "POST" else None
    forms = []
    failed = False
    for p in plan.lines:
        code = p.line.code
        initial = {"expected_version": None}
        if p.row:
            initial = {
                "national": p.row.national,
                "regional": p.row.regional,
                "note": p.row.note,
                "expected_version": p.row.lock_version,
            }
        if code != posted:
            forms.append((p, ProgrammeLineForm(initial=initial, prefix=code)))
            continue
        form = ProgrammeLineForm(request.POST, initial=initial, prefix=code)
        if form.is_valid():
            data = form.cleaned_data
            if submitted(
                request,
                form,
                partial(
                    programme_budget_set,
                    actor=Actor.from_request(request),
                    deal=request.deal,
                    year=year,
                    budget_line=code,
                    **{name: data[name] for name in ("national", "regional", "note", "expected_version")},
                ),
                _("Het uitvoeringsprogramma %(year)s is bijgewerkt: %(line)s.")
                % {"year": year, "line": localised(p.line, "name")},
            ):
                return redirect(f"{request.path}#line-{code}")
        failed = True
        forms.append((p, form))
    if posted is not None and not failed:
        raise Http404(f"No budget line {posted!r} in {year}.")
    return render(
        request,
        "finance/programme.html",
        _context(request, "programme", timezone.localdate(), plan=plan, forms=forms, years=years),
        status=400 if failed else 200,
    )


@deal_capability_required(Capability.VIEW_FINANCE)
def eu_law(request, slug):
    """Art. 9: per project with national money, and per allocation, the procurement route and the
    state-aid basis."""
    on = _as_of(request)
    return render(
        request,
        "finance/eu_law.html",
        _context(request, "eu-law", on, rows=selectors.eu_law_overview(request.deal, on)),
    )


@require_http_methods(["GET", "POST"])
@deal_capability_required(Capability.MANAGE_FINANCE)
def eu_law_edit(request, slug, target: str, pk: int):
    if target not in ("project", "toekenning"):
        raise Http404(f"No {target!r}.")
    if target == "project":
        project = get_object_or_404(Project, deal=request.deal, pk=pk)
        entry, row = None, EuLawBasis.objects.filter(project=project).first()
        title = _("Unierecht: project %(code)s") % {"code": project.code}
    else:
        entry = get_object_or_404(LedgerEntry, deal=request.deal, pk=pk, kind=EntryKind.NATIONAL_ALLOCATION)
        project, row = None, EuLawBasis.objects.filter(entry=entry).first()
        title = _("Unierecht: toekenning #%(id)s") % {"id": entry.pk}
    initial = {}
    if row is not None:
        initial = {
            "expected_version": row.lock_version,
            "procurement_route": row.procurement_route,
            "state_aid_basis": row.state_aid_basis,
            "gber_article": row.gber_article,
            "note": row.note,
        }
    form = EuLawBasisForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and submitted(
            request,
            form,
            lambda: eu_law_basis_set(
                actor=Actor.from_request(request),
                deal=request.deal,
                project=project,
                entry=entry,
                **form.cleaned_data,
            ),
            _("%(what)s is vastgelegd.") % {"what": title},
        )
    ):
        return redirect("finance:eu-law", slug=slug)
    return render(
        request,
        "finance/eu_law_edit.html",
        _context(
            request, "eu-law", timezone.localdate(), form=form, title=title, project=project, entry=entry
        ),
        status=400 if form.is_bound and form.errors else 200,
    )


TABLES = {
    "overview": lambda deal, on: tables.overview_table(selectors.overview(deal, on)),
    "years": lambda deal, on: tables.years_table(selectors.overview(deal, on)),
    "vat-split": lambda deal, on: tables.vat_table(selectors.vat_split(deal, on)),
    "findings": lambda deal, on: tables.findings_table(finance_findings(deal, on)),
    "spuk": lambda deal, on: tables.spuk_table(selectors.spuk_years(deal, on)),
    "sisa": lambda deal, on: tables.sisa_table(selectors.spuk_years(deal, on)),
    "ledger": lambda deal, on: tables.ledger_table(
        selectors.entry_list(deal=deal).filter(booked_on__lte=on).iterator(chunk_size=2000)
    ),
}


@deal_capability_required(Capability.VIEW_FINANCE)
def export(request, slug, table: str):
    if table not in TABLES:
        raise Http404(f"No table {table!r}.")
    on = _as_of(request)
    built = TABLES[table](request.deal, on)
    content = table_xlsx(built, deal_name=version_in_force(request.deal, on=on).name, as_of=on)
    return xlsx_response(content, f"{request.deal.slug}-{table}-{on.isoformat()}.xlsx")
