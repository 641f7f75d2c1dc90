from django.db import models
from django.utils.translation import gettext_lazy as _

from .verdict import Verdict


class IndicatorOrigin(models.TextChoices):
    CATALOGUE = "catalogue", _("CBS Regionale Monitor Brede Welvaart")
    PROGRAMME = "programme", _("programma-indicator uit het convenant")
    OWN = "own", _("eigen indicator van de deal")


VERDICT_LABELS = {
    Verdict.ACHIEVED: _("behaald"),
    Verdict.ON_SCHEDULE: _("op schema"),
    Verdict.AT_RISK: _("risico"),
    Verdict.BEHIND: _("achter"),
    Verdict.NO_DATA: _("geen gegevens"),
}

# CBS region codes: gemeente GM0556, wijk WK055601, buurt BU05560101, provincie PV28.
CBS_PREFIX_KIND = {"GM": "gemeente", "WK": "wijk", "BU": "buurt", "PV": "provincie"}
CBS_CODE_PATTERN = r"^(GM\d{4}|WK\d{6}|BU\d{8}|PV\d{2})$"
