"""The audit trail in the admin (read-only), and the mixin that makes every change made in the
admin an audit event (regiodeal.common.admin says which ModelAdmins may change anything)."""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db import transaction

from regiodeal.common.admin import ReadOnlyAdmin

from .models import AuditChain, AuditEvent
from .services import Actor, audit_record, snapshot


class AuditedAdminMixin:
    """Each add, change and delete through this ModelAdmin records an audit event
    ("admin.<model>.added|changed|deleted") with the record before and after, in the admin's own
    transaction. Fields in `audit_hidden` (a password hash) are left out; a change to them is
    noted as "changed"."""

    audit_hidden: tuple[str, ...] = ()

    def audit_deal_slug(self, obj) -> str:
        deal = getattr(obj, "deal", None)
        return getattr(deal, "slug", "") or ""

    def _audit_snapshot(self, obj) -> dict:
        names = [f.name for f in obj._meta.concrete_fields] + [f.name for f in obj._meta.many_to_many]
        data = snapshot(obj, [n for n in names if n not in self.audit_hidden])
        for name in self.audit_hidden:
            data[name] = getattr(obj, name, None) is not None and getattr(obj, name) != ""
        return data

    def _audit(self, request, obj, verb, before, after):
        if before and after:
            for name in self.audit_hidden:
                if getattr(obj, "_audit_hidden_before", {}).get(name) != getattr(obj, name, None):
                    after[name] = "changed"
        audit_record(
            actor=Actor.from_request(request),
            action=f"admin.{obj._meta.label_lower}.{verb}",
            obj=obj,
            deal_slug=self.audit_deal_slug(obj),
            summary=f"{obj._meta.verbose_name} {obj} {verb} in the admin",
            before=before,
            after=after,
        )

    def save_model(self, request, obj, form, change):
        old = type(obj)._default_manager.filter(pk=obj.pk).first() if change and obj.pk else None
        obj._audit_before = self._audit_snapshot(old) if old is not None else None
        obj._audit_hidden_before = {n: getattr(old, n, None) for n in self.audit_hidden} if old else {}
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        self._audit(
            request,
            obj,
            "changed" if change else "added",
            getattr(obj, "_audit_before", None),
            self._audit_snapshot(obj),
        )

    def delete_model(self, request, obj):
        self._audit(request, obj, "deleted", self._audit_snapshot(obj), None)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self._audit(request, obj, "deleted", self._audit_snapshot(obj), None)
            super().delete_queryset(request, queryset)

    def audit_password_change(self, request, object_id, response):
        """For a user admin's own password view (it saves outside save_model)."""
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, unquote(object_id))
            audit_record(
                actor=Actor.from_request(request),
                action=f"admin.{user._meta.label_lower}.password_changed",
                obj=user,
                summary=f"password of {user.get_username()} set in the admin",
                after={"password": "changed"},
            )


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = [
        "at",
        "actor_label",
        "source",
        "action",
        "deal_slug",
        "object_type",
        "object_id",
        "chain_seq",
    ]
    list_filter = ["action", "deal_slug", "object_type"]
    search_fields = ["actor_label", "object_id", "summary"]
    date_hierarchy = "at"


@admin.register(AuditChain)
class AuditChainAdmin(ReadOnlyAdmin):
    list_display = ["key", "last_seq", "last_hash"]


# django-axes: deleting an access attempt unlocks an account, so it is audited. Its "clean up
# expired attempts" action deletes past the admin's hooks and is left out.
for model, base in (
    (AccessAttempt, axes_admin.AccessAttemptAdmin),
    (AccessLog, axes_admin.AccessLogAdmin),
    (AccessFailureLog, axes_admin.AccessFailureLogAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, type(f"Audited{base.__name__}", (AuditedAdminMixin, base), {"actions": []}))
