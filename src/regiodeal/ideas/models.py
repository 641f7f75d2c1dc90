"""Residents' ideas (Bijlage 1 §3): an idea for a wijk, its public status, and the resident's
contact details kept apart.

- `Idea`: what the resident proposes, for which area (by code: areas belong to a deal version,
  the code outlives versions), its status and, when taken up, the project.
- `IdeaContact`: optional name, e-mail and phone, in their own table so that no public read
  ever loads them. Read only by the programme office, every read audited; deleted by
  `regiodeal purge-personal-data` when the retention period after closing has passed.
- `IdeaTransition`: every status change as a row, with the public reason and the internal note.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from regiodeal.common.transitions import TransitionRow
from regiodeal.deals import models as dm

from .constants import IdeaStatus


class Idea(models.Model):
    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="ideas")
    number = models.PositiveIntegerField(_("nummer"))
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"))
    area_code = models.CharField(_("wijk of gebied"), max_length=40)
    area_name = models.CharField(_("naam wijk of gebied"), max_length=200)
    status = models.CharField(
        _("status"), max_length=30, choices=IdeaStatus.choices, default=IdeaStatus.RECEIVED, editable=False
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ideas",
        verbose_name=_("opgenomen in project"),
    )
    public_reason = models.TextField(_("toelichting voor de indiener (openbaar)"), blank=True)
    submitted_at = models.DateTimeField(_("ingediend op"), auto_now_add=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)

    class Meta:
        verbose_name = _("idee van een inwoner")
        verbose_name_plural = _("ideeën van inwoners")
        ordering = ["deal", "-number"]
        constraints = [models.UniqueConstraint(fields=["deal", "number"], name="idea_number_unique_in_deal")]
        indexes = [models.Index(fields=["deal", "status"])]

    def __str__(self) -> str:
        return f"{_('Idee')} {self.number}"


class IdeaContact(models.Model):
    """Personal data (AVG): never public, read only by the programme office (audited), deleted
    after the retention period."""

    idea = models.OneToOneField(Idea, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField(_("naam"), max_length=200, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    consent_text = models.TextField(_("toestemming zoals gegeven"))
    # Asked separately, default off: an e-mail when the idea's status changes (notifications).
    notify_status = models.BooleanField(_("wil bericht bij een nieuwe status"), default=False)
    language = models.CharField(_("taal van de indiener"), max_length=2, default="nl")
    consented_at = models.DateTimeField(_("toestemming gegeven op"), auto_now_add=True)

    class Meta:
        verbose_name = _("contactgegevens bij een idee")
        verbose_name_plural = _("contactgegevens bij ideeën")

    def __str__(self) -> str:
        return f"{_('contactgegevens bij')} {self.idea}"

    def filled_fields(self) -> list[str]:
        return [f for f in ("name", "email", "phone") if getattr(self, f)]


class IdeaTransition(TransitionRow):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=30, choices=IdeaStatus.choices)
    to_status = models.CharField(max_length=30, choices=IdeaStatus.choices)
    public_reason = models.TextField(_("toelichting voor de indiener (openbaar)"), blank=True)
    internal_note = models.TextField(_("interne notitie"), blank=True)
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("statuswijziging van een idee")
        verbose_name_plural = _("statuswijzigingen van ideeën")
        ordering = ["idea", "at", "id"]

    def __str__(self) -> str:
        return f"{self.idea}: {self.from_status} -> {self.to_status}"
