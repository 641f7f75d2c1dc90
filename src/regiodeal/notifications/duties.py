"""Who holds each dated duty of the obligations calendar (governance.selectors.obligations), and
so who is reminded of it. One table, by the duty's key without its number
(`spuk-verantwoording-2026` -> `spuk-verantwoording`). Documented in docs/notifications.md.

An action of the overleg (`actie-<id>`) is held by its owner: the people of the deal who act for
the owning organisation; when nobody has an account for it, the programme office."""

from __future__ import annotations

import re

from regiodeal.accounts.roles import Role

OWNER = "owner"  # the organisation named on the duty (an action's owner)

DUTY_HOLDERS: dict[str, tuple[str, ...]] = {
    # Bijlage 1: the yearly uitvoeringsprogramma with its budget.
    "uitvoeringsprogramma": (Role.PROGRAMME_OFFICE,),
    # Art. 7.3: the draft progress report to the Parties, the report to VRO.
    "voortgang-concept": (Role.PROGRAMME_OFFICE,),
    "voortgang-vro": (Role.PROGRAMME_OFFICE,),
    # Art. 7.3: the SPUK account (SiSa) is the regiokassier's.
    "spuk-verantwoording": (Role.REGIOKASSIER,),
    # Art. 19.2: after a change of duration the regiokassier asks VRO to amend the SPUK decision.
    "spuk-wijziging": (Role.REGIOKASSIER,),
    # Art. 6.2, 6.4: the overleg meets at least once a year; the Regio organises it.
    "overleg": (Role.PROGRAMME_OFFICE,),
    # Art. 7.1: the starting situation and the evaluation approach.
    "beginsituatie": (Role.PROGRAMME_OFFICE,),
    # Art. 11.2: the consultation on a request, which the programme office runs for the overleg.
    "consultatie-verzoek": (Role.PROGRAMME_OFFICE,),
    # Art. 12.1: the day a withdrawal takes effect (consents and meetings change).
    "opzegging": (Role.PROGRAMME_OFFICE,),
    # Art. 6: an action agreed in the overleg.
    "actie": (OWNER,),
}
FALLBACK: tuple[str, ...] = (Role.PROGRAMME_OFFICE,)


def duty_kind(key: str) -> str:
    return re.sub(r"-\d+$", "", key)


def holders_of(key: str) -> tuple[str, ...]:
    """The roles (or OWNER) that hold the duty with this key; the programme office for a duty the
    table does not know (a new kind of duty is then not silently lost)."""
    return DUTY_HOLDERS.get(duty_kind(key), FALLBACK)
