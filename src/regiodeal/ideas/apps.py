from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "regiodeal.ideas"
    label = "ideas"
    verbose_name = _("Ideeën van inwoners")

    def ready(self):
        from regiodeal.common import dataversion as dv

        # The cached figures (common/dataversion.py); and what residents bring in, or what is taken
        # down, is on the public site at once, not after the lag of other writes (DISCLOSURE).
        dv.watch_app(self.label, dv.PARTICIPATION, dv.DISCLOSURE)
