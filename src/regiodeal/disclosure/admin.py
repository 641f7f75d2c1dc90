"""Read-only: confidentiality is decided through the procedure (governance), never by hand."""

from django.contrib import admin

from regiodeal.common.admin import ReadOnlyAdmin

from .models import Confidentiality


@admin.register(Confidentiality)
class ConfidentialityAdmin(ReadOnlyAdmin):
    list_display = ["label", "deal", "content_type", "object_id", "starts_on", "until", "source"]
    list_filter = ["deal", "content_type"]
