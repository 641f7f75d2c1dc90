"""The lifecycle of a bewonersdeal or residents' initiative: one transitions table, enforced in
`services.initiative_transition`. Each edge says why it exists; every transition is stored as an
`InitiativeTransition` row (who, when, from, to, reason).
"""

from .constants import InitiativeStatus as S

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.PROPOSED, S.AGREED): "residents and the Party agree what each does, the money or help and the period",
    (S.PROPOSED, S.STOPPED): "the proposal is not taken up (the reason is told to the residents)",
    (S.AGREED, S.RUNNING): "the residents start, with the Party's support",
    (S.AGREED, S.PROPOSED): "the agreement is reopened before the start, to be changed",
    (S.AGREED, S.STOPPED): "agreed, but it does not start",
    (S.RUNNING, S.COMPLETED): "the initiative is done and what it brought is recorded",
    (S.RUNNING, S.STOPPED): "stopped during the period (residents or the Party withdrew)",
}

FINAL = frozenset({S.COMPLETED, S.STOPPED})


def allowed_next(status: str) -> list[str]:
    return [to for (frm, to) in TRANSITIONS if frm == status]
