from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DealsConfig(AppConfig):
    name = "regiodeal.deals"
    label = "deals"
    verbose_name = _("Regio Deals")

    def ready(self):
        # The cached figures of a deal (common/dataversion.py): a deal, its versions and their
        # content, signatures and organisations are its covenant, which every figure is read with.
        from regiodeal.common import dataversion as dv

        from .models import Deal

        dv.watch_app(self.label, dv.COVENANT, models={Deal: ((dv.COVENANT,), lambda deal: deal.pk)})
        from .selectors import _forget_covenants

        dv.process_cache(_forget_covenants)  # the covenant read once per process
