"""Residents' voice: outreach conversations, bewonersdeals and initiatives, co-creation per project,
and the population figures that participation quality is judged against.

No model has a field for a resident's name or contact details, by design (Art. 2.1 asks how many
residents were spoken, not who). Free text is checked for personal data by the services
(`personal_data.py`) before it is stored.

- `Wijk`: a wijk where the Parties go to residents. The deal's definition names gemeenten and NPLV
  areas, not wijken (Schiedam Nieuwland, Westwijk: CBS code not confirmed), so the programme
  office keeps the list here, each with its CBS wijk code (WK + 6 digits). That code is the area
  the results app judges the per-wijk norm by.
- `Theme`: the list of themes the programme office keeps.
- `Conversation`: one batch of outreach conversations in one wijk on one date by one organisation,
  with the number of residents spoken and, per group reached, how many of them.
- `Initiative`: a bewonersdeal or residents' initiative, its lifecycle in `workflow.py`, every
  transition an `InitiativeTransition` row.
- `CoCreation`: how residents took part in a project, on the participation ladder.
- `PopulationFigure`: residents of a wijk (in total, or of one group) at a date, from CBS.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from regiodeal.common.locking import Locked
from regiodeal.common.transitions import TransitionRow
from regiodeal.deals import models as dm

from .constants import InitiativeKind, InitiativeStatus, LadderRung, OutreachForm, ProjectStage


class Recorded(Locked):
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_label = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Wijk(Locked):
    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="participation_wijken")
    code = models.CharField(
        _("wijkcode (CBS)"), max_length=20, help_text=_("WK en zes cijfers, bijvoorbeeld WK060601.")
    )
    name = models.CharField(_("naam"), max_length=200)
    gemeente = models.CharField(
        _("gemeente"), max_length=40, help_text=_("Code van de gemeente in de deal (bijvoorbeeld SCHIEDAM).")
    )
    within = models.CharField(
        _("ligt in gebied"),
        max_length=40,
        blank=True,
        help_text=_("Code van een gebied van de deal, bijvoorbeeld een NPLV-focusgebied."),
    )
    listed_on = models.DateField(_("op de lijst sinds"))
    ended_on = models.DateField(
        _("van de lijst af per"),
        null=True,
        blank=True,
        help_text=_(
            "Vanaf deze datum gaan de Partijen hier niet meer met bewoners in gesprek: de wijk telt "
            "niet meer mee voor de norm en is niet meer te kiezen. Eerdere gesprekken blijven staan."
        ),
    )

    class Meta:
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")
        ordering = ["deal", "gemeente", "name"]
        constraints = [models.UniqueConstraint(fields=["deal", "code"], name="wijk_code_unique_in_deal")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def on_list(self, on) -> bool:
        """On the outreach list at `on`: not ended on or before that day."""
        return self.ended_on is None or self.ended_on > on


class Theme(Locked):
    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="participation_themes")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("naam"), max_length=200)
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["deal", "name"]
        constraints = [models.UniqueConstraint(fields=["deal", "code"], name="theme_code_unique_in_deal")]

    def __str__(self) -> str:
        return self.name


class Conversation(Recorded):
    """Outreach conversations in one wijk on one date by one organisation (Art. 2.1)."""

    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="conversations")
    wijk = models.ForeignKey(
        Wijk, on_delete=models.PROTECT, related_name="conversations", verbose_name=_("wijk")
    )
    held_on = models.DateField(_("datum"))
    organisation = models.ForeignKey(
        dm.Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gevoerd door"),
        help_text=_("De Partij of Partner die de gesprekken voerde."),
    )
    residents = models.PositiveIntegerField(_("aantal bewoners gesproken"), validators=[MinValueValidator(1)])
    form = models.CharField(_("vorm"), max_length=20, choices=OutreachForm.choices)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="conversations", verbose_name=_("thema's")
    )
    themes_other = models.CharField(_("andere thema's"), max_length=500, blank=True)
    raised = models.TextField(_("wat bewoners inbrachten"), blank=True)
    input_followup = models.TextField(_("wat er met de inbreng is gedaan"), blank=True)
    feedback = models.TextField(_("terugkoppeling aan bewoners"), blank=True)
    feedback_on = models.DateField(_("teruggekoppeld op"), null=True, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conversations",
        verbose_name=_("project"),
    )
    text_publishable = models.BooleanField(
        _("tekst openbaar"),
        default=False,
        help_text=_("Het programmabureau heeft de tekst gelezen en vrijgegeven voor de publieke site."),
    )
    imported_from = models.CharField(_("geïmporteerd uit"), max_length=300, blank=True)

    TEXT_FIELDS = ("themes_other", "raised", "input_followup", "feedback")

    class Meta:
        verbose_name = _("outreachgesprek")
        verbose_name_plural = _("outreachgesprekken")
        ordering = ["deal", "-held_on", "id"]
        indexes = [models.Index(fields=["deal", "wijk", "held_on"])]

    def __str__(self) -> str:
        return f"{self.wijk.name} {self.held_on}: {self.residents}"

    def is_managed_by(self, user) -> bool:
        """A project lead records outreach only for a project they manage."""
        return self.project is not None and self.project.is_managed_by(user)


class ConversationGroup(models.Model):
    """How many of the residents spoken belong to a group (a resident may be in two groups)."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="groups")
    group_code = models.CharField(_("doelgroep"), max_length=40)
    residents = models.PositiveIntegerField(_("aantal"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("bereikte groep")
        verbose_name_plural = _("bereikte groepen")
        ordering = ["conversation", "group_code"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "group_code"], name="one_count_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.group_code}: {self.residents}"


class Initiative(Recorded):
    """A bewonersdeal or a residents' initiative: what residents do, what the Party does (Art. 2.1)."""

    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="residents_initiatives")
    kind = models.CharField(_("soort"), max_length=20, choices=InitiativeKind.choices)
    title = models.CharField(_("titel"), max_length=300)
    wijk = models.ForeignKey(
        Wijk, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("wijk")
    )
    party = models.ForeignKey(
        dm.Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("Partij of Partner")
    )
    residents_do = models.TextField(_("wat de bewoners doen"))
    party_does = models.TextField(_("wat de Partij doet"))
    amount = models.DecimalField(
        _("bijdrage in geld (euro)"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    support = models.TextField(_("hulp in natura"), blank=True)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("einde"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InitiativeStatus.choices,
        default=InitiativeStatus.PROPOSED,
        editable=False,
    )
    projects = models.ManyToManyField(
        "projects.Project", blank=True, related_name="residents_initiatives", verbose_name=_("projecten")
    )
    results = models.ManyToManyField(
        dm.IntendedResult,
        blank=True,
        related_name="residents_initiatives",
        verbose_name=_("beoogde resultaten"),
    )

    TEXT_FIELDS = ("title", "residents_do", "party_does", "support")

    class Meta:
        verbose_name = _("bewonersdeal of -initiatief")
        verbose_name_plural = _("bewonersdeals en -initiatieven")
        ordering = ["deal", "-starts_on", "id"]

    def __str__(self) -> str:
        return self.title


class InitiativeTransition(TransitionRow):
    """Every status change of an initiative, as a row: who, when, from, to, why."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=InitiativeStatus.choices)
    to_status = models.CharField(max_length=20, choices=InitiativeStatus.choices)
    reason = models.TextField(_("reden"))

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        ordering = ["initiative", "at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} -> {self.to_status}"


class CoCreation(Recorded):
    """How residents took part in a project (Bijlage 1 §3), on the participation ladder."""

    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="cocreations")
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="cocreations", verbose_name=_("project")
    )
    rung = models.CharField(_("trede"), max_length=20, choices=LadderRung.choices)
    stage = models.CharField(_("fase van het project"), max_length=20, choices=ProjectStage.choices)
    wijk = models.ForeignKey(
        Wijk,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cocreations",
        verbose_name=_("wijk"),
    )
    held_on = models.DateField(_("datum"))
    residents = models.PositiveIntegerField(_("aantal bewoners"), validators=[MinValueValidator(1)])
    description = models.TextField(_("hoe bewoners meededen"))

    TEXT_FIELDS = ("description",)

    class Meta:
        verbose_name = _("cocreatie")
        verbose_name_plural = _("cocreatie")
        ordering = ["deal", "project", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.project.code}: {self.get_rung_display()} ({self.residents})"

    def is_managed_by(self, user) -> bool:
        return self.project.is_managed_by(user)


class PopulationFigure(models.Model):
    """Residents of a wijk at a date: in total (no group) or of one group (CBS)."""

    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="population_figures")
    wijk_code = models.CharField(_("wijkcode"), max_length=20)
    group_code = models.CharField(_("doelgroep"), max_length=40, blank=True)
    on = models.DateField(_("peildatum"))
    residents = models.PositiveIntegerField(_("aantal inwoners"))
    source = models.CharField(_("bron"), max_length=300)
    imported_from = models.CharField(_("geïmporteerd uit"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("bevolkingscijfer")
        verbose_name_plural = _("bevolkingscijfers")
        ordering = ["deal", "wijk_code", "group_code", "on"]
        constraints = [
            models.UniqueConstraint(
                fields=["deal", "wijk_code", "group_code", "on"], name="one_population_figure_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.wijk_code} {self.group_code or 'totaal'} {self.on}: {self.residents}"


class Boundary(models.Model):
    """The boundary of a gemeente or wijk from the CBS wijk- en buurtkaart (PDOK), for the map of
    the wijken (places.py). National data, not a deal's: one row per CBS code, the last import
    wins. The geometry is simplified GeoJSON (Polygon or MultiPolygon) in RD New (EPSG:28992),
    whole metres."""

    class Kind(models.TextChoices):
        GEMEENTE = "gemeente", _("gemeente")
        WIJK = "wijk", _("wijk")

    code = models.CharField(_("CBS-code"), max_length=12, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    gemeente_code = models.CharField(_("gemeentecode"), max_length=6)
    year = models.PositiveIntegerField(_("jaar"))
    geometry = models.JSONField(_("grens (GeoJSON, RD New)"))
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("grens")
        verbose_name_plural = _("grenzen")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
