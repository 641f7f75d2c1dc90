"""The version of the data, per deal and per kind of data: the key under which computed figures
are cached, so that a change is visible on the next request, and only where it matters.

A cached figure is stored under a key that holds the data version of what it was computed from; a
change makes a new version, so the next request misses the cache and computes the figure again
(old entries simply expire). The data of a deal is split into kinds (`KINDS`): the covenant, the
money, the results, the projects, participation, governance and the reports. A reader names the
kinds it is computed from (`cached_for_deal(..., kinds=...)`, or a name prefix registered with
`reads`); a writer changes the kind its model was registered with (`watch`). So a booking
(money) leaves the results dashboard warm, and a measurement leaves the money overview warm.

The version of one kind of one deal is made of

1. the **shared generation** of the kind: a token replaced when a row of that kind changes whose
   deal is not known (then every deal's figures of that kind go: safe, only slower);
2. the **deal's generation** of the kind: a token replaced when a row of that kind of this deal is
   saved or deleted, or a many-to-many link of it changes;
3. **today's date**: a confidentiality starts and ends on a date without anything being written.

Who changes what is registered by the apps, never imported here (common imports no domain app):
each app's `ready()` calls `watch_app` with the kinds its rows change and, where a row says which
deal it belongs to in some other way than a `deal_id`, how to find it. A row without its own
`deal_id` is attributed through its first foreign key to a model that has one (a milestone
through its project, a pillar through its deal version; the parent's deal is remembered per
process, it does not change). A confidentiality decision (disclosure) changes every kind of its
deal: nothing confidential is served from the cache afterwards.

The tokens are written by the post_save/post_delete/m2m_changed receivers at once (so the request
that writes reads its own write) and again when the transaction commits (so a request that read
the old rows while the write was under way cannot leave them under the new token). Writes that
send no signal (a queryset `update`, `bulk_create`) are covered when the same transaction saves
any row of the same kind and deal (a project's transition row with its status update, an import
batch with its ledger rows); a bulk path that saves none calls `bump_generation` itself (import,
restore, the benchmark's generator). A read changes nothing: an audited read writes an audit
event, and the audit trail is no part of any version.

The ministry's portfolio caches one row per deal under that deal's version (portal/portfolio.py):
a write in one deal makes one row be computed again, not forty.

Within one request the versions are read once (`RequestScope`, a middleware) and forgotten as
soon as the process saves or deletes any row, so a request that writes and then reads sees its
own write.

The public site (anonymous pages, the public API) is served `public_version`: the data version as
it was at most `REGIODEAL_PUBLIC_LAG_SECONDS` ago, plus, at once, the `DISCLOSURE` signal that a
confidentiality decision and residents' ideas change: under a stream of writes the public figures
of a deal are computed once per lag, and nothing kept confidential is served from the cache.

Per-process caches (the parsed covenant of a deal version, deals/selectors.py) are keyed by
something that never changes (a version's id); `forget_process_caches` empties them, for a cold
measurement (bench/).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import time
import uuid
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation

T = TypeVar("T")

CACHE_SECONDS = 3600

COVENANT = "covenant"  # a deal, its versions and their content, signatures, organisations
MONEY = "money"  # finance
RESULTS = "results"  # indicators, measurements, milestones
PROJECTS = "projects"
PARTICIPATION = "participation"  # wijken, conversations, initiatives, ideas
GOVERNANCE = "governance"  # meetings, decisions, requests, register, publications
REPORTS = "reports"  # the yearly reports
KINDS: tuple[str, ...] = (COVENANT, MONEY, RESULTS, PROJECTS, PARTICIPATION, GOVERNANCE, REPORTS)
EVERY = KINDS
# Not a kind of figure but a signal: a confidentiality decision of the deal. The public site's
# version (`public_version`) follows every other write with a lag, this one at once.
DISCLOSURE = "disclosure"

SHARED_KEY = "dataversion:shared:{}"  # per kind: a change of that kind whose deal is not known
DEAL_KEY = "dataversion:deal:{}:{}"  # per deal and kind
PUBLIC_KEY = "dataversion:public:{}:{}"  # per deal and kinds: the version the public is served, since when

# ---------------------------------------------------------------------------------------------
# What is watched: registered by the apps (their AppConfig.ready)


class _Watch:
    __slots__ = ("deal_of", "kinds")

    def __init__(self, kinds: tuple[str, ...], deal_of: Callable | None):
        self.kinds = kinds
        self.deal_of = deal_of


_apps: dict[str, _Watch] = {}  # app label -> what a change of its rows changes
_models: dict[type, _Watch] = {}  # a model that differs from its app
_ignored: set[str] = set()  # "app_label.ModelName": rows that hold no figure
_readers: list[tuple[str, tuple[str, ...]]] = []  # cache-name prefix -> kinds it is computed from
_process_caches: list[Callable[[], None]] = []


def _kinds(kinds: Iterable[str]) -> tuple[str, ...]:
    found = tuple(dict.fromkeys(kinds))
    unknown = set(found) - set(KINDS) - {DISCLOSURE}
    if unknown:
        raise ValueError(f"unknown kinds of data: {sorted(unknown)}")
    return found


def watch_app(label: str, *kinds: str, models: dict | None = None, ignore: Iterable = ()) -> None:
    """A change of a row of app `label` changes `kinds` of its deal. `models` gives a model its
    own kinds, `{Model: kinds}` or `{Model: (kinds, deal_of)}` with `deal_of(row) -> deal id or
    None`; `ignore` names models whose rows hold no figure."""
    _apps[label] = _Watch(_kinds(kinds), None)
    for model, spec in (models or {}).items():
        if isinstance(spec, tuple) and len(spec) == 2 and callable(spec[1]):
            _models[model] = _Watch(_kinds(spec[0]), spec[1])
        else:
            _models[model] = _Watch(_kinds(spec), None)
    for model in ignore:
        _ignored.add(model._meta.label)


def reads(prefix: str, *kinds: str) -> None:
    """A figure cached under a name starting with `prefix` is computed from `kinds` (for a caller
    that does not pass `kinds` itself). Without a registration a figure depends on every kind."""
    _readers.append((prefix, _kinds(kinds)))
    _readers.sort(key=lambda r: -len(r[0]))


def kinds_read_by(name: str) -> tuple[str, ...]:
    for prefix, kinds in _readers:
        if name.startswith(prefix):
            return kinds
    return EVERY


def process_cache(forget: Callable[[], None]) -> None:
    """Register a per-process cache (emptied by `forget_process_caches`)."""
    _process_caches.append(forget)


def forget_process_caches() -> None:
    for forget in _process_caches:
        forget()


def _watch_of(model) -> _Watch | None:
    if model._meta.label in _ignored:
        return None
    return _models.get(model) or _apps.get(model._meta.app_label)


# ---------------------------------------------------------------------------------------------
# Which deal a changed row belongs to

_parents: dict[tuple[str, object], int | None] = {}  # (model label, pk) -> deal id, per process
_PARENTS_KEPT = 20_000


def _has_deal_id(model) -> bool:
    return any(f.attname == "deal_id" for f in model._meta.concrete_fields)


def deal_id_of(instance) -> int | None:
    """The deal a changed row belongs to: its own `deal_id`, its registered `deal_of`, or that of
    its first parent (a foreign key to a model with a `deal_id`); None when not found."""
    watch = _models.get(type(instance))
    if watch is not None and watch.deal_of is not None:
        try:
            return watch.deal_of(instance)
        except Exception:  # a row deleted with its parent: not attributable, every deal's then
            return None
    if _has_deal_id(type(instance)):
        return instance.deal_id
    for field in instance._meta.concrete_fields:
        parent = field.related_model if field.many_to_one else None
        if parent is None or not _has_deal_id(parent):
            continue
        parent_id = getattr(instance, field.attname)
        if parent_id is None:
            continue
        if field.is_cached(instance):
            return getattr(instance, field.name).deal_id
        key = (parent._meta.label, parent_id)
        if key not in _parents:
            if len(_parents) > _PARENTS_KEPT:
                _parents.clear()
            _parents[key] = (
                parent._base_manager.filter(pk=parent_id).values_list("deal_id", flat=True).first()
            )
        return _parents[key]
    return None


# ---------------------------------------------------------------------------------------------
# Writing a new version


def _token() -> str:
    # A fresh token, never a counter restarting at 0: an evicted key can't bring old entries back.
    return uuid.uuid4().hex


def _keys(deal_id: int | None, kinds: Iterable[str]) -> list[str]:
    if deal_id is None:
        return [SHARED_KEY.format(kind) for kind in kinds]
    return [DEAL_KEY.format(deal_id, kind) for kind in kinds]


def _bump(keys: Iterable[str]) -> None:
    _forget()
    cache.set_many(dict.fromkeys(keys, _token()), None)


def bump_generation(deal_id: int | None = None, kinds: Iterable[str] = EVERY) -> None:
    """A new version of `kinds` of this deal; without a deal, of every deal."""
    _bump(_keys(deal_id, kinds))


def key_changed(*keys: str) -> None:
    """A row that what is kept under these generation keys was read from was saved or deleted
    (accounts/kept.py: an account and its memberships): new generations at once and again when the
    transaction commits, as for a deal's kinds."""
    _bump(keys)
    _bump_at_commit(keys)


def _bump_at_commit(keys: tuple[str, ...]) -> None:
    """Bump these generation keys again when the open transaction commits: one callback per
    transaction or savepoint, holding every key changed in it (an import saves thousands of rows).
    The callback is found again only while it is still pending on this connection: savepoint
    levels are used again by later transactions, and a set whose callback already ran (or was
    dropped with its savepoint) must not swallow a later change. Robust: a cache that fails to
    take the bump is logged, it does not turn a committed write into an error."""
    conn = transaction.get_connection()
    if not conn.in_atomic_block:
        return  # autocommit: the write is already visible, the bump just made is the one
    pending = conn.__dict__.setdefault("_dataversion_pending", {})
    level = tuple(conn.savepoint_ids)
    found = pending.get(level)
    if found is not None:
        changes, callback, at = found
        hooks = conn.run_on_commit
        # Still in the list where it was put (an index, not a search: an import saves thousands
        # of rows); a rolled-back savepoint that moved it makes a new one, which is only safe.
        if not (at < len(hooks) and hooks[at][1] is callback):
            found = None  # its transaction or savepoint is over
    if found is None:
        changes = set()
        callback = functools.partial(_bump, changes)
        transaction.on_commit(callback, robust=True)
        found = pending[level] = (changes, callback, len(conn.run_on_commit) - 1)
    found[0].update(keys)


def changed(instance, model=None) -> None:
    """A row was written without a signal (a queryset update, common/locking.py): the same as its
    save."""
    on_model_change(model or type(instance), instance=instance)


def on_model_change(sender, instance=None, **kwargs) -> None:
    """post_save, post_delete and m2m_changed of any model (common/apps.py connects it)."""
    _forget()
    if getattr(sender, "data_version_ignored", False):
        return  # a row that holds no figure (reporting.PdfRendering)
    watch = _watch_of(sender)
    if watch is None and instance is not None:
        watch = _watch_of(type(instance))  # m2m_changed: the through model of a watched row
    if watch is None:
        return
    deal_id = deal_id_of(instance) if instance is not None else None
    key_changed(*_keys(deal_id, watch.kinds))


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


# ---------------------------------------------------------------------------------------------
# Reading a version

# What this request read (None outside a request: nothing is remembered there): each generation
# key's token, and each (deal, kinds) version made of them.
_memo: ContextVar[dict | None] = ContextVar("dataversion_memo", default=None)


def _forget() -> None:
    memo = _memo.get()
    if memo:
        memo.clear()


class RequestScope:
    """Middleware: the data versions are read at most once per request (a public page asks for
    its deal's version for each of its parts)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


def _generations(keys: list[str]) -> dict[str, str]:
    """The token of each generation key, each read from the cache at most once per request (a
    deal's covenant generation is asked for by its slug, its parties and its pages' versions)."""
    memo = _memo.get()
    found = {k: memo[k] for k in keys if k in memo} if memo else {}
    wanted = [k for k in keys if k not in found]
    if wanted:
        read = cache.get_many(wanted)
        for key in wanted:
            if key not in read:
                # A key that is new here (the cache emptied, the key evicted) gets a fresh token;
                # only when another process added one first is it read back. (The ministry's
                # portfolio starts some 160 of them when the cache was emptied: a read each less.)
                token = _token()
                read[key] = token if cache.add(key, token, None) else (cache.get(key) or "none")
        if memo is not None:
            memo.update(read)
        found.update(read)
    return found


def generation(key: str) -> str:
    """The token of one generation key (see `key_changed`), read once per request."""
    return _generations([key])[key]


def _today() -> dt.date:
    return timezone.localdate()


def deal_versions(deal_ids: Iterable[int], kinds: Iterable[str] = EVERY) -> dict[int, str]:
    """The data version of `kinds` of each of these deals, in one read of the cache (none for the
    deals this request read already)."""
    deal_ids, kinds = list(deal_ids), tuple(kinds)
    memo = _memo.get()
    known = {d: memo[(d, kinds)] for d in deal_ids if (d, kinds) in memo} if memo else {}
    wanted = [d for d in deal_ids if d not in known]
    if wanted:
        shared = _keys(None, kinds)
        found = _generations(shared + [k for d in wanted for k in _keys(d, kinds)])
        head = ".".join(found[k] for k in shared)
        today = _today().isoformat()
        for d in wanted:
            # Hashed: a key of fixed length whatever the number of kinds (memcached takes 250).
            tokens = f"{head}.{'.'.join(found[k] for k in _keys(d, kinds))}"
            known[d] = f"{hashlib.sha256(tokens.encode()).hexdigest()[:24]}.{today}"
            if memo is not None:
                memo[(d, kinds)] = known[d]
    return known


def shared_generation(kind: str) -> str:
    """The shared generation of one kind: new after a change of that kind whose deal is not known
    (for the covenant: a deal added or removed) and after a restore, which empties the cache. For
    a per-process cache of what is not one deal's (the deals by their slug)."""
    return generation(SHARED_KEY.format(kind))


def deal_data_version(deal, kinds: Iterable[str] = EVERY) -> str:
    """The version of `kinds` of one deal's data: changes with a write of those kinds in this deal
    or in no known deal, and with the date."""
    return deal_versions([deal.pk], kinds)[deal.pk]


def _cached(key: str, build: Callable[[], T], seconds: int) -> T:
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, seconds)
    return value


def public_version(deal, kinds: Iterable[str] = EVERY) -> str:
    """The version of `kinds` of this deal that the public site (anonymous pages, the public API)
    is served: the deal's data version as it was at most `REGIODEAL_PUBLIC_LAG_SECONDS` ago, so
    that under a stream of writes the public figures of the deal are computed again at most once
    per lag, not on nearly every request (docs/performance.md, "the deal written to"). A
    confidentiality decision is served at once: its signal (`DISCLOSURE`) is part of the version
    without a lag, so nothing kept confidential is served from the cache. Accounts logged in read
    `deal_data_version`: the programme office sees its own booking on the next page. With a lag of
    0 (the tests' setting) this is `deal_data_version`."""
    kinds = tuple(kinds)
    lag = getattr(settings, "REGIODEAL_PUBLIC_LAG_SECONDS", 0)
    if lag <= 0:
        return deal_data_version(deal, kinds)
    which = hashlib.sha256("|".join(kinds).encode()).hexdigest()[:16]
    key = PUBLIC_KEY.format(deal.pk, which)
    served = cache.get(key)  # (version, since): what the public is served, and since when
    now = time.time()
    if served is None or now - served[1] >= lag:
        # Read the current version only once the lag since it was last read has passed: within
        # the lag what is served cannot change, so most anonymous requests read one key here,
        # not one per kind. A write is still served within the lag: the version read last was
        # read before it, at most a lag before this request.
        served = (deal_data_version(deal, kinds), now)
        cache.set(key, served, CACHE_SECONDS)
    return f"{served[0]}.{deal_data_version(deal, (DISCLOSURE,))}"


def cached_for_deal(
    deal,
    name: str,
    build: Callable[[], T],
    *,
    seconds: int = CACHE_SECONDS,
    kinds: Iterable[str] | None = None,
    public: bool = False,
) -> T:
    """`build()`, cached under the data version of `kinds` of this deal (default: what the name's
    prefix was registered with, `reads`; else every kind); `public`: under the version the public
    is served (`public_version`), for what only the public reads."""
    kinds = tuple(kinds) if kinds is not None else kinds_read_by(name)
    version = public_version(deal, kinds) if public else deal_data_version(deal, kinds)
    return _cached(f"dv:{deal.pk}:{name}:{version}", build, seconds)


def cached_per_deal(
    deals: list,
    name: str,
    build: Callable[[list], dict],
    *,
    kinds: Iterable[str],
    seconds: int = CACHE_SECONDS,
) -> dict:
    """One cached entry per deal, each under its own deal's version: `build(deals missing)` returns
    {deal id: value} for the deals whose entry is not in the cache (one call for all of them). A
    write in one deal makes only that deal's entry be computed again (the ministry's portfolio)."""
    kinds = tuple(kinds)
    versions = deal_versions([d.pk for d in deals], kinds)
    keys = {d.pk: f"dv:{d.pk}:{name}:{versions[d.pk]}" for d in deals}
    found = cache.get_many(list(keys.values()))
    values = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [d for d in deals if d.pk not in values]
    if missing:
        made = build(missing)
        cache.set_many({keys[pk]: value for pk, value in made.items()}, seconds)
        values.update(made)
    return values


def cached_fragment(
    deal, name: str, render: Callable[[], T], *vary, kinds: Iterable[str] | None = None, public: bool = False
) -> T:
    """A rendered part of a screen (HTML, a dict holding HTML, or an API's rows), made by
    `render()` and cached under the deal's data version (of `kinds`, see `cached_for_deal`), per
    language and per `vary` (the date or filters asked for, what the account may do; hashed, so
    what a visitor types makes a key of fixed length). What it holds must depend on nothing else:
    not on the account (beyond `vary`), nor on a form's CSRF token."""
    which = hashlib.sha256("\x1f".join(str(v) for v in vary).encode()).hexdigest()[:32]
    key = f"{name}:{translation.get_language() or ''}:{which}"
    # render_to_string gives a SafeString, and the cache keeps its type; anything else would be
    # escaped by the template (safe, and visible at once).
    kinds = kinds if kinds is not None else kinds_read_by(name)
    return cached_for_deal(deal, key, render, kinds=kinds, public=public)
