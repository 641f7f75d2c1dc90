"""The Django admin is for looking things up. Domain data changes only through the workspace's
services, which check the covenant's rules, bump the lock version and record an audit event; so
every domain ModelAdmin is read-only (`ReadOnlyAdmin`). What the workspace does not offer (a
person's staff and superuser flags, a login lockout) stays editable in the admin, and every such
change is an audit event (`regiodeal.audit.admin.AuditedAdminMixin`). A test walks the admin's
registry and holds every ModelAdmin to one of the two."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
