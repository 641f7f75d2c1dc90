from django.contrib import admin

from .models import Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "deal", "organisation", "created_at"]
    list_filter = ["role", "deal"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]
