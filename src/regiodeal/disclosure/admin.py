from django.contrib import admin

from .models import Confidentiality


@admin.register(Confidentiality)
class ConfidentialityAdmin(admin.ModelAdmin):
    list_display = ["label", "deal", "content_type", "object_id", "starts_on", "until", "source"]
    list_filter = ["deal", "content_type"]
    readonly_fields = [f.name for f in Confidentiality._meta.fields]

    def has_add_permission(self, request):
        return False  # through the confidentiality procedure (governance), never by hand

    def has_delete_permission(self, request, obj=None):
        return False
