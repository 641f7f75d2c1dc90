"""A superuser or staff account made or changed outside the services is still recorded.

`regiodeal createsuperuser` (Django's own command), `regiodeal shell` and the like save a user
directly. Creating a superuser or staff account, and turning those flags on or off, records an
audit event ("user.superuser_created", "user.staff_created", "user.privileges_changed"), by the
command line's account. The admin records its own, fuller event (audit.admin.AuditedAdminMixin)
and says so with `privileges_audited_elsewhere()`."""

from __future__ import annotations

import contextvars
from contextlib import contextmanager

FLAGS = ("is_superuser", "is_staff")
_elsewhere: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "privileges_audited_elsewhere", default=False
)


@contextmanager
def privileges_audited_elsewhere():
    token = _elsewhere.set(True)
    try:
        yield
    finally:
        _elsewhere.reset(token)


def _flags(user) -> dict:
    return {flag: bool(getattr(user, flag)) for flag in FLAGS}


def remember_privileges(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._privileges_before = None
    if raw or instance.pk is None or _elsewhere.get():
        return
    if update_fields is not None and not set(update_fields) & set(FLAGS):
        return  # e.g. the last login: no privilege can have changed
    instance._privileges_before = sender._default_manager.filter(pk=instance.pk).values(*FLAGS).first()


def record_privileges(sender, instance, created=False, raw=False, **kwargs):
    if raw or _elsewhere.get():
        return
    from regiodeal.audit.services import Actor, audit_record

    after = _flags(instance)
    before = None if created else getattr(instance, "_privileges_before", None)
    if created:
        if not (after["is_superuser"] or after["is_staff"]):
            return
        action = "user.superuser_created" if after["is_superuser"] else "user.staff_created"
    elif before is None or before == after:
        return
    else:
        action = "user.privileges_changed"
    audit_record(
        actor=Actor.cli(),
        action=action,
        obj=instance,
        summary=f"{instance.get_username()}: "
        + ", ".join(f"{flag}={'on' if on else 'off'}" for flag, on in after.items()),
        before=before,
        after={"username": instance.get_username(), **after},
    )
