"""Read only: a report's life goes through its screens and services (workflow.py)."""

from django.contrib import admin

from regiodeal.common.admin import ReadOnlyAdmin

from .models import Report, ReportComment, ReportSnapshot, ReportTransition


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["deal", "year", "status", "sent_on", "submitted_on"]
    list_filter = ["deal", "status"]


@admin.register(ReportTransition, ReportComment)
class ReportRowAdmin(ReadOnlyAdmin):
    pass


@admin.register(ReportSnapshot)
class ReportSnapshotAdmin(ReadOnlyAdmin):
    list_display = ["report", "internal_sha256", "public_sha256", "created_at"]
    fields = ["report", "internal_sha256", "public_sha256", "created_at"]
