from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "regiodeal.ideas"
    label = "ideas"
    verbose_name = _("Ideeën van inwoners")

    def ready(self):
        from regiodeal.common import dataversion as dv

        dv.watch_app(self.label, dv.PARTICIPATION)  # the cached figures (common/dataversion.py)
