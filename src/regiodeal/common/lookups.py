"""Reading one record for a page or an API call: what the reader names and does not exist is a
404 (the screens' page, the API's JSON error: api/handler.py), in one place."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404

T = TypeVar("T")


def found_or_404(read: Callable[..., T], /, *args, **kwargs) -> T:
    """`read(*args, **kwargs)` (a selector's `..._get`, a manager's `get`), or Http404 when it
    finds nothing."""
    try:
        return read(*args, **kwargs)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
