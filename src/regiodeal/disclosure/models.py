"""Art. 10: information is public in principle; a record a Party asked to keep confidential is
kept from everything public while its confidentiality runs.

One generic row per confidentiality (content type + object id, within one deal), with the days
it runs: from `starts_on` up to and including `until` (open-ended when empty). The governance app
makes and changes these rows through `disclosure.services`; the public read layer asks
`disclosure.selectors.is_public` / `exclude_confidential`.
"""

import datetime as dt

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from regiodeal.deals.models import Deal


class Confidentiality(models.Model):
    deal = models.ForeignKey(Deal, on_delete=models.PROTECT, related_name="confidentialities")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("soort gegeven"))
    object_id = models.PositiveBigIntegerField(_("gegeven"))
    record = GenericForeignKey("content_type", "object_id")
    label = models.CharField(_("omschrijving van het gegeven"), max_length=300)
    starts_on = models.DateField(_("geheim vanaf"))
    until = models.DateField(
        _("geheim tot en met"), null=True, blank=True, help_text=_("Leeg: tot een nieuw besluit.")
    )
    grounds = models.TextField(_("gronden"))
    source = models.CharField(
        _("besluit of verzoek"), max_length=100, help_text=_("Bijvoorbeeld het verzoek waaruit dit volgt.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("geheimhouding")
        verbose_name_plural = _("geheimhoudingen")
        ordering = ["deal", "-starts_on", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.label} ({self.starts_on} - {self.until or '...'})"

    def clean(self):
        # A refusal on the day of the request ends it the day before: never confidential after all.
        if self.until and self.starts_on and self.until < self.starts_on - dt.timedelta(days=1):
            raise ValidationError({"until": _("De einddatum ligt vóór het begin.")})

    def runs_on(self, on) -> bool:
        return self.starts_on <= on and (self.until is None or on <= self.until)
