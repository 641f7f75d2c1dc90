"""Who may act in governance, on top of `accounts.permissions`: a Party representative acts only
on behalf of the Parties they represent (`organisations_represented`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from regiodeal.accounts.permissions import can, organisations_represented
from regiodeal.accounts.roles import Capability as C


def own_parties(user, deal, capability=C.FILE_REQUEST) -> list:
    if not can(user, capability, deal):
        return []
    return organisations_represented(user, deal)


def require_own_party(user, deal, organisation, capability=C.FILE_REQUEST) -> None:
    """PermissionDenied unless the user may act for `organisation` in this deal."""
    if organisation is None or organisation.pk not in {o.pk for o in own_parties(user, deal, capability)}:
        raise PermissionDenied(_("U handelt alleen namens uw eigen Partij."))


def capabilities(user, deal) -> dict[str, bool]:
    """For templates: which forms to show."""
    return {
        "manage": can(user, C.MANAGE_GOVERNANCE, deal),
        "file": bool(own_parties(user, deal, C.FILE_REQUEST)),
        "consent": bool(own_parties(user, deal, C.CONSENT)),
        "spuk": can(user, C.MANAGE_GOVERNANCE, deal) or can(user, C.MANAGE_FINANCE, deal),
    }
