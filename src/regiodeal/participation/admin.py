"""Admin: for looking things up. Writes go through the screens and services (audit, norm sync)."""

from django.contrib import admin

from .models import CoCreation, Conversation, Initiative, PopulationFigure, Theme, Wijk


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Wijk)
class WijkAdmin(ReadOnly):
    list_display = ["code", "name", "gemeente", "within", "deal"]


@admin.register(Theme)
class ThemeAdmin(ReadOnly):
    list_display = ["code", "name", "active", "deal"]


@admin.register(Conversation)
class ConversationAdmin(ReadOnly):
    list_display = ["held_on", "wijk", "organisation", "residents", "form", "text_publishable"]
    list_filter = ["deal", "form"]


@admin.register(Initiative)
class InitiativeAdmin(ReadOnly):
    list_display = ["title", "kind", "wijk", "status", "starts_on", "ends_on"]


@admin.register(CoCreation)
class CoCreationAdmin(ReadOnly):
    list_display = ["project", "rung", "stage", "residents", "held_on"]


@admin.register(PopulationFigure)
class PopulationFigureAdmin(ReadOnly):
    list_display = ["wijk_code", "group_code", "on", "residents", "source"]
