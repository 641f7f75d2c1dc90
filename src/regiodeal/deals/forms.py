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
