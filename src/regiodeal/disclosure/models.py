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


class WooGround(models.TextChoices):
    """The ground of the Wet open overheid (Woo) on which information is not made public: the
    absolute grounds of art. 5.1 lid 1, the relative grounds of art. 5.1 lid 2 (weighed against
    the interest of openness), art. 5.1 lid 5 and art. 5.2 (opinions for internal deliberation).
    A confidentiality under Art. 10 of the covenant names one, so that a Woo request or the
    Woo-index can be answered with it."""

    ART_5_1_1_A = "5.1.1.a", _("Woo 5.1 lid 1 onder a: de eenheid van de Kroon")
    ART_5_1_1_B = "5.1.1.b", _("Woo 5.1 lid 1 onder b: de veiligheid van de Staat")
    ART_5_1_1_C = (
        "5.1.1.c",
        _("Woo 5.1 lid 1 onder c: bedrijfs- en fabricagegegevens, vertrouwelijk aan de overheid meegedeeld"),
    )
    ART_5_1_1_D = "5.1.1.d", _("Woo 5.1 lid 1 onder d: bijzondere persoonsgegevens")
    ART_5_1_1_E = "5.1.1.e", _("Woo 5.1 lid 1 onder e: nationale identificatienummers")
    ART_5_1_2_A = "5.1.2.a", _("Woo 5.1 lid 2 onder a: de betrekkingen met andere staten en organisaties")
    ART_5_1_2_B = "5.1.2.b", _("Woo 5.1 lid 2 onder b: de economische of financiële belangen van de overheid")
    ART_5_1_2_C = "5.1.2.c", _("Woo 5.1 lid 2 onder c: de opsporing en vervolging van strafbare feiten")
    ART_5_1_2_D = "5.1.2.d", _("Woo 5.1 lid 2 onder d: inspectie, controle en toezicht")
    ART_5_1_2_E = "5.1.2.e", _("Woo 5.1 lid 2 onder e: de eerbiediging van de persoonlijke levenssfeer")
    ART_5_1_2_F = "5.1.2.f", _("Woo 5.1 lid 2 onder f: concurrentiegevoelige bedrijfs- en fabricagegegevens")
    ART_5_1_2_G = "5.1.2.g", _("Woo 5.1 lid 2 onder g: de bescherming van het milieu")
    ART_5_1_2_H = "5.1.2.h", _("Woo 5.1 lid 2 onder h: de beveiliging van personen en bedrijven")
    ART_5_1_2_I = "5.1.2.i", _("Woo 5.1 lid 2 onder i: het goed functioneren van de overheid")
    ART_5_1_5 = "5.1.5", _("Woo 5.1 lid 5: onevenredige benadeling")
    ART_5_2 = "5.2", _("Woo 5.2: persoonlijke beleidsopvattingen in documenten voor intern beraad")


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
    # Empty for a confidentiality recorded before the Woo ground was asked.
    woo_ground = models.CharField(_("Woo-grond"), max_length=10, choices=WooGround.choices, blank=True)
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
