"""The audit trail of a deal for auditors and the programme office: search, and export as CSV or
Excel (every matching event, streamed, not only the page on screen)."""

from __future__ import annotations

import datetime as dt
import io
import json

from django import forms
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from regiodeal.accounts.access import deal_capability_required
from regiodeal.accounts.roles import Capability
from regiodeal.common.downloads import CsvWriter, xlsx_append, xlsx_response

from .selectors import EXPORT_COLUMNS, audit_events, chain_status
from .services import Actor, audit_personal_data_read


class AuditSearchForm(forms.Form):
    user = forms.CharField(label=_("Gebruiker"), required=False)
    object_type = forms.CharField(
        label=_("Soort gegeven"), required=False, help_text=_("bijv. projects.project")
    )
    object_id = forms.CharField(label=_("Nummer van het gegeven"), required=False)
    action = forms.CharField(
        label=_("Handeling"), required=False, help_text=_("het begin ervan, bijv. project.")
    )
    since = forms.DateField(label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(
        label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "utrecht-textbox"


def _cell(event, column, resident_ips=False):
    value = getattr(event, column)
    if column == "source" and event.is_resident_source and not resident_ips:
        return ""
    if column == "at":
        return value.isoformat()
    if column in ("before", "after"):
        return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


@deal_capability_required(Capability.VIEW_AUDIT)
def audit_trail(request, slug):
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = audit_events(deal_slug=request.deal.slug, **{k: v for k, v in filters.items() if v})
    export = request.GET.get("export")
    stamp = dt.date.today().isoformat()
    # Residents' IP addresses are personal data: left out unless asked for, and asking is recorded.
    resident_ips = export in ("csv", "xlsx") and request.GET.get("resident_ips") == "1"
    if resident_ips:
        audit_personal_data_read(
            actor=Actor.from_request(request),
            obj=request.deal,
            deal_slug=request.deal.slug,
            fields=["audit.source (IP addresses of residents)"],
        )
    if export == "csv":

        def rows():
            buffer = io.StringIO()
            writer = CsvWriter(buffer)
            writer.writerow(EXPORT_COLUMNS)
            yield buffer.getvalue()
            for event in events.iterator(chunk_size=2000):
                buffer.seek(0)
                buffer.truncate()
                writer.writerow([_cell(event, c, resident_ips) for c in EXPORT_COLUMNS])
                yield buffer.getvalue()

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="audittrail-{slug}-{stamp}.csv"'
        return response
    if export == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("audittrail")
        xlsx_append(sheet, EXPORT_COLUMNS)
        for event in events.iterator(chunk_size=2000):
            xlsx_append(sheet, [_cell(event, c, resident_ips) for c in EXPORT_COLUMNS])
        return xlsx_response(workbook, f"audittrail-{slug}-{stamp}.xlsx")
    page = Paginator(events.select_related("actor"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/trail.html",
        {
            "deal": request.deal,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "chain": chain_status(deal_slug=request.deal.slug),
        },
    )
