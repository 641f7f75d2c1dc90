"""The findings registry behind `regiodeal check`: every app adds its covenant checks here.

A check is a function `(deal, on: date) -> Iterable[Finding]`, registered with `@register_check`
in the app's `checks.py` (imported by `common.apps.CommonConfig.ready`). No app imports another
app's checks; the command and the screens ask `findings_for(deal)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

from django.utils import timezone

T = TypeVar("T")

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    rule: str  # a stable id, e.g. "finance.national-within-line-maximum"
    article: str  # the covenant article, e.g. "4.3"
    severity: str  # ERROR or WARNING
    message: str
    subject: str  # what it is about, e.g. "budget line P1" or "project WW-001"
    data: dict[str, Any] = field(default_factory=dict)  # figures, as strings for money

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


Check = Callable[[Any, dt.date], Iterable[Finding]]
_CHECKS: dict[str, Check] = {}


def register_check(name: str) -> Callable[[Check], Check]:
    def decorator(fn: Check) -> Check:
        _CHECKS[name] = fn
        return fn

    return decorator


def registered_checks() -> dict[str, Check]:
    return dict(_CHECKS)


# What the checks of the `findings_for` call under way share (`shared`); None outside one.
_SHARED: ContextVar[dict | None] = ContextVar("findings_shared", default=None)


def findings_for(deal, on: dt.date | None = None, *, app: str | None = None) -> list[Finding]:
    """Every check's findings on `on` (today without it), errors first. With `app` ("finance"),
    only that app's checks run, and only its findings (rules `finance.*`) come back: the money
    pages ask for 16 of the 29 checks instead of running all and dropping the others."""
    on = on or timezone.localdate()
    prefix = f"{app}." if app else ""
    if app and not any(name.startswith(prefix) for name in _CHECKS):
        raise ValueError(f"no checks are registered under {app!r}")
    found: list[Finding] = []
    token = _SHARED.set({})
    try:
        for name, check in sorted(_CHECKS.items()):
            if name.startswith(prefix):
                found.extend(f for f in check(deal, on) if f.rule.startswith(prefix))
    finally:
        _SHARED.reset(token)
    return sorted(found, key=lambda f: (f.severity != ERROR, f.rule, f.subject))


def shared(key: tuple, build: Callable[[], T]) -> T:
    """What several checks of one `findings_for` call read (the money overview of the deal on the
    date: five money checks), built once for that call; a check run on its own builds it itself.
    A check reads what it gets here and never changes it."""
    memo = _SHARED.get()
    if memo is None:
        return build()
    if key not in memo:
        memo[key] = build()
    return memo[key]
