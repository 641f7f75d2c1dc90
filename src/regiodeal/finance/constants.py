"""The kinds of money the ledger knows (Art. 4.2), with their Dutch labels."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryKind(models.TextChoices):
    NATIONAL_ALLOCATION = "national_allocation", _("toekenning rijksbijdrage")
    REGIONAL_CONTRIBUTION = "regional_contribution", _("regionale bijdrage")
    SPENDING = "spending", _("besteding")
    EXECUTION_COSTS = "execution_costs", _("uitvoeringskosten (VAT)")


class Funding(models.TextChoices):
    """Whose money: the national contribution (rijksbijdrage) or regional financing."""

    NATIONAL = "national", _("rijksbijdrage")
    REGIONAL = "regional", _("regionale financiering")


class ContributionStatus(models.TextChoices):
    PLEDGED = "pledged", _("toegezegd")
    PAID = "paid", _("betaald of geleverd")


class ContributionSector(models.TextChoices):
    PUBLIC = "public", _("publiek")
    PRIVATE = "private", _("privaat")


class ContributionForm(models.TextChoices):
    CASH = "cash", _("in geld")
    IN_KIND = "in_kind", _("in natura")


class ImportKind(models.TextChoices):
    """What `regiodeal import KIND FILE` reads; each has its own column layout (docs/finance.md)."""

    ALLOCATIONS = "allocations", _("toekenningen rijksbijdrage")
    CONTRIBUTIONS = "contributions", _("regionale bijdragen")
    SPENDING = "spending", _("bestedingen")


ZERO = Decimal("0.00")
CENT = Decimal("0.01")

# Documents (samenwerkingsovereenkomst, SPUK beschikking): the kinds and size other attachments
# of the platform take (governance.constants), kept here so finance imports no sibling app.
DOCUMENT_EXTENSIONS = ["pdf", "docx", "doc", "odt", "txt", "rtf", "eml", "msg", "png", "jpg", "jpeg"]
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


class PublicSource(models.TextChoices):
    """Where a regional public contribution comes from. The Begripsbepaling: regional public
    financing is "niet zijnde een specifieke uitkering, opdracht of subsidie van het Rijk"."""

    OWN = "own", _("eigen middelen van de Partij")
    EU = "eu", _("Europese middelen")
    OTHER_PUBLIC = "other_public", _("andere publieke middelen (niet van het Rijk)")
    RIJK_SPECIFIC_GRANT = "rijk_specific_grant", _("specifieke uitkering van het Rijk")
    RIJK_ASSIGNMENT = "rijk_assignment", _("opdracht van het Rijk")
    RIJK_SUBSIDY = "rijk_subsidy", _("subsidie van het Rijk")


NATIONAL_SOURCES = frozenset(
    {PublicSource.RIJK_SPECIFIC_GRANT, PublicSource.RIJK_ASSIGNMENT, PublicSource.RIJK_SUBSIDY}
)


class ProcurementRoute(models.TextChoices):
    """Art. 9 (aanbesteding): how the work is procured."""

    NONE = "none", _("geen opdracht (subsidie of eigen uitvoering)")
    SINGLE = "single", _("enkelvoudig onderhands")
    MULTIPLE = "multiple", _("meervoudig onderhands")
    NATIONAL = "national", _("nationaal openbaar")
    EUROPEAN = "european", _("Europees aanbesteed")
    IN_HOUSE = "in_house", _("inbesteding (quasi-inbesteding)")


class StateAidBasis(models.TextChoices):
    """Art. 9 (staatssteun): the basis on which the money is no aid or is allowed aid."""

    NOT_AID = "not_aid", _("geen staatssteun")
    DE_MINIMIS = "de_minimis", _("de-minimissteun")
    GBER = "gber", _("vrijgesteld onder de AGVV (GBER)")
    NOTIFIED = "notified", _("aangemeld en goedgekeurd door de Europese Commissie")
