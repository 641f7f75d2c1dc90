from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "regiodeal.governance"
    label = "governance"
    verbose_name = _("Bestuur en procedures")

    def ready(self):
        from regiodeal.common import dataversion as dv

        dv.watch_app(self.label, dv.GOVERNANCE)  # the cached figures (common/dataversion.py)
