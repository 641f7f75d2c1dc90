"""Forms for the participation screens. They only parse input; writes go through services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import InitiativeKind, LadderRung, OutreachForm, ProjectStage

DATE = forms.DateInput(attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})
NO_PERSONAL = _("Geen namen, e-mailadressen, telefoonnummers of adressen van inwoners.")


def _choices(items, label=lambda x: str(x)) -> list[tuple[str, str]]:
    return [(x.code, label(x)) for x in items]


class ConversationForm(forms.Form):
    wijk = forms.ChoiceField(label=_("Wijk"))
    held_on = forms.DateField(label=_("Datum"), widget=DATE)
    organisation = forms.ChoiceField(label=_("Gevoerd door (Partij of Partner)"))
    residents = forms.IntegerField(label=_("Aantal bewoners gesproken"), min_value=1, max_value=1_000_000)
    form = forms.ChoiceField(label=_("Vorm"), choices=OutreachForm.choices, widget=forms.RadioSelect)
    themes = forms.MultipleChoiceField(
        label=_("Thema's die bewoners noemden"), required=False, widget=forms.CheckboxSelectMultiple
    )
    themes_other = forms.CharField(
        label=_("Andere thema's"), max_length=500, required=False, help_text=NO_PERSONAL
    )
    raised = forms.CharField(
        label=_("Wat bewoners inbrachten"), widget=TEXT, required=False, help_text=NO_PERSONAL
    )
    input_followup = forms.CharField(
        label=_("Wat er met de inbreng is gedaan"), widget=TEXT, required=False, help_text=NO_PERSONAL
    )
    feedback = forms.CharField(
        label=_("Hoe er aan bewoners is teruggekoppeld"), widget=TEXT, required=False, help_text=NO_PERSONAL
    )
    feedback_on = forms.DateField(label=_("Teruggekoppeld op"), widget=DATE, required=False)
    project = forms.ChoiceField(label=_("Project"), required=False)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args, wijken, organisations, themes, groups, projects, project_required=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["wijk"].choices = _choices(wijken)
        self.fields["organisation"].choices = _choices(organisations, lambda o: o.name)
        self.fields["themes"].choices = _choices(themes, lambda t: t.name)
        self.fields["project"].choices = ([] if project_required else [("", _("geen project"))]) + _choices(
            projects
        )
        self.fields["project"].required = project_required
        self.group_fields = []
        for g in groups:
            name = f"group_{g.code}"
            self.fields[name] = forms.IntegerField(
                label=_("Van hen: %(group)s") % {"group": g.name},
                min_value=1,
                max_value=1_000_000,
                required=False,
            )
            self.group_fields.append((name, g.code))

    def groups(self) -> dict[str, int]:
        return {
            code: self.cleaned_data[name] for name, code in self.group_fields if self.cleaned_data.get(name)
        }


class PublishForm(forms.Form):
    publishable = forms.BooleanField(required=False)
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class WijkForm(forms.Form):
    code = forms.CharField(
        label=_("Wijkcode (CBS)"), max_length=20, help_text=_("WK en zes cijfers, bijvoorbeeld WK060601.")
    )
    name = forms.CharField(label=_("Naam"), max_length=200)
    gemeente = forms.ChoiceField(label=_("Gemeente"))
    within = forms.ChoiceField(label=_("Ligt in gebied (optioneel)"), required=False)
    listed_on = forms.DateField(label=_("Op de lijst sinds"), widget=DATE, required=False)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].choices = [(a.code, a.name) for a in areas if a.kind == "gemeente"]
        self.fields["within"].choices = [("", "—")] + [
            (a.code, a.name) for a in areas if a.kind != "gemeente"
        ]


class ThemeForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Naam"), max_length=200)


class InitiativeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=InitiativeKind.choices)
    title = forms.CharField(label=_("Titel"), max_length=300, help_text=NO_PERSONAL)
    wijk = forms.ChoiceField(label=_("Wijk"))
    party = forms.ChoiceField(label=_("Partij of Partner"))
    residents_do = forms.CharField(label=_("Wat de bewoners doen"), widget=TEXT, help_text=NO_PERSONAL)
    party_does = forms.CharField(label=_("Wat de Partij doet"), widget=TEXT)
    amount = forms.DecimalField(
        label=_("Bijdrage in geld (euro)"), max_digits=14, decimal_places=2, min_value=0, initial=0
    )
    support = forms.CharField(label=_("Hulp in natura"), widget=TEXT, required=False)
    starts_on = forms.DateField(label=_("Start"), widget=DATE)
    ends_on = forms.DateField(label=_("Einde"), widget=DATE)
    projects = forms.MultipleChoiceField(
        label=_("Projecten"), required=False, widget=forms.CheckboxSelectMultiple
    )
    results = forms.MultipleChoiceField(
        label=_("Beoogde resultaten (art. 3)"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, wijken, organisations, projects, results, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wijk"].choices = _choices(wijken)
        self.fields["party"].choices = _choices(organisations, lambda o: o.name)
        self.fields["projects"].choices = _choices(projects)
        self.fields["results"].choices = _choices(results, lambda r: f"{r.code}. {r.title[:80]}")


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Nieuwe status"))
    reason = forms.CharField(label=_("Reden"), widget=TEXT)

    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = allowed


class CoCreationForm(forms.Form):
    rung = forms.ChoiceField(label=_("Trede op de participatieladder"), choices=LadderRung.choices)
    stage = forms.ChoiceField(label=_("Fase van het project"), choices=ProjectStage.choices)
    wijk = forms.ChoiceField(label=_("Wijk"), required=False)
    held_on = forms.DateField(label=_("Datum"), widget=DATE)
    residents = forms.IntegerField(label=_("Aantal bewoners"), min_value=1, max_value=1_000_000)
    description = forms.CharField(label=_("Hoe bewoners meededen"), widget=TEXT, help_text=NO_PERSONAL)

    def __init__(self, *args, wijken, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wijk"].choices = [("", _("hele regio of geen wijk")), *_choices(wijken)]
