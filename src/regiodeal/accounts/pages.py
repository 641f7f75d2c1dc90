"""A workspace page kept whole for the account that asked for it.

The most read pages of a deal's workspace (the money overview, the results dashboard) cache
their content under the deal's data version already (`common.dataversion.cached_fragment`), but
each request still rendered the page around it: the frame, the title, the date, some 1 ms of the
2.3 ms a warm money overview took (docs/performance.md). `kept_whole` keeps the whole page, per
account, and serves it again while nothing it shows has changed:

- the account and what it may do: its generation (`accounts.kept.ACCOUNT_KEY`), which a save of
  the account or of any of its memberships replaces; the capability check of the view runs
  before, on every request (`deal_capability_required`);
- the deal's data of the kinds the page reads, and the date (`dataversion.deal_data_version`);
  a confidentiality decision makes a new version of every kind of its deal;
- the address with its query (the date asked for, the language switch's link), the language and
  the address prefix.

What is never kept: anything but a plain GET of a whole page (an htmx request gets its part), an
address with other query parameters than those the page reads (`params`: each value of a made-up
parameter would otherwise be an entry, and fill the cache other things need), a page while the
account has a message waiting (it is shown once, on the page it lands on), and a response that is
not a 200 HTML page without headers or cookies of its own. The CSRF token of the page's forms is
the visitor's own on every response (`common/csrf_slot.py`).

An entry lives at most `KEEP_SECONDS`. A change made without a signal (a queryset update in a
shell) therefore shows within twice that for the account and its roles (the kept account rows
live as long, and a page may be made just before they expire), and within the hour the page's
content is kept for the deal's data (`dataversion.CACHE_SECONDS`, as on every page of the deal).
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import get_script_prefix
from django.utils import translation

from regiodeal.common import csrf_slot
from regiodeal.common import dataversion as dv

from .kept import ACCOUNT_KEY, KEEP_SECONDS


def _keepable_request(request, params: tuple[str, ...]) -> bool:
    return (
        request.method == "GET"
        and request.user.is_authenticated
        and not request.headers.get("HX-Request")
        and set(request.GET) <= set(params)
        and len(messages.get_messages(request)) == 0  # counts without marking them shown
    )


def _keepable_response(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and set(response.headers) == {"Content-Type"}
        and response["Content-Type"].startswith("text/html")
        and not response.cookies
        and len(messages.get_messages(request)) == 0  # none added while it was made
    )


def _key(name: str, request, kinds: tuple[str, ...]) -> str:
    user_id = request.user.pk
    shown = "\x1f".join(
        [
            # The account itself, not only its generation: a cache that cannot be written gives
            # every generation the same token ("none", dataversion._generations).
            str(user_id),
            dv.generation(ACCOUNT_KEY.format(user_id)),
            dv.deal_data_version(request.deal, kinds),
            translation.get_language() or "",
            get_script_prefix(),
            request.get_full_path(),
        ]
    )
    return f"page:{name}:{hashlib.sha256(shown.encode()).hexdigest()[:32]}"


def kept_whole(name: str, kinds=None, params: tuple[str, ...] = ("on",)):
    """Decorator of a GET view of a deal's workspace, inside `deal_capability_required` (it reads
    `request.deal`): the page is kept whole per account (see the module's docstring). `kinds`:
    what the page reads (default: the kinds registered for `name`, `dataversion.reads`), with the
    covenant always (the frame shows the deal's name and identity); `params`: the query
    parameters the page reads (an address with any other is not kept)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not _keepable_request(request, params):
                return view(request, *args, **kwargs)
            read = tuple(kinds) if kinds is not None else dv.kinds_read_by(name)
            key = _key(name, request, tuple(dict.fromkeys((dv.COVENANT, *read))))
            html = cache.get(key)
            if html is not None:
                return HttpResponse(csrf_slot.with_token(html, get_token(request)))
            response = view(request, *args, **kwargs)
            if _keepable_response(request, response):
                cache.set(key, csrf_slot.slotted(response.content.decode()), KEEP_SECONDS)
            return response

        return wrapped

    return decorator
