"""Notifications: a `Notification` row per person and event, shown in the list "Meldingen" and
sent by e-mail (at once or in the daily digest, as the person's `NotificationPreference` says).

The text is made from `kind` and `params` when it is shown or mailed, in the reader's language:
a value in `params` may be a {"nl": ..., "en": ...} pair (e.g. a duty's title, which the platform
words in both languages). Residents who asked to hear about their idea have no account: they get
their mail from the idea's contact details directly (jobs.idea_status_mail), no row is kept here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from regiodeal.deals import models as dm

from .constants import Delivery, Kind, Language


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("aan"),
    )
    deal = models.ForeignKey(dm.Deal, on_delete=models.CASCADE, related_name="+", verbose_name=_("deal"))
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices)
    params = models.JSONField(default=dict, blank=True)
    link = models.CharField(_("adres"), max_length=300, blank=True)
    # The same event never twice to one person: e.g. "obligation:spuk-verantwoording-2026:due".
    key = models.CharField(max_length=200, blank=True)
    on = models.DateField(_("datum"))
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~Q(key=""), name="one_notification_per_user_and_key"
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"]), models.Index(fields=["sent_at"])]

    def __str__(self) -> str:
        return f"{self.user}: {self.subject}"

    def _params(self) -> dict:
        lang = (get_language() or "nl")[:2]
        out = {}
        for k, v in self.params.items():
            out[k] = v.get(lang) or v.get("nl", "") if isinstance(v, dict) else v
        return out

    @property
    def subject(self) -> str:
        from .texts import subject_of

        return subject_of(self.kind, self._params())

    @property
    def text(self) -> str:
        from .texts import text_of

        return text_of(self.kind, self._params())

    @property
    def url(self) -> str:
        """The link with the reader's language prefix (English under /en/)."""
        from .texts import localised_path

        return localised_path(self.link)


class NotificationPreference(models.Model):
    """How and in which language a person gets their notifications by e-mail."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    delivery = models.CharField(
        _("wanneer"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    language = models.CharField(
        _("taal van de e-mails"), max_length=2, choices=Language.choices, default="nl"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("voorkeur voor meldingen")
        verbose_name_plural = _("voorkeuren voor meldingen")

    def __str__(self) -> str:
        return f"{self.user}: {self.delivery}, {self.language}"
