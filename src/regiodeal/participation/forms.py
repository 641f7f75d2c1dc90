"""Forms for the participation screens, of the one family (`common.forms.UtrechtForm`, drawn by
`forms/_form.html`): ISO dates, checkbox lists ordered by code, money through `AmountField`.
They only parse input; writes and rules go through the services."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from regiodeal.common.forms import AmountField, UtrechtForm

from .constants import InitiativeKind, LadderRung, OutreachForm, ProjectStage

TEXT = forms.Textarea(attrs={"rows": 3})
NO_PERSONAL = _("Geen namen, e-mailadressen, telefoonnummers of adressen van inwoners.")


def _choices(items, label=lambda x: str(x)) -> list[tuple[str, str]]:
    return [(x.code, label(x)) for x in items]


def _tr(obj, field: str) -> str:
    """The definition's English text on an English page, where it has one (as the `tr` filter)."""
    if (get_language() or "nl").startswith("en") and getattr(obj, f"{field}_en", ""):
        return getattr(obj, f"{field}_en")
    return getattr(obj, field)


def _by_code(items) -> list:
    return sorted(items, key=lambda x: x.code)


class ConversationForm(UtrechtForm):
    wijk = forms.ChoiceField(label=_("Wijk"))
    held_on = forms.DateField(label=_("Datum"))
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
    feedback_on = forms.DateField(label=_("Teruggekoppeld op"), required=False)
    project = forms.ChoiceField(label=_("Project"), required=False)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args, wijken, organisations, themes, groups, projects, project_required=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["wijk"].choices = [("", "—"), *_choices(wijken)]
        self.fields["organisation"].choices = [("", "—"), *_choices(organisations, lambda o: o.name)]
        self.fields["themes"].choices = _choices(_by_code(themes), lambda t: t.name)
        self.fields["project"].choices = ([] if project_required else [("", _("geen project"))]) + _choices(
            projects
        )
        self.fields["project"].required = project_required
        self.group_fields = []
        for g in groups:
            name = f"group_{g.code}"
            self.fields[name] = forms.IntegerField(
                label=_("Van hen: %(group)s") % {"group": _tr(g, "name")},
                min_value=1,
                max_value=1_000_000,
                required=False,
                help_text=_("Hoeveel van de gesproken bewoners tot deze groep horen (niet verplicht)."),
            )
            self.group_fields.append((name, g.code))
        self._style_fields()

    def groups(self) -> dict[str, int]:
        return {
            code: self.cleaned_data[name] for name, code in self.group_fields if self.cleaned_data.get(name)
        }


class PublishForm(UtrechtForm):
    publishable = forms.BooleanField(required=False)
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class WijkForm(UtrechtForm):
    """Adding a wijk, and (with `editing`) correcting it: the code is then shown but fixed."""

    code = forms.CharField(
        label=_("Wijkcode (CBS)"), max_length=20, help_text=_("WK en zes cijfers, bijvoorbeeld WK060601.")
    )
    name = forms.CharField(label=_("Naam"), max_length=200)
    gemeente = forms.ChoiceField(label=_("Gemeente"))
    within = forms.ChoiceField(label=_("Ligt in gebied"), required=False)
    listed_on = forms.DateField(label=_("Op de lijst sinds"), required=False, help_text=_("Leeg: vandaag."))
    ended_on = forms.DateField(
        label=_("Van de lijst af per"),
        required=False,
        help_text=_(
            "Vanaf deze datum telt de wijk niet meer mee voor de norm en is hij niet meer te kiezen; "
            "eerdere gesprekken blijven staan. Leeg: de wijk staat op de lijst."
        ),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, areas, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].choices = [("", "—")] + [
            (a.code, a.name) for a in areas if a.kind == "gemeente"
        ]
        self.fields["within"].choices = [("", "—")] + [
            (a.code, a.name) for a in areas if a.kind != "gemeente"
        ]
        if editing:
            code = self.fields["code"]
            code.disabled = True
            code.required = False
            code.help_text = _(
                "De code ligt vast: de metingen van de norm (resultaat 1B) staan eronder. Is de code "
                "verkeerd, haal deze wijk dan van de lijst en voeg de wijk met de goede code toe."
            )
            self.fields["listed_on"].required = True
            self.fields["listed_on"].help_text = ""
        else:
            del self.fields["ended_on"]


class ThemeForm(UtrechtForm):
    """Adding a theme, and (with `editing`) renaming it or taking it off the list."""

    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Letters, cijfers, - en _; zo noemen importbestanden het thema. Ligt daarna vast."),
    )
    name = forms.CharField(label=_("Naam"), max_length=200)
    active = forms.BooleanField(
        label=_("In gebruik"),
        required=False,
        help_text=_("Uit: het thema is niet meer te kiezen; gesprekken die het noemden houden het."),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["code"].disabled = True
            self.fields["code"].required = False
            self.fields["code"].help_text = _("De code ligt vast: importbestanden noemen het thema zo.")
        else:
            del self.fields["active"]


class InitiativeForm(UtrechtForm):
    kind = forms.ChoiceField(label=_("Soort"), choices=InitiativeKind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Titel"), max_length=300, help_text=NO_PERSONAL)
    wijk = forms.ChoiceField(label=_("Wijk"))
    party = forms.ChoiceField(label=_("Partij of Partner"))
    residents_do = forms.CharField(label=_("Wat de bewoners doen"), widget=TEXT, help_text=NO_PERSONAL)
    party_does = forms.CharField(label=_("Wat de Partij doet"), widget=TEXT)
    # max_length=None: common.forms.AmountField's length validator would run on the cleaned
    # Decimal (TypeError); the parser bounds the input itself.
    amount = AmountField(label=_("Bijdrage in geld"), initial=Decimal("0.00"), max_length=None)
    support = forms.CharField(label=_("Hulp in natura"), widget=TEXT, required=False)
    starts_on = forms.DateField(label=_("Start"))
    ends_on = forms.DateField(label=_("Einde"))
    projects = forms.MultipleChoiceField(
        label=_("Projecten"), required=False, widget=forms.CheckboxSelectMultiple
    )
    results = forms.MultipleChoiceField(
        label=_("Beoogde resultaten (art. 3)"), required=False, widget=forms.CheckboxSelectMultiple
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, wijken, organisations, projects, results, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wijk"].choices = [("", "—"), *_choices(wijken)]
        self.fields["party"].choices = [("", "—"), *_choices(organisations, lambda o: o.name)]
        self.fields["projects"].choices = _choices(_by_code(projects))
        self.fields["results"].choices = _choices(
            _by_code(results), lambda r: f"{r.code}. {_tr(r, 'title')[:80]}"
        )

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount < 0:
            raise forms.ValidationError(_("Een bijdrage is nul of meer."))
        return amount


class TransitionForm(UtrechtForm):
    to_status = forms.ChoiceField(label=_("Nieuwe status"), widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reden"), widget=TEXT, help_text=NO_PERSONAL)

    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = allowed


class CoCreationForm(UtrechtForm):
    rung = forms.ChoiceField(
        label=_("Trede op de participatieladder"), choices=LadderRung.choices, widget=forms.RadioSelect
    )
    stage = forms.ChoiceField(label=_("Fase van het project"), choices=ProjectStage.choices)
    wijk = forms.ChoiceField(label=_("Wijk"), required=False)
    held_on = forms.DateField(label=_("Datum"))
    residents = forms.IntegerField(label=_("Aantal bewoners"), min_value=1, max_value=1_000_000)
    description = forms.CharField(label=_("Hoe bewoners meededen"), widget=TEXT, help_text=NO_PERSONAL)

    def __init__(self, *args, wijken, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wijk"].choices = [("", _("hele regio of geen wijk")), *_choices(wijken)]
