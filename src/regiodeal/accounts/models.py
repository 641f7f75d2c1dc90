"""Who may act where: a user's memberships, each a role in a deal on behalf of an organisation."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from regiodeal.deals.models import Deal, Organisation

from .roles import ACROSS_DEALS, Role


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    deal = models.ForeignKey(
        Deal,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text=_("Leeg alleen voor het ministerie: dat leest alle deals."),
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisatie"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "deal"], name="one_role_per_user_and_deal"),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()} - {self.deal or _('alle deals')}"

    def clean(self):
        if self.role in ACROSS_DEALS:
            if self.deal_id is not None:
                raise ValidationError({"deal": _("Het ministerie leest alle deals: laat de deal leeg.")})
        elif self.deal_id is None:
            raise ValidationError({"deal": _("Deze rol hoort bij één deal: kies de deal.")})
        if self.organisation_id and self.deal_id and self.organisation.deal_id != self.deal_id:
            raise ValidationError({"organisation": _("De organisatie hoort bij een andere deal.")})
        if self.role == Role.PARTY_REPRESENTATIVE and not self.organisation_id:
            raise ValidationError({"organisation": _("Een vertegenwoordiger vertegenwoordigt een Partij.")})


class Invitation(models.Model):
    """A one-time link by which an invited person chooses their password (accounts/services.py).
    Only the SHA-256 of the token is stored: the link itself is in the mail and nowhere else."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    deal = models.ForeignKey(
        Deal, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    language = models.CharField(_("taal"), max_length=8, default="nl")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("geldig tot"))
    used_at = models.DateTimeField(_("gebruikt op"), null=True, blank=True)
    revoked_at = models.DateTimeField(
        _("vervangen op"), null=True, blank=True, help_text=_("Een nieuwere uitnodiging verving deze.")
    )

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"
