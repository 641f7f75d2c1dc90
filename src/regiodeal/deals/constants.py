from django.db import models
from django.utils.translation import gettext_lazy as _


class PartyKind(models.TextChoices):
    RIJK = "rijk", _("Rijk")
    REGIO = "regio", _("Regio")


class AreaKind(models.TextChoices):
    PROVINCIE = "provincie", _("provincie")
    GEMEENTE = "gemeente", _("gemeente")
    WIJK = "wijk", _("wijk")
    BUURT = "buurt", _("buurt")
    GEBIED = "gebied", _("gebied")


class Better(models.TextChoices):
    HIGHER = "higher", _("hoger is beter")
    LOWER = "lower", _("lager is beter")


class TargetKind(models.TextChoices):
    ABSOLUTE = "absolute", _("absoluut niveau")
    RELATIVE = "relative", _("verandering ten opzichte van de beginsituatie (%)")
    PER_AREA = "per_area", _("norm per gebied")


class TargetOperator(models.TextChoices):
    AT_LEAST = "at_least", _("minimaal")
    AT_MOST = "at_most", _("maximaal")


class BudgetLineKind(models.TextChoices):
    PILLAR = "pillar", _("pijler")
    EXECUTION_COSTS = "execution_costs", _("uitvoeringskosten (VAT)")


class VersionOrigin(models.TextChoices):
    DEFINITION = "definition", _("vastgesteld convenant")
    AMENDMENT = "amendment", _("wijziging (art. 11)")
    ACCESSION = "accession", _("toetreding (art. 13)")
    WITHDRAWAL = "withdrawal", _("opzegging (art. 12)")
