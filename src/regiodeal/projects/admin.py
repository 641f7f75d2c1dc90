"""Projects in the Django admin, read-only: a project, its milestones and risks change on the
project pages, through the services (covenant rules, lock version, audit trail)."""

from django.contrib import admin

from regiodeal.common.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Milestone, Project, ProjectTransition, Risk


class MilestoneInline(ReadOnlyInline):
    model = Milestone


class RiskInline(ReadOnlyInline):
    model = Risk


class TransitionInline(ReadOnlyInline):
    model = ProjectTransition
    fields = ["from_status", "to_status", "at", "by_label", "reason"]


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "deal", "lead", "status", "is_example"]
    list_filter = ["deal", "status", "is_example"]
    search_fields = ["code", "title"]
    inlines = [MilestoneInline, RiskInline, TransitionInline]
