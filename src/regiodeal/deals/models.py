"""The covenant as data.

A `Deal` is one Regio Deal; its content lives in `DealVersion`s. The loaded definition is
version 1; an adopted amendment, accession or withdrawal (Art. 11-13, the governance app) makes a
new version with the date it takes effect. Money and results read the version in force at a date
(`selectors.version_in_force`). Past versions stay as they were, with their source file.

`Organisation` is the one thing that outlives versions: a Party or Partner keeps its identity
when an amendment changes the text around it, so money, consents and user accounts point at the
organisation, and each version says in which role (Party, Partner) it takes part.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from regiodeal.common.locking import Locked

from .constants import (
    AreaKind,
    Better,
    BudgetLineKind,
    PartyKind,
    TargetKind,
    TargetOperator,
    VersionOrigin,
)


def money_field(verbose_name: str) -> models.DecimalField:
    return models.DecimalField(
        verbose_name, max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )


class Deal(models.Model):
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("Regio Deal")
        verbose_name_plural = _("Regio Deals")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class Organisation(models.Model):
    """A Party or Partner of one deal, across its versions."""

    deal = models.ForeignKey(Deal, on_delete=models.PROTECT, related_name="organisations")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("naam"), max_length=300)
    # How open-data standards name the organisation (IATI's organisation identifier: docs/
    # standards.md): NL-OIN-<20 digits> for a government body, NL-KVK-<8 digits> for a company or
    # foundation. Set in the definition file or by the programme office on the settings page.
    iati_ref = models.CharField(
        _("organisatie-identificatie (OIN of KvK)"),
        max_length=40,
        blank=True,
        validators=[
            RegexValidator(
                r"^NL-(OIN-\d{20}|KVK-\d{8})$",
                _(
                    "Schrijf NL-OIN- met de 20 cijfers van het OIN (NL-OIN-00000001002306608000) of "
                    "NL-KVK- met de 8 cijfers van het KvK-nummer (NL-KVK-24449215)."
                ),
            )
        ],
        help_text=_(
            "Zoals IATI een organisatie noemt: NL-OIN- met het OIN (overheden) of NL-KVK- met het "
            "KvK-nummer. Leeg: het open-databestand noemt de organisatie zonder identificatie."
        ),
    )

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        constraints = [
            models.UniqueConstraint(fields=["deal", "code"], name="organisation_code_unique_in_deal")
        ]
        ordering = ["deal", "code"]

    def __str__(self) -> str:
        return self.name


class Signature(models.Model):
    """Art. 17: each Party signs, possibly in its own counterpart; Art. 19: the deal is in force
    from the day after the last signature."""

    deal = models.ForeignKey(Deal, on_delete=models.PROTECT, related_name="signatures")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField(_("ondertekend op"))
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("ondertekening")
        verbose_name_plural = _("ondertekeningen")
        constraints = [
            models.UniqueConstraint(fields=["deal", "organisation"], name="one_signature_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.signed_on}"


class DealVersion(models.Model):
    deal = models.ForeignKey(Deal, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    origin = models.CharField(
        _("herkomst"), max_length=20, choices=VersionOrigin.choices, default=VersionOrigin.DEFINITION
    )
    effective_from = models.DateField(
        _("geldt vanaf"),
        null=True,
        blank=True,
        help_text=_("Leeg voor de eerste versie: die geldt vanaf de inwerkingtreding."),
    )
    name = models.CharField(_("naam"), max_length=200)
    citation_title = models.CharField(_("citeertitel"), max_length=200)
    aim = models.TextField(_("doel"))
    ends_on = models.DateField(_("eindigt op"))
    regiokassier = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("regiokassier")
    )
    source_name = models.CharField(_("bronbestand"), max_length=300)
    source_text = models.TextField(_("definitie (YAML)"))
    content = models.JSONField(_("genormaliseerde inhoud"))
    checksum = models.CharField(_("controlegetal (SHA-256)"), max_length=64)
    loaded_at = models.DateTimeField(_("geladen op"), auto_now_add=True)

    class Meta:
        verbose_name = _("versie van een Regio Deal")
        verbose_name_plural = _("versies van Regio Deals")
        constraints = [
            models.UniqueConstraint(fields=["deal", "number"], name="version_number_unique_in_deal")
        ]
        ordering = ["deal", "number"]

    def __str__(self) -> str:
        return f"{self.name} (v{self.number})"


class VersionPart(models.Model):
    """Something that belongs to one version of a deal, in the order of the definition."""

    version = models.ForeignKey(DealVersion, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(_("volgorde"))

    class Meta:
        abstract = True
        ordering = ["version", "position"]


class Party(VersionPart):
    version = models.ForeignKey(DealVersion, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="party_roles")
    kind = models.CharField(_("soort"), max_length=10, choices=PartyKind.choices)
    name = models.CharField(_("naam"), max_length=300)
    name_en = models.CharField(_("naam (Engels)"), max_length=300, blank=True)
    short_name = models.CharField(_("korte naam"), max_length=100)
    acts_as = models.CharField(_("handelt als"), max_length=300)
    signatory_name = models.CharField(_("ondertekenaar"), max_length=200)
    signatory_function = models.CharField(_("functie ondertekenaar"), max_length=300)

    class Meta(VersionPart.Meta):
        verbose_name = _("Partij")
        verbose_name_plural = _("Partijen")

    def __str__(self) -> str:
        return self.short_name

    @property
    def code(self) -> str:
        return self.organisation.code


class Partner(VersionPart):
    version = models.ForeignKey(DealVersion, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="partner_roles")
    name = models.CharField(_("naam"), max_length=300)

    class Meta(VersionPart.Meta):
        verbose_name = _("Partner")
        verbose_name_plural = _("Partners")

    def __str__(self) -> str:
        return self.name

    @property
    def code(self) -> str:
        return self.organisation.code


class Area(VersionPart):
    version = models.ForeignKey(DealVersion, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=AreaKind.choices)
    cbs_code = models.CharField(_("CBS-code"), max_length=12, blank=True)
    within = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="parts",
        verbose_name=_("ligt in"),
    )
    nplv_focus_area = models.BooleanField(_("NPLV-focusgebied"), default=False)
    in_deal_area = models.BooleanField(_("hoort bij het gebied van de deal"), default=True)
    note = models.TextField(_("toelichting"), blank=True)

    class Meta(VersionPart.Meta):
        verbose_name = _("gebied")
        verbose_name_plural = _("gebieden")

    def __str__(self) -> str:
        return self.name


class TargetGroup(VersionPart):
    """A group to watch for distribution effects (overwegingen, Bijlage 1 §4)."""

    version = models.ForeignKey(DealVersion, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("naam"), max_length=200)
    name_en = models.CharField(_("naam (Engels)"), max_length=200, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta(VersionPart.Meta):
        verbose_name = _("doelgroep")
        verbose_name_plural = _("doelgroepen")

    def __str__(self) -> str:
        return self.name


class Sector(VersionPart):
    version = models.ForeignKey(DealVersion, on_delete=models.CASCADE, related_name="sectors")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("naam"), max_length=200)
    name_en = models.CharField(_("naam (Engels)"), max_length=200, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta(VersionPart.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectoren")

    def __str__(self) -> str:
        return self.name


class ProgrammeIndicator(VersionPart):
    """An indicator the covenant itself needs for its numbers (Art. 2-3)."""

    version = models.ForeignKey(DealVersion, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("naam"), max_length=300)
    name_en = models.CharField(_("naam (Engels)"), max_length=300, blank=True)
    unit = models.CharField(_("eenheid"), max_length=100)
    unit_en = models.CharField(_("eenheid (Engels)"), max_length=100, blank=True)
    better = models.CharField(_("richting"), max_length=10, choices=Better.choices)
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta(VersionPart.Meta):
        verbose_name = _("programma-indicator")
        verbose_name_plural = _("programma-indicatoren")

    def __str__(self) -> str:
        return self.name


class Pillar(VersionPart):
    version = models.ForeignKey(DealVersion, on_delete=models.CASCADE, related_name="pillars")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("naam"), max_length=300)
    name_en = models.CharField(_("naam (Engels)"), max_length=300, blank=True)
    short_name = models.CharField(_("korte naam"), max_length=200)
    approach = models.TextField(_("aanpak (art. 2)"))
    residents_will_notice = models.TextField(_("wat inwoners gaan merken (art. 3)"))

    class Meta(VersionPart.Meta):
        verbose_name = _("pijler")
        verbose_name_plural = _("pijlers")

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Objective(VersionPart):
    version = models.ForeignKey(DealVersion, on_delete=models.CASCADE, related_name="objectives")
    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="objectives")
    code = models.CharField(_("code"), max_length=40)
    title = models.TextField(_("titel"))
    title_en = models.TextField(_("titel (Engels)"), blank=True)

    class Meta(VersionPart.Meta):
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class IntendedResult(VersionPart):
    version = models.ForeignKey(DealVersion, on_delete=models.CASCADE, related_name="results")
    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="results")
    code = models.CharField(_("code"), max_length=40)
    title = models.TextField(_("titel"))
    title_en = models.TextField(_("titel (Engels)"), blank=True)
    residents_will_notice = models.TextField(_("wat inwoners gaan merken"), blank=True)
    deliverable = models.CharField(
        _("op te leveren"),
        max_length=300,
        blank=True,
        help_text=_("Bij een resultaat dat wordt beoordeeld op zijn oplevering, zoals een handreiking."),
    )

    class Meta(VersionPart.Meta):
        verbose_name = _("beoogd resultaat")
        verbose_name_plural = _("beoogde resultaten")

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class ResultTarget(VersionPart):
    """A number the covenant attaches to an intended result (at least 3 meeting places, ...)."""

    version = models.ForeignKey(DealVersion, on_delete=models.CASCADE, related_name="targets")
    result = models.ForeignKey(IntendedResult, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(ProgrammeIndicator, on_delete=models.PROTECT, related_name="targets")
    kind = models.CharField(_("soort"), max_length=20, choices=TargetKind.choices)
    operator = models.CharField(_("eis"), max_length=10, choices=TargetOperator.choices)
    value = models.DecimalField(_("waarde"), max_digits=14, decimal_places=4)
    area_kind = models.CharField(_("per soort gebied"), max_length=20, blank=True)
    due_on = models.DateField(_("te halen op"), null=True, blank=True)
    article = models.CharField(_("artikel"), max_length=40)
    text = models.TextField(_("tekst in het convenant"))

    class Meta(VersionPart.Meta):
        verbose_name = _("streefwaarde")
        verbose_name_plural = _("streefwaarden")

    def __str__(self) -> str:
        value = self.value.normalize()
        return f"{self.result.code}: {self.get_operator_display()} {value} {self.indicator.code}"

    @property
    def area_kind_label(self) -> str:
        """ "wijk" in the reader's language ("neighbourhood")."""
        return str(AreaKind(self.area_kind).label) if self.area_kind in AreaKind.values else self.area_kind


class ApproachNorm(VersionPart):
    """A number of a pillar's approach (Art. 2), not of an intended result: "Partijen beogen
    minimaal dertig bewoners per wijk [te] spreken" (Art. 2.1)."""

    version = models.ForeignKey(DealVersion, on_delete=models.CASCADE, related_name="norms")
    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="norms")
    indicator = models.ForeignKey(ProgrammeIndicator, on_delete=models.PROTECT, related_name="norms")
    kind = models.CharField(_("soort"), max_length=20, choices=TargetKind.choices)
    operator = models.CharField(_("eis"), max_length=10, choices=TargetOperator.choices)
    value = models.DecimalField(_("waarde"), max_digits=14, decimal_places=4)
    area_kind = models.CharField(_("per soort gebied"), max_length=20, blank=True)
    due_on = models.DateField(_("te halen op"), null=True, blank=True)
    article = models.CharField(_("artikel"), max_length=40)
    text = models.TextField(_("tekst in het convenant"))

    class Meta(VersionPart.Meta):
        verbose_name = _("norm van de aanpak")
        verbose_name_plural = _("normen van de aanpak")

    def __str__(self) -> str:
        value = self.value.normalize()
        return f"{self.pillar.code}: {self.get_operator_display()} {value} {self.indicator.code}"

    @property
    def area_kind_label(self) -> str:
        return str(AreaKind(self.area_kind).label) if self.area_kind in AreaKind.values else self.area_kind


class BudgetLine(VersionPart):
    """A line of the budget table (Art. 4.2): national maximum, regional minimum, total."""

    version = models.ForeignKey(DealVersion, on_delete=models.CASCADE, related_name="budget_lines")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("naam"), max_length=300)
    name_en = models.CharField(_("naam (Engels)"), max_length=300, blank=True)
    kind = models.CharField(_("soort"), max_length=20, choices=BudgetLineKind.choices)
    pillar = models.ForeignKey(
        Pillar, null=True, blank=True, on_delete=models.CASCADE, related_name="budget_lines"
    )
    rijk = money_field(_("rijksbijdrage (maximum)"))
    regional = money_field(_("regionale financiering (minimum)"))
    total = money_field(_("totaal"))

    class Meta(VersionPart.Meta):
        verbose_name = _("begrotingsregel")
        verbose_name_plural = _("begrotingsregels")

    def __str__(self) -> str:
        return self.name


class GlossaryTerm(VersionPart):
    version = models.ForeignKey(DealVersion, on_delete=models.CASCADE, related_name="glossary")
    term = models.CharField(_("begrip"), max_length=200)
    definition = models.TextField(_("betekenis"))

    class Meta(VersionPart.Meta):
        verbose_name = _("begrip")
        verbose_name_plural = _("begrippen")

    def __str__(self) -> str:
        return self.term


class Consideration(VersionPart):
    version = models.ForeignKey(DealVersion, on_delete=models.CASCADE, related_name="considerations")
    number = models.PositiveIntegerField(_("nummer"))
    text = models.TextField(_("tekst"))

    class Meta(VersionPart.Meta):
        verbose_name = _("overweging")
        verbose_name_plural = _("overwegingen")

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class Rules(models.Model):
    """The covenant's procedural and money rules, with their numbers, for one version."""

    version = models.OneToOneField(DealVersion, on_delete=models.CASCADE, related_name="rules")
    # Art. 4.2, overweging 3
    money_article = models.CharField(max_length=40)
    execution_costs_max_share = models.DecimalField(
        _("uitvoeringskosten (VAT) hoogstens dit deel van de rijksbijdrage"), max_digits=6, decimal_places=4
    )
    regional_match_min_ratio = models.DecimalField(
        _("regionale financiering minstens deze factor maal de rijksbijdrage"), max_digits=6, decimal_places=4
    )
    includes_vat = models.BooleanField(_("bedragen inclusief btw"), default=True)
    budget_note = models.TextField(_("toelichting begroting"), blank=True)
    # Art. 6
    overleg_article = models.CharField(max_length=40)
    overleg_members = models.ManyToManyField(
        Organisation, related_name="+", verbose_name=_("leden Rijk-Regio-overleg")
    )
    overleg_meets_at_least_per_year = models.PositiveIntegerField(_("vergadert minstens per jaar"))
    overleg_organised_by = models.CharField(
        _("organiseert het overleg"), max_length=10, choices=PartyKind.choices
    )
    overleg_escalation_agreed = models.BooleanField(_("escalatieregeling door het overleg"), default=True)
    # Art. 11
    amendment_article = models.CharField(max_length=40)
    amendment_consultation_weeks = models.PositiveIntegerField(_("overleg binnen (weken)"))
    amendment_addressed_to = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # Art. 13
    accession_article = models.CharField(max_length=40)
    accession_addressed_to = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # Art. 12
    withdrawal_article = models.CharField(max_length=40)
    withdrawal_notice_months = models.PositiveIntegerField(_("opzegtermijn (maanden)"))
    withdrawal_requires_changed_circumstances = models.BooleanField(default=True)
    # Art. 7.2-7.3
    report_article = models.CharField(max_length=40)
    reports_per_year = models.PositiveIntegerField(default=1)
    report_draft_to_parties_before = models.CharField(_("concept naar Partijen vóór (MM-DD)"), max_length=5)
    report_to_ministry_before = models.CharField(_("naar het ministerie vóór (MM-DD)"), max_length=5)
    # Art. 7.1
    evaluation_article = models.CharField(max_length=40)
    baseline_due_on = models.DateField(_("beginsituatie en evaluatieaanpak beschreven vóór"))
    baseline_due_label = models.CharField(max_length=100)
    # Art. 17, 19
    entry_into_force_article = models.CharField(max_length=40)
    counterparts_allowed = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("regels")
        verbose_name_plural = _("regels")

    def __str__(self) -> str:
        return f"{self.version}"


class AccessibilityStatus(models.TextChoices):
    """The compliance status of the Dutch model accessibility statement (modelverklaring,
    toegankelijkheidsverklaring.nl): A and B need an evaluation report by an outside party."""

    A = "A", _("voldoet volledig aan de eisen")
    B = "B", _("voldoet gedeeltelijk aan de eisen")
    C = "C", _("eerste maatregelen genomen")
    D = "D", _("voldoet niet aan de eisen")


class DealSettings(Locked):
    """The programme office's settings of a deal, kept apart from the covenant's definition: what
    the office decides where the covenant leaves it open. Not a version of the covenant, not
    amended by Art. 11; every change is audited (`services.deal_settings_update`).

    - Deadlines the covenant does not set (Bijlage 1 B: the yearly uitvoeringsprogramma, no date):
      until the office sets one, a missed one is a warning, not an error.
    - The day the office reads in a season the covenant gives (Art. 7.1: "in het voorjaar van
      2025"): empty means the definition file's reading (`Rules.baseline_due_on`).

    Later settings of the deal's presentation (statements, identity) join this model as fields.
    """

    deal = models.OneToOneField(Deal, on_delete=models.PROTECT, related_name="settings")
    programme_due_month = models.PositiveSmallIntegerField(
        _("uitvoeringsprogramma: maand"), null=True, blank=True
    )
    programme_due_day = models.PositiveSmallIntegerField(
        _("uitvoeringsprogramma: dag"), null=True, blank=True
    )
    baseline_due_on = models.DateField(_("beginsituatie: gelezen als"), null=True, blank=True)
    # The deal's presentation (docs/presentation.md "Identity and
    # statements"): who answers for the site, its identity, and the texts of its three statements.
    # Empty means the default (`deals.presentation`), never an empty page.
    responsible_organisation = models.CharField(
        _("verantwoordelijke organisatie"), max_length=200, blank=True
    )
    contact_email = models.EmailField(_("e-mailadres voor contact"), blank=True)
    contact_phone = models.CharField(_("telefoonnummer voor contact"), max_length=40, blank=True)
    contact_text = models.TextField(_("contact: tekst"), blank=True)
    contact_text_en = models.TextField(_("contact: tekst in het Engels"), blank=True)
    privacy_text = models.TextField(_("privacyverklaring: tekst"), blank=True)
    privacy_text_en = models.TextField(_("privacyverklaring: tekst in het Engels"), blank=True)
    accessibility_status = models.CharField(
        _("toegankelijkheid: nalevingsstatus"), max_length=1, blank=True, choices=AccessibilityStatus.choices
    )
    accessibility_statement_on = models.DateField(
        _("toegankelijkheidsverklaring: datum"), null=True, blank=True
    )
    accessibility_known_issues = models.TextField(_("toegankelijkheid: bekende problemen"), blank=True)
    accessibility_known_issues_en = models.TextField(
        _("toegankelijkheid: bekende problemen in het Engels"), blank=True
    )
    logo = models.BinaryField(_("logo"), blank=True, null=True, editable=True)
    logo_type = models.CharField(_("soort logo"), max_length=20, blank=True)
    colour_primary = models.CharField(_("hoofdkleur"), max_length=7, blank=True)
    colour_band = models.CharField(_("kleur van de kopbalk"), max_length=7, blank=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("instellingen van een deal")
        verbose_name_plural = _("instellingen van deals")

    def __str__(self) -> str:
        return _("Instellingen van %(deal)s") % {"deal": self.deal.slug}

    def clean(self):
        import datetime as dt

        from django.core.exceptions import ValidationError

        if (self.programme_due_month is None) != (self.programme_due_day is None):
            raise ValidationError({"programme_due_day": _("Vul dag én maand in, of laat beide leeg.")})
        if self.programme_due_month is not None:
            try:
                dt.date(2023, self.programme_due_month, self.programme_due_day)  # not a leap year
            except ValueError:
                raise ValidationError(
                    {"programme_due_day": _("Die dag bestaat niet in die maand (29 februari kan ook niet).")}
                ) from None
