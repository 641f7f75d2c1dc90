from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "regiodeal.notifications"
    label = "notifications"
    verbose_name = _("meldingen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The daily jobs (jobs, services), the signal receivers, the section of "Mijn werk".
        from . import jobs, receivers, services, work  # noqa: F401
