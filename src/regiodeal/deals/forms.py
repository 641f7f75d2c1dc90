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


class DealPresentationForm(UtrechtForm):
    """The deal's identity and statements (deals.DealSettings). Empty
    texts mean the platform's default text."""

    prefix = "look"

    responsible_organisation = forms.CharField(
        label=_("Verantwoordelijke organisatie"),
        max_length=200,
        required=False,
        help_text=_("Staat onder elke pagina en in de verklaringen. Leeg: de regiokassier."),
    )
    contact_email = forms.EmailField(label=_("E-mailadres voor contact"), required=False)
    contact_phone = forms.CharField(label=_("Telefoonnummer voor contact"), max_length=40, required=False)
    contact_text = forms.CharField(
        label=_("Contactpagina: tekst"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Alinea's scheidt u met een lege regel. Leeg: de standaardtekst."),
    )
    contact_text_en = forms.CharField(
        label=_("Contactpagina: tekst in het Engels"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    privacy_text = forms.CharField(
        label=_("Privacyverklaring: tekst"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Alinea's scheidt u met een lege regel. Leeg: de standaardtekst."),
    )
    privacy_text_en = forms.CharField(
        label=_("Privacyverklaring: tekst in het Engels"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    accessibility_status = forms.ChoiceField(
        label=_("Toegankelijkheid: nalevingsstatus"),
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Zoals in de modelverklaring. A en B vragen een onderzoek door een onafhankelijke partij. "
            "Niets gekozen: C."
        ),
    )
    accessibility_statement_on = forms.DateField(
        label=_("Toegankelijkheidsverklaring: datum"), required=False
    )
    accessibility_known_issues = forms.CharField(
        label=_("Toegankelijkheid: bekende problemen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Leeg: de standaardtekst."),
    )
    accessibility_known_issues_en = forms.CharField(
        label=_("Toegankelijkheid: bekende problemen in het Engels"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG of SVG, ten hoogste 200 kB. Staat naast de naam van de deal bovenaan elke pagina."),
        widget=forms.ClearableFileInput(attrs={"accept": ".png,.svg,image/png,image/svg+xml"}),
    )
    remove_logo = forms.BooleanField(label=_("Het logo weghalen"), required=False)
    colour_primary = forms.CharField(
        label=_("Hoofdkleur"),
        max_length=7,
        required=False,
        help_text=_(
            "Van links en knoppen, als #rrggbb, bijvoorbeeld #1a5e9c. Moet op wit een contrast van minstens "
            "4,5:1 hebben. Leeg: de kleuren van het thema."
        ),
    )
    colour_band = forms.CharField(
        label=_("Kleur van de kopbalk"),
        max_length=7,
        required=False,
        help_text=_(
            "Achter de naam en het menu bovenaan en onder de pagina, als #rrggbb. Moet met de tekst en de "
            "hoofdkleur een contrast van minstens 4,5:1 hebben: kies een lichte kleur."
        ),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    TEXTS = (
        "responsible_organisation",
        "contact_email",
        "contact_phone",
        "contact_text",
        "contact_text_en",
        "privacy_text",
        "privacy_text_en",
        "accessibility_status",
        "accessibility_known_issues",
        "accessibility_known_issues_en",
    )

    def __init__(self, *args, **kwargs):
        from .models import AccessibilityStatus

        super().__init__(*args, **kwargs)
        self.fields["accessibility_status"].choices = [
            (value, f"{value}: {label}") for value, label in AccessibilityStatus.choices
        ]

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        from .presentation import LOGO_MAX_BYTES

        if upload.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("Het logo is groter dan 200 kB; kies een kleiner bestand."))
        return upload.read()

    @classmethod
    def initial_from(cls, settings) -> dict:
        data = {name: getattr(settings, name) for name in cls.TEXTS}
        data["accessibility_statement_on"] = settings.accessibility_statement_on
        data["colour_primary"] = settings.colour_primary
        data["colour_band"] = settings.colour_band
        data["lock_version"] = settings.lock_version
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
