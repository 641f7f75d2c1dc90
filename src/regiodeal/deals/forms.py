"""The form of the administrator's deal upload. It only reads the file; the definition is
checked by `definition.read_definition` and loaded by `services.deal_load`."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from regiodeal.common.forms import UtrechtForm


class DefinitionUploadForm(UtrechtForm):
    file = forms.FileField(
        label=_("Definitiebestand (YAML)"),
        help_text=_("In het formaat van docs/definition-format.md, ten hoogste 1 MB."),  # the default
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name or ""
        if not name.lower().endswith((".yaml", ".yml")):
            raise forms.ValidationError(
                _("Kies een YAML-bestand (.yaml of .yml); %(n)s is dat niet.") % {"n": name}
            )
        # REGIODEAL_DEFINITION_MAX_BYTES, 1 MB by default: the Waterwegregio definition is about 40 kB.
        if upload.size > settings.REGIODEAL_DEFINITION_MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "Het bestand is groter dan %(max)s kB; een definitie is veel kleiner: "
                    "is dit het goede bestand?"
                )
                % {"max": settings.REGIODEAL_DEFINITION_MAX_BYTES // 1024}
            )
        try:
            self.text = upload.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(
                _("Het bestand is geen UTF-8-tekst: sla het op als UTF-8 en probeer opnieuw.")
            ) from exc
        return upload


class DealSettingsForm(UtrechtForm):
    """What the programme office decides where the covenant leaves it open (deals.DealSettings)."""

    programme_due_day = forms.IntegerField(
        label=_("Uitvoeringsprogramma vastgesteld uiterlijk: dag"),
        min_value=1,
        max_value=31,
        required=False,
        help_text=_("Bijlage 1 B noemt geen datum. Leeg: nog niet bepaald (een waarschuwing, geen fout)."),
    )
    programme_due_month = forms.TypedChoiceField(
        label=_("Uitvoeringsprogramma vastgesteld uiterlijk: maand"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("In het jaar dat het programma beschrijft."),
    )
    baseline_due_on = forms.DateField(
        label=_("Beginsituatie beschreven uiterlijk (lezing)"),
        required=False,
        help_text=_(
            "De dag die het programmabureau leest in de woorden van het convenant (art. 7.1). "
            "Leeg: de lezing van het definitiebestand."
        ),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        from django.utils.dates import MONTHS

        super().__init__(*args, **kwargs)
        self.fields["programme_due_month"].choices = [("", "—"), *[(str(n), MONTHS[n]) for n in range(1, 13)]]

    def clean(self):
        data = super().clean()
        if (data.get("programme_due_day") is None) != (
            data.get("programme_due_month") is None
        ) and not self.errors:
            self.add_error("programme_due_day", _("Vul dag én maand in, of laat beide leeg."))
        return data


class CorrectionForm(UtrechtForm):
    """A corrected definition file of a loaded deal (a reading, not the covenant) and its reason."""

    file = forms.FileField(
        label=_("Verbeterd definitiebestand (YAML)"),
        help_text=_("Dezelfde deal met een verbeterde lezing; de afgesproken inhoud blijft gelijk."),
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml"}),
    )
    reason = forms.CharField(
        label=_("Reden van de verbetering"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Komt in het auditspoor, bijvoorbeeld: resultaat 1C telt jongeren, geen aandeel."),
    )

    clean_file = DefinitionUploadForm.clean_file


class OrganisationIdentifierForm(UtrechtForm):
    """How open-data standards name a Party or Partner (deals.Organisation.iati_ref)."""

    iati_ref = forms.CharField(
        label=_("Organisatie-identificatie (OIN of KvK)"),
        max_length=40,
        required=False,
        help_text=_(
            "NL-OIN- met de 20 cijfers van het OIN (overheden), of NL-KVK- met de 8 cijfers van het "
            "KvK-nummer (bedrijven, stichtingen). Leeg: het IATI-bestand noemt de organisatie zonder "
            "identificatie."
        ),
    )
