from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    CONSENT_REQUESTED = "consent_requested", _("instemming gevraagd")
    REPORT_SENT = "report_sent", _("concept-voortgangsrapportage voorgelegd")
    OBLIGATION_SOON = "obligation_soon", _("verplichting binnenkort")
    OBLIGATION_DUE = "obligation_due", _("verplichting vandaag")
    OBLIGATION_OVERDUE = "obligation_overdue", _("verplichting te laat")


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("meteen, één e-mail per melding")
    DIGEST = "digest", _("één keer per dag een overzicht (om 7.00 uur)")


class Language(models.TextChoices):
    NL = "nl", _("Nederlands")
    EN = "en", _("Engels")


# Reminders of a dated duty (docs/notifications.md): this many days before, on the day, and when
# overdue the day after and then every OVERDUE_EVERY_DAYS days until it is met.
SOON_DAYS = 14
OVERDUE_EVERY_DAYS = 7
DIGEST_HOUR = 7
REMINDERS_HOUR = 6
