"""The one place that answers "may this user do this here?" (see roles.py for the table)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from regiodeal.deals.models import Deal, Organisation

from . import kept
from .roles import ACROSS_DEALS, OWN_OBJECTS_ONLY, ROLE_CAPABILITIES, Capability


def memberships_of(user) -> list:
    """The user's memberships: kept in the cache between requests under the account's generation
    (kept.py), and on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_regiodeal_memberships", None)
    if cached is None:
        cached = kept.memberships(user.pk)
        user._regiodeal_memberships = cached
    return cached


def _granted(user) -> tuple[frozenset, dict[int, frozenset]]:
    """What the memberships grant without an object: in every deal (a role across deals), and per
    deal; worked out once per request (a page's frame asks some forty times)."""
    memberships = memberships_of(user)
    cached = getattr(user, "_regiodeal_granted", None)
    if cached is not None and cached[0] is memberships:
        return cached[1]
    everywhere: set = set()
    per_deal: dict[int, set] = {}
    for m in memberships:
        granted = {c for c in ROLE_CAPABILITIES[m.role] if (m.role, c) not in OWN_OBJECTS_ONLY}
        (everywhere if m.role in ACROSS_DEALS else per_deal.setdefault(m.deal_id, set())).update(granted)
    answer = (frozenset(everywhere), {d: frozenset(c) for d, c in per_deal.items()})
    if memberships:
        user._regiodeal_granted = (memberships, answer)
    return answer


def can(user, capability: Capability | str, deal: Deal | None, obj: Any = None) -> bool:
    """True when one of the user's memberships grants `capability` in `deal` (for `obj`)."""
    if obj is None:
        everywhere, per_deal = _granted(user)
        return capability in everywhere or (deal is not None and capability in per_deal.get(deal.pk, ()))
    for membership in memberships_of(user):
        if membership.role in ACROSS_DEALS:
            in_scope = True
        else:
            in_scope = deal is not None and membership.deal_id == deal.pk
        if not in_scope or capability not in ROLE_CAPABILITIES[membership.role]:
            continue
        if (membership.role, capability) in OWN_OBJECTS_ONLY and (obj is None or not obj.is_managed_by(user)):
            continue
        return True
    return False


def can_in_some_deal(user, *capabilities: Capability | str) -> bool:
    """True when one of the user's memberships grants one of `capabilities` in some deal: `can`
    for every deal, answered from the memberships alone (a membership is of an existing deal, and
    a role across deals holds in each), so without reading the deals."""
    everywhere, per_deal = _granted(user)
    return any(c in everywhere or any(c in granted for granted in per_deal.values()) for c in capabilities)


def require(user, capability: Capability | str, deal: Deal | None, obj: Any = None) -> None:
    if not can(user, capability, deal, obj):
        raise PermissionDenied(f"{capability} is not allowed here for this account.")


def organisations_represented(user, deal: Deal) -> list[Organisation]:
    """The Parties on whose behalf the user may consent or file requests in this deal."""
    return [
        m.organisation
        for m in memberships_of(user)
        if m.deal_id == deal.pk
        and m.organisation is not None
        and Capability.CONSENT in ROLE_CAPABILITIES[m.role]
    ]


def deals_visible_to(user) -> list[int] | None:
    """Deal ids the user may read internally; None means every deal."""
    ids = []
    for m in memberships_of(user):
        if Capability.VIEW_INTERNAL not in ROLE_CAPABILITIES[m.role]:
            continue
        if m.role in ACROSS_DEALS:
            return None
        ids.append(m.deal_id)
    return ids
