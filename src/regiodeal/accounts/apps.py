from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "regiodeal.accounts"
    label = "accounts"
    verbose_name = _("Accounts en rollen")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save, pre_save

        from . import signals

        user_model = get_user_model()
        pre_save.connect(
            signals.remember_privileges, sender=user_model, dispatch_uid="accounts.privileges.pre"
        )
        post_save.connect(
            signals.record_privileges, sender=user_model, dispatch_uid="accounts.privileges.post"
        )
