"""Forms of evaluation and steering. They only collect and convert input; the rules live in
services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from regiodeal.common.formatting import day
from regiodeal.common.forms import UtrechtForm

from .constants import DocumentKind


class DocumentForm(UtrechtForm):
    kind = forms.ChoiceField(label=_("Soort document"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Titel"), max_length=200)
    dated = forms.DateField(label=_("Datum van het document"))
    summary = forms.CharField(
        label=_("Samenvatting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat er in staat, in een paar zinnen. Het jaarverslag neemt dit over."),
    )
    file = forms.FileField(
        label=_("Bestand"), help_text=_("PDF, Word, ODT, tekst of afbeelding; ten hoogste 20 MB.")
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            # The kind of a document stays what it was; a new file is optional.
            del self.fields["kind"]
            self.fields["file"].required = False
            self.fields["file"].help_text = _("Laat leeg om het huidige bestand te houden.")


class AdjustmentForm(UtrechtForm):
    decided_on = forms.DateField(label=_("Besloten op"))
    title = forms.CharField(label=_("Wat is bijgestuurd"), max_length=200)
    change = forms.CharField(
        label=_("De wijziging"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat er anders gaat: aanpak, geld, planning of project."),
    )
    reason = forms.CharField(
        label=_("Waarom"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("De aanleiding: wat de metingen of de evaluatie lieten zien."),
    )
    results = forms.MultipleChoiceField(
        label=_("Naar aanleiding van deze beoogde resultaten"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Het oordeel van elk gekozen resultaat op de besluitdatum wordt bij de bijsturing bewaard."
        ),
    )
    meeting = forms.TypedChoiceField(
        label=_("Besproken in het overleg van"), required=False, coerce=int, empty_value=None
    )
    evaluation = forms.TypedChoiceField(
        label=_("Naar aanleiding van de evaluatie"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, results, meetings, evaluations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["results"].choices = results
        self.fields["meeting"].choices = [("", _("geen"))] + [
            (m.pk, f"{day(m.held_on)} {m.title}") for m in meetings
        ]
        self.fields["evaluation"].choices = [("", _("geen"))] + [
            (d.pk, f"{day(d.dated)} {d.title}") for d in evaluations
        ]


class CreditLineForm(UtrechtForm):
    asked_on = forms.DateField(label=_("Gevraagd op"))
    how = forms.CharField(
        label=_("Hoe gevraagd"),
        max_length=300,
        help_text=_("Bijvoorbeeld: per e-mail aan de projectleider, in de subsidiebeschikking."),
    )
