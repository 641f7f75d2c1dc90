"""Forms for the project screens. They only parse input; writes go through services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from regiodeal.common.forms import UtrechtForm
from regiodeal.deals import models as dm
from regiodeal.deals.selectors import version_in_force

from .constants import ProjectStatus, RiskLevel, RiskStatus
from .selectors import lead_choices, manager_choices
from .workflow import allowed_next


class ProjectForm(UtrechtForm):
    code = forms.CharField(label=_("Code"), max_length=40)
    title = forms.CharField(label=_("Titel"), max_length=300)
    description = forms.CharField(
        label=_("Omschrijving"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    lead = forms.ModelChoiceField(
        label=_("Trekker (Partij of Partner)"), queryset=dm.Organisation.objects.none()
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Andere deelnemers"), queryset=dm.Organisation.objects.none(), required=False
    )
    pillars = forms.ModelMultipleChoiceField(
        label=_("Pijlers"),
        queryset=dm.Pillar.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    objectives = forms.ModelMultipleChoiceField(
        label=_("Doelen (art. 1)"), queryset=dm.Objective.objects.none(), required=False
    )
    results = forms.ModelMultipleChoiceField(
        label=_("Beoogde resultaten (art. 3)"), queryset=dm.IntendedResult.objects.none(), required=False
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Gebieden"),
        queryset=dm.Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Doelgroepen"),
        queryset=dm.TargetGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectoren"),
        queryset=dm.Sector.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = forms.DateField(label=_("Start"), required=False)
    ends_on = forms.DateField(label=_("Einde"), required=False)
    residents_participation = forms.CharField(
        label=_("Hoe inwoners meedoen: participatie en cocreatie (Bijlage 1 §3)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    credits_rijk_regio = forms.BooleanField(
        label=_(
            "De communicatie vermeldt dat het project mede mogelijk is gemaakt door Rijk en regio (art. 8)"
        ),
        required=False,
    )
    credits_evidence = forms.CharField(label=_("Waar dat te zien is"), max_length=500, required=False)
    managers = forms.ModelMultipleChoiceField(
        label=_("Projectleiders (accounts)"), queryset=dm.Organisation.objects.none(), required=False
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, deal: dm.Deal, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        version = version_in_force(deal)
        self.fields["lead"].queryset = lead_choices(deal=deal)
        # Checkbox lists (common/forms.py), ordered by code.
        self.fields["participants"].queryset = lead_choices(deal=deal).order_by("code")
        self.fields["pillars"].queryset = version.pillars.order_by("code")
        self.fields["objectives"].queryset = version.objectives.order_by("code")
        self.fields["results"].queryset = version.results.order_by("code")
        self.fields["areas"].queryset = version.areas.order_by("code")
        self.fields["groups"].queryset = version.groups.order_by("code")
        self.fields["sectors"].queryset = version.sectors.order_by("code")
        self.fields["managers"].queryset = manager_choices(deal=deal)
        if editing:
            del self.fields["code"]


class TransitionForm(UtrechtForm):
    to_status = forms.ChoiceField(label=_("Nieuwe status"))
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, status: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s, ProjectStatus(s).label) for s in allowed_next(status)]


class MilestoneForm(UtrechtForm):
    title = forms.CharField(label=_("Mijlpaal"), max_length=300)
    due_on = forms.DateField(label=_("Gepland op"))


class MilestoneDoneForm(UtrechtForm):
    done_on = forms.DateField(
        label=_("Bereikt op"),
        error_messages={"required": _("Geef de datum waarop de mijlpaal is bereikt.")},
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class RiskForm(UtrechtForm):
    description = forms.CharField(label=_("Risico"), widget=forms.Textarea(attrs={"rows": 2}))
    likelihood = forms.ChoiceField(label=_("Kans"), choices=RiskLevel.choices)
    impact = forms.ChoiceField(label=_("Impact"), choices=RiskLevel.choices)
    mitigation = forms.CharField(
        label=_("Beheersmaatregel"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class RiskStatusForm(UtrechtForm):
    status = forms.ChoiceField(label=_("Status"), choices=RiskStatus.choices)
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
