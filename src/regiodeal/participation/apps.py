from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "regiodeal.participation"
    label = "participation"
    verbose_name = _("Participatie")

    def ready(self):
        from regiodeal.common import dataversion as dv

        dv.watch_app(self.label, dv.PARTICIPATION)  # the cached figures (common/dataversion.py)
        from regiodeal.results import per_wijk

        from .places import values_per_wijk

        per_wijk.draw_with(values_per_wijk)  # an indicator's page draws its wijken with our boundaries
