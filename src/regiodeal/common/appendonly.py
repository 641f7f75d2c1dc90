"""The one append-only base: records that are added and never changed or deleted. A correction is
a new record (a reversing ledger entry, a correcting payment); the history is what was recorded.

Used by the ledger and the accounts around it (`finance`), the Parties' declarations and the
evidence of obligations (`governance`), the Parties' comments and the submitted report
(`reporting`), and the audit trail (`audit`, which also permits its restore and the blanking of
residents' addresses: `AuditEventQuerySet`).

A model inherits `AppendOnly` and says in `append_only_message` what to do instead. Refused, with
`PermissionDenied`: saving a stored record again, deleting it, and through its manager `update`,
`delete` and `bulk_update`. The one exception a model may name is `fill_once`: fields that start
empty and are filled once later (the frozen report's PDFs, rendered by the worker); an `update`
that writes only those fields passes, and the caller filters on the field still being empty.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import PermissionDenied
from django.db import models

APPEND_ONLY = "This record is append-only: add a new record instead of changing this one."


class AppendOnlyQuerySet(models.QuerySet):
    """No update or delete of these records through the ORM."""

    def _may_rewrite(self) -> bool:
        """True where a subclass permits a rewrite (the audit trail during a restore)."""
        return False

    def _refuse(self):
        raise PermissionDenied(getattr(self.model, "append_only_message", APPEND_ONLY))

    def update(self, **kwargs):
        fill_once = getattr(self.model, "fill_once", ())
        if self._may_rewrite() or (kwargs and set(kwargs) <= set(fill_once)):
            return super().update(**kwargs)
        return self._refuse()

    def delete(self):
        if self._may_rewrite():
            return super().delete()
        return self._refuse()

    def _raw_delete(self, using):  # the deletion collector's fast path
        if self._may_rewrite():
            return super()._raw_delete(using)
        return self._refuse()

    def bulk_update(self, objs, fields, *args, **kwargs):
        if self._may_rewrite():
            return super().bulk_update(objs, fields, *args, **kwargs)
        return self._refuse()


class AppendOnly(models.Model):
    """A record that is added once: a second save or a delete is refused."""

    append_only_message: ClassVar[str] = APPEND_ONLY
    fill_once: ClassVar[tuple[str, ...]] = ()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise PermissionDenied(self.append_only_message)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied(self.append_only_message)
