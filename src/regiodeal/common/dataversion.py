"""The version of the data, per deal and for the whole instance: the key under which computed
figures are cached, so that a change is visible on the next request (issue 9).

A cached figure is stored under a key that holds the data version; a change makes a new version,
so the next request misses the cache and computes the figure again (old entries simply expire).
The version of one deal's data is made of

1. the **shared generation**: a token replaced when a row changes that belongs to no single deal
   (a deal version's content: pillars, areas, parties; a project's milestones), or whose deal is
   not known without a query;
2. the **deal's generation**: a token replaced when a row with this deal (its `deal_id`, or the
   deal itself) is saved or deleted, or a many-to-many link of it changes. Both tokens are set by
   the post_save/post_delete/m2m_changed receivers below (common/apps.py connects them) for the
   models of the apps in WATCHED_APPS;
3. the **latest audit event** of this deal, or without a deal: every service write adds one, in
   its own transaction, so a write is seen when it commits, also one in another server process
   with its own cache, and one that sends no signal (a bulk import, a queryset update). An event
   without a deal counts for every deal;
4. **today's date**: a confidentiality starts and ends on a date without anything being written.

What is cached this way: the public site's figures (portal/selectors.py), and the rendered
figures of the internal screens that are read far more often than the data changes: the money
overview (finance/views.py) and the results dashboard (results/views.py), per date asked for,
language and what the account may do there (`cached_fragment`).

The version of the whole instance (the ministry's portfolio) has a generation replaced on every
change of any deal, and the latest audit event of all.

Within one request the versions are read once (`RequestScope`, a middleware) and forgotten as
soon as the process saves or deletes any row, so a request that writes and then reads sees its
own write.

So a write in one deal leaves every other deal's cached figures in place (with a version for the
whole instance, every write emptied every deal's public cache: under continuous writes in one deal
the public API of all deals was computed afresh on every request). The price is that a row must
be attributed to its deal correctly: it is, by the row's own `deal_id`; where a row has none the
shared generation changes, which empties every deal's cache (safe, only slower).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

from django.core.cache import cache
from django.db import connection
from django.utils import timezone, translation

T = TypeVar("T")

CACHE_SECONDS = 3600
GENERATION_KEY = "dataversion:all"  # replaced on every change: the whole instance
SHARED_KEY = "dataversion:shared"  # replaced on a change that belongs to no one deal
DEAL_KEY = "dataversion:deal:{}"  # replaced on a change of this deal's rows

# Apps whose data the cached figures (public pages, dashboards, overviews) are computed from.
WATCHED_APPS = frozenset(
    {
        "deals",
        "projects",
        "finance",
        "results",
        "disclosure",
        "ideas",
        "governance",
        "participation",
        "reporting",
    }
)


def _token() -> str:
    # A fresh token, never a counter restarting at 0: an evicted key can't bring old entries back.
    return uuid.uuid4().hex


def bump_generation(deal_id: int | None = None) -> None:
    """A new version for this deal (and the whole instance); without a deal, for every deal."""
    token = _token()
    key = DEAL_KEY.format(deal_id) if deal_id is not None else SHARED_KEY
    cache.set_many({GENERATION_KEY: token, key: token}, None)


def deal_id_of(instance) -> int | None:
    """The deal a changed row belongs to, without a query; None when that would take one."""
    from regiodeal.deals.models import Deal

    if isinstance(instance, Deal):
        return instance.pk
    if "deal_id" in {f.attname for f in instance._meta.concrete_fields}:
        return instance.deal_id
    return None


def on_model_change(sender, instance=None, **kwargs) -> None:
    """post_save, post_delete and m2m_changed of any model (common/apps.py connects it)."""
    _forget()
    if getattr(sender, "data_version_ignored", False):
        return  # a row that holds no figure (reporting.PdfRendering)
    if sender._meta.app_label not in WATCHED_APPS and (
        instance is None or instance._meta.app_label not in WATCHED_APPS
    ):
        return
    bump_generation(deal_id_of(instance) if instance is not None else None)


def _hooks():
    from django.db.models.signals import m2m_changed, post_delete, post_save

    return [
        (post_save, "dataversion-save"),
        (post_delete, "dataversion-delete"),
        (m2m_changed, "dataversion-m2m"),
    ]


def connect_receivers() -> None:
    for signal, uid in _hooks():
        signal.connect(on_model_change, dispatch_uid=uid)


def disconnect_receivers() -> None:
    """For a bulk loader that bumps the generation itself when it is done (bench/portfolio.py)."""
    for signal, uid in _hooks():
        signal.disconnect(dispatch_uid=uid)


# The versions read in this request (None outside a request: nothing is remembered there).
_memo: ContextVar[dict | None] = ContextVar("dataversion_memo", default=None)


def _forget() -> None:
    memo = _memo.get()
    if memo:
        memo.clear()


def _memo_pop(key):
    memo = _memo.get()
    return memo.pop(key, None) if memo else None


def _remembered(key, compute: Callable[[], str]) -> str:
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


class RequestScope:
    """Middleware: the data versions are read at most once per request (each read is a query and
    two cache reads; a public page asks for its deal's version for each of its parts)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


def _generations(*keys: str) -> list[str]:
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, _token(), None)
            found[key] = cache.get(key) or "none"
    return [found[key] for key in keys]


def _latest_event_id() -> int:
    from regiodeal.audit.models import AuditEvent

    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _deals_with_events(where: str, param) -> list:
    """The deals matching `where` (on the alias d), each with the id of the latest audit event of
    the deal (`own_event`) and of the latest without a deal (`shared_event`): two reads of one
    entry of the (deal_slug, id) index. Written out in SQL because it runs on every request of a
    deal: the ORM took three times as long to build it as the database to answer it."""
    from regiodeal.audit.models import AuditEvent
    from regiodeal.deals.models import Deal

    quote = connection.ops.quote_name
    latest = "(SELECT e.id FROM {} e WHERE e.deal_slug = {} ORDER BY e.id DESC LIMIT 1)"
    own = latest.format(quote(AuditEvent._meta.db_table), "d.slug")
    shared = latest.format(quote(AuditEvent._meta.db_table), "%s")
    # Table names from the models and `where` from this module: nothing of a request is in the text.
    columns = f"d.*, {own} AS own_event, {shared} AS shared_event"
    sql = f"SELECT {columns} FROM {quote(Deal._meta.db_table)} d WHERE {where}"  # noqa: S608
    return list(Deal.objects.raw(sql, ["", param]))


def _latest_event_ids(deal) -> tuple[int, int]:
    """The id of the latest audit event of this deal and of the latest without a deal, in one
    query (or none, if `deal_by_slug` read them in this request)."""
    events = _memo_pop(("events", deal.pk))
    if events is not None:
        return events
    found = _deals_with_events("d.id = %s", deal.pk)
    return (found[0].own_event or 0, found[0].shared_event or 0) if found else (0, 0)


def deal_by_slug(slug: str):
    """The deal with this slug (Deal.DoesNotExist if none), reading in the same query what its
    data version needs from the audit trail: a page or API call of a deal looks its deal up first
    and reads its data version next, and this saves that second round trip. What it read is used
    by the first `deal_data_version` of this deal in this request, unless the request writes first
    (a write forgets it, like the versions)."""
    from regiodeal.deals.models import Deal

    found = _deals_with_events("d.slug = %s", slug)
    if not found:
        raise Deal.DoesNotExist(f"No deal with slug {slug!r}.")
    deal = found[0]
    memo = _memo.get()
    if memo is not None:
        memo[("events", deal.pk)] = (deal.own_event or 0, deal.shared_event or 0)
    return deal


def _today() -> dt.date:
    return timezone.localdate()


def data_version() -> str:
    """The version of the whole instance: changes with any write in any deal."""

    def compute() -> str:
        (generation,) = _generations(GENERATION_KEY)
        return f"{generation}.{_latest_event_id()}.{_today().isoformat()}"

    return _remembered("all", compute)


def deal_data_version(deal) -> str:
    """The version of one deal's data: changes with a write in this deal or in no one deal."""

    def compute() -> str:
        shared_generation, deal_generation = _generations(SHARED_KEY, DEAL_KEY.format(deal.pk))
        own, shared = _latest_event_ids(deal)
        return f"{shared_generation}.{deal_generation}.{own}.{shared}.{_today().isoformat()}"

    return _remembered(("deal", deal.pk), compute)


def _cached(key: str, build: Callable[[], T], seconds: int) -> T:
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, seconds)
    return value


def cached_for_deal(deal, name: str, build: Callable[[], T], *, seconds: int = CACHE_SECONDS) -> T:
    """`build()`, cached under this deal's data version."""
    return _cached(f"dv:{deal.pk}:{name}:{deal_data_version(deal)}", build, seconds)


def cached_for_instance(name: str, build: Callable[[], T], *, seconds: int = CACHE_SECONDS) -> T:
    """`build()`, cached under the version of the whole instance (figures of every deal)."""
    return _cached(f"dv:all:{name}:{data_version()}", build, seconds)


def cached_fragment(deal, name: str, render: Callable[[], T], *vary) -> T:
    """A rendered part of a screen (HTML, a dict holding HTML, or an API's rows), made by
    `render()` and cached under the deal's data version, per language and per `vary` (the date or
    filters asked for, what the account may do; hashed, so what a visitor types makes a key of
    fixed length). What it holds must depend on nothing else: not on the account (beyond `vary`),
    nor on a form's CSRF token."""
    which = hashlib.sha256("\x1f".join(str(v) for v in vary).encode()).hexdigest()[:32]
    key = f"{name}:{translation.get_language() or ''}:{which}"
    # render_to_string gives a SafeString, and the cache keeps its type; anything else would be
    # escaped by the template (safe, and visible at once).
    return cached_for_deal(deal, key, render)
