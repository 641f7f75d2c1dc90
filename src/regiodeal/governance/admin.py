"""Read-only admin: governance data changes through its services (and their audit trail)."""

from django.contrib import admin

from . import models as gm


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(gm.Meeting)
class MeetingAdmin(ReadOnly):
    list_display = ["title", "deal", "held_on"]
    list_filter = ["deal"]


@admin.register(gm.Request)
class RequestAdmin(ReadOnly):
    list_display = ["number", "deal", "kind", "status", "filed_by", "filed_on"]
    list_filter = ["deal", "kind", "status"]


@admin.register(gm.Consent)
class ConsentAdmin(ReadOnly):
    list_display = ["request", "organisation", "answer", "declared_on"]


@admin.register(gm.RegisterItem)
class RegisterItemAdmin(ReadOnly):
    list_display = ["title", "deal", "kind", "status", "level"]
