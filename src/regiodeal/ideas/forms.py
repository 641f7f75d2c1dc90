from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import DESCRIPTION_MAX, TITLE_MAX, IdeaStatus
from .workflow import allowed_next


class IdeaForm(forms.Form):
    """The public form. `website` is a honeypot: hidden from people (CSS, not in the
    accessibility tree), filled in only by robots."""

    title = forms.CharField(label=_("Titel van uw idee"), max_length=TITLE_MAX)
    description = forms.CharField(
        label=_("Uw idee"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Wat wilt u doen of veranderen, en voor wie? Deze tekst wordt openbaar: zet er geen namen, "
            "adressen of telefoonnummers in."
        ),
    )
    area = forms.ChoiceField(label=_("Voor welke wijk of welk gebied?"))
    name = forms.CharField(label=_("Naam (niet verplicht)"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mailadres (niet verplicht)"), required=False)
    phone = forms.RegexField(
        label=_("Telefoonnummer (niet verplicht)"),
        regex=r"^\+?[0-9 ()\-]{6,20}$",
        required=False,
        error_messages={"invalid": _("Vul een telefoonnummer in met alleen cijfers, spaties, + of -.")},
    )
    consent = forms.BooleanField(required=False)
    notify_status = forms.BooleanField(required=False)
    website = forms.CharField(label=_("Laat dit veld leeg"), required=False)

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— kies —"))]
        for a in areas:
            if a.kind == "gemeente":
                label = _("%(g)s (elders in de gemeente)") % {"g": a.name}
            elif a.within:
                label = f"{a.name} ({a.within.name})"
            else:
                label = a.name
            choices.append((a.code, label))
        self.fields["area"].choices = choices
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        for name, field in self.fields.items():
            if name not in ("consent", "notify_status"):
                css = {"description": "utrecht-textarea", "area": "utrecht-select"}.get(
                    name, "utrecht-textbox"
                )
                field.widget.attrs.setdefault("class", css)


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Nieuwe status"))
    public_reason = forms.CharField(
        label=_("Toelichting voor de indiener (openbaar)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "utrecht-textarea"}),
    )
    internal_note = forms.CharField(
        label=_("Interne notitie (alleen programmabureau)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "utrecht-textarea"}),
    )
    project = forms.ChoiceField(label=_("Project (bij opnemen)"), required=False)

    def __init__(self, *args, idea, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s, IdeaStatus(s).label) for s in allowed_next(idea.status)]
        self.fields["to_status"].widget.attrs["class"] = "utrecht-select"
        self.fields["project"].choices = [("", _("— geen —"))] + [
            (p.code, f"{p.code} {p.title}") for p in projects
        ]
        self.fields["project"].widget.attrs["class"] = "utrecht-select"
