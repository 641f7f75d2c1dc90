from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UploadStatus(models.TextChoices):
    CHECKING = "checking", _("wordt gecontroleerd")
    CHECKED = "checked", _("gecontroleerd, wacht op bevestiging")
    REJECTED = "rejected", _("afgekeurd")
    WRITING = "writing", _("wordt ingelezen")
    DONE = "done", _("ingelezen")
    FAILED = "failed", _("niet ingelezen")
    ABANDONED = "abandoned", _("verlopen")


class Upload(models.Model):
    """One uploaded file on its way through check, confirmation and write. The file waits in
    `DATA_DIR/imports/` under the one-time `token`, bound to the user and the deal; the page of
    a background job reads its state and progress from this row."""

    token = models.CharField(max_length=64, unique=True)
    deal = models.ForeignKey("deals.Deal", on_delete=models.CASCADE, related_name="uploads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="uploads")
    kind = models.CharField(_("soort"), max_length=40)
    options = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=10, default="nl")
    file_name = models.CharField(_("bestand"), max_length=300)
    stored_name = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    background = models.BooleanField(default=False)
    status = models.CharField(_("stand"), max_length=20, choices=UploadStatus.choices)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)  # the first hundred
    problem_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ingelezen bestand")
        verbose_name_plural = _("ingelezen bestanden")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.status})"

    @property
    def busy(self) -> bool:
        return self.status in (UploadStatus.CHECKING, UploadStatus.WRITING)
