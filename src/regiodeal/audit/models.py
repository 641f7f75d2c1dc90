"""The one audit trail: every write to domain data adds a row here, and rows never change.

Services call `regiodeal.audit.services.audit_record` inside their own transaction, so an event
is stored exactly when the change it describes is.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regiodeal.common.appendonly import AppendOnly, AppendOnlyQuerySet

from . import integrity

APPEND_ONLY = "The audit trail is append-only (regiodeal.audit.integrity)."


class AuditEventQuerySet(AppendOnlyQuerySet):
    """The append-only base (common/appendonly.py), with two permitted rewrites: everything inside
    `integrity.maintenance()` (a restore), and the blanking of sources by `purge_sources` (the
    retention of residents' IP addresses). Events are added one by one, each in its place in the
    chain."""

    def _may_rewrite(self) -> bool:
        return integrity.maintenance_on()

    def update(self, **kwargs):
        if (
            integrity.source_purge_on()
            and set(kwargs) <= {"source", "source_salt"}
            and not any(kwargs.values())
        ):
            return models.QuerySet.update(self, **kwargs)
        return super().update(**kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        if integrity.maintenance_on():
            return super().bulk_create(objs, *args, **kwargs)
        raise PermissionDenied(
            "Add audit events one by one (audit_record): each takes its place in the chain."
        )

    def purge_sources(self) -> int:
        """Blank the IP address and its salt of these events: the one permitted rewrite. The
        digest in the hashed content stays, so the chain still verifies."""
        with integrity._source_purge():
            return self.exclude(source="", source_salt="").update(source="", source_salt="")


class AuditEvent(AppendOnly):
    at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
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
    # The chain (integrity.py): the place in the deal's chain and the keyed hash over the content.
    chain_seq = models.PositiveBigIntegerField(_("plaats in de keten"), null=True, editable=False)
    chain_hash = models.CharField(_("ketenhash"), max_length=64, blank=True, editable=False)
    # The address is not hashed itself: its salted digest is, so that the purge can blank it.
    source_salt = models.CharField(max_length=32, blank=True, editable=False)
    source_digest = models.CharField(max_length=64, blank=True, editable=False)

    append_only_message = APPEND_ONLY
    objects = AuditEventQuerySet.as_manager()

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
        constraints = [
            models.UniqueConstraint(fields=["deal_slug", "chain_seq"], name="audit_chain_place_unique"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}#{self.object_id}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise PermissionDenied(APPEND_ONLY)  # before the chain is touched
        self.before = integrity.jsonable(self.before)
        self.after = integrity.jsonable(self.after)
        self.source_salt, self.source_digest = integrity.new_source_fields(self.source)
        with transaction.atomic():
            AuditChain.take_place(self)
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if integrity.maintenance_on():
            return models.Model.delete(self, *args, **kwargs)  # past the append-only base: a restore
        raise PermissionDenied(APPEND_ONLY)

    @property
    def summary_text(self) -> str:
        """The event in the reader's language, from its structured data (audit/display.py); the
        stored `summary` stays as it was written, in the chain and the downloads."""
        from .display import summary_text

        return summary_text(self)

    @property
    def is_resident_source(self) -> bool:
        """The source is the IP address of someone without an account (a resident): personal
        data with a retention period, left out of the audit page and export unless asked for."""
        if self.actor_id is not None or not self.source:
            return False
        try:
            ipaddress.ip_address(self.source)
        except ValueError:
            return False
        return True


class AuditChain(models.Model):
    """The head of one chain of the audit trail: the deal's slug ("" for events without a deal),
    the last place taken and its hash. Its row is locked while an event is appended."""

    key = models.CharField(max_length=50, unique=True, blank=True)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("keten van de audittrail")
        verbose_name_plural = _("ketens van de audittrail")

    def __str__(self) -> str:
        return f"{self.key or '-'}: {self.last_seq}"

    @classmethod
    def take_place(cls, event: AuditEvent) -> None:
        """Give a new event its place in its deal's chain (integrity.py). Call inside the
        transaction that saves it: the chain's head row stays locked until that transaction ends."""
        chain = cls.objects.select_for_update().filter(key=event.deal_slug).first()
        if chain is None:  # the chain's first event: make its head (safe against a concurrent first)
            cls.objects.get_or_create(key=event.deal_slug)
            chain = cls.objects.select_for_update().get(key=event.deal_slug)
        event.chain_seq = chain.last_seq + 1
        event.chain_hash = integrity.chain_hash(chain.last_hash, event)
        chain.last_seq = event.chain_seq
        chain.last_hash = event.chain_hash
        chain.save(update_fields=["last_seq", "last_hash"])
