from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "regiodeal.accounts"
    label = "accounts"
    verbose_name = _("Accounts en rollen")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save, pre_save

        from . import kept, signals
        from .models import Membership

        user_model = get_user_model()
        pre_save.connect(
            signals.remember_privileges, sender=user_model, dispatch_uid="accounts.privileges.pre"
        )
        post_save.connect(
            signals.record_privileges, sender=user_model, dispatch_uid="accounts.privileges.post"
        )
        # An account and its memberships are kept in the cache under its generation (kept.py).
        post_save.connect(kept.account_changed, sender=user_model, dispatch_uid="accounts.kept.user.save")
        post_delete.connect(kept.account_changed, sender=user_model, dispatch_uid="accounts.kept.user.delete")
        pre_save.connect(kept.membership_moving, sender=Membership, dispatch_uid="accounts.kept.move")
        post_save.connect(kept.membership_changed, sender=Membership, dispatch_uid="accounts.kept.save")
        post_delete.connect(kept.membership_changed, sender=Membership, dispatch_uid="accounts.kept.delete")
