"""Ideas in the Django admin, read-only: changes go through the services (transitions table,
audit). Contact details are not in the admin at all: reading them must be recorded."""

from django.contrib import admin

from .models import Idea, IdeaTransition


class TransitionInline(admin.TabularInline):
    model = IdeaTransition
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in IdeaTransition._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = ["number", "deal", "title", "area_name", "status", "submitted_at"]
    list_filter = ["deal", "status"]
    readonly_fields = [f.name for f in Idea._meta.fields]
    inlines = [TransitionInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
