"""Read-only admin: the ledger and the submitted accounts never change; the yearly programme is
changed through the services (which audit and lock), not here."""

from django.contrib import admin

from regiodeal.common.admin import ReadOnlyAdmin

from .models import ImportBatch, LedgerEntry, ProgrammeBudget, SpukAccount


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "deal",
        "booked_on",
        "kind",
        "budget_line",
        "funding",
        "amount",
        "project",
        "organisation",
    ]
    list_filter = ["deal", "kind", "budget_line", "funding"]
    search_fields = ["description", "source_document"]


@admin.register(ProgrammeBudget)
class ProgrammeBudgetAdmin(ReadOnlyAdmin):
    list_display = ["deal", "year", "budget_line", "national", "regional"]


@admin.register(SpukAccount)
class SpukAccountAdmin(ReadOnlyAdmin):
    list_display = ["deal", "year", "national_spent", "cofinancing", "is_final", "submitted_on"]


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ["deal", "kind", "file_name", "rows", "recorded_at", "recorded_by_label"]
