"""The life of a resident's idea (Bijlage 1 §3: "Partijen bieden inwoners de ruimte om met eigen
ideeën te komen"): one transitions table, enforced in `services.idea_transition`. Each edge says
why it exists and what it needs. Every transition is stored as an `IdeaTransition` row (who,
when, from, to, the public reason, the internal note).
"""

from .constants import IdeaStatus as S

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.RECEIVED, S.UNDER_CONSIDERATION): "the programme office has read it: its text is published and "
    "it is looked at against the pillars and running projects",
    (S.RECEIVED, S.TAKEN_UP): "it fits a project straight away",
    (S.RECEIVED, S.NOT_TAKEN_UP): "plainly outside the deal; the resident reads why",
    (S.RECEIVED, S.REMOVED): "not published: abusive, holds personal data, or is not an idea (spam)",
    (S.UNDER_CONSIDERATION, S.TAKEN_UP): "a project takes it up",
    (S.UNDER_CONSIDERATION, S.NOT_TAKEN_UP): "considered and not taken up; the resident reads why",
    (S.UNDER_CONSIDERATION, S.REMOVED): "personal data or abuse found after publication: taken down",
    (S.TAKEN_UP, S.UNDER_CONSIDERATION): "the project did not go ahead with it: looked at again",
    (S.NOT_TAKEN_UP, S.UNDER_CONSIDERATION): "reconsidered (a new project, an amended deal)",
}

# Closed: the retention period of the resident's contact details runs from here.
FINAL = frozenset({S.TAKEN_UP, S.NOT_TAKEN_UP, S.REMOVED})
NEEDS_REASON = frozenset({S.NOT_TAKEN_UP, S.REMOVED})
NEEDS_PROJECT = frozenset({S.TAKEN_UP})


def allowed_next(status: str) -> list[str]:
    return [to for (frm, to) in TRANSITIONS if frm == status]
