"""Notifications in the Django admin, read-only: they are made by the services and jobs, and a
person sets their own preferences (audited)."""

from django.contrib import admin

from regiodeal.common.admin import ReadOnlyAdmin

from .models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["on", "user", "deal", "kind", "sent_at", "read_at"]
    list_filter = ["deal", "kind"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdmin):
    list_display = ["user", "delivery", "language", "updated_at"]
