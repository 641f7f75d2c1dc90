"""Projects and initiatives of a deal, and what each is meant to change.

A project links to the pillars, objectives and intended results of the deal version in force when
it was linked; an adopted amendment re-points links by code to the new version (governance).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from regiodeal.common.locking import Locked
from regiodeal.common.transitions import TransitionRow
from regiodeal.deals import models as dm

from .constants import ProjectStatus, RiskLevel, RiskStatus


class Project(Locked):
    deal = models.ForeignKey(dm.Deal, on_delete=models.PROTECT, related_name="projects")
    code = models.CharField(_("code"), max_length=40)
    title = models.CharField(_("titel"), max_length=300)
    description = models.TextField(_("omschrijving"), blank=True)
    lead = models.ForeignKey(
        dm.Organisation, on_delete=models.PROTECT, related_name="led_projects", verbose_name=_("trekker")
    )
    participants = models.ManyToManyField(
        dm.Organisation, blank=True, related_name="projects", verbose_name=_("deelnemers")
    )
    pillars = models.ManyToManyField(
        dm.Pillar, blank=True, related_name="projects", verbose_name=_("pijlers")
    )
    objectives = models.ManyToManyField(
        dm.Objective, blank=True, related_name="projects", verbose_name=_("doelen")
    )
    results = models.ManyToManyField(
        dm.IntendedResult, blank=True, related_name="projects", verbose_name=_("beoogde resultaten")
    )
    areas = models.ManyToManyField(dm.Area, blank=True, related_name="projects", verbose_name=_("gebieden"))
    groups = models.ManyToManyField(
        dm.TargetGroup, blank=True, related_name="projects", verbose_name=_("doelgroepen")
    )
    sectors = models.ManyToManyField(
        dm.Sector, blank=True, related_name="projects", verbose_name=_("sectoren")
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("einde"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.IDEA, editable=False
    )
    residents_participation = models.TextField(_("hoe inwoners meedoen (Bijlage 1 §3)"), blank=True)
    credits_rijk_regio = models.BooleanField(
        _("communicatie vermeldt dat Rijk en regio het mogelijk maakten (art. 8)"), default=False
    )
    credits_evidence = models.CharField(_("waar dat te zien is"), max_length=500, blank=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_projects",
        verbose_name=_("projectleiders"),
    )
    is_example = models.BooleanField(
        _("voorbeeldgegevens"),
        default=False,
        help_text=_("Gemaakt door 'regiodeal demo'; geen echte gegevens."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projecten")
        ordering = ["deal", "code"]
        constraints = [models.UniqueConstraint(fields=["deal", "code"], name="project_code_unique_in_deal")]
        indexes = [models.Index(fields=["deal", "status"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Het einde ligt vóór de start.")})
        if self.lead_id and self.deal_id and self.lead.deal_id != self.deal_id:
            raise ValidationError({"lead": _("De trekker hoort bij een andere deal.")})

    def is_managed_by(self, user) -> bool:
        """A project lead acts only on projects they are assigned to (accounts.roles)."""
        return self.managers.filter(pk=user.pk).exists()


class ProjectTransition(TransitionRow):
    """Every status change of a project, as a row: who, when, from, to, why."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=ProjectStatus.choices)
    to_status = models.CharField(max_length=20, choices=ProjectStatus.choices)
    reason = models.TextField(_("reden"))

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        ordering = ["project", "at", "id"]

    def __str__(self) -> str:
        return f"{self.project.code}: {self.from_status} -> {self.to_status}"


class Milestone(Locked):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("mijlpaal"), max_length=300)
    due_on = models.DateField(_("gepland"))
    done_on = models.DateField(_("bereikt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("mijlpaal")
        verbose_name_plural = _("mijlpalen")
        ordering = ["project", "due_on", "id"]

    def __str__(self) -> str:
        return self.title


class Risk(Locked):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="risks")
    description = models.TextField(_("risico"))
    likelihood = models.CharField(_("kans"), max_length=10, choices=RiskLevel.choices)
    impact = models.CharField(_("impact"), max_length=10, choices=RiskLevel.choices)
    mitigation = models.TextField(_("beheersmaatregel"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)

    class Meta:
        verbose_name = _("risico")
        verbose_name_plural = _("risico's")
        ordering = ["project", "id"]

    def __str__(self) -> str:
        return self.description[:80]
