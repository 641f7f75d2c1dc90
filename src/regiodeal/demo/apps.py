from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """`regiodeal demo`: an example portfolio, written only through the apps' own services."""

    name = "regiodeal.demo"
    label = "demo"
    verbose_name = _("Voorbeeldgegevens")
