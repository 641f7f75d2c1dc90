"""Admin: for looking things up. Writes go through the screens and services (audit, norm sync)."""

from django.contrib import admin

from regiodeal.common.admin import ReadOnlyAdmin

from .models import CoCreation, Conversation, Initiative, PopulationFigure, Theme, Wijk


@admin.register(Wijk)
class WijkAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "gemeente", "within", "deal"]


@admin.register(Theme)
class ThemeAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "active", "deal"]


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyAdmin):
    list_display = ["held_on", "wijk", "organisation", "residents", "form", "text_publishable"]
    list_filter = ["deal", "form"]


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "wijk", "status", "starts_on", "ends_on"]


@admin.register(CoCreation)
class CoCreationAdmin(ReadOnlyAdmin):
    list_display = ["project", "rung", "stage", "residents", "held_on"]


@admin.register(PopulationFigure)
class PopulationFigureAdmin(ReadOnlyAdmin):
    list_display = ["wijk_code", "group_code", "on", "residents", "source"]
