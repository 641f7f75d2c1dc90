"""Choices of the participation app, with Dutch labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Art. 2.1: "waarbij Partijen beogen minimaal dertig bewoners per wijk spreken". The figure the
# screens and checks use when the deal has no per-wijk target for the indicator below.
NORM_INDICATOR = "bewoners_gesproken_per_wijk"
DEFAULT_NORM = 30

# Public figures: a count of residents below this is not shown (small cells can identify a
# resident in a small wijk or group); see docs/participation.md.
SMALL_CELL_THRESHOLD = 10

# Participation quality: a group is under-reached when its share among the residents spoken is
# below this part of its share among the residents of the wijk (4/5), judged only from this many
# residents spoken in the wijk.
UNDER_REACHED_RATIO = (4, 5)
QUALITY_MIN_SPOKEN = 30

# Checks: feedback to residents is expected within this many weeks (Art. 3.1, "terugkoppelen wat
# er met de inzichten wordt gedaan"); a wijk is expected to reach the norm within this many days
# of being put on the list.
FEEDBACK_WEEKS = 8
NORM_DUE_DAYS = 365

WIJK_CODE_PATTERN = r"^WK\d{6}$"


class OutreachForm(models.TextChoices):
    DOOR_TO_DOOR = "door_to_door", _("deur aan deur")
    MEETING = "meeting", _("bijeenkomst")
    STREET = "street", _("op straat")
    ONLINE = "online", _("online")


class InitiativeKind(models.TextChoices):
    RESIDENTS_DEAL = "bewonersdeal", _("bewonersdeal")
    RESIDENTS_INITIATIVE = "initiatief", _("bewonersinitiatief")


class InitiativeStatus(models.TextChoices):
    PROPOSED = "proposed", _("voorgesteld")
    AGREED = "agreed", _("afgesproken")
    RUNNING = "running", _("loopt")
    COMPLETED = "completed", _("afgerond")
    STOPPED = "stopped", _("gestopt")


class LadderRung(models.TextChoices):
    """The participation ladder, lowest rung first."""

    INFORM = "inform", _("informeren")
    CONSULT = "consult", _("raadplegen")
    ADVISE = "advise", _("adviseren")
    COPRODUCE = "coproduce", _("coproduceren")
    DECIDE = "decide", _("meebeslissen")


LADDER_ORDER = {rung: i for i, rung in enumerate(LadderRung.values)}


class ProjectStage(models.TextChoices):
    EXPLORE = "explore", _("verkenning")
    DESIGN = "design", _("ontwerp")
    EXECUTE = "execute", _("uitvoering")
    EVALUATE = "evaluate", _("evaluatie")
