from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    """What is public (Art. 10): confidentiality decisions on records, consulted by the one public
    read layer (portal/selectors.py) that the public site, public API, open data and public
    reports use."""

    name = "regiodeal.disclosure"
    label = "disclosure"
    verbose_name = _("Openbaarheid")
