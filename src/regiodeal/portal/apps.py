from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "regiodeal.portal"
    label = "portal"
    verbose_name = _("Publieke site")

    def ready(self):
        from regiodeal.common import dataversion as dv

        from .selectors import _PAGE_VERSIONS, PUBLIC_READS
        from .templatetags.regiodeal import _FRAMES, _deal_items_for

        dv.process_cache(_PAGE_VERSIONS.clear)  # the deal page's covenant, read once per process
        dv.process_cache(_FRAMES.clear)  # the header and footer, rendered once per process
        dv.process_cache(_deal_items_for.cache_clear)  # a deal's navigation, made once per process
        for prefix, kinds in PUBLIC_READS.items():
            dv.reads(prefix, *kinds)
