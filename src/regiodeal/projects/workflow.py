"""The project lifecycle: one transitions table, enforced in `services.project_transition`.

Each edge says why it exists. Every transition is stored as a `ProjectTransition` row (who, when,
from, to, reason).
"""

from .constants import ProjectStatus as S

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.IDEA, S.PROPOSED): "the idea is worked out into a proposal for the programme",
    (S.PROPOSED, S.IDEA): "the proposal goes back to be reworked",
    (S.PROPOSED, S.APPROVED): "the programme office approves it within the uitvoeringsprogramma (Bijlage 1)",
    (S.PROPOSED, S.STOPPED): "the proposal is not taken up",
    (S.APPROVED, S.RUNNING): "the work starts",
    (S.APPROVED, S.STOPPED): "approved, but stopped before it started",
    (S.RUNNING, S.COMPLETED): "the work is done",
    (S.RUNNING, S.STOPPED): "stopped during the work (bijsturing, Bijlage 1 §2)",
    (S.IDEA, S.STOPPED): "the idea is dropped",
}

FINAL = frozenset({S.COMPLETED, S.STOPPED})


def allowed_next(status: str) -> list[str]:
    return [to for (frm, to) in TRANSITIONS if frm == status]
