from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "regiodeal.audit"
    label = "audit"
    verbose_name = _("Audittrail")

    def ready(self):
        from django.core import checks

        checks.register(audit_key_check, checks.Tags.security)
        from . import jobs  # noqa: F401 - registers the daily check of the chains


def audit_key_check(app_configs=None, **kwargs):
    """In production the audit trail's hash chain needs its own key (docs/security.md)."""
    from django.conf import settings
    from django.core import checks

    if getattr(settings, "PRODUCTION", False) and not getattr(settings, "REGIODEAL_AUDIT_KEY", ""):
        return [
            checks.Warning(
                "REGIODEAL_AUDIT_KEY is not set: the audit trail's hash chain uses a key derived from "
                "DJANGO_SECRET_KEY.",
                hint="Set REGIODEAL_AUDIT_KEY to a long random string, kept outside the database "
                "(docs/security.md, 'The audit trail').",
                id="regiodeal.audit.W001",
            )
        ]
    return []
