"""Admin for the programme office. A deal's content comes from its definition file and changes
only through the covenant's procedures (Art. 11-13), so it is read-only here."""

from django.contrib import admin

from regiodeal.common.admin import ReadOnlyAdmin, ReadOnlyInline

from . import models as m


class PartyInline(ReadOnlyInline):
    model = m.Party
    fields = ["position", "organisation", "kind", "short_name", "signatory_name", "signatory_function"]


class PartnerInline(ReadOnlyInline):
    model = m.Partner
    fields = ["position", "organisation", "name"]


class BudgetLineInline(ReadOnlyInline):
    model = m.BudgetLine
    fields = ["code", "name", "kind", "pillar", "rijk", "regional", "total"]


class PillarInline(ReadOnlyInline):
    model = m.Pillar
    fields = ["code", "name", "short_name"]


@admin.register(m.Deal)
class DealAdmin(ReadOnlyAdmin):
    list_display = ["slug", "created_at"]
    search_fields = ["slug"]


@admin.register(m.DealVersion)
class DealVersionAdmin(ReadOnlyAdmin):
    list_display = ["deal", "number", "name", "origin", "effective_from", "ends_on", "loaded_at"]
    list_filter = ["deal", "origin"]
    readonly_fields = [
        "deal",
        "number",
        "origin",
        "effective_from",
        "name",
        "citation_title",
        "aim",
        "ends_on",
        "regiokassier",
        "source_name",
        "checksum",
        "loaded_at",
        "source_text",
    ]
    exclude = ["content"]
    inlines = [PartyInline, PartnerInline, PillarInline, BudgetLineInline]


@admin.register(m.Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "deal"]
    list_filter = ["deal"]
    search_fields = ["code", "name"]


@admin.register(m.Objective, m.IntendedResult)
class PillarPartAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "pillar", "version"]
    list_filter = ["version__deal", "pillar__code"]
    search_fields = ["code", "title"]


@admin.register(m.GlossaryTerm)
class GlossaryAdmin(ReadOnlyAdmin):
    list_display = ["term", "version"]
    search_fields = ["term", "definition"]
