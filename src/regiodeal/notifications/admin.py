"""Notifications in the Django admin, read-only: they are made by the services and jobs."""

from django.contrib import admin

from .models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["on", "user", "deal", "kind", "sent_at", "read_at"]
    list_filter = ["deal", "kind"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "delivery", "language", "updated_at"]
    readonly_fields = [f.name for f in NotificationPreference._meta.fields]  # set by the person (audited)

    def has_add_permission(self, request):
        return False
