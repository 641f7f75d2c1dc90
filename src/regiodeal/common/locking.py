"""Optimistic locking for editable records: a save that started from an older version of the
record is refused with a message, instead of silently overwriting someone else's change."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _


class EditConflict(Exception):
    """Someone else saved this record after you opened it."""

    def __init__(self, obj: models.Model, expected: int):
        self.obj = obj
        self.expected = expected
        super().__init__(
            _(
                "%(what)s is intussen door iemand anders gewijzigd (versie %(current)s, u bewerkte versie "
                "%(expected)s). Open het opnieuw, bekijk de wijziging en breng de uwe opnieuw aan."
            )
            % {"what": str(obj), "current": obj.lock_version, "expected": expected}
        )


class Locked(models.Model):
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


def save_locked(obj: Locked, *, expected_version: int | None, update_fields: list[str]) -> None:
    """Write `update_fields` only if the row is still at `expected_version`; bump the version.

    The check and the write are one UPDATE ... WHERE lock_version = expected, so two concurrent
    saves can't both pass it."""
    if expected_version is None:
        expected_version = obj.lock_version
    model = type(obj)
    values = {f: getattr(obj, f) for f in update_fields}
    updated = model.objects.filter(pk=obj.pk, lock_version=expected_version).update(
        lock_version=expected_version + 1, **values
    )
    if updated == 0:
        obj.refresh_from_db(fields=["lock_version"])
        raise EditConflict(obj, expected_version)
    obj.lock_version = expected_version + 1
    # An UPDATE sends no post_save: the cached figures are told as if it had (common/dataversion.py).
    from .dataversion import changed

    changed(obj)
