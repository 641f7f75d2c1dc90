"""Indicators, the links from intended results to them (baseline and target), and measurements.

- `Indicator`: the CBS brede-welvaart catalogue (no deal: shared by every deal), the deal's own
  programme indicators (from the definition) and any other indicator a deal adds.
- `ResultIndicator`: an intended result (Art. 3) measured by an indicator, with its baseline
  (Art. 7.1) and target; seeded from the definition's `ResultTarget`s.
- `Measurement`: one value of an indicator at a date (the end of its period), for the region or
  broken down by area (a deal area code or a CBS code) or by group.

Values are Decimal throughout; the verdict itself is computed, never stored (verdict.py).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regiodeal.common.locking import Locked
from regiodeal.deals import models as dm
from regiodeal.deals.constants import AreaKind, Better, TargetKind

from .constants import IndicatorOrigin


def value_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=20, decimal_places=4, **kwargs)


class Indicator(Locked):
    deal = models.ForeignKey(
        dm.Deal,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
        help_text=_("Leeg voor de catalogus van CBS: die geldt voor elke deal."),
    )
    code = models.CharField(_("code"), max_length=60)
    name = models.CharField(_("naam"), max_length=300)
    name_en = models.CharField(_("naam (Engels)"), max_length=300, blank=True)
    unit = models.CharField(_("eenheid"), max_length=100)
    unit_en = models.CharField(_("eenheid (Engels)"), max_length=100, blank=True)
    better = models.CharField(_("richting"), max_length=10, choices=Better.choices)
    origin = models.CharField(_("herkomst"), max_length=20, choices=IndicatorOrigin.choices)
    dimension = models.CharField(_("dimensie brede welvaart"), max_length=40, blank=True)
    theme = models.CharField(_("thema brede welvaart"), max_length=100, blank=True)
    sdg_proposed = models.CharField(
        _("voorgestelde SDG's"),
        max_length=40,
        blank=True,
        help_text=_("Een voorstel, geen CBS-tabel: nummers gescheiden door ';'."),
    )
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")
        ordering = ["origin", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(deal__isnull=True), name="catalogue_indicator_code_unique"
            ),
            models.UniqueConstraint(
                fields=["deal", "code"], condition=Q(deal__isnull=False), name="deal_indicator_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def lower_is_better(self) -> bool:
        return self.better == Better.LOWER

    @property
    def sdgs(self) -> list[int]:
        return [int(x) for x in self.sdg_proposed.split(";") if x.strip().isdigit()]


class ResultIndicator(Locked):
    """An intended result measured by an indicator, with its baseline and target."""

    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="result_indicators")
    result = models.ForeignKey(
        dm.IntendedResult,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicator_links",
        verbose_name=_("resultaat"),
    )
    # Or a norm of a pillar's approach (Art. 2.1: "minimaal dertig bewoners per wijk"): judged
    # like a target, but no intended result's verdict (deals.ApproachNorm). Exactly one of the two.
    norm = models.ForeignKey(
        dm.ApproachNorm,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicator_links",
        verbose_name=_("norm van de aanpak"),
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="result_links", verbose_name=_("indicator")
    )
    result_target = models.ForeignKey(
        dm.ResultTarget,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("De streefwaarde uit het convenant waarop deze koppeling berust."),
    )
    baseline_value = value_field(_("nulmeting"), null=True, blank=True)
    baseline_on = models.DateField(_("datum nulmeting"), null=True, blank=True)
    baseline_source = models.CharField(_("bron nulmeting"), max_length=300, blank=True)
    target_kind = models.CharField(_("soort streefwaarde"), max_length=20, choices=TargetKind.choices)
    target_value = value_field(
        _("streefwaarde"), help_text=_("Bij een relatieve streefwaarde: de verandering in procenten.")
    )
    target_on = models.DateField(_("te halen op"))
    area_kind = models.CharField(_("per soort gebied"), max_length=20, choices=AreaKind.choices, blank=True)
    article = models.CharField(_("artikel"), max_length=40, blank=True)
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("indicator bij een resultaat")
        verbose_name_plural = _("indicatoren bij resultaten")
        ordering = ["result__pillar__position", "result__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["result", "indicator"], name="one_link_per_result_and_indicator")
        ]

    def __str__(self) -> str:
        if self.result_id is None and self.norm_id is not None:
            return f"{_('aanpak pijler')} {self.norm.pillar.code}: {self.indicator.name}"
        return f"{self.result.code}: {self.indicator.name}"

    def clean(self):
        errors = {}
        if (self.result_id is None) == (self.norm_id is None):
            errors["result"] = _(
                "Een indicator hoort bij één beoogd resultaat of bij één norm van de aanpak."
            )
        if (self.baseline_value is None) != (self.baseline_on is None):
            errors["baseline_on"] = _("Een nulmeting heeft een waarde en een datum (art. 7.1).")
        if self.baseline_on and self.target_on and self.target_on <= self.baseline_on:
            errors["target_on"] = _("De streefdatum ligt na de datum van de nulmeting.")
        if self.target_kind == TargetKind.PER_AREA and not self.area_kind:
            errors["area_kind"] = _("Een norm per gebied zegt voor welke soort gebied (bijvoorbeeld wijk).")
        if self.target_kind != TargetKind.PER_AREA and self.area_kind:
            errors["area_kind"] = _("Alleen een norm per gebied heeft een soort gebied.")
        if self.norm_id and self.deal_id and self.norm.version.deal_id != self.deal_id:
            errors["norm"] = _("De norm hoort bij een andere deal.")
        if self.result_id and self.deal_id and self.result.version.deal_id != self.deal_id:
            errors["result"] = _("Het resultaat hoort bij een andere deal.")
        if self.indicator_id and self.indicator.deal_id not in (None, self.deal_id):
            errors["indicator"] = _("De indicator hoort bij een andere deal.")
        if (
            not errors
            and self.indicator_id
            and self.baseline_value is not None
            and self.target_kind != TargetKind.PER_AREA
        ):
            from .verdict import target_level

            level = target_level(self.target_kind, self.baseline_value, self.target_value)
            wrong = (
                level > self.baseline_value if self.indicator.lower_is_better else level < self.baseline_value
            )
            if wrong:
                errors["target_value"] = _(
                    "De streefwaarde ligt de verkeerde kant op: bij deze indicator is %(better)s."
                ) % {"better": self.indicator.get_better_display()}
        if errors:
            raise ValidationError(errors)


class Measurement(Locked):
    """One value of an indicator at a date; without area and group it is the regional value."""

    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="measurements")
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="measurements", verbose_name=_("indicator")
    )
    value = value_field(_("waarde"))
    on = models.DateField(_("datum"), help_text=_("De peildatum, of het einde van de periode."))
    period_start = models.DateField(_("begin van de periode"), null=True, blank=True)
    source = models.CharField(_("bron"), max_length=300)
    area_code = models.CharField(
        _("gebied"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^[A-Za-z0-9_]+$", _("Alleen letters, cijfers en _."))],
        help_text=_("Code van een gebied van de deal, of een CBS-code (GM0556, WK055601)."),
    )
    area_name = models.CharField(_("naam gebied"), max_length=200, blank=True)
    area_kind = models.CharField(_("soort gebied"), max_length=20, choices=AreaKind.choices, blank=True)
    group_code = models.CharField(_("doelgroep"), max_length=40, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measurements",
        verbose_name=_("project"),
    )
    imported_from = models.CharField(_("geïmporteerd uit"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_label = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        ordering = ["indicator", "on", "area_code", "group_code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["deal", "indicator", "on", "area_code", "group_code"],
                name="one_measurement_per_indicator_date_area_group",
                violation_error_message=_(
                    "Voor deze indicator, datum, dit gebied en deze doelgroep is al een meting vastgelegd."
                ),
            )
        ]
        indexes = [
            models.Index(fields=["deal", "indicator", "on"]),
            # The latest measurement of each series (results/selectors.py, `latest_only`): one
            # walk of the index per series, newest first, without reading the table (covering on
            # PostgreSQL; a plain index on SQLite).
            models.Index(
                fields=["deal", "indicator", "group_code", "area_code", "-on"],
                include=["value", "area_name", "area_kind"],
                name="measurement_latest_series",
            ),
        ]

    def __str__(self) -> str:
        where = " ".join(x for x in (self.area_code, self.group_code) if x)
        return f"{self.indicator.code} {self.on}: {self.value}" + (f" ({where})" if where else "")

    def clean(self):
        if self.period_start and self.on and self.period_start > self.on:
            raise ValidationError({"period_start": _("Het begin van de periode ligt na de peildatum.")})


MILESTONE_EXTENSIONS = ["pdf", "docx", "doc", "odt", "txt", "rtf", "png", "jpg", "jpeg"]
MILESTONE_MAX_BYTES = 20 * 1024 * 1024


def _limit_size(file) -> None:
    if file.size > MILESTONE_MAX_BYTES:
        raise ValidationError(_("Het bestand is groter dan 20 MB."))


class Milestone(Locked):
    """A deliverable by which an intended result (Art. 3) is judged where the covenant names no
    number: "een ontwikkelde handreiking" (result 1B) is judged by its delivery, with its document.
    Or one by which what residents will notice of a pillar (Art. 3, slotalinea) is judged.

    Keyed by code (result or pillar), not by the row of one version: a milestone outlives an
    amendment that leaves the result in place."""

    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="milestones")
    result_code = models.CharField(_("beoogd resultaat"), max_length=40, blank=True)
    pillar_code = models.CharField(_("pijler (wat inwoners gaan merken)"), max_length=40, blank=True)
    title = models.CharField(_("mijlpaal"), max_length=300)
    due_on = models.DateField(_("op te leveren uiterlijk"))
    delivered_on = models.DateField(_("opgeleverd op"), null=True, blank=True)
    document = models.FileField(
        _("document"),
        upload_to="results/milestones/%Y/",  # served only through the access-checked view
        max_length=300,
        blank=True,
        validators=[FileExtensionValidator(MILESTONE_EXTENSIONS), _limit_size],
    )
    note = models.TextField(_("toelichting"), blank=True)
    from_definition = models.BooleanField(
        _("uit het definitiebestand"),
        default=False,
        help_text=_("De oplevering die het definitiebestand noemt."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mijlpaal")
        verbose_name_plural = _("mijlpalen")
        ordering = ["deal", "pillar_code", "result_code", "due_on", "id"]

    def __str__(self) -> str:
        return f"{self.result_code or self.pillar_code}: {self.title}"

    @property
    def filename(self) -> str:
        return self.document.name.rsplit("/", 1)[-1] if self.document else ""

    def clean(self):
        errors = {}
        if bool(self.result_code) == bool(self.pillar_code):
            errors["result_code"] = _("Een mijlpaal hoort bij één beoogd resultaat of bij één pijler.")
        if self.delivered_on and not self.document:
            errors["document"] = _("Een opgeleverde mijlpaal heeft zijn document: voeg het bestand toe.")
        if self.document and not self.delivered_on:
            errors["delivered_on"] = _(
                "Met een document is de mijlpaal opgeleverd: vul de datum van oplevering in."
            )
        if errors:
            raise ValidationError(errors)
