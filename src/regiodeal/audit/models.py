"""The one audit trail: every write to domain data adds a row here, and rows never change.

Services call `regiodeal.audit.services.audit_record` inside their own transaction, so an event
is stored exactly when the change it describes is.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    actor_label = models.CharField(
        _("door"), max_length=200, help_text=_("Gebruikersnaam, of de opdrachtregel en het systeemaccount.")
    )
    source = models.CharField(_("vanaf"), max_length=200, blank=True, help_text=_("IP-adres of 'cli'."))
    action = models.CharField(_("handeling"), max_length=100, db_index=True)
    deal_slug = models.CharField(_("Regio Deal"), max_length=50, blank=True, db_index=True)
    object_type = models.CharField(_("soort gegeven"), max_length=100)
    object_id = models.CharField(_("gegeven"), max_length=100, db_index=True)
    summary = models.TextField(_("samenvatting"), blank=True)
    before = models.JSONField(_("voor"), null=True, blank=True)
    after = models.JSONField(_("na"), null=True, blank=True)

    class Meta:
        verbose_name = _("auditgebeurtenis")
        verbose_name_plural = _("audittrail")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # The latest event of a deal in one index read: part of the deal's data version
            # (common/dataversion.py).
            models.Index(fields=["deal_slug", "id"], name="audit_deal_latest_idx"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}#{self.object_id}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The audit trail is append-only.")
