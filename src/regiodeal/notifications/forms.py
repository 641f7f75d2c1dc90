from django import forms
from django.utils.translation import gettext_lazy as _

from regiodeal.common.forms import UtrechtForm

from .constants import Delivery, Language


class PreferenceForm(UtrechtForm):
    delivery = forms.ChoiceField(
        label=_("Wanneer wilt u uw meldingen per e-mail?"),
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        help_text=_("Op deze pagina en op uw startpagina staan ze altijd."),
    )
    language = forms.ChoiceField(
        label=_("In welke taal?"),
        choices=Language.choices,
        widget=forms.RadioSelect,
    )
