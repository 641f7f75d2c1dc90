"""Evaluation and steering of the deal, and its communication.

- `EvaluationDocument`: the evaluation approach (Art. 7.1), the problem analysis and the theory of
  change (Art. 2.4), interim evaluations (Bijlage 1 §2.D) and the communication plan (Art. 8.1),
  each a dated file with a summary.
- `Adjustment`: a "bijsturing" (Bijlage 1 §2.D): what was changed and why, with the verdicts of
  the intended results that prompted it, as they stood when it was decided.
- `CreditLineRequest`: the Regio asked a project to say in its communication that it was made
  possible by the cooperation of Rijk and regio (Art. 8.2).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from regiodeal.deals import models as dm

from .constants import ALLOWED_EXTENSIONS, MAX_UPLOAD_BYTES, DocumentKind


def _limit_size(file) -> None:
    if file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("Het bestand is groter dan 20 MB. Verklein het of deel het op."))


class _Recorded(models.Model):
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_label = models.CharField(max_length=200, blank=True)

    class Meta:
        abstract = True


class EvaluationDocument(_Recorded):
    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="evaluation_documents")
    kind = models.CharField(_("soort"), max_length=30, choices=DocumentKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    dated = models.DateField(_("datum van het document"))
    summary = models.TextField(
        _("samenvatting"),
        blank=True,
        help_text=_("Wat er in staat, in een paar zinnen, voor het jaarverslag."),
    )
    file = models.FileField(
        _("bestand"),
        upload_to="evaluation/%Y/",  # served only through the access-checked view
        max_length=300,
        validators=[FileExtensionValidator(ALLOWED_EXTENSIONS), _limit_size],
    )

    class Meta:
        verbose_name = _("evaluatiedocument")
        verbose_name_plural = _("evaluatiedocumenten")
        ordering = ["-dated", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


class Adjustment(_Recorded):
    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="adjustments")
    decided_on = models.DateField(_("besloten op"))
    title = models.CharField(_("wat is bijgestuurd"), max_length=200)
    change = models.TextField(
        _("de wijziging"), help_text=_("Wat er anders gaat: aanpak, geld, planning of project.")
    )
    reason = models.TextField(
        _("waarom"), help_text=_("De aanleiding: wat de metingen of de evaluatie lieten zien.")
    )
    # The verdicts that prompted it, as they stood on `decided_on`: [{"result": "1A", "verdict": "behind"}].
    prompted_by = models.JSONField(default=list, blank=True)
    meeting = models.ForeignKey(
        "governance.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("besproken in het overleg van"),
    )
    evaluation = models.ForeignKey(
        EvaluationDocument,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adjustments",
        verbose_name=_("naar aanleiding van de evaluatie"),
    )

    class Meta:
        verbose_name = _("bijsturing")
        verbose_name_plural = _("bijsturingen")
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def result_codes(self) -> list[str]:
        return [p["result"] for p in self.prompted_by]


class CreditLineRequest(_Recorded):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="credit_line_requests"
    )
    asked_on = models.DateField(_("gevraagd op"))
    how = models.CharField(
        _("hoe gevraagd"),
        max_length=300,
        help_text=_("Bijvoorbeeld: per e-mail aan de projectleider, in de subsidiebeschikking."),
    )

    class Meta:
        verbose_name = _("verzoek om vermelding Rijk en regio")
        verbose_name_plural = _("verzoeken om vermelding Rijk en regio")
        ordering = ["-asked_on", "-id"]

    def __str__(self) -> str:
        return f"{self.project} {self.asked_on}"
