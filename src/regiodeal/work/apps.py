from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    """ "Mijn werk": each person's home, where login leads."""

    name = "regiodeal.work"
    label = "work"
    verbose_name = _("Mijn werk")

    def ready(self):
        from . import sections  # noqa: F401  (registers the built-in sections)
