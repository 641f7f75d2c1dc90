from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "regiodeal.jobs"
    label = "jobs"
    verbose_name = _("achtergrondtaken")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import daily  # noqa: F401 - registers the platform's own daily jobs
