"""Ideas in the Django admin, read-only: changes go through the services (transitions table,
audit). Contact details are not in the admin at all: reading them must be recorded."""

from django.contrib import admin

from regiodeal.common.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Idea, IdeaTransition


class TransitionInline(ReadOnlyInline):
    model = IdeaTransition


@admin.register(Idea)
class IdeaAdmin(ReadOnlyAdmin):
    list_display = ["number", "deal", "title", "area_name", "status", "submitted_at"]
    list_filter = ["deal", "status"]
    inlines = [TransitionInline]
