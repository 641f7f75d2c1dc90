from django.contrib import admin

from .models import Report, ReportComment, ReportSnapshot, ReportTransition


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read only: the report's life goes through its screens and services (workflow.py)."""

    list_display = ["deal", "year", "status", "sent_on", "submitted_on"]
    list_filter = ["deal", "status"]
    readonly_fields = [f.name for f in Report._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportTransition, ReportComment)
class ReportRowAdmin(admin.ModelAdmin):
    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportSnapshot)
class ReportSnapshotAdmin(admin.ModelAdmin):
    list_display = ["report", "internal_sha256", "public_sha256", "created_at"]
    fields = ["report", "internal_sha256", "public_sha256", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
