"""Forms for the results screens. They only parse input; writes go through services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from regiodeal.common.forms import UtrechtForm
from regiodeal.deals.constants import AreaKind, TargetKind

DATE = forms.DateInput(attrs={"type": "date"})  # the import form (results/import.html)
VALUE = {"max_digits": 20, "decimal_places": 4}


class LinkForm(UtrechtForm):
    """Baseline (Art. 7.1) and target of an indicator for an intended result."""

    baseline_value = forms.DecimalField(label=_("Nulmeting: waarde"), required=False, **VALUE)
    baseline_on = forms.DateField(label=_("Nulmeting: datum"), required=False)
    baseline_source = forms.CharField(label=_("Nulmeting: bron"), max_length=300, required=False)
    target_kind = forms.ChoiceField(label=_("Soort streefwaarde"), choices=TargetKind.choices)
    target_value = forms.DecimalField(
        label=_("Streefwaarde"),
        help_text=_("Bij een relatieve streefwaarde de verandering in procenten (25 is +25%)."),
        **VALUE,
    )
    target_on = forms.DateField(label=_("Te halen op"))
    area_kind = forms.ChoiceField(
        label=_("Per soort gebied (alleen bij een norm per gebied)"),
        choices=[("", "—"), *AreaKind.choices],
        required=False,
    )
    note = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class NewLinkForm(LinkForm):
    result = forms.ChoiceField(label=_("Beoogd resultaat"))
    indicator = forms.ChoiceField(label=_("Indicator"))
    field_order = ["result", "indicator"]

    def __init__(self, *args, results, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].choices = [(r.code, f"{r.code}. {r.title[:90]}") for r in results]
        self.fields["indicator"].choices = [(str(i.pk), f"{i.name} ({i.code})") for i in indicators]


class MeasurementForm(UtrechtForm):
    indicator = forms.ChoiceField(label=_("Indicator"))
    value = forms.DecimalField(label=_("Waarde"), **VALUE)
    on = forms.DateField(label=_("Peildatum (of einde van de periode)"))
    period_start = forms.DateField(label=_("Begin van de periode"), required=False)
    source = forms.CharField(label=_("Bron"), max_length=300)
    area_code = forms.CharField(
        label=_("Gebied"),
        help_text=_("Code van de deal of CBS-code, zoals WK055601. Leeg: de hele regio."),
        max_length=20,
        required=False,
    )
    group_code = forms.ChoiceField(label=_("Doelgroep"), required=False)
    project = forms.ChoiceField(label=_("Project"), required=False)

    def __init__(self, *args, indicators, groups, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(str(i.pk), f"{i.name} ({i.code})") for i in indicators]
        self.fields["group_code"].choices = [("", "—"), *[(g.code, g.name) for g in groups]]
        self.fields["project"].choices = [("", "—"), *[(p.code, f"{p.code} {p.title}") for p in projects]]


class MilestoneForm(UtrechtForm):
    """A milestone that judges an intended result, or what residents will notice of a pillar,
    where the covenant names no number (Art. 3, Bijlage 1 §2.B)."""

    subject = forms.ChoiceField(
        label=_("Waarvoor"),
        help_text=_("Het beoogde resultaat, of wat inwoners van een pijler gaan merken (art. 3)."),
    )
    title = forms.CharField(label=_("Mijlpaal"), max_length=300, help_text=_("Wat wordt opgeleverd."))
    due_on = forms.DateField(label=_("Op te leveren uiterlijk"))
    delivered_on = forms.DateField(
        label=_("Opgeleverd op"), required=False, help_text=_("Leeg zolang de mijlpaal niet is opgeleverd.")
    )
    document = forms.FileField(
        label=_("Document"),
        required=False,
        help_text=_("Het opgeleverde stuk: pdf, docx, odt, txt of een afbeelding, ten hoogste 20 MB."),
    )
    note = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, results, pillars, fixed_subject: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [
            *[
                (
                    f"result:{r.code}",
                    _("Resultaat %(code)s. %(title)s") % {"code": r.code, "title": r.title[:80]},
                )
                for r in results
            ],
            *[
                (f"pillar:{p.code}", _("Pijler %(code)s: wat inwoners gaan merken") % {"code": p.code})
                for p in pillars
            ],
        ]
        if fixed_subject:
            self.fields["subject"].disabled = True

    def clean(self):
        data = super().clean()
        delivered, document = data.get("delivered_on"), data.get("document")
        has_document = bool(document) or bool(self.initial.get("has_document"))
        if delivered and not has_document:
            self.add_error(
                "document", _("Een opgeleverde mijlpaal heeft zijn document: voeg het bestand toe.")
            )
        if document and not delivered:
            self.add_error(
                "delivered_on",
                _("Met een document is de mijlpaal opgeleverd: vul de datum van oplevering in."),
            )
        return data
