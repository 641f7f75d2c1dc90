"""Read-only admin: governance data changes through its services (and their audit trail)."""

from django.contrib import admin

from regiodeal.common.admin import ReadOnlyAdmin

from . import models as gm


@admin.register(gm.Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["title", "deal", "held_on"]
    list_filter = ["deal"]


@admin.register(gm.Request)
class RequestAdmin(ReadOnlyAdmin):
    list_display = ["number", "deal", "kind", "status", "filed_by", "filed_on"]
    list_filter = ["deal", "kind", "status"]


@admin.register(gm.Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ["request", "organisation", "answer", "declared_on"]


@admin.register(gm.RegisterItem)
class RegisterItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "deal", "kind", "status", "level"]
