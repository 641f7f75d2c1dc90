from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "regiodeal.portal"
    label = "portal"
    verbose_name = _("Publieke site")

    def ready(self):
        # The public pages' cache: any change to the data they read makes a new generation
        # (selectors.py explains the data version).
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .selectors import on_model_change

        post_save.connect(on_model_change, dispatch_uid="portal-cache-save")
        post_delete.connect(on_model_change, dispatch_uid="portal-cache-delete")
        m2m_changed.connect(on_model_change, dispatch_uid="portal-cache-m2m")
