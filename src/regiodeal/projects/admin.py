from django.contrib import admin

from .models import Milestone, Project, ProjectTransition, Risk


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class RiskInline(admin.TabularInline):
    model = Risk
    extra = 0


class TransitionInline(admin.TabularInline):
    model = ProjectTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "at", "by_label", "reason"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "deal", "lead", "status", "is_example"]
    list_filter = ["deal", "status", "is_example"]
    search_fields = ["code", "title"]
    readonly_fields = ["status", "lock_version"]
    inlines = [MilestoneInline, RiskInline, TransitionInline]
