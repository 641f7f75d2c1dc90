from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectStatus(models.TextChoices):
    IDEA = "idea", _("idee")
    PROPOSED = "proposed", _("voorgesteld")
    APPROVED = "approved", _("goedgekeurd")
    RUNNING = "running", _("in uitvoering")
    COMPLETED = "completed", _("afgerond")
    STOPPED = "stopped", _("gestopt")


class RiskLevel(models.TextChoices):
    LOW = "low", _("laag")
    MEDIUM = "medium", _("middel")
    HIGH = "high", _("hoog")


class RiskStatus(models.TextChoices):
    OPEN = "open", _("open")
    MITIGATED = "mitigated", _("beheerst")
    CLOSED = "closed", _("afgesloten")
