"""The form of the administrator's deal upload. It only reads the file; the definition is
checked by `definition.read_definition` and loaded by `services.deal_load`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from regiodeal.common.forms import UtrechtForm

MAX_DEFINITION_BYTES = 1024 * 1024  # the Waterwegregio definition is about 40 kB


class DefinitionUploadForm(UtrechtForm):
    file = forms.FileField(
        label=_("Definitiebestand (YAML)"),
        help_text=_("In het formaat van docs/definition-format.md, ten hoogste 1 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name or ""
        if not name.lower().endswith((".yaml", ".yml")):
            raise forms.ValidationError(
                _("Kies een YAML-bestand (.yaml of .yml); %(n)s is dat niet.") % {"n": name}
            )
        if upload.size > MAX_DEFINITION_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 1 MB."))
        try:
            self.text = upload.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(
                _("Het bestand is geen UTF-8-tekst: sla het op als UTF-8 en probeer opnieuw.")
            ) from exc
        return upload
