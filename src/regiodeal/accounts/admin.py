"""Accounts in the admin. A membership is a privilege grant: it is given, changed and ended on
the people pages (accounts.services: invitation, role change, end, each audited), so it is
read-only here. What only the admin offers (a person's active, staff and superuser flags, the
password set by hand, Django groups) stays editable and every change is an audit event."""

from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from regiodeal.audit.admin import AuditedAdminMixin
from regiodeal.common.admin import ReadOnlyAdmin

from .models import Membership
from .signals import privileges_audited_elsewhere


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "role", "deal", "organisation", "created_at"]
    list_filter = ["role", "deal"]
    search_fields = ["user__username", "user__email"]


User = get_user_model()


class AuditedUserAdmin(AuditedAdminMixin, auth_admin.UserAdmin):
    audit_hidden = ("password",)

    def changeform_view(self, request, *args, **kwargs):
        with privileges_audited_elsewhere():  # this admin records the fuller event itself
            return super().changeform_view(request, *args, **kwargs)

    def user_change_password(self, request, id, form_url=""):
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            self.audit_password_change(request, id, response)
        return response


class AuditedGroupAdmin(AuditedAdminMixin, auth_admin.GroupAdmin):
    pass


for model, model_admin in ((User, AuditedUserAdmin), (Group, AuditedGroupAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
