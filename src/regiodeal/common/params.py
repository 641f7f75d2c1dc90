"""Query parameters with one behaviour for pages and the API: a date such as `?on=YYYY-MM-DD`.

Missing or empty: the default (today unless the caller says otherwise). A value that is not a
date is refused, never silently replaced by today: the API answers 400 with a message naming the
parameter and the format (regiodeal.api.handler), a page answers 400 with the same message and a
link to the page without it (regiodeal.api.errors.bad_request). docs/developers.md, "Dates in
the address"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import BadRequest
from django.utils import timezone
from django.utils.translation import gettext as _

TODAY = object()  # the default of `date_param`: the local date when the request is answered


class BadParameter(BadRequest):
    """A query parameter that cannot be read. `name` is the parameter, `message` says how to write it."""

    rule = "parameter.date"

    def __init__(self, name: str, message: str):
        self.name = name
        self.message = message
        super().__init__(message)


def date_param(query: Mapping, name: str = "on", default=TODAY) -> dt.date | None:
    """The date in `query[name]` (ISO 8601, YYYY-MM-DD); `default` when it is missing or empty
    (TODAY: the local date; None: no date). A value that is no date raises BadParameter."""
    raw = query.get(name) or ""
    if not raw.strip():
        return timezone.localdate() if default is TODAY else default
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        shown = raw if len(raw) <= 40 else raw[:40] + "…"
        raise BadParameter(
            name,
            _(
                "%(value)s in ?%(name)s= is geen datum. Schrijf de datum als JJJJ-MM-DD "
                "(bijvoorbeeld 2026-03-31), of laat ?%(name)s= weg voor de stand van vandaag."
            )
            % {"value": repr(shown), "name": name},
        ) from None
