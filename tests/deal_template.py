"""The covenant loaded once per worker, then replayed row by row.

Loading the Waterwegregio covenant through `deal_load` takes about 160 queries (parties, pillars,
articles, norms, the audit event ...), and most tests start from it: a few hundred seconds of a
suite run went to loading the same covenant again. The first test of a worker that asks for a
deal loads BOTH bundled test deals through the real service inside a savepoint, records every
row the loads added, and rolls the savepoint back. From then on a deal is these rows inserted
again with their own keys (one bulk insert per table): the same rows the service writes, byte for
byte, audit chain included.

A replay that cannot be exact falls back to the service: when the load changed a row that existed
before it (the template would miss that change), or when a row the test made before asking for
the deal took one of the recorded keys.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import IntegrityError, connection, transaction

WATERWEGREGIO, PROEFDEAL = "waterwegregio", "proefdeal"


class _Rollback(Exception):
    pass


def _models():
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and not m._meta.swapped
    ]


def _snapshot(models) -> dict:
    """Every row of every table, by model and key (small: a migrated database and what the test
    made so far)."""
    snapshot = {}
    for m in models:
        rows = m._base_manager.values(*[f.attname for f in m._meta.concrete_fields])
        snapshot[m] = {row[m._meta.pk.attname]: row for row in rows}
    return snapshot


def _insert_raw(model, rows: list[dict]) -> None:
    """Insert the rows as they are, the way `loaddata` does (`raw`: no `auto_now` stamps a new
    time on an audit event whose hash covers the old one)."""
    fields = model._meta.concrete_fields
    objs = [model(**row) for row in rows]
    size = connection.ops.bulk_batch_size(fields, objs) or len(objs)
    for start in range(0, len(objs), size):
        model._base_manager._insert(objs[start : start + size], fields=fields, raw=True)


class DealTemplates:
    def __init__(self, loaders: dict[str, Callable[[], object]]):
        self.loaders = loaders
        self.rows: dict[str, list[tuple[type, list[dict]]]] | None = None
        self.exact = True

    def _record(self) -> None:
        models = _models()
        recorded: dict[str, list[tuple[type, list[dict]]]] = {}
        try:
            with transaction.atomic():
                seen = _snapshot(models)
                for slug, load in self.loaders.items():
                    load()
                    now = _snapshot(models)
                    added = []
                    for m in models:
                        before, after = seen[m], now[m]
                        if any(after.get(pk) != row for pk, row in before.items()):
                            self.exact = False  # the load changed an existing row
                        new = [row for pk, row in after.items() if pk not in before]
                        if new:
                            added.append((m, new))
                    recorded[slug] = added
                    seen = now
                raise _Rollback
        except _Rollback:
            pass
        self.rows = recorded

    def load(self, slug: str):
        """The deal `slug` in the database, as `deal_load` would have written it."""
        from regiodeal.deals.models import Deal

        if self.rows is None:
            self._record()
        if not self.exact:
            return self.loaders[slug]()
        try:
            with transaction.atomic():
                for model, rows in self.rows[slug]:
                    _insert_raw(model, rows)
        except IntegrityError:  # a key the test already used: load it the ordinary way
            return self.loaders[slug]()
        reset = connection.ops.sequence_reset_sql(no_style(), [m for m, _ in self.rows[slug]])
        if reset:
            with connection.cursor() as cursor:
                for sql in reset:
                    cursor.execute(sql)
        # No save signal ran: forget what the shared cache holds (a data version from a test
        # before, under the same deal key, would otherwise still be current).
        cache.clear()
        return Deal.objects.get(slug=slug)
