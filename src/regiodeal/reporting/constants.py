"""The states of a progress report and the formats it is rendered in, with their Dutch labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("concept")
    SENT = "sent", _("voorgelegd aan de Partijen")
    FINAL = "final", _("definitief")
    SUBMITTED = "submitted", _("ingediend bij VRO")


class Audience(models.TextChoices):
    INTERNAL = "internal", _("intern (voor de Partijen en VRO)")
    PUBLIC = "public", _("openbaar (zonder vertrouwelijke gegevens en persoonsgegevens)")


class Format(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", _("Word (.docx)")
    XLSX = "xlsx", _("Excel-bijlage (.xlsx)")
    HTML = "html", "HTML"
    JSON = "json", "JSON"


CONTENT_TYPES = {
    Format.PDF: "application/pdf",
    Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Format.HTML: "text/html; charset=utf-8",
    Format.JSON: "application/json",
}
