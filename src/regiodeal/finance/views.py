"""Finance screens for the programme office, the regiokassier and the others who may read the
books (Capability.VIEW_FINANCE); corrections and submitting the SPUK account need
MANAGE_FINANCE. Internal: nothing here is public. Each table downloads as .xlsx."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from regiodeal.accounts.access import deal_capability_required
from regiodeal.accounts.permissions import can
from regiodeal.accounts.roles import Capability
from regiodeal.audit.services import Actor
from regiodeal.common.dataversion import cached_fragment
from regiodeal.common.downloads import xlsx_response
from regiodeal.common.findings import findings_for
from regiodeal.deals.selectors import version_in_force, version_in_force_cached

from . import selectors, tables
from .charts import planned_vs_actual
from .constants import EntryKind
from .exports import table_xlsx
from .models import LedgerEntry
from .services import YEARS, entry_reverse, spuk_account_submit


def _as_of(request) -> dt.date:
    """`?on=YYYY-MM-DD` looks at the books as they were (or will be) on that date."""
    raw = request.GET.get("on", "")
    try:
        return dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def finance_findings(deal, on: dt.date):
    return [f for f in findings_for(deal, on) if f.rule.startswith("finance.")]


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


@deal_capability_required(Capability.VIEW_FINANCE)
def vat_split(request, slug):
    on = _as_of(request)
    split = selectors.vat_split(request.deal, on)
    return render(
        request,
        "finance/vat.html",
        _context(request, "vat", on, split=split, tables=[tables.vat_table(split)]),
    )


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


@deal_capability_required(Capability.VIEW_FINANCE)
def spuk(request, slug):
    on = _as_of(request)
    years = selectors.spuk_years(request.deal, on)
    return render(
        request,
        "finance/spuk.html",
        _context(
            request,
            "spuk",
            on,
            years=years,
            submittable=[y for y in years if y.submitted is None and y.year < on.year],
            today=timezone.localdate(),
            tables=[tables.spuk_table(years)],
        ),
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
    return render(
        request,
        "finance/ledger.html",
        _context(
            request,
            "ledger",
            on,
            entries=page,
            kinds=EntryKind.choices,
            lines=[b.code for b in version_in_force(request.deal, on=on).budget_lines.all()],
            filters={"kind": kind or "", "line": line or "", "year": year or ""},
            query=urlencode({"kind": kind or "", "line": line or "", "year": year or ""}),
            reversed_ids=set(
                LedgerEntry.objects.filter(reverses__in=[e.pk for e in page]).values_list(
                    "reverses_id", flat=True
                )
            ),
        ),
    )


@require_http_methods(["GET", "POST"])
@deal_capability_required(Capability.MANAGE_FINANCE)
def reverse_entry(request, slug, pk: int):
    entry = get_object_or_404(
        LedgerEntry.objects.select_related("project", "organisation"), deal=request.deal, pk=pk
    )
    error = ""
    if request.method == "POST":
        try:
            entry_reverse(
                actor=Actor.from_request(request), entry=entry, reason=request.POST.get("reason", "")
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request, _("Boeking #%(id)s is gecorrigeerd met een tegenboeking.") % {"id": entry.pk}
            )
            return redirect("finance:ledger", slug=slug)
    return render(
        request,
        "finance/reverse.html",
        _context(request, "ledger", timezone.localdate(), entry=entry, error=error),
        status=400 if error else 200,
    )


TABLES = {
    "overview": lambda deal, on: tables.overview_table(selectors.overview(deal, on)),
    "years": lambda deal, on: tables.years_table(selectors.overview(deal, on)),
    "vat-split": lambda deal, on: tables.vat_table(selectors.vat_split(deal, on)),
    "findings": lambda deal, on: tables.findings_table(finance_findings(deal, on)),
    "spuk": lambda deal, on: tables.spuk_table(selectors.spuk_years(deal, on)),
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
