from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "regiodeal.imports"
    label = "imports"
    verbose_name = _("bestanden inlezen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import jobs  # noqa: F401 - registers the daily clean-up of abandoned uploads
